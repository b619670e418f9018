#pragma once
// Watches config and policy folders and calls back once the files have been
// quiet for a moment. It watches the FOLDERS, not the files: editors and
// config managers save by writing a temporary file and renaming it over the
// old one (falco#2943), which a watch on the file itself never sees.
//
// It runs its own thread; the callback runs there. A runtime with an event
// loop posts from the callback into its loop. request_reload() is the entry
// for SIGHUP: it only writes an eventfd, so a signal handler may call it.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace grinder::reload {

class ConfigWatcher {
 public:
  using Callback = std::function<void()>;

  // Throws std::system_error when inotify or eventfd cannot be created.
  ConfigWatcher(std::vector<std::string> dirs, Callback on_change,
                std::chrono::milliseconds debounce = std::chrono::milliseconds(200));
  ~ConfigWatcher();
  ConfigWatcher(const ConfigWatcher&) = delete;
  ConfigWatcher& operator=(const ConfigWatcher&) = delete;

  void start();
  // Joins the thread; safe to call twice.
  void stop();
  // Async-signal-safe: asks for a callback now, without waiting for quiet.
  void request_reload();
  // Replaces the watched folders (after a reload, the files may live
  // elsewhere). Folders that cannot be watched are returned.
  std::vector<std::string> watch(const std::vector<std::string>& dirs);
  std::vector<std::string> dirs() const;
  // Callbacks made so far.
  std::uint64_t fired() const { return fired_.load(); }

 private:
  void run();
  // Reads pending inotify events; true when one concerns a config file.
  bool drain_events();

  Callback on_change_;
  std::chrono::milliseconds debounce_;
  int inotify_fd_ = -1;
  int wake_fd_ = -1;  // request_reload()
  int stop_fd_ = -1;  // stop()
  mutable std::mutex lock_;
  std::map<int, std::string> watches_;  // watch descriptor -> folder
  std::thread thread_;
  std::atomic<std::uint64_t> fired_{0};
};

}  // namespace grinder::reload
