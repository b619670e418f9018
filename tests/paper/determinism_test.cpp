// The paper market is a function of the seed: the same seed replays the same
// prices and fills, whatever the timing or order of the calls that look.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "grinder/plugin/decimal.hpp"
#include "paper_harness.hpp"

using namespace grinder::plugin;
using namespace grinder::test;

namespace {

// Everything a snapshot says, as text, so two can be compared whole.
std::string describe(const Snapshot& s) {
  std::ostringstream o;
  o << "ts=" << s.venue_ts_ms << "\n";
  for (const auto& x : s.orders)
    o << "order " << x.client_order_id << " " << x.venue_order_id << " " << x.symbol << " " << to_string(x.side) << " "
      << format_decimal(x.price) << " " << format_decimal(x.qty) << " " << format_decimal(x.filled_qty) << " "
      << to_string(x.status) << "\n";
  for (const auto& p : s.positions)
    o << "position " << p.symbol << " " << format_decimal(p.qty) << " " << format_decimal(p.entry_price) << " "
      << format_decimal(p.mark_price) << "\n";
  for (const auto& b : s.balances)
    o << "balance " << b.asset << " " << format_decimal(b.free) << " " << format_decimal(b.locked) << "\n";
  return o.str();
}

// A fixed session: quotes, orders placed near the touch, market moves.
std::vector<std::string> session(Venue& v) {
  std::vector<std::string> seen;
  for (int round = 0; round < 20; ++round) {
    auto b = v.book_top("BTCUSDT");
    REQUIRE(b);
    seen.push_back("book " + format_decimal(b->bid) + " " + format_decimal(b->ask) + " " +
                   std::to_string(b->venue_ts_ms));
    auto r = v.place(order("BTCUSDT", round % 2 ? Side::Sell : Side::Buy, 0.002,
                           round % 2 ? b->ask : b->bid, "grinder_1_" + std::to_string(round)));
    REQUIRE(r);
    advance(v, 3);
    auto s = v.snapshot();
    REQUIRE(s);
    seen.push_back(describe(*s));
  }
  return seen;
}

}  // namespace

TEST_CASE("paper: the same seed gives identical snapshots", "[paper][determinism]") {
  auto a = make_paper();
  auto b = make_paper();
  auto sa = session(*a);
  auto sb = session(*b);
  CHECK(sa == sb);
  // The session did trade: some of its twenty resting orders filled.
  CHECK(a->snapshot()->orders.size() < 20);
}

TEST_CASE("paper: a different seed gives different prices", "[paper][determinism]") {
  auto a = make_paper(paper_config("", "42"));
  auto b = make_paper(paper_config("", "43"));
  // Both open at the configured price...
  CHECK(a->book_top("BTCUSDT")->bid == b->book_top("BTCUSDT")->bid);
  advance(*a, 10);
  advance(*b, 10);
  // ...and then walk their own ways.
  CHECK(a->book_top("BTCUSDT")->bid != b->book_top("BTCUSDT")->bid);
  CHECK(a->book_top("ETHUSDT")->bid != b->book_top("ETHUSDT")->bid);
}

TEST_CASE("paper: the price at a step does not depend on who looked before", "[paper][determinism]") {
  auto stepwise = make_paper();
  auto at_once = make_paper();
  for (int i = 0; i < 50; ++i) {
    REQUIRE(stepwise->book_top("BTCUSDT"));
    advance(*stepwise, 1);
  }
  advance(*at_once, 50);
  auto x = stepwise->book_top("BTCUSDT");
  auto y = at_once->book_top("BTCUSDT");
  CHECK(x->bid == y->bid);
  CHECK(x->ask == y->ask);
  CHECK(x->venue_ts_ms == y->venue_ts_ms);
  // Symbols have independent paths.
  CHECK(stepwise->book_top("ETHUSDT")->bid == at_once->book_top("ETHUSDT")->bid);
}

TEST_CASE("paper: quotes stay on the tick grid with the configured spread", "[paper][determinism]") {
  auto v = make_paper(paper_config(R"("spread_ticks": 3, "volatility_bps": 50,)"));
  for (int i = 0; i < 30; ++i) {
    auto b = v->book_top("ETHUSDT");
    REQUIRE(b);
    CHECK(b->ask - b->bid == Approx(0.03));
    double ticks = b->bid / 0.01;
    CHECK(std::abs(ticks - std::round(ticks)) < 1e-6);
    advance(*v, 1);
  }
}

TEST_CASE("paper: on the wall clock the market moves with time", "[paper][determinism]") {
  auto v = make_paper(R"({"seed": 1, "tick_ms": 20, "volatility_bps": 100,
                          "symbols": {"BTCUSDT": {"price": 65000, "tick_size": 0.1, "step_size": 0.001}}})");
  using namespace std::chrono;
  auto now_ms = [] { return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(); };
  auto t = v->server_time_ms();
  REQUIRE(t);
  CHECK(std::llabs(*t - now_ms()) < 1000);
  auto first = v->book_top("BTCUSDT");
  std::this_thread::sleep_for(milliseconds(120));
  auto later = v->book_top("BTCUSDT");
  CHECK(later->venue_ts_ms >= first->venue_ts_ms + 100);
  CHECK(later->venue_ts_ms <= now_ms());
  // advance is for manual clocks only
  auto refused = v->drill(R"({"drill": "advance", "steps": 1})");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().error_class == ErrorClass::InvalidArgument);
}
