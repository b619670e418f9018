// Gates on what an action may touch: symbols, orders that are not grinder's,
// how many orders and symbols at once, and how often (Runbooks 13 and 15).
#include <algorithm>
#include <cmath>

#include "builtin_gates.hpp"
#include "grinder/gates/identity.hpp"

namespace grinder::gates::builtin {

namespace {

class SymbolAllowlist final : public Gate {
 public:
  SymbolAllowlist(std::string id, std::optional<std::vector<std::string>> fixed)
      : Gate(std::move(id)), fixed_(std::move(fixed)) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    const std::vector<std::string>* list = fixed_ ? &*fixed_ : (ctx.limits.symbols ? &*ctx.limits.symbols : nullptr);
    // No allowlist is not "everything": an unconfigured scope allows nothing.
    if (!list) return out.set_deny("symbol_not_allowed", "no symbol allowlist is configured for this stage");
    auto allowed = [&](const std::string& s) { return std::find(list->begin(), list->end(), s) != list->end(); };
    if (!allowed(a.symbol)) return out.set_deny("symbol_not_allowed", "symbol=", a.symbol, " not in allowlist");
    for (const auto& o : a.orders)
      if (!o.symbol.empty() && !allowed(o.symbol))
        return out.set_deny("symbol_not_allowed", "order ", o.client_order_id, " symbol=", o.symbol, " not in allowlist");
    out.set_pass();
  }

 private:
  std::optional<std::vector<std::string>> fixed_;
};

class Identity final : public Gate {
 public:
  Identity(std::string id, std::optional<std::string> prefix, std::optional<std::vector<std::string>> strategies)
      : Gate(std::move(id)), prefix_(std::move(prefix)), strategies_(std::move(strategies)) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    const std::string& prefix = prefix_ ? *prefix_ : ctx.identity_prefix;
    const std::vector<std::string>& strategies = strategies_ ? *strategies_ : ctx.strategies;
    auto foreign = [&](const std::string& id) { return !is_own_order(id, prefix, strategies); };
    if (!a.client_order_id.empty() && foreign(a.client_order_id))
      return out.set_deny("foreign_order", "client_order_id=", a.client_order_id, " is not ", prefix, "<strategy>_...");
    for (const auto& o : a.orders)
      if (foreign(o.client_order_id))
        return out.set_deny("foreign_order", "order ", o.client_order_id, " is not grinder's (prefix ", prefix, ")");
    out.set_pass();
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
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    std::optional<std::int64_t> cap;
    if (fixed_)
      cap = static_cast<std::int64_t>(*fixed_);
    else
      cap = what_ == What::Orders ? ctx.limits.max_orders_per_action : ctx.limits.max_symbols_per_action;
    if (!cap) return out.set_pass();  // not limited by this stage
    std::size_t n = what_ == What::Orders ? a.order_count() : a.symbol_count();
    if (static_cast<std::int64_t>(n) <= *cap) return out.set_pass();
    const char* reason = what_ == What::Orders ? "max_orders_per_action" : "max_symbols_per_action";
    out.set_deny(reason, reason, ": limit=", *cap, " action=", n);
  }

 private:
  What what_;
  std::optional<double> fixed_;
};

class Cooldown final : public Gate {
 public:
  Cooldown(std::string id, std::optional<double> seconds) : Gate(std::move(id)), seconds_(seconds) {}
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    std::optional<double> s = seconds_ ? seconds_ : ctx.limits.cooldown_seconds;
    if (!s || *s <= 0 || !ctx.last_action_ms) return out.set_pass();
    double elapsed = static_cast<double>(ctx.now_ms - *ctx.last_action_ms) / 1000.0;
    if (elapsed >= *s) return out.set_pass();
    out.set_deny("cooldown", "cooldown=", *s, "s elapsed=", std::floor(elapsed * 10) / 10, "s");
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
