#include "config.hpp"

#include "decimal.hpp"
#include "grinder/venue_plugin.hpp"
#include "json_fields.hpp"

namespace grinder::paper {

namespace {

bool valid_symbol(const std::string& s) {
  if (s.empty() || s.size() >= GRINDER_VENUE_SYMBOL_MAX) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

void read_symbol(const std::string& name, const rapidjson::Value& v, PaperConfig& cfg, Problems& problems) {
  std::string where = "symbols." + name;
  if (!valid_symbol(name)) problems.push_back(where + ": a symbol is 1-31 of A-Z 0-9 _ -");
  if (!v.IsObject()) {
    problems.push_back(where + " must be an object");
    return;
  }
  JsonFields f(v, where, problems);
  f.only({"price", "tick_size", "step_size", "min_notional", "min_qty"});
  SymbolConfig s;
  auto positive = [&](const char* key, double& into, bool required) {
    auto d = f.number(key, required);
    if (!d) return;
    if (!(*d > 0)) f.problem(f.path(key) + " must be > 0");
    into = *d;
  };
  positive("price", s.price, true);
  positive("tick_size", s.tick_size, true);
  positive("step_size", s.step_size, true);
  if (auto mn = f.number("min_notional")) {
    if (*mn < 0) f.problem(f.path("min_notional") + " must be >= 0");
    s.min_notional = *mn;
  }
  s.min_qty = s.step_size;
  positive("min_qty", s.min_qty, false);
  if (s.tick_size > 0 && s.price > 0 && s.price < s.tick_size)
    f.problem(where + ": price is below one tick_size");
  if (s.step_size > 0 && s.min_qty > 0 && !whole_units(s.min_qty, s.step_size))
    f.problem(f.path("min_qty") + " must be a multiple of step_size");
  s.price_decimals = decimals_of(s.tick_size);
  s.qty_decimals = decimals_of(s.step_size);
  cfg.symbols[name] = s;
}

}  // namespace

PaperConfig parse_config(std::string_view json) {
  Problems problems;
  PaperConfig cfg;
  rapidjson::Document doc = parse_object(json.empty() ? std::string_view("{}") : json, "config", problems);
  if (!problems.empty()) throw venue_sdk::Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper config: " + join(problems));
  JsonFields f(doc, "", problems);
  // "credentials" is where the host puts a venue's credentials; paper needs none.
  f.only({"seed", "symbols", "clock", "tick_ms", "start_ms", "volatility_bps", "spread_ticks", "fee_bps",
          "settlement_asset", "balances", "latency_ms", "faults", "drills", "credentials"});

  if (auto seed = f.integer("seed")) {
    if (*seed < 0) f.problem("seed must be >= 0");
    cfg.seed = static_cast<std::uint64_t>(*seed);
  }
  const auto* symbols = f.get("symbols");
  if (!symbols) {
    f.problem("symbols is required: e.g. {\"BTCUSDT\": {\"price\": 65000, \"tick_size\": 0.1, \"step_size\": 0.001}}");
  } else if (!symbols->IsObject() || symbols->MemberCount() == 0) {
    f.problem("symbols must be an object with at least one symbol");
  } else {
    for (const auto& m : symbols->GetObject())
      read_symbol(std::string(m.name.GetString(), m.name.GetStringLength()), m.value, cfg, problems);
  }
  if (auto clock = f.text("clock")) {
    if (*clock == "wall") cfg.clock = ClockMode::Wall;
    else if (*clock == "manual") cfg.clock = ClockMode::Manual;
    else f.problem("clock must be \"wall\" or \"manual\"");
  }
  if (auto t = f.integer("tick_ms")) {
    if (*t <= 0) f.problem("tick_ms must be > 0");
    else cfg.tick_ms = *t;
  }
  if (auto t = f.integer("start_ms")) cfg.start_ms = *t;
  if (auto v = f.number("volatility_bps")) {
    if (*v < 0 || *v >= 10000) f.problem("volatility_bps must be in [0, 10000)");
    else cfg.volatility_bps = *v;
  }
  if (auto s = f.integer("spread_ticks")) {
    if (*s < 1) f.problem("spread_ticks must be >= 1");
    else cfg.spread_ticks = *s;
  }
  if (auto fee = f.number("fee_bps")) {
    if (*fee < 0) f.problem("fee_bps must be >= 0");
    else cfg.fee_bps = *fee;
  }
  if (auto a = f.text("settlement_asset")) cfg.settlement_asset = *a;
  if (const auto* b = f.get("balances")) {
    cfg.balances.clear();
    if (!b->IsObject()) {
      f.problem("balances must be an object of asset: amount");
    } else {
      for (const auto& m : b->GetObject()) {
        auto amount = number_value(m.value);
        if (!amount || *amount < 0) f.problem(std::string("balances.") + m.name.GetString() + " must be a number >= 0");
        else cfg.balances[m.name.GetString()] = *amount;
      }
    }
  }
  if (!cfg.balances.count(cfg.settlement_asset)) cfg.balances[cfg.settlement_asset] = 0;
  if (auto l = f.integer("latency_ms")) {
    if (*l < 0 || *l > 60000) f.problem("latency_ms must be in [0, 60000]");
    else cfg.latency_ms = *l;
  }
  if (const auto* faults = f.get("faults")) {
    if (!faults->IsArray()) {
      f.problem("faults must be a list");
    } else {
      for (rapidjson::SizeType i = 0; i < faults->Size(); ++i) {
        std::string where = "faults[" + std::to_string(i) + "]";
        if (!(*faults)[i].IsObject()) {
          f.problem(where + " must be an object");
          continue;
        }
        JsonFields ff((*faults)[i], where, problems);
        if (auto r = parse_fault(ff, false)) cfg.faults.push_back(*r);
      }
    }
  }
  if (const auto* drills = f.get("drills")) {
    if (!drills->IsArray()) {
      f.problem("drills must be a list");
    } else {
      for (rapidjson::SizeType i = 0; i < drills->Size(); ++i)
        if (auto d = parse_drill((*drills)[i], "drills[" + std::to_string(i) + "]", problems)) cfg.drills.push_back(*d);
    }
  }
  if (!problems.empty()) throw venue_sdk::Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper config: " + join(problems));
  return cfg;
}

}  // namespace grinder::paper
