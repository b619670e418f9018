// BTCTurk's error answers sorted into the ABI's classes: authentication
// never retried, rate limits backed off for as long as the venue says, a
// write whose answer was lost an unknown state, a refusal not retried.
#include <catch2/catch.hpp>

#include "errors.hpp"

using namespace grinder::btcturk;

TEST_CASE("401 and every 'Unauthorized - ...' are AUTH, with advice, even when sent with 200") {
  ApiError e = parse_api_error(401, R"({"success":false,"message":"Unauthorized - Invalid Signature","code":1037})");
  CHECK(is_auth_error(e));
  Verdict v = classify(e, Op::Place);
  CHECK(v.rc == GRINDER_VENUE_AUTH);
  CHECK(v.venue_code == 1037);
  CHECK_THAT(v.message, Catch::Contains("Invalid Signature") && Catch::Contains("IP allowlist"));

  // Seen from the live venue: HTTP 200, "success": true, and an auth refusal.
  ApiError odd = parse_api_error(200, R"({"success":true,"message":"Unauthorized - Invalid Nonce","code":1037})");
  CHECK(is_auth_error(odd));
  CHECK(is_invalid_nonce(odd));
  CHECK_THAT(classify(odd, Op::Read).message, Catch::Contains("NTP"));

  ApiError bare = parse_api_error(401, "");
  CHECK(classify(bare, Op::Read).rc == GRINDER_VENUE_AUTH);
  CHECK(classify(bare, Op::Read).venue_code == 401);
}

TEST_CASE("429: RATE_LIMITED, held for Retry-After, else the body's wait, else its period") {
  ApiError ip = parse_api_error(429, R"({"message": "TOO_MANY_REQUESTS","success": false,"code": 429,
      "details": "Quota exceeded. Maximum allowed: 120 per 1m.","limit": "120","period": "1m","policy": "ip"})");
  ApiError account = parse_api_error(429, R"({"message": "TOO_MANY_REQUESTS","success": false,"code": 429,
      "details": "Quota exceeded. Maximum allowed: 300 per 1m. Please try again in 53 second(s).","limit": "300",
      "period": "1m","policy": "account"})");
  CHECK(is_rate_limited(ip));
  CHECK(rate_limit_hold_ms("7", ip) == 7000);
  CHECK(rate_limit_hold_ms("", account) == 53000);
  CHECK(rate_limit_hold_ms("", ip) == 60000);  // a block lasts the rule's period
  CHECK(rate_limit_hold_ms("soon", ApiError{429, 0, "", "", "", -1}) == 1000);
  account.retry_after_ms = 53000;
  Verdict v = classify(account, Op::Place);
  CHECK(v.rc == GRINDER_VENUE_RATE_LIMITED);
  CHECK(v.venue_code == 429);
  CHECK_THAT(v.message, Catch::Contains("retry_after_ms=53000"));
}

TEST_CASE("5xx: a read may be retried, a write's outcome is unknown") {
  ApiError e = parse_api_error(500, R"({"success":false,"message":"INTERNAL_ERROR","code":500})");
  CHECK(classify(e, Op::Read).rc == GRINDER_VENUE_RETRYABLE);
  CHECK(execution_unknown(e, Op::Place));
  CHECK(execution_unknown(e, Op::Cancel));
  CHECK_FALSE(execution_unknown(e, Op::Read));
  Verdict v = classify(e, Op::Place);
  CHECK(v.rc == GRINDER_VENUE_UNKNOWN_STATE);
  CHECK_THAT(v.message, Catch::Contains("reconcile"));
  // A proxy's HTML page keeps a one-line excerpt.
  ApiError html = parse_api_error(503, "<html>\n<body>Service Unavailable</body></html>");
  CHECK(html.message.find('\n') == std::string::npos);
  CHECK(classify(html, Op::Cancel).rc == GRINDER_VENUE_UNKNOWN_STATE);
}

TEST_CASE("order refusals: not retried unchanged, with the venue's name and code and what to do") {
  Verdict min =
      classify(parse_api_error(400, R"({"success":false,"message":"FAILED_MIN_TOTAL_AMOUNT","code":1123})"), Op::Place);
  CHECK(min.rc == GRINDER_VENUE_NON_RETRYABLE);
  CHECK(min.venue_code == 1123);
  CHECK_THAT(min.message, Catch::Contains("FAILED_MIN_TOTAL_AMOUNT") && Catch::Contains("minExchangeValue"));
  Verdict balance =
      classify(parse_api_error(400, R"({"success":false,"message":"BALANCE_NOT_ENOUGH","code":400})"), Op::Place);
  CHECK(balance.rc == GRINDER_VENUE_NON_RETRYABLE);
  CHECK_THAT(balance.message, Catch::Contains("free balance"));
  Verdict scale = classify(
      parse_api_error(400, R"({"success":false,"message":"FAILED_INVALID_PRICE_SCALE","code":1126})"), Op::Place);
  CHECK(scale.rc == GRINDER_VENUE_INVALID_ARGUMENT);
  Verdict path = classify(parse_api_error(404, ""), Op::Read);
  CHECK_THAT(path.message, Catch::Contains("base_url"));
}

TEST_CASE("cancel answers: gone already is success, a blocked pair is retryable") {
  CHECK(order_already_gone(parse_api_error(400, R"({"success":false,"message":"NO_ORDER_MATCHES_YOUR_REQUEST"})")));
  CHECK(order_already_gone(parse_api_error(400, R"({"success":false,"message":"ORDER_COULD_NOT_BE_CANCELED"})")));
  CHECK(order_already_gone(parse_api_error(400, R"({"success":false,"message":"Order not found","code":1152})")));
  ApiError blocked = parse_api_error(400, R"({"success":false,"message":"ORDER_CANCEL_BLOCKED"})");
  CHECK_FALSE(order_already_gone(blocked));
  CHECK(classify(blocked, Op::Cancel).rc == GRINDER_VENUE_RETRYABLE);
}
