#pragma once
// Venue calls run here, off the loop thread, one at a time in order (the ABI's
// threading contract), so /metrics and the rest of the loop always answer even
// when a venue hangs. Results are posted back to the loop by the task itself.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace grinder::runtime {

class VenueWorker {
 public:
  VenueWorker();
  ~VenueWorker();
  VenueWorker(const VenueWorker&) = delete;
  VenueWorker& operator=(const VenueWorker&) = delete;

  void post(std::function<void()> task);
  // Tasks queued or running.
  std::size_t pending() const;
  // Steady-clock ms when the running task started (0: idle).
  std::int64_t running_since_ms() const { return running_since_ms_.load(); }
  // Finishes the running task, drops the rest, joins.
  void stop();

 private:
  void run();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::size_t running_ = 0;
  std::atomic<std::int64_t> running_since_ms_{0};
  std::thread thread_;
};

}  // namespace grinder::runtime
