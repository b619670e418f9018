#pragma once
// The venue's clock as this host best knows it. Every SIGNED request carries
// a timestamp the venue checks against its own clock (timestamp <
// serverTime + 1000 and serverTime - timestamp <= recvWindow, else -1021), so
// the plugin learns the offset from GET /fapi/v1/time at connect, again when
// it grows old, and at once after a -1021.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace grinder::binance {

std::int64_t wall_ms();

class TimeSync {
 public:
  // serverTime from the venue, between local wall times sent and received:
  // the venue read its clock somewhere in between, so the midpoint is the
  // best estimate and half the round trip the error bound.
  void learn(std::int64_t server_ms, std::int64_t sent_local_ms, std::int64_t received_local_ms);
  std::int64_t offset_ms() const { return offset_.load(); }
  std::int64_t now_ms() const { return now_ms(wall_ms()); }
  std::int64_t now_ms(std::int64_t local_ms) const { return local_ms + offset_.load(); }
  // Never learned, or learned longer ago than interval.
  bool due(std::chrono::milliseconds interval) const;

 private:
  std::atomic<std::int64_t> offset_{0};
  std::atomic<std::int64_t> learned_at_{0};  // steady-clock ms; 0: never
};

}  // namespace grinder::binance
