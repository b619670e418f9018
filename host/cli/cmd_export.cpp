// grinder export: incident evidence in one JSONL file (BTCTurk runbook,
// section E: "preserve evidence before restart loops"): the last N audit
// events (decisions included), a metrics snapshot of the live run when one
// answers, the budget ledger and the drills on record. Each line is one JSON
// object with a "kind": audit, metrics, budget or drills. Credentials and
// the admin token are never read, so no secret can end up in the file.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "grinder/audit/audit_log.hpp"
#include "grinder/budget/ledger.hpp"
#include "grinder/ceremony/live_instance.hpp"
#include "grinder/ceremony/state.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"
#include "live_run_checks.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

namespace {

struct Options {
  std::string config = "grinder.yaml";
  std::size_t last = 50;
  std::string format = "jsonl";
  std::string out;
  std::string url;
};

std::string compact(const rapidjson::Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

std::vector<std::string> audit_lines(const config::Deployment& d, std::size_t last) {
  std::vector<std::string> out;
  auto read = audit::read_events(d.audit_path);
  std::size_t first = read.events.size() > last ? read.events.size() - last : 0;
  for (std::size_t i = first; i < read.events.size(); ++i)
    out.push_back("{\"kind\":\"audit\",\"source\":" + util::json_quote(d.audit_path) + ",\"record\":" + read.events[i] +
                  "}");
  return out;
}

std::string metrics_line(const config::Deployment& d, const std::string& url, std::int64_t now) {
  ceremony::LiveInstance live(d, url);
  auto r = live.get("/metrics");
  std::string head =
      "{\"kind\":\"metrics\",\"source\":" + util::json_quote(live.where()) + ",\"at_ms\":" + std::to_string(now);
  if (r.status != 200)
    return head + ",\"live\":false,\"detail\":" +
           util::json_quote(r.status ? "/metrics answered HTTP " + std::to_string(r.status)
                                     : "no run answers: " + r.error) +
           "}";
  std::string values;
  for (const auto& [series, value] : runtime::parse_metrics(r.body))
    if (std::isfinite(value))  // JSON has no NaN or Inf
      values += (values.empty() ? "" : ",") + util::json_quote(series) + ":" + util::format_number(value);
  return head + ",\"live\":true,\"values\":{" + values + "}}";
}

std::string budget_line(const config::Deployment& d, std::int64_t now) {
  budget::Ledger ledger(d.budget_state_path, "export", now);
  std::string out = "{\"kind\":\"budget\",\"path\":" + util::json_quote(d.budget_state_path) +
                    ",\"exists\":" + (ledger.existed() ? "true" : "false") +
                    ",\"error\":" + (ledger.error().empty() ? "null" : util::json_quote(ledger.error()));
  if (auto age = ledger.age_hours(now)) out += ",\"age_hours\":" + util::format_number(*age);
  out +=
      ",\"stale\":" + std::string(budget::stale_warning(ledger, d.budget_stale_hours, now).empty() ? "false" : "true");
  // The file as it is on disk (the ledger object would show this export's
  // own run counters), when it is JSON at all.
  std::ifstream in(d.budget_state_path);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  out += ",\"state\":" + (in && !doc.HasParseError() && doc.IsObject() ? compact(doc) : std::string("null"));
  return out + "}";
}

std::string drills_line(const config::Deployment& d) {
  ceremony::StateDir state(d.state_dir);
  std::string why;
  std::string out = "{\"kind\":\"drills\",\"path\":" + util::json_quote(state.path("drills.json"));
  auto drills = state.drills(why);
  if (!drills) return out + ",\"error\":" + util::json_quote(why) + ",\"drills\":null}";
  std::string list;
  for (const auto& [name, r] : *drills)
    list += (list.empty() ? "" : ",") + util::json_quote(name) + ":{\"passed\":" + (r.passed ? "true" : "false") +
            ",\"at_ms\":" + std::to_string(r.at_ms) + ",\"detail\":" + util::json_quote(r.detail) + "}";
  out += ",\"drills\":{" + list + "}";
  // The approved ceiling sits next to the drills: what promotion relied on.
  if (auto st = state.stage(why))
    out += ",\"stage\":{\"ceiling\":" + util::json_quote(st->ceiling) +
           ",\"since_ms\":" + std::to_string(st->since_ms) + ",\"changed_by\":" + util::json_quote(st->changed_by) +
           "}";
  return out + "}";
}

void run(const Options& o) {
  if (!o.url.empty() && !valid_instance_url(o.url)) {
    std::cerr << "grinder export: --url must look like http://127.0.0.1:9090, not '" << o.url << "'\n";
    throw CLI::RuntimeError(2);
  }
  config::Diagnostics diags;
  auto d = config::load_deployment(o.config, diags);
  if (!d) {
    std::cerr << diags.render_text() << diags.size() << " error(s); nothing was exported\n";
    throw CLI::RuntimeError(2);
  }
  std::int64_t now = wall_now_ms();
  std::vector<std::string> lines = audit_lines(*d, o.last);
  std::size_t audit_count = lines.size();
  lines.push_back(metrics_line(*d, o.url, now));
  lines.push_back(budget_line(*d, now));
  lines.push_back(drills_line(*d));
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  if (o.out == "-") {
    std::cout << text;
    return;
  }
  std::string why;
  if (!budget::atomic_write(o.out, text, why)) {
    std::cerr << "grinder export: " << why << "\n";
    throw CLI::RuntimeError(2);
  }
  std::cout << "exported " << lines.size() << " line(s) to " << o.out << ": " << audit_count
            << " audit event(s), metrics, budget, drills\n";
}

}  // namespace

void register_export(CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* cmd =
      app.add_subcommand("export", "Incident evidence as JSONL: last audit events, live metrics, budget, drills");
  cmd->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("--last", o->last, "How many audit events, newest last")->capture_default_str();
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"jsonl"}))->capture_default_str();
  cmd->add_option("--out", o->out, "File to write (replaced atomically); - for stdout")->required();
  cmd->add_option("--url", o->url, "A live run's HTTP address (default: the config's port)");
  cmd->callback([o] { run(*o); });
}

}  // namespace grinder::cli
