#include "errors.hpp"

namespace grinder::binance {

namespace {

std::string describe(const ApiError& e) {
  std::string s = "binance: ";
  if (e.code != 0) s += std::to_string(e.code) + " ";
  s += e.msg.empty() ? std::string("(no message)") : e.msg;
  if (e.http_status > 0) s += " (HTTP " + std::to_string(e.http_status) + ")";
  return s;
}

bool invalid_argument_code(int c) {
  switch (c) {
    case -1100:  // ILLEGAL_CHARS
    case -1101:  // TOO_MANY_PARAMETERS
    case -1102:  // MANDATORY_PARAM_EMPTY_OR_MALFORMED
    case -1103:  // UNKNOWN_PARAM
    case -1104:  // UNREAD_PARAMETERS
    case -1105:  // PARAM_EMPTY
    case -1106:  // PARAM_NOT_REQUIRED
    case -1111:  // BAD_PRECISION
    case -1115:  // INVALID_TIMEINFORCE
    case -1116:  // INVALID_ORDER_TYPE
    case -1117:  // INVALID_SIDE
    case -1121:  // BAD_SYMBOL
    case -1130:  // INVALID_PARAMETER
    case -4003:  // QTY_LESS_THAN_ZERO
    case -4014:  // PRICE_NOT_INCREASED_BY_TICK_SIZE
    case -4015:  // INVALID_CL_ORD_ID_LEN
    case -4023:  // QTY_NOT_INCREASED_BY_STEP_SIZE
      return true;
    default: return false;
  }
}

std::string retry_after_text(const ApiError& e) {
  if (e.retry_after_ms < 0) return "";
  return "; retry_after_ms=" + std::to_string(e.retry_after_ms);
}

}  // namespace

bool is_write(Op op) { return op == Op::Place || op == Op::Cancel || op == Op::CancelAll; }

bool execution_unknown(const ApiError& e, Op op) {
  if (!is_write(op)) return false;
  if (e.http_status >= 500 || e.http_status == 408) return true;
  return e.code == code::kUnknown || e.code == code::kUnexpectedResponse || e.code == code::kTimeout;
}

std::string rejected_api_key_advice() {
  return "check that the API key has Futures trading permission, is not expired or revoked, and that its IP "
         "allowlist includes this server (Runbook 17)";
}

std::string min_notional_advice() {
  return "increase the quantity so that price * quantity >= the minimum notional (Runbook 17)";
}

Verdict classify(const ApiError& e, Op op) {
  std::string text = describe(e);
  // 429 and 418 first, whatever the body says: the IP is limited (429) or
  // banned for continuing past 429s (418); Retry-After says for how long.
  if (e.http_status == 429 || e.http_status == 418)
    return {GRINDER_VENUE_RATE_LIMITED, e.http_status,
            text + (e.http_status == 418 ? "; IP banned" : "; rate limited") + retry_after_text(e)};
  if (e.code == code::kTooManyRequests || e.code == code::kTooManyOrders)
    return {GRINDER_VENUE_RATE_LIMITED, e.code, text + retry_after_text(e)};
  if (execution_unknown(e, op))
    return {GRINDER_VENUE_UNKNOWN_STATE, e.code != 0 ? e.code : e.http_status,
            text + "; the outcome is unknown: reconcile before acting again"};
  switch (e.code) {
    case code::kRejectedApiKey: return {GRINDER_VENUE_AUTH, e.code, text + ": " + rejected_api_key_advice()};
    case code::kInvalidSignature:
      return {GRINDER_VENUE_AUTH, e.code, text + ": check api_secret belongs to this API key"};
    case code::kBadApiKeyFormat:
    case code::kUnauthorized: return {GRINDER_VENUE_AUTH, e.code, text + ": check api_key"};
    case code::kInvalidTimestamp:
      return {GRINDER_VENUE_RETRYABLE, e.code, text + ": the clock is off even after a resync; check NTP on this host"};
    case code::kMinNotional: return {GRINDER_VENUE_NON_RETRYABLE, e.code, text + ": " + min_notional_advice()};
    case code::kUnknown:
    case code::kDisconnected:
    case code::kServerBusy:
    case code::kTimeout:
    case code::kUnexpectedResponse: return {GRINDER_VENUE_RETRYABLE, e.code, text};
    default: break;
  }
  if (invalid_argument_code(e.code)) return {GRINDER_VENUE_INVALID_ARGUMENT, e.code, text};
  if (e.http_status >= 500 || e.http_status == 408)
    return {GRINDER_VENUE_RETRYABLE, e.code ? e.code : e.http_status, text};
  if (e.http_status == 401) return {GRINDER_VENUE_AUTH, e.code ? e.code : 401, text + ": check api_key"};
  if (e.http_status == 403)
    return {GRINDER_VENUE_NON_RETRYABLE, e.code ? e.code : 403, text + "; the web application firewall refused it"};
  return {GRINDER_VENUE_NON_RETRYABLE, e.code ? e.code : e.http_status, text};
}

}  // namespace grinder::binance
