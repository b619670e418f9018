#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

#include "grinder/reconcile/diff.hpp"

using namespace grinder;
using namespace grinder::reconcile;

static plugin::Order open_order(std::string id, std::string symbol, double qty, double price = 100) {
  plugin::Order o;
  o.client_order_id = std::move(id);
  o.symbol = std::move(symbol);
  o.qty = qty;
  o.price = price;
  return o;
}

static Identity ours() { return {"grinder_", {"1"}}; }

TEST_CASE("an open order of ours nobody expects is ORDER_EXISTS_UNEXPECTED", "[reconcile]") {
  plugin::Snapshot s;
  s.orders = {open_order("grinder_1_a", "BTCUSDT", 0.01)};
  auto r = diff({}, s, ours(), {});
  REQUIRE(r.mismatches.size() == 1);
  CHECK(r.mismatches[0].type == MismatchType::OrderExistsUnexpected);
  CHECK(std::string(to_string(r.mismatches[0].type)) == "ORDER_EXISTS_UNEXPECTED");
  CHECK(r.counts[0] == 1);
}

TEST_CASE("orders that are not grinder's are counted, never mismatches", "[reconcile]") {
  plugin::Snapshot s;
  s.orders = {open_order("manual_1", "BTCUSDT", 1), open_order("grinder_7_x", "BTCUSDT", 1)};
  auto r = diff({}, s, ours(), {});
  CHECK(r.mismatches.empty());
  CHECK(r.foreign_orders == 2);
}

TEST_CASE("expected orders missing, diverging, and matching", "[reconcile]") {
  ExpectedState e;
  e.orders["grinder_1_gone"] = {"BTCUSDT", plugin::Side::Buy, 100, 0.01};
  e.orders["grinder_1_same"] = {"BTCUSDT", plugin::Side::Buy, 100, 0.01};
  e.orders["grinder_1_diff"] = {"BTCUSDT", plugin::Side::Buy, 100, 0.01};
  plugin::Snapshot s;
  s.orders = {open_order("grinder_1_same", "BTCUSDT", 0.01), open_order("grinder_1_diff", "BTCUSDT", 0.02)};
  auto r = diff(e, s, ours(), {});
  CHECK(r.counts[static_cast<int>(MismatchType::OrderMissingOnVenue)] == 1);
  CHECK(r.counts[static_cast<int>(MismatchType::OrderStatusDivergence)] == 1);
  CHECK(r.mismatches.size() == 2);
}

TEST_CASE("positions: unexpected and mismatched", "[reconcile]") {
  ExpectedState e;
  e.positions["ETHUSDT"] = 1.0;
  e.positions["SOLUSDT"] = 2.0;
  plugin::Snapshot s;
  s.positions = {{"BTCUSDT", 0.5, 60000, 60000}, {"ETHUSDT", 1.5, 3000, 3000}};
  auto r = diff(e, s, ours(), {});
  CHECK(r.counts[static_cast<int>(MismatchType::PositionNonzeroUnexpected)] == 1);
  CHECK(r.counts[static_cast<int>(MismatchType::PositionMismatch)] == 2);  // ETH size, SOL missing
}

TEST_CASE("a failed source is not compared: no mismatch from missing data", "[reconcile]") {
  ExpectedState e;
  e.orders["grinder_1_a"] = {"BTCUSDT", plugin::Side::Buy, 100, 0.01};
  plugin::Snapshot s;
  s.orders_status.ok = false;
  s.positions_status.ok = false;
  auto r = diff(e, s, ours(), {});
  CHECK(r.mismatches.empty());
  CHECK_FALSE(r.orders_compared);
  CHECK_FALSE(r.positions_compared);
}

TEST_CASE("the symbol scope limits what is compared", "[reconcile]") {
  plugin::Snapshot s;
  s.orders = {open_order("grinder_1_a", "DOGEUSDT", 1)};
  s.positions = {{"DOGEUSDT", 10, 0.1, 0.1}};
  CHECK(diff({}, s, ours(), {"BTCUSDT"}).mismatches.empty());
  CHECK(diff({}, s, ours(), {}).mismatches.size() == 2);
}

TEST_CASE("the scope judges an order by the venue's symbol, whether or not it matches", "[reconcile]") {
  ExpectedState e;
  e.orders["grinder_1_moved"] = {"BTCUSDT", plugin::Side::Buy, 100, 0.01};   // in scope here
  e.orders["grinder_1_same"] = {"DOGEUSDT", plugin::Side::Buy, 100, 0.01};   // out of scope
  e.orders["grinder_1_bigger"] = {"DOGEUSDT", plugin::Side::Buy, 100, 0.01}; // out of scope
  plugin::Snapshot s;
  // The venue lists the first on another symbol, out of scope: it is not
  // compared, so the expected one (in scope) is missing.
  s.orders = {open_order("grinder_1_moved", "DOGEUSDT", 0.01), open_order("grinder_1_same", "DOGEUSDT", 0.01),
              open_order("grinder_1_bigger", "DOGEUSDT", 0.05), open_order("grinder_1_new", "DOGEUSDT", 1),
              open_order("manual_1", "DOGEUSDT", 1), open_order("manual_2", "BTCUSDT", 1)};
  auto r = diff(e, s, ours(), {"BTCUSDT"});
  REQUIRE(r.mismatches.size() == 1);
  CHECK(r.mismatches[0].type == MismatchType::OrderMissingOnVenue);
  CHECK(r.mismatches[0].client_order_id == "grinder_1_moved");
  CHECK(r.foreign_orders == 1);  // manual_2 only: manual_1 is out of scope
  // With every symbol in scope: the moved one matches (same id, same size),
  // the bigger one diverges, the new one is unexpected.
  auto all = diff(e, s, ours(), {});
  std::vector<std::string> ids;
  for (const auto& m : all.mismatches) ids.push_back(std::string(to_string(m.type)) + " " + m.client_order_id);
  CHECK(ids == std::vector<std::string>{"ORDER_STATUS_DIVERGENCE grinder_1_bigger", "ORDER_EXISTS_UNEXPECTED grinder_1_new"});
  CHECK(all.foreign_orders == 2);
  // The venue's symbol in scope, the expected one not: compared, and seen.
  auto doge = diff(e, s, ours(), {"DOGEUSDT"});
  ids.clear();
  for (const auto& m : doge.mismatches) ids.push_back(std::string(to_string(m.type)) + " " + m.client_order_id);
  CHECK(ids == std::vector<std::string>{"ORDER_STATUS_DIVERGENCE grinder_1_bigger", "ORDER_EXISTS_UNEXPECTED grinder_1_new"});
}

TEST_CASE("a scope over many orders keeps exactly the orders of its symbols", "[reconcile]") {
  // More orders than the scope is looked up ahead of, and fewer: every
  // order is judged by its own symbol.
  for (int n : {1, 5, 16, 17, 40, 1000}) {
    INFO(n);
    plugin::Snapshot s;
    std::vector<std::string> scope;
    std::size_t in_scope = 0;
    for (int i = 0; i < n; ++i) {
      const std::string symbol = "S" + std::to_string(i % 13) + "USDT";
      s.orders.push_back(open_order("grinder_1_" + std::to_string(i), symbol, 1));
      if (i % 13 % 3 == 0) ++in_scope;
    }
    for (int k = 0; k < 13; k += 3) scope.push_back("S" + std::to_string(k) + "USDT");
    const auto r = diff({}, s, ours(), scope);
    REQUIRE(r.mismatches.size() == in_scope);
    for (const auto& m : r.mismatches) {
      const int k = std::stoi(m.symbol.substr(1));
      CHECK(k % 3 == 0);
    }
  }
}

TEST_CASE("closed orders on the venue are ignored", "[reconcile]") {
  plugin::Snapshot s;
  auto o = open_order("grinder_1_a", "BTCUSDT", 1);
  o.status = plugin::OrderStatus::Filled;
  s.orders = {o};
  CHECK(diff({}, s, ours(), {}).mismatches.empty());
}

TEST_CASE("many orders: every kind found once, in snapshot order then expected order", "[reconcile]") {
  ExpectedState e;
  plugin::Snapshot s;
  std::vector<std::string> scope;
  for (int i = 0; i < 50; ++i) scope.push_back(std::string("S").append(std::to_string(i)));
  for (int i = 0; i < 5000; ++i) {
    const std::string id = std::string("grinder_1_").append(std::to_string(i));
    const std::string& symbol = scope[static_cast<std::size_t>(i % 50)];
    s.orders.push_back(open_order(id, symbol, 0.01));
    if (i % 1000 != 1) e.orders[id] = {symbol, plugin::Side::Buy, 100, i % 1000 == 2 ? 0.02 : 0.01};
  }
  s.orders.push_back(open_order("grinder_1_7", "S7", 0.01));  // the venue lists one twice
  e.orders["grinder_1_gone"] = {"S3", plugin::Side::Buy, 100, 0.01};
  e.orders["grinder_1_elsewhere"] = {"OUTSIDE", plugin::Side::Buy, 100, 0.01};
  auto r = diff(e, s, ours(), scope);
  CHECK(r.counts[static_cast<int>(MismatchType::OrderExistsUnexpected)] == 5);
  CHECK(r.counts[static_cast<int>(MismatchType::OrderStatusDivergence)] == 5);
  CHECK(r.counts[static_cast<int>(MismatchType::OrderMissingOnVenue)] == 1);  // out of scope is not missing
  REQUIRE(r.mismatches.size() == 11);
  CHECK(r.mismatches[0].client_order_id == "grinder_1_1");
  CHECK(r.mismatches[1].client_order_id == "grinder_1_2");
  CHECK(r.mismatches.back().client_order_id == "grinder_1_gone");
}

namespace {

// The orders part of a comparison, the plain way, to check the fast one by:
// what each open order of ours in scope comes to, in the snapshot's order,
// then the expected ones never seen.
std::vector<std::pair<MismatchType, std::string>> plain_order_diff(const std::map<std::string, ExpectedOrder>& expected,
                                                                   const std::vector<plugin::Order>& orders,
                                                                   const std::vector<std::string>& scope) {
  auto in_scope = [&](const std::string& s) {
    return scope.empty() || std::find(scope.begin(), scope.end(), s) != scope.end();
  };
  std::vector<std::pair<MismatchType, std::string>> out;
  std::map<std::string, bool> seen;
  for (const auto& o : orders) {
    if (!o.is_open() || !in_scope(o.symbol) || o.client_order_id.rfind("grinder_1_", 0) != 0) continue;
    auto it = expected.find(o.client_order_id);
    if (it == expected.end()) {
      out.emplace_back(MismatchType::OrderExistsUnexpected, o.client_order_id);
      continue;
    }
    seen[o.client_order_id] = true;
    if (it->second.qty != o.qty) out.emplace_back(MismatchType::OrderStatusDivergence, o.client_order_id);
  }
  std::vector<std::string> missing;
  for (const auto& [id, e] : expected)
    if (!seen.count(id) && in_scope(e.symbol)) missing.push_back(id);
  std::sort(missing.begin(), missing.end());
  for (const auto& id : missing) out.emplace_back(MismatchType::OrderMissingOnVenue, id);
  return out;
}

}  // namespace

TEST_CASE("whatever order the venue lists orders in, and after erases, the same mismatches", "[reconcile]") {
  std::mt19937 rng(11);
  for (int round = 0; round < 40; ++round) {
    ExpectedState e;
    std::map<std::string, ExpectedOrder> plain;
    plugin::Snapshot s;
    const std::vector<std::string> scope = round % 4 == 0 ? std::vector<std::string>{} : std::vector<std::string>{"A", "B"};
    const int n = 1 + static_cast<int>(rng() % 700);
    for (int i = 0; i < n; ++i) {
      const std::string id = "grinder_1_" + std::to_string(i);
      const std::string symbol = i % 3 == 0 ? "A" : i % 3 == 1 ? "B" : "C";
      if (rng() % 10 != 0) {
        const ExpectedOrder want{symbol, plugin::Side::Buy, 100, 0.01};
        e.orders[id] = want;
        plain[id] = want;
      }
      if (rng() % 10 != 0) s.orders.push_back(open_order(id, symbol, rng() % 25 == 0 ? 0.02 : 0.01));
      if (rng() % 15 == 0) s.orders.push_back(open_order("manual_" + std::to_string(i), symbol, 1));
    }
    // Forget some (the last entries move into their places), and list the
    // venue's orders shuffled, reversed, or as placed.
    for (int k = 0; k < n / 20; ++k) {
      const std::string id = "grinder_1_" + std::to_string(rng() % static_cast<unsigned>(n));
      CHECK(e.orders.erase(id) == (plain.erase(id) == 1));
    }
    if (round % 3 == 1) std::shuffle(s.orders.begin(), s.orders.end(), rng);
    if (round % 3 == 2) std::reverse(s.orders.begin(), s.orders.end());

    const auto r = diff(e, s, ours(), scope);
    std::vector<std::pair<MismatchType, std::string>> got;
    for (const auto& m : r.mismatches) got.emplace_back(m.type, m.client_order_id);
    // Missing orders come in the expected state's order: compare them as a set.
    auto first_missing = std::find_if(got.begin(), got.end(),
                                      [](const auto& m) { return m.first == MismatchType::OrderMissingOnVenue; });
    std::sort(first_missing, got.end());
    CHECK(got == plain_order_diff(plain, s.orders, scope));
  }
}

TEST_CASE("positions and foreign orders, many blocks of them, come out as compared one by one", "[reconcile]") {
  std::mt19937 rng(23);
  for (int round = 0; round < 30; ++round) {
    ExpectedState e;
    std::map<std::string, double> want;
    plugin::Snapshot s;
    std::vector<std::string> scope;
    const int n = 1 + static_cast<int>(rng() % 400);
    for (int i = 0; i < n; ++i) {
      const std::string symbol = "S" + std::to_string(i);
      if (round % 3 != 0 && rng() % 2 == 0) scope.push_back(symbol);
      const double qty = static_cast<double>(static_cast<int>(rng() % 5) - 2);
      if (rng() % 8 != 0) s.positions.push_back({symbol, qty, 100, 100});
      const double expected = rng() % 6 == 0 ? qty + 1 : qty;
      if (expected != 0 && rng() % 8 != 0) {
        e.positions[symbol] = expected;
        want[symbol] = expected;
      }
      if (rng() % 3 == 0) s.orders.push_back(open_order("manual_" + std::to_string(i), symbol, 1));
    }
    if (round % 2 == 1) std::shuffle(s.positions.begin(), s.positions.end(), rng);
    const Scope in(scope);

    std::vector<std::pair<MismatchType, std::string>> plain;
    std::size_t foreign = 0;
    for (const auto& o : s.orders) foreign += in.contains(o.symbol);
    std::map<std::string, bool> seen;
    for (const auto& p : s.positions) {
      if (!in.contains(p.symbol)) continue;
      const auto it = want.find(p.symbol);
      const double w = it == want.end() ? 0 : it->second;
      seen[p.symbol] = true;
      if (p.qty != w) plain.emplace_back(w == 0 ? MismatchType::PositionNonzeroUnexpected : MismatchType::PositionMismatch, p.symbol);
    }
    std::vector<std::pair<MismatchType, std::string>> unseen;
    for (const auto& [symbol, w] : want)
      if (!seen.count(symbol) && in.contains(symbol)) unseen.emplace_back(MismatchType::PositionMismatch, symbol);

    const auto r = diff(e, s, ours(), in);
    CHECK(r.foreign_orders == foreign);
    std::vector<std::pair<MismatchType, std::string>> got;
    for (const auto& m : r.mismatches) got.emplace_back(m.type, m.symbol);
    // What the venue lacks comes in the expected state's order: as a set.
    REQUIRE(got.size() == plain.size() + unseen.size());
    CHECK(std::vector(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(plain.size())) == plain);
    std::vector rest(got.begin() + static_cast<std::ptrdiff_t>(plain.size()), got.end());
    std::sort(rest.begin(), rest.end());
    CHECK(rest == unseen);
  }
}
