#include "grinder/safety/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cctype>
#include <filesystem>

namespace grinder::safety {

std::string lock_path(const std::string& state_dir, const std::string& scope) {
  std::string safe;
  for (char c : scope) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return (std::filesystem::path(state_dir) / ("grinder." + safe + ".lock")).string();
}

namespace {
std::string read_holder(int fd) {
  char buf[64] = {0};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "unknown" : s;
}
}  // namespace

std::optional<InstanceLock> InstanceLock::acquire(const std::string& state_dir, const std::string& scope,
                                                  std::string& why) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  std::string path = lock_path(state_dir, scope);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    why = "cannot open lock " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    why = "another grinder instance holds " + path + " (pid " + read_holder(fd) +
          "); one instance per state folder and account scope";
    ::close(fd);
    return std::nullopt;
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    why = "cannot write lock " + path + ": " + std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  return InstanceLock(fd, path);
}

bool InstanceLock::is_free(const std::string& state_dir, const std::string& scope, std::string& holder) {
  std::string path = lock_path(state_dir, scope);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;
  bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
  if (free)
    ::flock(fd, LOCK_UN);
  else
    holder = read_holder(fd);
  ::close(fd);
  return free;
}

InstanceLock::InstanceLock(InstanceLock&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }

InstanceLock& InstanceLock::operator=(InstanceLock&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    path_ = std::move(o.path_);
    o.fd_ = -1;
  }
  return *this;
}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace grinder::safety
