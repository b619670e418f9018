// The paper venue refuses a bad config at create, naming every problem, in
// one line that names the plugin's file.
#include <catch2/catch.hpp>

#include "paper_harness.hpp"

using namespace grinder::plugin;
using namespace grinder::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string refusal(const std::string& config) {
  auto v = try_paper(config);
  REQUIRE_FALSE(v);
  CHECK(v.error().error_class == ErrorClass::InvalidArgument);
  CHECK_THAT(v.error().message,
             StartsWith("plugin " + std::string(GRINDER_PAPER_PLUGIN) + ": create failed: paper config: "));
  CHECK(v.error().message.find('\n') == std::string::npos);
  return v.error().message;
}

}  // namespace

TEST_CASE("paper config: the params of examples/paper/grinder.yaml are accepted", "[paper][config]") {
  auto v = make_paper(R"({"seed": 42, "symbols": {
      "BTCUSDT": {"price": 65000, "tick_size": 0.1, "step_size": 0.001, "min_notional": 100},
      "ETHUSDT": {"price": 3200, "tick_size": 0.01, "step_size": 0.001, "min_notional": 20},
      "SOLUSDT": {"price": 150, "tick_size": 0.01, "step_size": 0.1, "min_notional": 5}}})");
  auto f = v->filters("SOLUSDT");
  REQUIRE(f);
  CHECK(f->step_size == Approx(0.1));
  CHECK(f->min_notional == Approx(5));
}

TEST_CASE("paper config: numbers may be decimal strings, credentials are ignored", "[paper][config]") {
  auto v = make_paper(R"({"seed": 1, "clock": "manual", "credentials": {"api_key": "unused"},
      "symbols": {"BTCUSDT": {"price": "65000.5", "tick_size": "0.5", "step_size": "0.001", "min_qty": "0.002"}}})");
  auto b = v->book_top("BTCUSDT");
  REQUIRE(b);
  CHECK(b->bid == Approx(65000.5));
  CHECK(v->filters("BTCUSDT")->min_qty == Approx(0.002));
}

TEST_CASE("paper config: what is wrong is said, all of it", "[paper][config]") {
  CHECK_THAT(refusal("{}"), Contains("symbols is required"));
  CHECK_THAT(refusal("not json"), Contains("config is not valid JSON at offset 1: Invalid value."));
  CHECK_THAT(refusal("[1,2]"), Contains("config must be a JSON object"));
  CHECK_THAT(refusal(R"({"symbols": {}})"), Contains("symbols must be an object with at least one symbol"));

  std::string many = refusal(R"({"seed": -1, "clock": "sundial", "tick_ms": 0, "colour": "blue",
      "symbols": {"BTCUSDT": {"price": -5, "tick": 0.1, "step_size": "a lot"}, "bad symbol": {"price": 1}}})");
  CHECK_THAT(many, Contains("seed must be >= 0"));
  CHECK_THAT(many, Contains("clock must be \"wall\" or \"manual\""));
  CHECK_THAT(many, Contains("tick_ms must be > 0"));
  CHECK_THAT(many, Contains("colour is not a known setting"));
  CHECK_THAT(many, Contains("symbols.BTCUSDT.price must be > 0"));
  CHECK_THAT(many, Contains("symbols.BTCUSDT.tick is not a known setting"));
  CHECK_THAT(many, Contains("symbols.BTCUSDT.tick_size is required"));
  CHECK_THAT(many, Contains("symbols.BTCUSDT.step_size must be a number"));
  CHECK_THAT(many, Contains("symbols.bad symbol: a symbol is 1-31 of A-Z 0-9 _ -"));
}

TEST_CASE("paper config: faults and drills are checked at create", "[paper][config]") {
  CHECK_THAT(refusal(paper_config(R"("faults": [{"op": "place", "class": "OOPS"}],)")),
             Contains("faults[0].class 'OOPS' is not an error class"));
  CHECK_THAT(refusal(paper_config(R"("faults": [{"op": "book_top", "class": "RETRYABLE", "apply": true}],)")),
             Contains("faults[0].apply only makes sense for place, cancel and cancel_all"));
  CHECK_THAT(refusal(paper_config(R"("drills": [{"drill": "unexpected_order", "symbol": "BTCUSDT"}],)")),
             Contains("drills[0].client_order_id is required"));
  CHECK_THAT(refusal(paper_config(R"("drills": [{"drill": "unexpected_position", "symbol": "XRPUSDT", "qty": 1}],)")),
             Contains("drills[0]: paper: unknown symbol 'XRPUSDT'"));
  CHECK_THAT(refusal(paper_config(R"("drills": [{"drill": "volcano"}],)")),
             Contains("drills[0].drill 'volcano' is not a drill"));
}

TEST_CASE("paper config: filters must agree with each other", "[paper][config]") {
  CHECK_THAT(refusal(R"({"symbols": {"X": {"price": 0.05, "tick_size": 0.1, "step_size": 1}}})"),
             Contains("price is below one tick_size"));
  CHECK_THAT(refusal(R"({"symbols": {"X": {"price": 1, "tick_size": 0.1, "step_size": 0.01, "min_qty": 0.015}}})"),
             Contains("min_qty must be a multiple of step_size"));
}
