// The HTTP endpoints: /metrics (Prometheus text), /healthz, /readyz, /status.
// Each answers from state the loop already holds; none calls the venue.
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "grinder/runtime/status_page.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"
#include "runtime_impl.hpp"

namespace grinder::runtime {

namespace {
std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + util::json_quote(v[i]);
  return out + "]";
}
}  // namespace

std::vector<std::string> Runtime::Impl::degraded_reasons() {
  std::vector<std::string> out;
  auto st = holder->status();
  if (st.degraded) out.push_back("config: " + st.reason);
  if (!audit->error().empty()) out.push_back("audit: " + audit->error());
  if (!ledger->error().empty()) out.push_back("budget: " + ledger->error());
  return out;
}

std::vector<std::string> Runtime::Impl::not_ready_reasons() {
  std::vector<std::string> out;
  auto gen = holder->current();
  std::int64_t now = wall_ms();
  if (!gen->stage().execute) out.push_back("stage " + gen->stage().name + " does not execute");
  if (kill_switch.tripped()) out.push_back("kill switch tripped");
  if (circuit.blocks(now)) out.push_back("circuit open: " + circuit.last_reason());
  if (!audit->error().empty()) out.push_back("audit unavailable");
  if (!ledger->error().empty()) out.push_back("budget state unusable");
  if (elector) {
    ha::ElectionStatus st = elector->status();
    if (st.role != ha::Role::Leader) out.push_back("standby for " + st.scope + ": " + st.reason);
  }
  return out;
}

std::string Runtime::Impl::status_json() {
  auto gen = holder->current();
  auto st = holder->status();
  const auto& d = *gen->deployment;
  std::int64_t now = wall_ms();
  auto ctx = gen->context();
  auto flags = gen->stage().flags();
  auto bv = ledger->view(now);
  std::string out = "{\"deployment\":" + util::json_quote(d.name) + ",\"run_id\":" + util::json_quote(run_id) +
                    ",\"uptime_s\":" + std::to_string((now - started_ms) / 1000) +
                    ",\"generation\":" + std::to_string(gen->id) + ",\"config_digest\":" + util::json_quote(d.digest) +
                    ",\"last_reload\":" + util::json_quote(last_reload_result) +
                    ",\"degraded\":" + json_list(degraded_reasons()) + ",\"ladder\":{\"name\":" +
                    util::json_quote(d.ladder.name) + ",\"lever\":" + util::json_quote(d.ladder.lever.env) +
                    ",\"lever_value\":" + util::json_quote(gen->lever_value) + ",\"stages\":[";
  for (std::size_t i = 0; i < d.ladder.stages.size(); ++i)
    out += std::string(i ? "," : "") + "{\"name\":" + util::json_quote(d.ladder.stages[i].name) +
           ",\"current\":" + (i == gen->stage_index ? "true" : "false") + "}";
  out += "]},\"stage\":" + util::json_quote(gen->stage().name) + ",\"held\":" + (st.held ? "true" : "false") +
         ",\"held_reason\":" + util::json_quote(st.held_reason) + ",\"flags\":{\"dry_run\":" +
         (flags.dry_run ? "true" : "false") + ",\"allow_active_remediation\":" +
         (flags.allow_active_remediation ? "true" : "false") + ",\"armed\":" + (flags.armed ? "true" : "false") +
         "},\"limits\":" + ctx.limits.to_json() + ",\"budget\":{\"calls_run\":" + std::to_string(bv.calls_run) +
         ",\"calls_day\":" + std::to_string(bv.calls_day) + ",\"notional_run\":" +
         util::format_number(bv.notional_run) + ",\"notional_day\":" + util::format_number(bv.notional_day) +
         ",\"error\":" + util::json_quote(bv.error) + "},\"kill_switch\":{\"tripped\":" +
         (kill_switch.tripped() ? "true" : "false") + ",\"reason\":" + util::json_quote(kill_switch.reason()) +
         "},\"circuit\":" + util::json_quote(safety::CircuitBreaker::to_string(circuit.state(now))) +
         ",\"leader\":" + (is_leader() ? "true" : "false") + ",\"ha\":" + ha_json() +
         ",\"venue\":" + util::json_quote(venue_name) + ",\"cycles\":" + std::to_string(cycles) +
         ",\"ready\":" + json_list(not_ready_reasons()) + ",\"criteria_values\":{";
  bool first_value = true;
  for (const auto& [k, v] : criteria_values(now)) {
    out += (first_value ? "" : ",") + util::json_quote(k) + ":" + util::format_number(v);
    first_value = false;
  }
  out += "},\"recent_decisions\":[";
  std::size_t first = recent.size() > 20 ? recent.size() - 20 : 0;
  for (std::size_t i = first; i < recent.size(); ++i) out += std::string(i > first ? "," : "") + recent[i].to_json();
  return out + "]}";
}

HttpResponse Runtime::Impl::handle(const HttpRequest& req) {
  if (req.path.rfind("/admin/", 0) == 0) return handle_admin(req);
  if (req.path == "/metrics") {
    note_role_metrics();  // leadership can lapse between two events: scrape what holds now
    prometheus::TextSerializer ser;
    HttpResponse r = HttpResponse::text(200, ser.Serialize(registry->Collect()));
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  }
  if (req.path == "/healthz") {
    auto reasons = degraded_reasons();
    std::int64_t uptime = (wall_ms() - started_ms) / 1000;
    // The process is alive either way (200); "degraded" says it runs on a
    // last-good config or cannot audit, so nobody mistakes it for healthy.
    return HttpResponse::json(200, std::string("{\"status\":\"") + (reasons.empty() ? "ok" : "degraded") +
                                       "\",\"uptime_s\":" + std::to_string(uptime) +
                                       ",\"generation\":" + std::to_string(holder->current()->id) +
                                       ",\"reasons\":" + json_list(reasons) + "}");
  }
  if (req.path == "/readyz") {
    // A standby is never ready: whatever routes to "the one that trades" must
    // find the leader (Runbook 17 section 4).
    bool leader = is_leader();
    auto reasons = not_ready_reasons();
    bool ready = reasons.empty() && leader;
    std::string scope = elector ? ",\"scope\":" + util::json_quote(ha_config.scope) : "";
    return HttpResponse::json(ready ? 200 : 503, std::string("{\"ready\":") + (ready ? "true" : "false") +
                                                     ",\"role\":\"" + (leader ? "leader" : "standby") + "\"" +
                                                     scope + ",\"reasons\":" + json_list(reasons) + "}");
  }
  if (req.path == "/status") {
    // A browser asks for text/html and gets the page; curl, scripts and
    // `?format=json` keep getting the JSON they always had.
    std::string accept = req.header("accept");
    bool html = accept.find("text/html") != std::string::npos && accept.find("application/json") == std::string::npos &&
                req.target.find("format=json") == std::string::npos;
    if (!html) return HttpResponse::json(200, status_json());
    HttpResponse r = HttpResponse::text(200, render_status_page(status_json()));
    r.content_type = "text/html; charset=utf-8";
    return r;
  }
  return HttpResponse::text(404, "not found: " + req.path + "\n(try /metrics, /healthz, /readyz, /status)\n");
}

}  // namespace grinder::runtime
