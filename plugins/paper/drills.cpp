#include "drills.hpp"

#include <algorithm>

#include "grinder/venue_plugin.hpp"

namespace grinder::paper {

namespace {

constexpr const char* kDrills[] = {"unexpected_order", "unexpected_position", "stale_market_data", "outage",
                                   "fault",            "advance",             "clear"};
constexpr const char* kOps[] = {"connect",  "health", "server_time", "filters",   "book_top",
                                "snapshot", "place",  "cancel",      "cancel_all"};
constexpr const char* kSources[] = {"orders", "positions", "balances"};
constexpr grinder_venue_rc kClasses[] = {GRINDER_VENUE_RETRYABLE,    GRINDER_VENUE_NON_RETRYABLE,
                                         GRINDER_VENUE_RATE_LIMITED, GRINDER_VENUE_AUTH,
                                         GRINDER_VENUE_UNKNOWN_STATE, GRINDER_VENUE_INVALID_ARGUMENT,
                                         GRINDER_VENUE_UNSUPPORTED};

template <std::size_t N>
bool one_of(const std::string& s, const char* const (&names)[N]) {
  return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return s == n; });
}

std::optional<grinder_venue_side> side_of(const std::string& s) {
  if (s == "BUY") return GRINDER_VENUE_SIDE_BUY;
  if (s == "SELL") return GRINDER_VENUE_SIDE_SELL;
  return std::nullopt;
}

}  // namespace

bool known_drill(const std::string& name) { return one_of(name, kDrills); }

bool fault_op(const std::string& op) { return one_of(op, kOps); }

std::optional<FaultRule> parse_fault(JsonFields& f, bool in_drill) {
  if (in_drill)
    f.only({"drill", "op", "class", "code", "after", "count", "apply"});
  else
    f.only({"op", "class", "code", "after", "count", "apply"});
  FaultRule r;
  bool ok = true;
  auto op = f.text("op", true);
  if (op && !fault_op(*op)) {
    f.problem(f.path("op") + " '" + *op + "' is not an operation (connect, health, server_time, filters, book_top, "
                             "snapshot, place, cancel, cancel_all)");
    ok = false;
  }
  auto cls = f.text("class", true);
  if (cls) {
    auto it = std::find_if(std::begin(kClasses), std::end(kClasses),
                           [&](grinder_venue_rc rc) { return *cls == venue_sdk::rc_name(rc); });
    if (it == std::end(kClasses)) {
      f.problem(f.path("class") + " '" + *cls + "' is not an error class (RETRYABLE, NON_RETRYABLE, RATE_LIMITED, "
                                   "AUTH, UNKNOWN_STATE, INVALID_ARGUMENT, UNSUPPORTED)");
      ok = false;
    } else {
      r.rc = *it;
    }
  }
  if (auto code = f.integer("code")) r.code = static_cast<std::int32_t>(*code);
  if (auto after = f.integer("after")) {
    if (*after < 0) {
      f.problem(f.path("after") + " must be >= 0");
      ok = false;
    }
    r.after = *after;
  }
  if (auto count = f.integer("count")) {
    if (*count == 0) {
      f.problem(f.path("count") + " must be positive, or negative for until cleared");
      ok = false;
    }
    r.count = *count;
  }
  if (auto apply = f.boolean("apply")) r.apply = *apply;
  if (!op || !cls || !ok) return std::nullopt;
  r.op = *op;
  if (r.apply && r.op != "place" && r.op != "cancel" && r.op != "cancel_all") {
    f.problem(f.path("apply") + " only makes sense for place, cancel and cancel_all");
    return std::nullopt;
  }
  return r;
}

std::optional<Drill> parse_drill(const rapidjson::Value& object, const std::string& where, Problems& problems) {
  std::size_t before = problems.size();
  if (!object.IsObject()) {
    problems.push_back(where + " must be an object");
    return std::nullopt;
  }
  JsonFields f(object, where, problems);
  auto name = f.text("drill", true);
  if (!name) return std::nullopt;
  if (!known_drill(*name)) {
    f.problem(f.path("drill") + " '" + *name + "' is not a drill (unexpected_order, unexpected_position, "
                                "stale_market_data, outage, fault, advance, clear)");
    return std::nullopt;
  }
  std::optional<Drill> out;
  if (*name == "unexpected_order") {
    f.only({"drill", "symbol", "client_order_id", "side", "price", "qty", "reduce_only"});
    UnexpectedOrder d;
    auto symbol = f.text("symbol", true);
    auto coid = f.text("client_order_id", true);
    if (coid && (coid->empty() || coid->size() >= GRINDER_VENUE_ID_MAX))
      f.problem(f.path("client_order_id") + " must be 1 to " + std::to_string(GRINDER_VENUE_ID_MAX - 1) + " characters");
    if (auto side = f.text("side")) {
      if (auto s = side_of(*side)) d.side = *s;
      else f.problem(f.path("side") + " must be BUY or SELL");
    }
    d.price = f.number("price");
    d.qty = f.number("qty");
    if (d.price && !(*d.price > 0)) f.problem(f.path("price") + " must be > 0");
    if (d.qty && !(*d.qty > 0)) f.problem(f.path("qty") + " must be > 0");
    d.reduce_only = f.boolean("reduce_only").value_or(false);
    if (symbol && coid) {
      d.symbol = *symbol;
      d.client_order_id = *coid;
      out = d;
    }
  } else if (*name == "unexpected_position") {
    f.only({"drill", "symbol", "qty", "entry_price"});
    UnexpectedPosition d;
    auto symbol = f.text("symbol", true);
    auto qty = f.number("qty", true);
    if (qty && *qty == 0) f.problem(f.path("qty") + " must not be 0");
    d.entry_price = f.number("entry_price");
    if (d.entry_price && !(*d.entry_price > 0)) f.problem(f.path("entry_price") + " must be > 0");
    if (symbol && qty) {
      d.symbol = *symbol;
      d.qty = *qty;
      out = d;
    }
  } else if (*name == "stale_market_data") {
    f.only({"drill", "symbols"});
    out = StaleMarketData{f.texts("symbols").value_or(std::vector<std::string>{})};
  } else if (*name == "outage") {
    f.only({"drill", "sources"});
    Outage d{f.texts("sources").value_or(std::vector<std::string>{})};
    for (const auto& s : d.sources)
      if (!one_of(s, kSources)) f.problem(f.path("sources") + " '" + s + "' is not orders, positions or balances");
    out = d;
  } else if (*name == "fault") {
    if (auto r = parse_fault(f, true)) out = *r;
  } else if (*name == "advance") {
    f.only({"drill", "steps"});
    auto steps = f.integer("steps", true);
    if (steps && *steps < 0) f.problem(f.path("steps") + " must be >= 0");
    if (steps && *steps >= 0) out = Advance{static_cast<std::uint64_t>(*steps)};
  } else {
    f.only({"drill"});
    out = Clear{};
  }
  if (problems.size() != before) return std::nullopt;
  return out;
}

}  // namespace grinder::paper
