#pragma once
// BTCTurk's answer envelope, as the simulator writes it:
//   success  {"success": true, "message": ..., "code": 0, "data": ...}
//   refusal  {"success": false, "message": "FAILED_MIN_TOTAL_AMOUNT", "code": 1123}
// A refusal carries BTCTurk's numeric code where the venue documents one
// (1118-1227, 1152, 1037 for "Unauthorized - ..."), and the HTTP status
// otherwise.
#include <string>
#include <utility>

#include "http_types.hpp"

namespace grinder::btcturk::sim {

struct Refusal {
  int status = 400;
  int code = 0;  // 0: the HTTP status
  std::string message;
};

// data_json is already JSON text; message "" writes null.
std::string success_body(const std::string& data_json, const std::string& message = "");
Reply refusal_reply(const Refusal& r);

}  // namespace grinder::btcturk::sim
