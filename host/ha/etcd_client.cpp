#include "grinder/ha/etcd_client.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>

#include "base64.hpp"
#include "grinder/runtime/http_client.hpp"

namespace grinder::ha {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// The gateway writes 64-bit numbers as strings; accept numbers too.
std::int64_t int_field(const rapidjson::Value& obj, const char* name) {
  if (!obj.IsObject()) return 0;
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return 0;  // proto3 leaves zero values out
  if (it->value.IsString()) return std::strtoll(it->value.GetString(), nullptr, 10);
  if (it->value.IsInt64()) return it->value.GetInt64();
  return 0;
}

std::string id_field(const rapidjson::Value& obj, const char* name) {
  std::int64_t v = int_field(obj, name);
  return v == 0 ? std::string() : std::to_string(v);
}

std::optional<rapidjson::Document> parse(const std::string& body, std::string& why) {
  rapidjson::Document d;
  // A streaming call (keepalive) may send more than one object: read the first.
  d.Parse<rapidjson::kParseStopWhenDoneFlag>(body.c_str());
  if (d.HasParseError() || !d.IsObject()) {
    why = "etcd answered something that is not a JSON object";
    return std::nullopt;
  }
  return d;
}

// "etcd refused (HTTP 404): etcdserver: requested lease not found"
std::string refusal(int status, const std::string& body) {
  std::string message;
  rapidjson::Document d;
  d.Parse<rapidjson::kParseStopWhenDoneFlag>(body.c_str());
  if (!d.HasParseError() && d.IsObject()) {
    for (const char* k : {"message", "error"})
      if (d.HasMember(k) && d[k].IsString()) {
        message = d[k].GetString();
        break;
      }
  }
  if (message.empty()) message = body.substr(0, 200);
  return "etcd refused (HTTP " + std::to_string(status) + "): " + message;
}

// The document of an answer etcd gave with 200; no answer, another status or
// a body that is not JSON is a failure, said in why.
template <class Answer>
std::optional<rapidjson::Document> document_of(const std::optional<Answer>& a, std::string& why) {
  if (!a) return std::nullopt;
  if (a->status != 200) {
    why = refusal(a->status, a->body);
    return std::nullopt;
  }
  return parse(a->body, why);
}

std::optional<KeyValue> key_value(const rapidjson::Value& kv) {
  auto key = kv.HasMember("key") && kv["key"].IsString() ? base64_decode(kv["key"].GetString()) : std::string();
  auto value = kv.HasMember("value") && kv["value"].IsString() ? base64_decode(kv["value"].GetString()) : std::string();
  if (!key || !value) return std::nullopt;
  KeyValue out;
  out.key = *key;
  out.value = *value;
  out.lease = id_field(kv, "lease");
  out.create_revision = int_field(kv, "create_revision");
  out.mod_revision = int_field(kv, "mod_revision");
  return out;
}

// The first key of a range answer ({"kvs":[...]}), or nullopt when none.
std::optional<KeyValue> first_key(const rapidjson::Value& range) {
  if (!range.IsObject() || !range.HasMember("kvs") || !range["kvs"].IsArray() || range["kvs"].Empty())
    return std::nullopt;
  return key_value(range["kvs"][0]);
}

void write_range(Writer& w, const std::string& key) {
  w.StartObject();
  w.Key("key");
  w.String(base64_encode(key).c_str());
  w.EndObject();
}

std::string txn_body(const Txn& t) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  w.Key("compare");
  w.StartArray();
  for (const auto& c : t.when) {
    w.StartObject();
    w.Key("key");
    w.String(base64_encode(c.key).c_str());
    w.Key("result");
    w.String("EQUAL");
    w.Key("target");
    switch (c.target) {
      case Compare::Target::CreateRevision:
        w.String("CREATE");
        w.Key("create_revision");
        break;
      case Compare::Target::ModRevision:
        w.String("MOD");
        w.Key("mod_revision");
        break;
      case Compare::Target::Lease:
        w.String("LEASE");
        w.Key("lease");
        break;
    }
    w.String(c.equals.empty() ? "0" : c.equals.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.Key("success");
  w.StartArray();
  for (const auto& p : t.then) {
    w.StartObject();
    w.Key("request_put");
    w.StartObject();
    w.Key("key");
    w.String(base64_encode(p.key).c_str());
    w.Key("value");
    w.String(base64_encode(p.value).c_str());
    if (!p.lease.empty()) {
      w.Key("lease");
      w.String(p.lease.c_str());
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("failure");
  w.StartArray();
  for (const auto& k : t.otherwise_read) {
    w.StartObject();
    w.Key("request_range");
    write_range(w, k);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return sb.GetString();
}

}  // namespace

EtcdClient::EtcdClient(std::vector<config::EtcdEndpoint> endpoints, std::chrono::milliseconds timeout)
    : endpoints_(std::move(endpoints)), timeout_(timeout) {}

std::optional<EtcdClient::Answer> EtcdClient::post(const std::string& path, const std::string& body,
                                                   std::string& why) const {
  if (endpoints_.empty()) {
    why = "no etcd endpoint configured";
    return std::nullopt;
  }
  std::string errors;
  std::size_t first = preferred_.load();
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    std::size_t at = (first + i) % endpoints_.size();
    const auto& e = endpoints_[at];
    runtime::HttpResult r = runtime::http_request(e.host, e.port, "POST", path, body, {}, timeout_);
    if (r.status != 0) {
      preferred_ = at;
      return Answer{r.status, std::move(r.body)};
    }
    errors += (errors.empty() ? "" : "; ") + r.error;
  }
  why = "etcd unreachable: " + errors;
  return std::nullopt;
}

std::optional<Lease> EtcdClient::grant(std::int64_t ttl_s, std::string& why) const {
  auto a = post("/v3/lease/grant", "{\"TTL\":" + std::to_string(ttl_s) + "}", why);
  auto d = document_of(a, why);
  if (!d) return std::nullopt;
  Lease l{id_field(*d, "ID"), int_field(*d, "TTL")};
  if (l.id.empty() || l.ttl_s <= 0) {
    why = d->HasMember("error") && (*d)["error"].IsString()
              ? std::string("etcd refused the lease: ") + (*d)["error"].GetString()
              : "etcd granted no lease";
    return std::nullopt;
  }
  return l;
}

std::optional<std::int64_t> EtcdClient::keep_alive(const std::string& lease, std::string& why) const {
  auto a = post("/v3/lease/keepalive", "{\"ID\":\"" + lease + "\"}", why);
  auto d = document_of(a, why);
  if (!d) return std::nullopt;
  if (!d->HasMember("result")) {
    why = refusal(a->status, a->body);
    return std::nullopt;
  }
  return int_field((*d)["result"], "TTL");  // absent (0): the lease is gone
}

bool EtcdClient::revoke(const std::string& lease, std::string& why) const {
  auto a = post("/v3/lease/revoke", "{\"ID\":\"" + lease + "\"}", why);
  if (!a) return false;
  if (a->status == 200) return true;
  // gRPC NOT_FOUND (5): the lease already expired, which is what we wanted.
  rapidjson::Document d;
  d.Parse<rapidjson::kParseStopWhenDoneFlag>(a->body.c_str());
  if (!d.HasParseError() && d.IsObject() && int_field(d, "code") == 5) return true;
  why = refusal(a->status, a->body);
  return false;
}

std::optional<std::optional<KeyValue>> EtcdClient::get(const std::string& key, std::string& why) const {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  write_range(w, key);
  auto a = post("/v3/kv/range", sb.GetString(), why);
  auto d = document_of(a, why);
  if (!d) return std::nullopt;
  return std::optional<std::optional<KeyValue>>(first_key(*d));
}

std::optional<TxnResult> EtcdClient::txn(const Txn& t, std::string& why) const {
  auto a = post("/v3/kv/txn", txn_body(t), why);
  auto d = document_of(a, why);
  if (!d) return std::nullopt;
  TxnResult r;
  r.succeeded = d->HasMember("succeeded") && (*d)["succeeded"].IsBool() && (*d)["succeeded"].GetBool();
  if (d->HasMember("header")) r.revision = int_field((*d)["header"], "revision");
  if (!r.succeeded && d->HasMember("responses") && (*d)["responses"].IsArray()) {
    for (const auto& resp : (*d)["responses"].GetArray()) {
      if (resp.IsObject() && resp.HasMember("response_range"))
        r.read.push_back(first_key(resp["response_range"]));
      else
        r.read.push_back(std::nullopt);
    }
  }
  r.read.resize(r.succeeded ? 0 : t.otherwise_read.size());
  return r;
}

}  // namespace grinder::ha
