// The admin endpoint (/admin/...): the kill switch trigger, stage changes
// from the ceremony commands, and shadow evaluation for drills. Loopback
// callers only, and only with the token from <state_dir>/admin.token. There is
// deliberately no kill switch reset: the latch clears only with a restart.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "grinder/gates/action.hpp"
#include "grinder/util/json_escape.hpp"
#include "runtime_impl.hpp"

namespace grinder::runtime {

namespace {
bool loopback(const std::string& addr) { return addr == "127.0.0.1" || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0; }

HttpResponse error(int status, const std::string& message) {
  return HttpResponse::json(status, "{\"error\":" + util::json_quote(message) + "}");
}
}  // namespace

HttpResponse Runtime::Impl::handle_admin(const HttpRequest& req) {
  if (!loopback(req.remote_address)) return error(403, "the admin endpoint answers loopback callers only");
  if (admin_token.empty() || req.header("authorization") != "Bearer " + admin_token)
    return error(401, "missing or wrong admin token (it is in the state folder's admin.token)");
  rapidjson::Document body;
  if (!req.body.empty()) {
    body.Parse(req.body.c_str());
    if (body.HasParseError() || !body.IsObject()) return error(400, "the request body must be a JSON object");
  } else {
    body.SetObject();
  }
  std::int64_t now = wall_ms();
  auto text = [&](const char* k) {
    return body.HasMember(k) && body[k].IsString() ? std::string(body[k].GetString()) : std::string();
  };

  if (req.path == "/admin/kill-switch") {
    if (req.method == "POST") {
      std::string reason = text("reason");
      if (reason.empty()) reason = "operator";
      bool first = kill_switch.trip(reason, now);
      gate_metrics->kill_switch(true);
      if (first) {
        log("KILL SWITCH TRIGGERED: " + reason + " (reset only by restarting)");
        audit_event(audit::Event("KILL_SWITCH_TRIGGERED", now).field("reason", reason).field("by", text("by")));
      }
      return HttpResponse::json(200, std::string("{\"tripped\":true,\"already\":") + (first ? "false" : "true") +
                                         ",\"reason\":" + util::json_quote(kill_switch.reason()) + "}");
    }
    if (req.method == "GET")
      return HttpResponse::json(200, std::string("{\"tripped\":") + (kill_switch.tripped() ? "true" : "false") +
                                         ",\"reason\":" + util::json_quote(kill_switch.reason()) +
                                         ",\"at_ms\":" + std::to_string(kill_switch.tripped_at_ms()) + "}");
    return error(405, "GET or POST");
  }

  if (req.path == "/admin/stage" && req.method == "POST") {
    auto gen = holder->current();
    std::string name = text("stage");
    auto index = gen->deployment->ladder.index_of_stage(name);
    if (!index) return error(400, "no stage named '" + name + "' in the ladder");
    std::int64_t t0 = steady_ms();
    reload::ReloadOutcome r;
    if (*index < gen->stage_index) {
      r = holder->rollback_to(*index);
    } else if (*index > gen->stage_index) {
      r = holder->promote_to(*index);
    } else {
      r.ok = true;
      r.generation = gen->id;
      r.stage = gen->stage().name;
    }
    std::int64_t applied_ms = steady_ms() - t0;
    if (!r.ok) {
      std::string msg;
      for (const auto& e : r.errors.items()) msg += (msg.empty() ? "" : "; ") + e.message;
      return error(409, msg);
    }
    if (auto now_gen = holder->current()) note_stage(*now_gen);
    audit_event(audit::Event("STAGE_CHANGED_BY_OPERATOR", now)
                    .field("stage", r.stage)
                    .field("by", text("by"))
                    .field("reason", text("reason"))
                    .field("applied_ms", applied_ms)
                    .field("generation", r.generation));
    return HttpResponse::json(200, "{\"stage\":" + util::json_quote(r.stage) + ",\"generation\":" +
                                       std::to_string(r.generation) + ",\"applied_ms\":" + std::to_string(applied_ms) + "}");
  }

  if (req.path == "/admin/reload" && req.method == "POST") {
    // The graduation command changes the limits' step on disk; this rebuilds
    // the generation so the new limits apply without a restart.
    on_config_change();
    auto gen = holder->current();
    return HttpResponse::json(200, "{\"generation\":" + std::to_string(gen->id) + ",\"result\":" +
                                       util::json_quote(last_reload_result) + ",\"graduation_step\":" +
                                       std::to_string(gen->graduation_step) + "}");
  }

  if (req.path == "/admin/evaluate" && req.method == "POST") {
    // A probe through the live chain, never sent: the kill switch drill uses
    // it to see that new risk is refused. Its blocks count like any other.
    if (!body.HasMember("action") || !body["action"].IsObject()) return error(400, "needs {\"action\": {...}}");
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    body["action"].Accept(w);
    std::string why;
    auto action = gates::parse_action_json(sb.GetString(), why);
    if (!action) return error(400, why);
    auto gen = holder->current();
    plugin::Snapshot empty;
    gates::Decision d = gen->decide(*action, context_for(*gen, action->symbol, last_snapshot ? *last_snapshot : empty, now));
    record_decision(d);
    if (!d.allow) gate_metrics->blocked(d);
    audit_event(audit::Event("PROBE_EVALUATED", now).field("by", text("by")).raw("decision", d.to_json()));
    return HttpResponse::json(200, d.to_json());
  }
  return error(404, "unknown admin request " + req.method + " " + req.path);
}

}  // namespace grinder::runtime
