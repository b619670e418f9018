#include "grinder/safety/circuit_breaker.hpp"

#include <algorithm>

namespace grinder::safety {

const char* CircuitBreaker::to_string(State s) {
  switch (s) {
    case State::Closed: return "closed";
    case State::Open: return "open";
    case State::HalfOpen: return "half_open";
  }
  return "?";
}

void CircuitBreaker::open_locked(std::int64_t now_ms, std::int64_t for_ms, std::string why) {
  state_ = State::Open;
  open_until_ms_ = now_ms + for_ms;
  reason_ = std::move(why);
}

void CircuitBreaker::on_success(std::int64_t) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_ = 0;
  state_ = State::Closed;
  reason_.clear();
}

void CircuitBreaker::on_failure(std::int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  ++failures_;
  // A failed probe re-opens at once; otherwise only a run of failures opens.
  if (state_ == State::HalfOpen || failures_ >= settings_.failure_threshold)
    open_locked(now_ms, settings_.open_ms, std::to_string(failures_) + " consecutive venue errors");
}

void CircuitBreaker::on_rate_limited(std::int64_t now_ms, std::int64_t retry_after_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  ++failures_;
  open_locked(now_ms, std::max(settings_.open_ms, retry_after_ms), "rate limited by the venue");
}

bool CircuitBreaker::blocks(std::int64_t now_ms) { return state(now_ms) == State::Open; }

CircuitBreaker::State CircuitBreaker::state(std::int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::Open && now_ms >= open_until_ms_) state_ = State::HalfOpen;
  return state_;
}

std::string CircuitBreaker::last_reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

}  // namespace grinder::safety
