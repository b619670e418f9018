// Gates on environment variables: Runbook 17's connector mode and
// ALLOW_MAINNET_TRADE, the BTCTurk arming variables, safe mode.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "builtin_gates.hpp"

namespace grinder::gates::builtin {

namespace {

// Compared in place, case-insensitively: safe mode is read on every decision.
bool truthy(const std::string* v) {
  if (!v) return false;
  auto is = [&](std::string_view word) {
    return v->size() == word.size() &&
           std::equal(v->begin(), v->end(), word.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  };
  return is("1") || is("true") || is("yes") || is("on");
}

class ConnectorMode final : public Gate {
 public:
  ConnectorMode(std::string id, std::string var, std::string required)
      : Gate(std::move(id)), var_(std::move(var)), required_(std::move(required)) {}
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    // READ_ONLY is the default: no writes unless the mode says otherwise.
    const std::string* set = ctx.find_env(var_);
    const std::string_view mode = set ? std::string_view(*set) : std::string_view("READ_ONLY");
    if (mode == required_) return out.set_pass();
    out.set_deny("mode_not_live_trade", "Cannot place_order: ", var_, "=", mode, " (need ", required_, ")");
  }

 private:
  std::string var_, required_;
};

class EnvFlag final : public Gate {
 public:
  EnvFlag(std::string id, std::string var, std::string equals, std::string reason, bool risk_only)
      : Gate(std::move(id)), var_(std::move(var)), equals_(std::move(equals)), reason_(std::move(reason)),
        risk_only_(risk_only), secret_(config::looks_secret(var_)) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    if (risk_only_ && !a.adds_risk()) return out.set_pass();
    const std::string* v = ctx.find_env(var_);
    if (v && *v == equals_) return out.set_pass();
    out.set_deny(reason_, var_, "=", equals_, " not set (", var_);
    if (!v)
      out.append_detail(" is not set)");
    else if (secret_)
      out.append_detail(" is set)");  // never echo a secret
    else
      out.append_detail("=", *v, ")");
  }

 private:
  std::string var_, equals_, reason_;
  bool risk_only_;
  bool secret_;  // the variable's name looks like a secret's: its value is never shown
};

class SafeMode final : public Gate {
 public:
  SafeMode(std::string id, std::string var) : Gate(std::move(id)), var_(std::move(var)) {}
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    // Safe mode wins over everything, reducing actions included: observe only.
    const std::string* v = ctx.find_env(var_);
    if (!truthy(v)) return out.set_pass();
    out.set_deny("safe_mode", var_, "=", *v, ": observe only");
  }

 private:
  std::string var_;
};

}  // namespace

GatePtr connector_mode(std::string id, const Params& p) {
  return std::make_unique<ConnectorMode>(std::move(id), p.text("var").value_or("GRINDER_CONNECTOR_MODE"),
                                         p.text("required").value_or("LIVE_TRADE"));
}
GatePtr env_flag(std::string id, const Params& p) {
  return std::make_unique<EnvFlag>(std::move(id), *p.text("var"), p.text("equals").value_or("1"),
                                   p.text("reason").value_or("env_var_missing"),
                                   p.text("applies_to").value_or("all") == "risk_increasing");
}
GatePtr safe_mode(std::string id, const Params& p) {
  return std::make_unique<SafeMode>(std::move(id), p.text("var").value_or("SAFE_MODE"));
}

}  // namespace grinder::gates::builtin
