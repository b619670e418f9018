#include "grinder/runtime/venue_worker.hpp"

#include <chrono>

namespace grinder::runtime {

namespace {
std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

VenueWorker::VenueWorker() : thread_([this] { run(); }) {}

VenueWorker::~VenueWorker() { stop(); }

void VenueWorker::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
}

std::size_t VenueWorker::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size() + running_;
}

void VenueWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void VenueWorker::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
      running_ = 1;
    }
    running_since_ms_ = steady_ms();
    task();
    running_since_ms_ = 0;
    std::lock_guard<std::mutex> lock(mu_);
    running_ = 0;
  }
}

}  // namespace grinder::runtime
