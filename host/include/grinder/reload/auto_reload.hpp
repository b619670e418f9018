#pragma once
// Reload on change: a ConfigWatcher on the folders the running generation
// reads, calling GenerationHolder::reload(), and following the files when a
// reload moves them. SIGHUP handling calls request_reload().
#include <chrono>

#include "grinder/reload/holder.hpp"
#include "grinder/reload/watcher.hpp"

namespace grinder::reload {

class AutoReload {
 public:
  explicit AutoReload(GenerationHolder& holder, std::chrono::milliseconds debounce = std::chrono::milliseconds(200));
  void start() { watcher_.start(); }
  void stop() { watcher_.stop(); }
  void request_reload() { watcher_.request_reload(); }
  // Reload attempts made so far (ok or refused).
  std::uint64_t attempts() const { return watcher_.fired(); }
  std::vector<std::string> watched() const { return watcher_.dirs(); }

 private:
  void on_change();

  GenerationHolder& holder_;
  ConfigWatcher watcher_;
};

}  // namespace grinder::reload
