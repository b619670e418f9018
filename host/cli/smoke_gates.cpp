#include "smoke_gates.hpp"

#include <functional>

namespace grinder::cli {

namespace {

std::string text_param(const config::ChainGateConfig& g, const char* key, const std::string& fallback) {
  const config::Value* v = g.with.find(key);
  if (!v) return fallback;
  switch (v->kind) {
    case config::Value::Kind::String: return v->text;
    case config::Value::Kind::Int: return std::to_string(v->integer);
    case config::Value::Kind::Bool: return v->boolean ? "true" : "false";
    default: return fallback;
  }
}

}  // namespace

GateChecks plan_gate_checks(const config::ChainConfig& chain, const gates::GateContext& base) {
  GateChecks out;
  out.satisfied = base;
  gates::GateContext& ok = out.satisfied;
  ok.venue_configured = true;
  ok.kill_switch = false;
  ok.circuit_open = false;
  ok.leader = true;

  // First every gate satisfied, then each tripped on a copy of that.
  struct Trip {
    std::string gate, condition;
    std::function<void(gates::GateContext&)> apply;
  };
  std::vector<Trip> trips;
  for (const auto& g : chain.gates) {
    std::string id = g.id.empty() ? g.name : g.id;
    if (g.kind != config::ChainGateConfig::Kind::Builtin) {
      out.untested.push_back(id);
      continue;
    }
    if (g.name == "env_flag") {
      std::string var = text_param(g, "var", ""), equals = text_param(g, "equals", "1");
      ok.env[var] = equals;
      trips.push_back({id, var + "=" + equals + " not set", [var](gates::GateContext& c) { c.env.erase(var); }});
    } else if (g.name == "connector_mode") {
      std::string var = text_param(g, "var", "GRINDER_CONNECTOR_MODE");
      std::string required = text_param(g, "required", "LIVE_TRADE");
      ok.env[var] = required;
      std::string other = required == "READ_ONLY" ? "PAPER" : "READ_ONLY";
      trips.push_back({id, var + "=" + other, [var, other](gates::GateContext& c) { c.env[var] = other; }});
    } else if (g.name == "safe_mode") {
      std::string var = text_param(g, "var", "SAFE_MODE");
      ok.env.erase(var);
      trips.push_back({id, var + "=1", [var](gates::GateContext& c) { c.env[var] = "1"; }});
    } else if (g.name == "venue_configured") {
      trips.push_back({id, "no venue configured", [](gates::GateContext& c) { c.venue_configured = false; }});
    } else if (g.name == "kill_switch") {
      trips.push_back({id, "kill switch tripped", [](gates::GateContext& c) { c.kill_switch = true; }});
    } else if (g.name == "circuit_breaker") {
      trips.push_back({id, "circuit breaker open", [](gates::GateContext& c) { c.circuit_open = true; }});
    } else if (g.name == "leader") {
      trips.push_back({id, "standby instance", [](gates::GateContext& c) { c.leader = false; }});
    } else {
      out.untested.push_back(id);
    }
  }
  for (auto& t : trips) {
    GateScenario s{t.gate, t.condition, ok};
    t.apply(s.ctx);
    out.trips.push_back(std::move(s));
  }
  return out;
}

std::string blocked_text(const gates::GateVerdict& v, std::string_view action) {
  std::string detail = v.detail.empty() ? v.reason : v.detail;
  if (detail.rfind("Cannot ", 0) == 0) return detail;
  return "Cannot " + std::string(action) + ": " + detail;
}

}  // namespace grinder::cli
