#include "policy_test_file.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "grinder/config/deployment.hpp"
#include "grinder/config/schema.hpp"
#include "grinder/config/yaml_loader.hpp"

namespace fs = std::filesystem;

namespace grinder::lua {

namespace {

using config::Value;

double number(const Value* v, double fallback = 0) { return v ? v->as_double() : fallback; }
std::optional<double> opt_number(const Value* v) {
  if (!v) return std::nullopt;
  return v->as_double();
}
std::optional<std::int64_t> opt_int(const Value* v) {
  if (!v) return std::nullopt;
  return v->integer;
}
std::string text(const Value* v) { return v ? v->text : std::string(); }
bool flag(const Value* v, bool fallback) { return v ? v->boolean : fallback; }

// Scalars as the environment would hold them: text.
std::string env_text(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Bool: return v.boolean ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.integer);
    case Value::Kind::Double: return v.describe();
    default: return v.text;
  }
}

// "2024-05-06T09:30:00Z" (seconds and milliseconds optional) to epoch ms.
std::optional<std::int64_t> parse_utc(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0, used = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5) return std::nullopt;
  std::string rest = s.substr(static_cast<std::size_t>(used));
  if (rest.size() > 1 && rest[0] == ':') {
    int more = 0;
    if (std::sscanf(rest.c_str(), ":%2d%n", &sec, &more) != 1) return std::nullopt;
    rest = rest.substr(static_cast<std::size_t>(more));
    if (rest.size() > 1 && rest[0] == '.') {
      std::string digits = rest.substr(1, rest.find('Z') - 1);
      ms = std::stoi(digits);
      for (std::size_t i = digits.size(); i < 3; ++i) ms *= 10;
      rest = rest.substr(1 + digits.size());
    }
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (rest != "Z" || !ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{ms};
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

ladder::Limits to_limits(const Value& v) {
  ladder::Limits l;
  l.max_calls_per_run = opt_int(v.find("max_calls_per_run"));
  l.max_calls_per_day = opt_int(v.find("max_calls_per_day"));
  l.max_notional_per_run = opt_number(v.find("max_notional_per_run"));
  l.max_notional_per_day = opt_number(v.find("max_notional_per_day"));
  l.max_notional_per_order = opt_number(v.find("max_notional_per_order"));
  l.flatten_max_notional_per_call = opt_number(v.find("flatten_max_notional_per_call"));
  l.max_orders_per_action = opt_int(v.find("max_orders_per_action"));
  l.max_symbols_per_action = opt_int(v.find("max_symbols_per_action"));
  l.cooldown_seconds = opt_number(v.find("cooldown_seconds"));
  if (const Value* s = v.find("symbols")) l.symbols = config::symbol_list(*s);
  return l;
}

gates::Action to_action(const Value& v) {
  gates::Action a;
  a.type = gates::parse_action_type(text(v.find("type"))).value_or(gates::ActionType::PlaceOrder);
  a.symbol = text(v.find("symbol"));
  a.side = text(v.find("side")) == "sell" ? gates::Side::Sell : gates::Side::Buy;
  a.qty = number(v.find("qty"));
  a.price = opt_number(v.find("price"));
  a.reduce_only = flag(v.find("reduce_only"), a.type == gates::ActionType::Flatten);
  a.client_order_id = text(v.find("client_order_id"));
  a.strategy = text(v.find("strategy"));
  if (const Value* orders = v.find("orders"))
    for (const auto& o : orders->items) a.orders.push_back({text(o.find("client_order_id")), text(o.find("symbol"))});
  return a;
}

bool to_ctx(const Value& v, PolicyCase& c, config::Diagnostics& diags) {
  gates::GateContext& x = c.ctx;
  if (const Value* s = v.find("stage")) c.stage_name = s->text;
  x.flags.dry_run = flag(v.find("dry_run"), x.flags.dry_run);
  x.flags.allow_active_remediation = flag(v.find("allow_active_remediation"), x.flags.allow_active_remediation);
  x.flags.armed = flag(v.find("armed"), x.flags.armed);
  x.graduation_step = text(v.find("graduation_step"));
  x.generation = static_cast<std::uint64_t>(opt_int(v.find("generation")).value_or(0));
  if (const Value* env = v.find("env"))
    for (const auto& m : env->members) x.env[m.key] = env_text(m.value);
  x.market.bid = opt_number(v.find("bid"));
  x.market.ask = opt_number(v.find("ask"));
  x.market.age_ms = opt_int(v.find("market_age_ms"));
  x.market.venue_ts_ms = opt_int(v.find("market_ts_ms")).value_or(0);
  x.min_notional = opt_number(v.find("min_notional"));
  x.position_qty = number(v.find("position_qty"));
  if (const Value* orders = v.find("open_orders"))
    for (const auto& o : orders->items)
      x.open_orders.push_back(
          {text(o.find("client_order_id")), text(o.find("symbol")), number(o.find("qty")), number(o.find("price"))});
  if (const Value* b = v.find("budget")) {
    x.budget.calls_run = opt_int(b->find("calls_run")).value_or(0);
    x.budget.calls_day = opt_int(b->find("calls_day")).value_or(0);
    x.budget.notional_run = number(b->find("notional_run"));
    x.budget.notional_day = number(b->find("notional_day"));
    x.budget.error = text(b->find("error"));
  }
  if (const Value* l = v.find("limits")) x.limits = to_limits(*l);
  x.drawdown_pct = number(v.find("drawdown_pct"));
  x.reject_rate = number(v.find("reject_rate"));
  x.actions_last_hour = number(v.find("actions_last_hour"));
  x.now_ms = opt_int(v.find("now_ms")).value_or(0);
  if (const Value* now = v.find("now")) {
    auto ms = parse_utc(now->text);
    if (!ms) {
      diags.add(now->loc, "policy_test.now", "now " + now->describe() + " is not a valid UTC time such as 2024-05-06T09:30:00Z");
      return false;
    }
    x.now_ms = *ms;
  }
  return true;
}

// The file's ctx with the case's keys laid over it.
Value merge_ctx(const Value* base, const Value* top) {
  Value out;
  out.kind = Value::Kind::Object;
  if (base) out = *base;
  if (!top) return out;
  for (const auto& m : top->members) {
    bool replaced = false;
    for (auto& existing : out.members)
      if (existing.key == m.key) {
        existing = m;
        replaced = true;
      }
    if (!replaced) out.members.push_back(m);
  }
  return out;
}

PolicyExpectation to_expect(const Value& v) {
  PolicyExpectation e;
  if (v.is_string()) {
    e.allow = v.text == "allow";
    return e;
  }
  e.allow = text(v.find("verdict")) == "allow";
  if (const Value* r = v.find("reason")) e.reason = r->text;
  if (const Value* d = v.find("detail")) e.detail = d->text;
  return e;
}

}  // namespace

std::optional<PolicyTestFile> load_policy_test_file(const std::string& path, config::Diagnostics& diags) {
  config::Diagnostics local;
  config::LoadOptions raw;
  raw.substitute_env = false;  // a test means the same on every machine
  auto doc = config::load_yaml_file(path, local, raw);
  if (doc) config::Schema::builtin("policy_tests").validate(*doc, local);
  if (!local.empty()) {
    diags.append(local);
    return std::nullopt;
  }
  PolicyTestFile f;
  f.file = path;
  std::string stem = fs::path(path).filename().string();
  stem = stem.substr(0, stem.find(".test."));
  f.policy = stem;
  f.policy_where = doc->loc;
  if (const Value* p = doc->find("policy")) {
    f.policy = p->text;
    f.policy_where = p->loc;
  }
  const Value* file_with = doc->find("with");
  const Value* file_action = doc->find("action");
  const Value* file_ctx = doc->find("ctx");
  for (const auto& cv : doc->find("cases")->items) {
    PolicyCase c;
    c.name = cv.find("name")->text;
    c.where = cv.loc;
    const Value* with = cv.find("with") ? cv.find("with") : file_with;
    if (with) {
      c.with = *with;
    } else {
      c.with.kind = Value::Kind::Object;
      c.with.loc = cv.loc;
    }
    const Value* action = cv.find("action") ? cv.find("action") : file_action;
    if (!action) {
      local.add(cv.loc, "policy_test.action", "case '" + c.name + "' has no action and the file sets none");
      continue;
    }
    c.action = to_action(*action);
    Value ctx = merge_ctx(file_ctx, cv.find("ctx"));
    if (!to_ctx(ctx, c, local)) continue;
    c.expect = to_expect(*cv.find("expect"));
    f.cases.push_back(std::move(c));
  }
  if (!local.empty()) {
    diags.append(local);
    return std::nullopt;
  }
  return f;
}

}  // namespace grinder::lua
