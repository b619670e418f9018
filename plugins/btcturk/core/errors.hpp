#pragma once
// What a BTCTurk answer means for the host: every error becomes one of the
// ABI's classes with a one-line message that keeps the venue's own message
// and code and says what to do. BTCTurk names most errors by message
// (FAILED_MIN_TOTAL_AMOUNT, BALANCE_NOT_ENOUGH, "Unauthorized - Invalid
// Nonce") and, since 2024-05-06, numbers some of them (1118-1227).
#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "grinder/venue_plugin.h"

namespace grinder::btcturk {

// Codes this plugin acts on (docs /recent-changes, /errors, get-single-order).
namespace code {
constexpr int kUnauthorized = 1037;  // sent with "Unauthorized - Invalid Nonce" and "- Invalid Public key"
constexpr int kFailedMarketOrder = 1118;
constexpr int kFailedLimitOrder = 1120;
constexpr int kFailedOrderWithOpenOrders = 1122;
constexpr int kFailedMinTotalAmount = 1123;
constexpr int kInvalidPriceScale = 1126;
constexpr int kInvalidQuantityScale = 1127;
constexpr int kOrderMethodNotSupported = 1134;
constexpr int kOrderNotFound = 1152;  // GET /api/v1/order/{id}: "Order not found"
constexpr int kOrderTypeNotSupported = 1193;
constexpr int kPriceAboveMax = 1226;  // PRICE_MUST_BE_LESS_THAN_MAXPRICE
constexpr int kPriceBelowMin = 1227;  // PRICE_MUST_BE_LESS_THAN_MINPRICE (sic)
}  // namespace code

// What kind of call got the answer: the same 500 means "try again" to a
// read and "the order may exist" to a place.
enum class Op { Read, Place, Cancel };

// An answer that was not a success: the HTTP status and BTCTurk's envelope
// {"success": false, "message": "...", "code": N} (a 429 adds "details").
struct ApiError {
  int http_status = 0;
  std::int64_t code = 0;
  std::string message;
  std::string details;
  std::string period;                // a 429's rule period ("1m")
  std::int64_t retry_after_ms = -1;  // set by the session on a 429
};

struct Verdict {
  grinder_venue_rc rc = GRINDER_VENUE_NON_RETRYABLE;
  std::int32_t venue_code = 0;
  std::string message;
};

// The envelope of an answer (any status); a body that is not BTCTurk's JSON
// keeps a short one-line excerpt as the message.
ApiError parse_api_error(int http_status, std::string_view body);
ApiError api_error_of(int http_status, const rapidjson::Value& doc);

// 401, or any answer whose message starts "Unauthorized" (the venue has been
// seen to send those with HTTP 200 and "success": true).
bool is_auth_error(const ApiError& e);
// "Unauthorized - Invalid Nonce": X-Stamp more than 5 s off the venue's clock.
bool is_invalid_nonce(const ApiError& e);
bool is_rate_limited(const ApiError& e);
// A write whose outcome this answer does not tell (5xx, 408): the venue may
// have acted on it.
bool execution_unknown(const ApiError& e, Op op);
// A cancel refused because the order is not open any more (or never was):
// what the cancel wants is already true.
bool order_already_gone(const ApiError& e);

// The class and message (without the "btcturk: what: " prefix) of an error
// answer to op.
Verdict classify(const ApiError& e, Op op);

// How long to send nothing after a 429: the Retry-After header (seconds),
// else the body's "try again in N second(s)", else its "period" (a block
// lasts one period), else one second.
std::int64_t rate_limit_hold_ms(std::string_view retry_after_header, const ApiError& e);

// Operator advice, in the runbooks' voice.
std::string auth_advice(const ApiError& e);
std::string min_total_advice();

}  // namespace grinder::btcturk
