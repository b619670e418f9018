#include "errors.hpp"

#include <charconv>
#include <optional>

#include "json.hpp"

namespace grinder::btcturk {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<std::int64_t> number_before(std::string_view text, std::string_view marker) {
  std::size_t at = text.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t end = at;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t begin = end;
  while (begin > 0 && text[begin - 1] >= '0' && text[begin - 1] <= '9') --begin;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data() + begin, text.data() + end, v);
  if (begin == end || ec != std::errc() || p != text.data() + end) return std::nullopt;
  return v;
}

// "1m" -> 60000, "1s" -> 1000, "10s" -> 10000.
std::optional<std::int64_t> period_ms(std::string_view p) {
  if (p.size() < 2) return std::nullopt;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size() - 1, n);
  if (ec != std::errc() || end != p.data() + p.size() - 1 || n <= 0) return std::nullopt;
  switch (p.back()) {
    case 's': return n * 1000;
    case 'm': return n * 60000;
    case 'h': return n * 3600000;
    default: return std::nullopt;
  }
}

std::string describe(const ApiError& e) {
  std::string out = "HTTP " + std::to_string(e.http_status);
  if (!e.message.empty()) out += " " + e.message;
  if (e.code != 0 && e.code != e.http_status) out += " (code " + std::to_string(e.code) + ")";
  if (!e.details.empty()) out += ": " + e.details;
  return out;
}

std::int32_t venue_code_of(const ApiError& e) {
  return static_cast<std::int32_t>(e.code != 0 ? e.code : e.http_status);
}

}  // namespace

ApiError api_error_of(int http_status, const rapidjson::Value& doc) {
  ApiError e;
  e.http_status = http_status;
  e.message = text_of(doc, "message");
  e.code = int_of(doc, "code").value_or(0);
  e.details = text_of(doc, "details");
  e.period = text_of(doc, "period");
  return e;
}

ApiError parse_api_error(int http_status, std::string_view body) {
  std::string ignored;
  if (auto doc = parse_json(body, ignored); doc && doc->IsObject()) {
    ApiError e = api_error_of(http_status, *doc);
    if (!e.message.empty() || e.code != 0) return e;
  }
  // Not BTCTurk's JSON (a proxy's HTML page): keep a short, one-line excerpt.
  ApiError e;
  e.http_status = http_status;
  e.message = std::string(body.substr(0, 120));
  for (char& c : e.message)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return e;
}

bool is_auth_error(const ApiError& e) { return e.http_status == 401 || starts_with(e.message, "Unauthorized"); }

bool is_invalid_nonce(const ApiError& e) {
  return is_auth_error(e) && e.message.find("Invalid Nonce") != std::string::npos;
}

bool is_rate_limited(const ApiError& e) {
  return e.http_status == 429 || e.code == 429 || e.message == "TOO_MANY_REQUESTS";
}

bool execution_unknown(const ApiError& e, Op op) {
  if (op == Op::Read) return false;
  return e.http_status >= 500 || e.http_status == 408;
}

bool order_already_gone(const ApiError& e) {
  return e.message == "NO_ORDER_MATCHES_YOUR_REQUEST" || e.message == "ORDER_COULD_NOT_BE_CANCELED" ||
         e.code == code::kOrderNotFound;
}

std::string auth_advice(const ApiError& e) {
  if (is_invalid_nonce(e))
    return "X-Stamp was more than 5 s from the venue's clock even after a resync: check the host's NTP";
  return "check that the API public key and private key are a pair, that the key has the permission this call "
         "needs (read, or trade), is not revoked, and that its IP allowlist includes this server";
}

std::string min_total_advice() {
  return "increase the quantity so that price * quantity reaches the pair's minExchangeValue "
         "(GET /api/v2/server/exchangeinfo)";
}

Verdict classify(const ApiError& e, Op op) {
  Verdict v;
  v.venue_code = venue_code_of(e);
  std::string what = describe(e);
  if (is_auth_error(e)) {
    v.rc = GRINDER_VENUE_AUTH;
    v.message = what + "; " + auth_advice(e);
    return v;
  }
  if (is_rate_limited(e)) {
    v.rc = GRINDER_VENUE_RATE_LIMITED;
    v.venue_code = 429;
    v.message = what + "; retry_after_ms=" + std::to_string(e.retry_after_ms < 0 ? 0 : e.retry_after_ms);
    return v;
  }
  if (e.http_status >= 500 || e.http_status == 408) {
    if (op == Op::Read) {
      v.rc = GRINDER_VENUE_RETRYABLE;
      v.message = what;
    } else {
      v.rc = GRINDER_VENUE_UNKNOWN_STATE;
      v.message = what + "; the venue may have acted on it: reconcile before acting again";
    }
    return v;
  }
  if (e.message == "ORDER_CANCEL_BLOCKED") {
    v.rc = GRINDER_VENUE_RETRYABLE;  // the pair is in maintenance: the cancel can go later
    v.message = what + "; the pair is in maintenance, cancelling again later is safe";
    return v;
  }
  if (e.message == "FAILED_ORDER_PARAMETER" || e.message == "PARAMETERS_ERROR" || e.code == code::kInvalidPriceScale ||
      e.code == code::kInvalidQuantityScale) {
    v.rc = GRINDER_VENUE_INVALID_ARGUMENT;
    v.message = what;
    return v;
  }
  v.rc = GRINDER_VENUE_NON_RETRYABLE;
  v.message = what;
  if (e.message == "FAILED_MIN_TOTAL_AMOUNT" || e.code == code::kFailedMinTotalAmount)
    v.message += "; " + min_total_advice();
  else if (e.message == "BALANCE_NOT_ENOUGH" || e.message == "FAILED_ORDER_WITH_OPEN_ORDERS" ||
           e.code == code::kFailedOrderWithOpenOrders)
    v.message +=
        "; the free balance does not cover this order (open orders lock funds; TRY pairs also need the "
        "commission)";
  else if (e.http_status == 404 || e.http_status == 405)
    v.message += "; check base_url: this path or method is not the venue's";
  return v;
}

std::int64_t rate_limit_hold_ms(std::string_view retry_after_header, const ApiError& e) {
  std::int64_t seconds = 0;
  auto [end, ec] =
      std::from_chars(retry_after_header.data(), retry_after_header.data() + retry_after_header.size(), seconds);
  if (!retry_after_header.empty() && ec == std::errc() &&
      end == retry_after_header.data() + retry_after_header.size() && seconds >= 0)
    return seconds * 1000;
  if (auto s = number_before(e.details, "second")) return *s * 1000;
  // No explicit wait: a block lasts as long as the limit's period.
  if (auto p = period_ms(e.period)) return *p;
  return 1000;
}

}  // namespace grinder::btcturk
