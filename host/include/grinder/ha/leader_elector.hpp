#pragma once
// Leader election for one account scope (Runbook 17 section 4), on a thread
// of its own so the loop, the HTTP endpoints and decisions never wait on etcd.
//
// Every tick (a third of the lease TTL) the elector renews its lease (granting
// one when it has none) and then runs one transaction on
// <key_prefix>/<scope>/leader: "create it with my lease if it does not exist,
// else show me who holds it". It leads while the key carries its lease.
//
// Fail closed: leadership is only as good as the last renewal. is_leader()
// turns false by itself once the lease may have expired (renewal send time +
// TTL, minus a margin), even while a call to etcd hangs; a lease etcd no
// longer knows makes it a standby at once. A graceful stop revokes the lease,
// which deletes the key, so a standby takes over within one tick.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "grinder/config/deployment.hpp"
#include "grinder/ha/etcd_client.hpp"

namespace grinder::ha {

enum class Role { Standby, Leader };
const char* to_string(Role r);

// <key_prefix>/<scope>/leader and <key_prefix>/<scope>/budget.
std::string leader_key(const config::HaConfig& ha);
std::string budget_key(const config::HaConfig& ha);

struct ElectionStatus {
  Role role = Role::Standby;
  std::string scope;
  std::string key;            // the leader key
  std::string holder;         // who holds the key, as it names itself; empty: nobody known
  std::string reason;         // why this instance has its role, for /readyz and the log
  std::string last_error;     // the last failed exchange with etcd; empty once one succeeds
  std::int64_t since_ms = 0;  // wall clock of the last role change
  std::int64_t lease_ttl_s = 0;
};

struct RoleChange {
  Role role = Role::Standby;
  std::string reason;
};

class LeaderElector {
 public:
  // Called on the elector's thread at every change of role.
  using OnChange = std::function<void(const RoleChange&)>;

  // instance: how this instance names itself in the key (with its run id).
  LeaderElector(config::HaConfig ha, std::shared_ptr<const EtcdClient> client, std::string instance, std::string run_id,
                OnChange on_change);
  ~LeaderElector();
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  void start();
  // Resigns (standby first, then the lease is revoked) and joins the thread.
  void stop();

  bool is_leader() const;
  ElectionStatus status() const;
  // The lease the leader key carries while this instance leads: writes that
  // only the leader may make compare it in the same transaction.
  std::optional<std::string> fencing_lease() const;
  const std::string& key() const { return key_; }
  // What this instance writes into the leader key.
  const std::string& identity() const { return identity_; }

 private:
  void run();
  void tick();
  bool renew_lease();
  void campaign();
  void expire_if_due();
  void become(Role role, const std::string& reason, const std::string& holder);
  void note_error(const std::string& what);
  std::int64_t tick_ms() const;

  const config::HaConfig ha_;
  const std::shared_ptr<const EtcdClient> client_;
  const std::string key_;
  const std::string identity_;
  const OnChange on_change_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  ElectionStatus status_;
  std::string lease_;  // our lease, empty: none
  std::int64_t lease_ttl_ms_ = 0;
  std::int64_t valid_until_ms_ = 0;  // steady clock: leadership holds until then
  std::thread thread_;
};

}  // namespace grinder::ha
