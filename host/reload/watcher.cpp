#include "grinder/reload/watcher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>

namespace grinder::reload {

namespace {

constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;

// Configuration is YAML, JSON (schemas) and Lua; editors' swap and backup
// files (.x.swp, x~, .#x) are not.
bool concerns_config(const char* name) {
  if (!name || !*name || name[0] == '.') return false;
  std::string n(name);
  for (const char* ext : {".yaml", ".yml", ".lua", ".json"}) {
    std::size_t len = std::strlen(ext);
    if (n.size() > len && n.compare(n.size() - len, len, ext) == 0) return true;
  }
  return false;
}

void signal_fd(int fd) {
  std::uint64_t one = 1;
  // A full counter already means "wake up"; nothing else to do on failure.
  [[maybe_unused]] ssize_t n = ::write(fd, &one, sizeof one);
}

void clear_fd(int fd) {
  std::uint64_t v;
  [[maybe_unused]] ssize_t n = ::read(fd, &v, sizeof v);
}

}  // namespace

ConfigWatcher::ConfigWatcher(std::vector<std::string> dirs, Callback on_change, std::chrono::milliseconds debounce)
    : on_change_(std::move(on_change)), debounce_(debounce) {
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_fd_ < 0 || wake_fd_ < 0 || stop_fd_ < 0) {
    int err = errno;
    for (int fd : {inotify_fd_, wake_fd_, stop_fd_})
      if (fd >= 0) ::close(fd);
    throw std::system_error(err, std::generic_category(), "cannot set up the config watcher");
  }
  for (const auto& d : watch(dirs)) spdlog::warn("config watcher: cannot watch {}", d);
}

ConfigWatcher::~ConfigWatcher() {
  stop();
  for (int fd : {inotify_fd_, wake_fd_, stop_fd_}) ::close(fd);
}

void ConfigWatcher::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void ConfigWatcher::stop() {
  if (!thread_.joinable()) return;
  signal_fd(stop_fd_);
  thread_.join();
  clear_fd(stop_fd_);
}

void ConfigWatcher::request_reload() { signal_fd(wake_fd_); }

std::vector<std::string> ConfigWatcher::watch(const std::vector<std::string>& dirs) {
  std::lock_guard<std::mutex> l(lock_);
  for (const auto& [wd, _] : watches_) ::inotify_rm_watch(inotify_fd_, wd);
  watches_.clear();
  std::vector<std::string> failed;
  for (const auto& d : dirs) {
    int wd = ::inotify_add_watch(inotify_fd_, d.c_str(), kMask | IN_ONLYDIR);
    if (wd < 0)
      failed.push_back(d);
    else
      watches_[wd] = d;
  }
  return failed;
}

std::vector<std::string> ConfigWatcher::dirs() const {
  std::lock_guard<std::mutex> l(lock_);
  std::vector<std::string> out;
  for (const auto& [_, d] : watches_) out.push_back(d);
  return out;
}

bool ConfigWatcher::drain_events() {
  alignas(struct inotify_event) char buf[16 * 1024];
  bool relevant = false;
  for (;;) {
    ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(p);
      // An overflow lost events: assume one of them mattered.
      if ((ev->mask & IN_Q_OVERFLOW) || (ev->len > 0 && concerns_config(ev->name))) relevant = true;
      p += sizeof(struct inotify_event) + ev->len;
    }
  }
  return relevant;
}

void ConfigWatcher::run() {
  using clock = std::chrono::steady_clock;
  bool pending = false;
  clock::time_point quiet_since{}, first_change{};
  for (;;) {
    int timeout = -1;
    if (pending) {
      // Fire after debounce_ of quiet, or after 10 x debounce_ under a
      // steady stream of writes, so a busy folder cannot starve the reload.
      auto due = std::min(quiet_since + debounce_, first_change + 10 * debounce_);
      timeout = static_cast<int>(
          std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(due - clock::now()).count()));
    }
    struct pollfd fds[3] = {{inotify_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int rc = ::poll(fds, 3, timeout);
    if (rc < 0 && errno != EINTR) {
      spdlog::error("config watcher: poll failed: {}", std::strerror(errno));
      return;
    }
    if (fds[2].revents & POLLIN) return;
    const auto now = clock::now();
    bool fire_now = false;
    if (fds[1].revents & POLLIN) {
      clear_fd(wake_fd_);
      fire_now = true;
    }
    if ((fds[0].revents & POLLIN) && drain_events()) {
      if (!pending) first_change = now;
      pending = true;
      quiet_since = now;
    }
    if (fire_now || (pending && (now >= quiet_since + debounce_ || now >= first_change + 10 * debounce_))) {
      pending = false;
      try {
        on_change_();
      } catch (const std::exception& e) {
        spdlog::error("config watcher: reload callback failed: {}", e.what());
      }
      ++fired_;
    }
  }
}

}  // namespace grinder::reload
