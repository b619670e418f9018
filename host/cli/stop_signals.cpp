#include "stop_signals.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace grinder::cli {

StopSignals::StopSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, &previous_);
}

StopSignals::~StopSignals() {
  // Collect what is still pending, so unblocking does not kill the process
  // after it has already cleaned up and reported.
  timespec zero{0, 0};
  while (sigtimedwait(&set_, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

bool StopSignals::wait(std::int64_t ms) {
  if (signal_) return true;
  timespec left{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1000000)};
  for (;;) {
    int sig = sigtimedwait(&set_, nullptr, &left);
    if (sig > 0) {
      signal_ = sig;
      return true;
    }
    // EINTR: another signal woke us early; waiting the full time again is
    // at worst a little longer than asked, never a missed stop.
    if (sig < 0 && errno == EINTR) continue;
    return false;
  }
}

const char* StopSignals::name() const { return signal_ == SIGINT ? "SIGINT" : signal_ == SIGTERM ? "SIGTERM" : ""; }

}  // namespace grinder::cli
