#include "grinder/ha/leader_elector.hpp"

#include <algorithm>
#include <chrono>

namespace grinder::ha {

namespace {

std::int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Margin kept off the lease's expiry: etcd counts the TTL from when it
// received the renewal, we count from before we sent it, and the margin
// covers clock-rate differences and an action on its way out.
std::int64_t safety_margin_ms(std::int64_t ttl_ms) { return std::min<std::int64_t>(500, ttl_ms / 10); }

// A holder names itself in free text; keep what reaches a message short and
// printable.
std::string printable(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, 160)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

}  // namespace

const char* to_string(Role r) { return r == Role::Leader ? "leader" : "standby"; }

std::string leader_key(const config::HaConfig& ha) { return ha.key_prefix + "/" + ha.scope + "/leader"; }
std::string budget_key(const config::HaConfig& ha) { return ha.key_prefix + "/" + ha.scope + "/budget"; }

LeaderElector::LeaderElector(config::HaConfig ha, std::shared_ptr<const EtcdClient> client, std::string instance,
                             std::string run_id, OnChange on_change)
    : ha_(std::move(ha)),
      client_(std::move(client)),
      key_(leader_key(ha_)),
      identity_("instance=" + instance + " run_id=" + run_id),
      on_change_(std::move(on_change)) {
  status_.scope = ha_.scope;
  status_.key = key_;
  status_.reason = "electing: no answer from etcd yet";
  status_.since_ms = wall_now_ms();
}

LeaderElector::~LeaderElector() { stop(); }

void LeaderElector::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { run(); });
}

void LeaderElector::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::int64_t LeaderElector::tick_ms() const {
  std::int64_t ttl_ms = (lease_ttl_ms_ > 0 ? lease_ttl_ms_ : ha_.lease_ttl_s * 1000LL);
  return std::max<std::int64_t>(100, ttl_ms / 3);
}

void LeaderElector::run() {
  for (;;) {
    std::int64_t started = steady_now_ms();
    tick();
    std::unique_lock<std::mutex> lock(mu_);
    if (stopping_) break;
    // Wake for the next tick, or when leadership runs out, whichever is first,
    // so a step-down is reported the moment it happens.
    std::int64_t next = started + tick_ms();
    if (status_.role == Role::Leader) next = std::min(next, valid_until_ms_);
    auto until = std::chrono::steady_clock::time_point(std::chrono::milliseconds(next));
    wake_.wait_until(lock, until, [this] { return stopping_; });
    if (stopping_) break;
  }
  // Resign: stop leading before the key goes, never after.
  std::string lease;
  {
    std::lock_guard<std::mutex> lock(mu_);
    lease = lease_;
    lease_.clear();
  }
  become(Role::Standby, "stopping: lease revoked", "");
  if (!lease.empty()) {
    std::string why;
    if (!client_->revoke(lease, why))
      note_error("could not revoke the lease (a standby waits for it to expire): " + why);
  }
}

void LeaderElector::tick() {
  if (renew_lease()) campaign();
  expire_if_due();
}

bool LeaderElector::renew_lease() {
  std::string lease;
  {
    std::lock_guard<std::mutex> lock(mu_);
    lease = lease_;
  }
  std::string why;
  std::int64_t sent = steady_now_ms();
  std::int64_t ttl_s = 0;
  if (lease.empty()) {
    auto granted = client_->grant(ha_.lease_ttl_s, why);
    if (!granted) {
      note_error("cannot get a lease: " + why);
      return false;
    }
    lease = granted->id;
    ttl_s = granted->ttl_s;
  } else {
    auto ttl = client_->keep_alive(lease, why);
    if (!ttl) {
      note_error("cannot renew the lease: " + why);
      return false;
    }
    if (*ttl <= 0) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        lease_.clear();
      }
      become(Role::Standby, "the lease expired in etcd before it was renewed", "");
      return false;  // the next tick asks for a new lease
    }
    ttl_s = *ttl;
  }
  std::lock_guard<std::mutex> lock(mu_);
  lease_ = lease;
  lease_ttl_ms_ = ttl_s * 1000;
  // Leadership rides on this renewal: a leader keeps it, a standby that wins
  // in campaign() gets it, and neither outlives it.
  valid_until_ms_ = sent + lease_ttl_ms_ - safety_margin_ms(lease_ttl_ms_);
  status_.lease_ttl_s = ttl_s;
  return true;
}

void LeaderElector::campaign() {
  std::string lease;
  {
    std::lock_guard<std::mutex> lock(mu_);
    lease = lease_;
  }
  Txn t;
  t.when.push_back({key_, Compare::Target::CreateRevision, "0"});
  t.then.push_back({key_, identity_, lease});
  t.otherwise_read.push_back(key_);
  std::string why;
  auto r = client_->txn(t, why);
  if (!r) {
    note_error("cannot read the leader key: " + why);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    status_.last_error.clear();
  }
  if (r->succeeded) return become(Role::Leader, "won the election for " + ha_.scope, identity_);
  const auto& holder = r->read.empty() ? std::nullopt : r->read.front();
  if (holder && holder->lease == lease) return become(Role::Leader, "holds the leader key of " + ha_.scope, identity_);
  if (!holder) return become(Role::Standby, "the leader key was deleted; electing again", "");
  become(Role::Standby, "led by " + printable(holder->value), printable(holder->value));
}

void LeaderElector::expire_if_due() {
  std::string error;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_.role != Role::Leader || steady_now_ms() < valid_until_ms_) return;
    error = status_.last_error;
  }
  become(Role::Standby, "the lease could not be renewed within its TTL" + (error.empty() ? "" : " (" + error + ")"),
         "");
}

void LeaderElector::become(Role role, const std::string& reason, const std::string& holder) {
  bool changed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    changed = status_.role != role;
    status_.role = role;
    status_.reason = reason;
    status_.holder = holder;
    if (changed) status_.since_ms = wall_now_ms();
  }
  if (changed && on_change_) on_change_(RoleChange{role, reason});
}

void LeaderElector::note_error(const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  status_.last_error = what;
  if (status_.role == Role::Standby) status_.reason = what;
}

bool LeaderElector::is_leader() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_.role == Role::Leader && steady_now_ms() < valid_until_ms_;
}

ElectionStatus LeaderElector::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  ElectionStatus s = status_;
  if (s.role == Role::Leader && steady_now_ms() >= valid_until_ms_) {
    s.role = Role::Standby;  // the thread has not noticed yet; the answer has
    s.reason =
        "the lease could not be renewed within its TTL" + (s.last_error.empty() ? "" : " (" + s.last_error + ")");
  }
  return s;
}

std::optional<std::string> LeaderElector::fencing_lease() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (status_.role != Role::Leader || steady_now_ms() >= valid_until_ms_) return std::nullopt;
  return lease_;
}

}  // namespace grinder::ha
