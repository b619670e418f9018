#pragma once
// etcd v3 through its JSON gateway (POST /v3/...; keys and values base64,
// 64-bit numbers as decimal strings), over the runtime's one HTTP client.
// Every call is bounded by the timeout given at construction; calls are
// blocking and thread-safe, so they run on HA's own threads, never on the
// loop. Endpoints are tried in order, starting with the last one that
// answered.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/deployment.hpp"

namespace grinder::ha {

struct KeyValue {
  std::string key;
  std::string value;
  std::string lease;  // decimal lease id; empty: none
  std::int64_t create_revision = 0;
  std::int64_t mod_revision = 0;
};

struct Lease {
  std::string id;  // decimal
  std::int64_t ttl_s = 0;
};

// One condition of a transaction (always "equal"); all must hold for the puts
// to apply. On a missing key etcd compares revisions and the lease as 0.
struct Compare {
  enum class Target { CreateRevision, ModRevision, Lease };
  std::string key;
  Target target = Target::CreateRevision;
  std::string equals;  // revision or lease id, decimal
};

struct Put {
  std::string key;
  std::string value;
  std::string lease;  // empty: the key outlives every lease
};

struct Txn {
  std::vector<Compare> when;
  std::vector<Put> then;
  std::vector<std::string> otherwise_read;  // keys read when a condition fails
};

struct TxnResult {
  bool succeeded = false;
  std::int64_t revision = 0;                  // the store's revision after the txn
  std::vector<std::optional<KeyValue>> read;  // otherwise_read in order; nullopt: no such key
};

class EtcdClient {
 public:
  EtcdClient(std::vector<config::EtcdEndpoint> endpoints, std::chrono::milliseconds timeout);

  std::optional<Lease> grant(std::int64_t ttl_s, std::string& why) const;
  // Renews the lease once; returns its TTL in seconds, 0 when etcd no longer
  // knows it (expired or revoked).
  std::optional<std::int64_t> keep_alive(const std::string& lease, std::string& why) const;
  // Revokes the lease and deletes every key attached to it. A lease etcd no
  // longer knows counts as revoked.
  bool revoke(const std::string& lease, std::string& why) const;
  // The outer optional is empty when etcd did not answer (why says so); the
  // inner one when the key does not exist.
  std::optional<std::optional<KeyValue>> get(const std::string& key, std::string& why) const;
  std::optional<TxnResult> txn(const Txn& t, std::string& why) const;

  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  struct Answer {
    int status = 0;
    std::string body;
  };
  std::optional<Answer> post(const std::string& path, const std::string& body, std::string& why) const;

  std::vector<config::EtcdEndpoint> endpoints_;
  std::chrono::milliseconds timeout_;
  mutable std::atomic<std::size_t> preferred_{0};
};

}  // namespace grinder::ha
