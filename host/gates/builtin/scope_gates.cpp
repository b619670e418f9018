// Gates on what an action may touch: symbols, orders that are not grinder's,
// how many orders and symbols at once, and how often (Runbooks 13 and 15).
#include <algorithm>
#include <cmath>

#include "builtin_gates.hpp"
#include "grinder/gates/identity.hpp"
#include "grinder/util/number.hpp"

namespace grinder::gates::builtin {

namespace {

class SymbolAllowlist final : public Gate {
 public:
  SymbolAllowlist(std::string id, std::optional<std::vector<std::string>> fixed)
      : Gate(std::move(id)), fixed_(std::move(fixed)) {}
  Verdict check(const Action& a, const GateContext& ctx) const override {
    const std::vector<std::string>* list = fixed_ ? &*fixed_ : (ctx.limits.symbols ? &*ctx.limits.symbols : nullptr);
    // No allowlist is not "everything": an unconfigured scope allows nothing.
    if (!list) return Verdict::deny("symbol_not_allowed", "no symbol allowlist is configured for this stage");
    auto allowed = [&](const std::string& s) { return std::find(list->begin(), list->end(), s) != list->end(); };
    if (!allowed(a.symbol)) return Verdict::deny("symbol_not_allowed", "symbol=" + a.symbol + " not in allowlist");
    for (const auto& o : a.orders)
      if (!o.symbol.empty() && !allowed(o.symbol))
        return Verdict::deny("symbol_not_allowed", "order " + o.client_order_id + " symbol=" + o.symbol + " not in allowlist");
    return Verdict::pass();
  }

 private:
  std::optional<std::vector<std::string>> fixed_;
};

class Identity final : public Gate {
 public:
  Identity(std::string id, std::optional<std::string> prefix, std::optional<std::vector<std::string>> strategies)
      : Gate(std::move(id)), prefix_(std::move(prefix)), strategies_(std::move(strategies)) {}
  Verdict check(const Action& a, const GateContext& ctx) const override {
    const std::string& prefix = prefix_ ? *prefix_ : ctx.identity_prefix;
    const std::vector<std::string>& strategies = strategies_ ? *strategies_ : ctx.strategies;
    auto foreign = [&](const std::string& id) { return !is_own_order(id, prefix, strategies); };
    if (!a.client_order_id.empty() && foreign(a.client_order_id))
      return Verdict::deny("foreign_order", "client_order_id=" + a.client_order_id + " is not " + prefix + "<strategy>_...");
    for (const auto& o : a.orders)
      if (foreign(o.client_order_id))
        return Verdict::deny("foreign_order", "order " + o.client_order_id + " is not grinder's (prefix " + prefix + ")");
    return Verdict::pass();
  }

 private:
  std::optional<std::string> prefix_;
  std::optional<std::vector<std::string>> strategies_;
};

// max_orders_per_action / max_symbols_per_action share their shape.
class CountCap final : public Gate {
 public:
  enum class What { Orders, Symbols };
  CountCap(std::string id, What what, std::optional<double> fixed) : Gate(std::move(id)), what_(what), fixed_(fixed) {}
  Verdict check(const Action& a, const GateContext& ctx) const override {
    std::optional<std::int64_t> cap;
    if (fixed_)
      cap = static_cast<std::int64_t>(*fixed_);
    else
      cap = what_ == What::Orders ? ctx.limits.max_orders_per_action : ctx.limits.max_symbols_per_action;
    if (!cap) return Verdict::pass();  // not limited by this stage
    std::size_t n = what_ == What::Orders ? a.order_count() : a.symbol_count();
    if (static_cast<std::int64_t>(n) <= *cap) return Verdict::pass();
    const char* reason = what_ == What::Orders ? "max_orders_per_action" : "max_symbols_per_action";
    return Verdict::deny(reason, std::string(reason) + ": limit=" + std::to_string(*cap) + " action=" + std::to_string(n));
  }

 private:
  What what_;
  std::optional<double> fixed_;
};

class Cooldown final : public Gate {
 public:
  Cooldown(std::string id, std::optional<double> seconds) : Gate(std::move(id)), seconds_(seconds) {}
  Verdict check(const Action&, const GateContext& ctx) const override {
    std::optional<double> s = seconds_ ? seconds_ : ctx.limits.cooldown_seconds;
    if (!s || *s <= 0 || !ctx.last_action_ms) return Verdict::pass();
    double elapsed = static_cast<double>(ctx.now_ms - *ctx.last_action_ms) / 1000.0;
    if (elapsed >= *s) return Verdict::pass();
    return Verdict::deny("cooldown", "cooldown=" + util::format_number(*s) + "s elapsed=" +
                                         util::format_number(std::floor(elapsed * 10) / 10) + "s");
  }

 private:
  std::optional<double> seconds_;
};

}  // namespace

GatePtr symbol_allowlist(std::string id, const Params& p) {
  return std::make_unique<SymbolAllowlist>(std::move(id), p.list("symbols"));
}
GatePtr identity(std::string id, const Params& p) {
  return std::make_unique<Identity>(std::move(id), p.text("prefix"), p.list("strategies"));
}
GatePtr max_orders_per_action(std::string id, const Params& p) {
  return std::make_unique<CountCap>(std::move(id), CountCap::What::Orders, p.number("max"));
}
GatePtr max_symbols_per_action(std::string id, const Params& p) {
  return std::make_unique<CountCap>(std::move(id), CountCap::What::Symbols, p.number("max"));
}
GatePtr cooldown(std::string id, const Params& p) { return std::make_unique<Cooldown>(std::move(id), p.number("seconds")); }

}  // namespace grinder::gates::builtin
