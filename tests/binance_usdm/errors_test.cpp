// Every Binance error answer lands in the ABI class that tells the host
// what it may do next.
#include <catch2/catch.hpp>

#include "errors.hpp"
#include "json.hpp"

using namespace grinder::binance;

namespace {
Verdict of(int status, int code, Op op = Op::Read, std::int64_t retry_after_ms = -1) {
  return classify({status, code, "msg", retry_after_ms}, op);
}
}  // namespace

TEST_CASE("rate limits: 429 and 418 are RATE_LIMITED with the Retry-After in the message") {
  Verdict v = of(429, -1003, Op::Place, 3000);
  CHECK(v.rc == GRINDER_VENUE_RATE_LIMITED);
  CHECK(v.venue_code == 429);
  CHECK_THAT(v.message, Catch::Contains("retry_after_ms=3000"));
  Verdict ban = of(418, -1003, Op::Read, 120000);
  CHECK(ban.rc == GRINDER_VENUE_RATE_LIMITED);
  CHECK(ban.venue_code == 418);
  CHECK_THAT(ban.message, Catch::Contains("IP banned"));
  CHECK(of(400, -1015).rc == GRINDER_VENUE_RATE_LIMITED);
}

TEST_CASE("credentials: -2015, -1022, -2014 are AUTH, -2015 with Runbook 17's advice") {
  Verdict v = classify({401, -2015, "Invalid API-key, IP, or permissions for action.", -1}, Op::Place);
  CHECK(v.rc == GRINDER_VENUE_AUTH);
  CHECK(v.venue_code == -2015);
  CHECK_THAT(v.message, Catch::Contains("-2015 Invalid API-key, IP, or permissions for action.") &&
                            Catch::Contains("Futures trading permission") && Catch::Contains("IP allowlist"));
  CHECK(of(400, -1022).rc == GRINDER_VENUE_AUTH);
  CHECK(of(401, -2014).rc == GRINDER_VENUE_AUTH);
}

TEST_CASE("-4164 is NON_RETRYABLE with Runbook 17's advice") {
  Verdict v = classify(
      {400, -4164, "Order's notional must be no smaller than 100 (unless you choose reduce only).", -1}, Op::Place);
  CHECK(v.rc == GRINDER_VENUE_NON_RETRYABLE);
  CHECK_THAT(v.message, Catch::Contains("no smaller than 100") && Catch::Contains("increase the quantity"));
}

TEST_CASE("5xx: unknown for a write, retryable for a read") {
  ApiError e{503, -1000, "Unknown error, please check your request or try again later.", -1};
  CHECK(execution_unknown(e, Op::Place));
  CHECK(execution_unknown(e, Op::Cancel));
  CHECK_FALSE(execution_unknown(e, Op::Read));
  CHECK(classify(e, Op::Place).rc == GRINDER_VENUE_UNKNOWN_STATE);
  CHECK(classify(e, Op::Read).rc == GRINDER_VENUE_RETRYABLE);
  CHECK(execution_unknown({400, -1007, "Timeout waiting for response from backend server.", -1}, Op::Place));
  CHECK(classify({408, 0, "", -1}, Op::CancelAll).rc == GRINDER_VENUE_UNKNOWN_STATE);
  CHECK(classify({502, 0, "", -1}, Op::Read).rc == GRINDER_VENUE_RETRYABLE);
}

TEST_CASE("refusals the host caused are INVALID_ARGUMENT; the venue's other refusals NON_RETRYABLE") {
  for (int c : {-1121, -1102, -1111, -4014, -4023, -4015})
    CHECK(of(400, c, Op::Place).rc == GRINDER_VENUE_INVALID_ARGUMENT);
  for (int c : {-2010, -2019, -2022, -5022, -2011, -2013, -4116})
    CHECK(of(400, c, Op::Place).rc == GRINDER_VENUE_NON_RETRYABLE);
  CHECK(of(400, -1021).rc == GRINDER_VENUE_RETRYABLE);  // only after the resync failed to help
  CHECK(of(400, -1001).rc == GRINDER_VENUE_RETRYABLE);
  CHECK(of(403, 0).rc == GRINDER_VENUE_NON_RETRYABLE);
}

TEST_CASE("error bodies are read as Binance writes them, and anything else briefly") {
  ApiError e = parse_api_error(400, R"({"code": -2011, "msg": "Unknown order sent."})");
  CHECK(e.code == -2011);
  CHECK(e.msg == "Unknown order sent.");
  ApiError html = parse_api_error(502, "<html>\n<body>Bad Gateway</body></html>");
  CHECK(html.code == 0);
  CHECK(html.msg == "<html> <body>Bad Gateway</body></html>");
  CHECK_THAT(classify(html, Op::Read).message, Catch::Contains("(HTTP 502)"));
}
