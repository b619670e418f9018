#pragma once
// The venue's clock as this host best knows it. BTCTurk refuses a private
// request whose X-Stamp is more than 5 s from its own clock ("Unauthorized -
// Invalid Nonce"), so the plugin learns the offset from GET
// /api/v2/server/time at connect, again when it grows old, and at once after
// such a refusal. The venue also wants a new nonce on every request: stamps
// from one instance only ever go up.
#include <chrono>
#include <cstdint>

namespace grinder::btcturk {

std::int64_t wall_ms();

class TimeSync {
 public:
  // serverTime from the venue, between local wall times sent and received:
  // the venue read its clock somewhere in between, so the midpoint is the
  // best estimate.
  void learn(std::int64_t server_ms, std::int64_t sent_local_ms, std::int64_t received_local_ms);
  std::int64_t offset_ms() const { return offset_; }
  std::int64_t now_ms() const { return wall_ms() + offset_; }
  // The X-Stamp of the next private request: the venue's time, and always
  // later than the previous stamp.
  std::int64_t next_stamp();
  // Never learned, or learned longer ago than interval.
  bool due(std::chrono::milliseconds interval) const;

 private:
  std::int64_t offset_ = 0;
  std::int64_t learned_at_ = 0;  // steady-clock ms; 0: never
  std::int64_t last_stamp_ = 0;
};

}  // namespace grinder::btcturk
