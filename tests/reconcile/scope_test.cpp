#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "grinder/reconcile/scope.hpp"

using grinder::reconcile::Scope;

TEST_CASE("a scope without symbols covers every symbol", "[reconcile][scope]") {
  const Scope all;
  CHECK(all.everything());
  CHECK(all.contains("BTCUSDT"));
  CHECK(Scope(std::vector<std::string>{}).contains("ANYTHING"));
  const std::string_view asked[] = {"A", "B"};
  bool in[2] = {false, false};
  all.contains_all(asked, 2, in);
  CHECK((in[0] && in[1]));
}

TEST_CASE("a scope covers exactly its symbols, one at a time or many together", "[reconcile][scope]") {
  const Scope some{"BTCUSDT", "ETHUSDT"};
  CHECK_FALSE(some.everything());
  CHECK(some.contains("BTCUSDT"));
  CHECK(some.contains("ETHUSDT"));
  CHECK_FALSE(some.contains("BTCUSD"));
  CHECK_FALSE(some.contains(""));

  // Names too long to keep inline, and the empty name, are kept apart.
  const Scope odd{"A_SYMBOL_LONGER_THAN_15", "", "X", "X"};
  CHECK(odd.contains("A_SYMBOL_LONGER_THAN_15"));
  CHECK_FALSE(odd.contains("A_SYMBOL_LONGER_THAN_1"));
  CHECK(odd.contains(""));
  CHECK(odd.contains("X"));
  CHECK_FALSE(odd.contains("Y"));

  // More names than one group of lookups, half of them in scope.
  std::vector<std::string> symbols, asked;
  for (int i = 0; i < 300; ++i) {
    // Every tenth one too long to be kept inline.
    const std::string tail = i % 10 == 0 ? "USDT_PERPETUAL_QUARTER" : "USDT";
    symbols.push_back("S" + std::to_string(2 * i) + tail);
    asked.push_back("S" + std::to_string(i) + (i % 20 == 0 ? tail : "USDT"));
  }
  const Scope scope(symbols);
  std::vector<std::string_view> views(asked.begin(), asked.end());
  bool in[300];
  scope.contains_all(views.data(), views.size(), in);
  for (int i = 0; i < 300; ++i) {
    INFO(asked[static_cast<std::size_t>(i)]);
    CHECK(in[i] == (i % 2 == 0));
    CHECK(scope.contains(asked[static_cast<std::size_t>(i)]) == (i % 2 == 0));
  }
}
