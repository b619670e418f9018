// bench_reconcile [--json] [--scale X]
//
// One reconcile comparison at two sizes: 1k symbols with 10k open orders and
// a position per symbol, and ten times that. "diff" compares a parsed
// snapshot with the expected state; "parse + diff" starts from the snapshot
// document a plugin hands the host (plugins/sdk/README.md, "The snapshot
// document"), as every cycle does. About 1% of each kind of mismatch is
// planted, and 5% of the orders are not grinder's.
//
// The expected state keeps its indexes up to date as it is built, so a diff
// does not index it again; "expected build" is that building, from the
// orders and positions as grinder would record them, reported on its own
// (it happens when the expected state changes, not every cycle). So is the
// scope's index ("scope build"): the runtime builds it once per
// configuration. The diff includes all its per-comparison work (the marks
// of what was seen, the mismatches and their details). The venue lists orders in the order they were placed,
// as the expected state holds them; "diff, venue order shuffled" is the same
// comparison with the snapshot's orders in random order. The growth from
// 10k to 100k is measured with the two sizes side by side, in rounds.
#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "grinder/reconcile/diff.hpp"
#include "plugin/snapshot_json.hpp"
#include "support/bench.hpp"
#include "support/rounds.hpp"

using namespace grinder;
using namespace grinder::bench;

namespace {

struct World {
  // What grinder recorded, in the order it placed the orders.
  std::vector<std::pair<std::string, reconcile::ExpectedOrder>> placed;
  std::vector<std::pair<std::string, double>> positions;
  reconcile::ExpectedState expected;  // built from the two above
  reconcile::Identity identity;
  std::vector<std::string> symbols;
  reconcile::Scope scope;  // of all the symbols, as the runtime keeps it
  std::string document;  // the snapshot as the plugin writes it
  std::size_t planted = 0;
};

std::string decimal(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

reconcile::ExpectedState build_expected(const World& w) {
  reconcile::ExpectedState e;
  for (const auto& [id, order] : w.placed) e.orders.emplace(id, order);
  for (const auto& [symbol, qty] : w.positions) e.positions.emplace(symbol, qty);
  return e;
}

World make_world(int n_symbols, int n_orders) {
  World w;
  w.identity.prefix = "grinder_";
  w.identity.strategies = {"1"};
  for (int s = 0; s < n_symbols; ++s) w.symbols.push_back("S" + std::to_string(s) + "USDT");

  std::string& j = w.document;
  j.reserve(static_cast<std::size_t>(n_orders) * 220);
  j += "{\"venue_ts_ms\":1714987800000,\"orders\":{\"ok\":true,\"items\":[";
  for (int i = 0; i < n_orders; ++i) {
    const std::string& symbol = w.symbols[static_cast<std::size_t>(i % n_symbols)];
    const bool foreign = i % 20 == 7;
    const std::string id = (foreign ? "manual_" : "grinder_1_") + std::to_string(i);
    const bool buy = i % 2 == 0;
    const double price = 100 + (i % 1000) * 0.1, qty = 0.001 * (1 + i % 7);
    j += std::string(i ? "," : "") + "{\"client_order_id\":\"" + id + "\",\"venue_order_id\":\"" +
         std::to_string(9000000 + i) + "\",\"symbol\":\"" + symbol + "\",\"side\":\"" + (buy ? "BUY" : "SELL") +
         "\",\"type\":\"LIMIT\",\"price\":\"" + decimal(price) + "\",\"qty\":\"" + decimal(qty) +
         "\",\"filled_qty\":\"0\",\"status\":\"NEW\",\"reduce_only\":false,\"time_in_force\":\"GTC\"}";
    if (foreign) continue;
    if (i % 100 == 3) {  // open on the venue, not expected
      ++w.planted;
      continue;
    }
    reconcile::ExpectedOrder e{symbol, buy ? plugin::Side::Buy : plugin::Side::Sell, price, qty};
    if (i % 100 == 5) {  // the venue's differs
      e.qty *= 2;
      ++w.planted;
    }
    w.placed.emplace_back(id, std::move(e));
  }
  for (int i = 0; i < n_orders / 100; ++i) {  // expected, gone from the venue
    const std::string id = "grinder_1_gone" + std::to_string(i);
    w.placed.emplace_back(id, reconcile::ExpectedOrder{w.symbols[static_cast<std::size_t>(i % n_symbols)],
                                                      plugin::Side::Buy, 100, 0.001});
    ++w.planted;
  }
  j += "]},\"positions\":{\"ok\":true,\"items\":[";
  for (int s = 0; s < n_symbols; ++s) {
    const double qty = 0.01 * (s % 5 - 2);
    j += std::string(s ? "," : "") + "{\"symbol\":\"" + w.symbols[static_cast<std::size_t>(s)] + "\",\"qty\":\"" +
         decimal(qty) + "\",\"entry_price\":\"100.5\",\"mark_price\":\"101.25\"}";
    const double want = s % 100 == 9 ? qty + 0.01 : qty;  // a position of another size
    if (want != qty) ++w.planted;
    if (want != 0) w.positions.emplace_back(w.symbols[static_cast<std::size_t>(s)], want);
  }
  j += "]},\"balances\":{\"ok\":true,\"items\":[{\"asset\":\"USDT\",\"free\":\"1000.5\",\"locked\":\"20\"}]}}";
  w.expected = build_expected(w);
  w.scope = reconcile::Scope(w.symbols);
  return w;
}

plugin::Snapshot parse(const World& w) {
  auto r = plugin::parse_snapshot_json(w.document);
  if (!r) throw std::runtime_error("the generated snapshot does not parse: " + r.error().to_string());
  return std::move(r.value());
}

struct Figures {
  double diff_ms = 0, parse_ms = 0, parse_diff_ms = 0, build_ms = 0, scope_ms = 0, shuffled_ms = 0;
  std::size_t mismatches = 0, orders = 0, doc_bytes = 0;
};

Figures measure(int n_symbols, int n_orders, long runs) {
  World w = make_world(n_symbols, n_orders);
  plugin::Snapshot snap = parse(w);
  auto first = reconcile::diff(w.expected, snap, w.identity, w.scope);
  if (first.mismatches.size() != w.planted)
    throw std::runtime_error("diff found " + std::to_string(first.mismatches.size()) + " mismatches, " +
                             std::to_string(w.planted) + " were planted");
  Figures f;
  f.mismatches = first.mismatches.size();
  f.orders = snap.orders.size();
  f.doc_bytes = w.document.size();
  const long warm = 2;
  f.diff_ms = time_each(warm, runs, 0, [&](long) { keep(reconcile::diff(w.expected, snap, w.identity, w.scope)); }).pct(0.5) / 1e6;
  f.parse_ms = time_each(warm, runs, 0, [&](long) { keep(parse(w)); }).pct(0.5) / 1e6;
  f.parse_diff_ms = time_each(warm, runs, 0, [&](long) {
                      plugin::Snapshot s = parse(w);
                      keep(reconcile::diff(w.expected, s, w.identity, w.scope));
                    }).pct(0.5) / 1e6;
  f.build_ms = time_each(warm, runs, 0, [&](long) { keep(build_expected(w)); }).pct(0.5) / 1e6;
  f.scope_ms = time_each(warm, runs, 0, [&](long) { keep(reconcile::Scope(w.symbols)); }).pct(0.5) / 1e6;
  plugin::Snapshot shuffled = snap;
  std::shuffle(shuffled.orders.begin(), shuffled.orders.end(), std::mt19937(42));
  if (reconcile::diff(w.expected, shuffled, w.identity, w.scope).mismatches.size() != w.planted)
    throw std::runtime_error("the shuffled snapshot gives other mismatches");
  f.shuffled_ms =
      time_each(warm, runs, 0, [&](long) { keep(reconcile::diff(w.expected, shuffled, w.identity, w.scope)); })
          .pct(0.5) / 1e6;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv, "bench_reconcile [--json] [--scale X]");
  try {
    const Figures small = measure(1000, 10000, scaled(opt, 60));
    const Figures large = measure(10000, 100000, scaled(opt, 12));
    // The growth from side-by-side rounds: ten diffs of 10k, then one of
    // 100k, per round (support/rounds.hpp), so a slow spell of the machine
    // does not fall on one size only.
    const World w10 = make_world(1000, 10000), w100 = make_world(10000, 100000);
    const plugin::Snapshot s10 = parse(w10), s100 = parse(w100);
    Rounds rounds;
    const std::size_t r10 = rounds.add(
        "10k", [&](long) { keep(reconcile::diff(w10.expected, s10, w10.identity, w10.scope)); }, 10);
    const std::size_t r100 = rounds.add(
        "100k", [&](long) { keep(reconcile::diff(w100.expected, s100, w100.identity, w100.scope)); }, 1);
    rounds.run(scaled(opt, 40));
    const double growth = rounds.ratio(r100, r10);
    if (opt.json) {
      JsonLine("reconcile")
          .num("diff_10k_ms", small.diff_ms)
          .num("parse_10k_ms", small.parse_ms)
          .num("parse_diff_10k_ms", small.parse_diff_ms)
          .num("diff_100k_ms", large.diff_ms)
          .num("parse_diff_100k_ms", large.parse_diff_ms)
          .num("ratio_diff_100k_10k", growth)
          .num("ratio_diff_100k_10k_p25", rounds.ratio(r100, r10, 0.25))
          .num("ratio_diff_100k_10k_p75", rounds.ratio(r100, r10, 0.75))
          .num("expected_build_10k_ms", small.build_ms)
          .num("expected_build_100k_ms", large.build_ms)
          .num("scope_build_10k_ms", small.scope_ms)
          .num("scope_build_100k_ms", large.scope_ms)
          .num("diff_shuffled_10k_ms", small.shuffled_ms)
          .num("diff_shuffled_100k_ms", large.shuffled_ms)
          .print();
      return 0;
    }
    Table t("one reconcile comparison (median of runs, ms)",
            {"size", "orders", "snapshot KiB", "mismatches", "diff", "parse", "parse + diff", "expected build",
             "scope build", "diff, venue order shuffled"});
    for (const auto* f : {&small, &large})
      t.row({f == &small ? "1k symbols, 10k orders" : "10k symbols, 100k orders", std::to_string(f->orders),
             std::to_string(f->doc_bytes / 1024), std::to_string(f->mismatches), fixed(f->diff_ms, 3),
             fixed(f->parse_ms, 3), fixed(f->parse_diff_ms, 3), fixed(f->build_ms, 3), fixed(f->scope_ms, 3), fixed(f->shuffled_ms, 3)});
    t.print();
    Table q("targets", {"figure", "value", "target"});
    q.row({"diff, 10k (ms)", fixed(small.diff_ms, 3), "<= 1"});
    q.row({"parse + diff, 10k (ms)", fixed(small.parse_diff_ms, 3), "<= 5"});
    q.row({"diff 100k / diff 10k (median of rounds side by side)", fixed(growth, 2), "<= 12"});
    q.row({"  the same, quartiles",
           fixed(rounds.ratio(r100, r10, 0.25), 2) + " .. " + fixed(rounds.ratio(r100, r10, 0.75), 2), ""});
    q.print();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_reconcile: %s\n", e.what());
    return 2;
  }
  return 0;
}
