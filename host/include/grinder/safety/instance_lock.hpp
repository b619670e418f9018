#pragma once
// One instance per state folder and account scope (BTCTurk runbook: a lock
// per DB/account scope). flock on <state_dir>/grinder.<scope>.lock; the
// holder's pid is written inside so a refused second instance can name it.
#include <optional>
#include <string>

namespace grinder::safety {

class InstanceLock {
 public:
  // Takes the lock or returns nullopt with `why` naming the holder's pid.
  static std::optional<InstanceLock> acquire(const std::string& state_dir, const std::string& scope, std::string& why);
  // Whether the lock is free now (for doctor), without holding it.
  static bool is_free(const std::string& state_dir, const std::string& scope, std::string& holder);

  InstanceLock(InstanceLock&& o) noexcept;
  InstanceLock& operator=(InstanceLock&& o) noexcept;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

  const std::string& path() const { return path_; }

 private:
  InstanceLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

std::string lock_path(const std::string& state_dir, const std::string& scope);

}  // namespace grinder::safety
