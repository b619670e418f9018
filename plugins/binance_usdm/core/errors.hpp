#pragma once
// What a Binance answer means for the host: every error becomes one of the
// ABI's classes (retryable, non-retryable, rate-limited, auth, unknown state,
// invalid argument) with a one-line message that keeps Binance's own code and
// text, and says what to do where Runbook 17 does.
#include <cstdint>
#include <string>

#include "grinder/venue_plugin.h"

namespace grinder::binance {

// Binance USDT-M error codes this plugin acts on (error_codes.md).
namespace code {
constexpr int kUnknown = -1000;       // "An unknown error occured while processing the request."
constexpr int kDisconnected = -1001;  // internal error, not processed
constexpr int kUnauthorized = -1002;
constexpr int kTooManyRequests = -1003;
constexpr int kUnexpectedResponse = -1006;  // execution status unknown
constexpr int kTimeout = -1007;             // "Send status unknown; execution status unknown."
constexpr int kServerBusy = -1008;          // overloaded, not processed
constexpr int kTooManyOrders = -1015;
constexpr int kInvalidTimestamp = -1021;
constexpr int kInvalidSignature = -1022;
constexpr int kInvalidListenKey = -1125;
constexpr int kCancelRejected = -2011;  // "Unknown order sent."
constexpr int kNoSuchOrder = -2013;     // "Order does not exist."
constexpr int kBadApiKeyFormat = -2014;
constexpr int kRejectedApiKey = -2015;  // "Invalid API-key, IP, or permissions for action."
constexpr int kDuplicateClientOrderId = -4116;
constexpr int kMinNotional = -4164;
}  // namespace code

// What kind of call got the answer: the same 503 means "try again" to a read
// and "the order may exist" to a place.
enum class Op { Read, Place, Cancel, CancelAll, UserStream };

bool is_write(Op op);

// An answer that was not a success: the HTTP status and, when the body held
// one, Binance's {"code": -xxxx, "msg": ...}.
struct ApiError {
  int http_status = 0;
  int code = 0;
  std::string msg;
  std::int64_t retry_after_ms = -1;  // from Retry-After on 429/418; -1 when absent
};

struct Verdict {
  grinder_venue_rc rc = GRINDER_VENUE_NON_RETRYABLE;
  std::int32_t venue_code = 0;
  std::string message;
};

// True when a write's outcome cannot be known from this answer: HTTP 5xx
// ("the execution status is UNKNOWN and could have been a success"), 408, or
// -1000/-1006/-1007. The order must be looked up, never sent again blindly.
bool execution_unknown(const ApiError& e, Op op);

// The class and message of an error answer to op.
Verdict classify(const ApiError& e, Op op);

// The operator-facing texts of Runbook 17's troubleshooting section.
std::string rejected_api_key_advice();
std::string min_notional_advice();

}  // namespace grinder::binance
