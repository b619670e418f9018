#pragma once
// SIGINT and SIGTERM for a command that must clean up before it exits (the
// canary: an order it placed is cancelled, never left behind by Ctrl-C).
// The signals are blocked and collected with sigtimedwait while the command
// waits, so no handler and no global flag is involved. Construct it before
// any thread is started (a plugin's threads inherit the mask).
#include <csignal>
#include <cstdint>

namespace grinder::cli {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Waits up to ms (0: only looks). True once a stop signal has arrived.
  bool wait(std::int64_t ms);
  bool received() const { return signal_ != 0; }
  const char* name() const;

 private:
  sigset_t set_{};
  sigset_t previous_{};
  int signal_ = 0;
};

}  // namespace grinder::cli
