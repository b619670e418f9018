// The /status page for people. It is rendered from the same JSON that
// scripts read, so the page can never show something the JSON does not say,
// and every field is looked up by name: a field the page does not know is
// ignored, a field that is missing is left out rather than failing the page.
#include "grinder/runtime/status_page.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "grinder/util/number.hpp"
#include "status_page_style.hpp"

namespace grinder::runtime {

namespace {

using rapidjson::Value;

// Everything that came from the JSON goes through here before it reaches the
// page: a reason or detail is free text and may carry markup.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Typed lookups that answer "absent" for a missing member, a member of the
// wrong type, or a parent that is not an object.
const Value* get(const Value* obj, const char* name) {
  if (!obj || !obj->IsObject()) return nullptr;
  auto it = obj->FindMember(name);
  return it == obj->MemberEnd() ? nullptr : &it->value;
}
std::optional<std::string> get_str(const Value* obj, const char* name) {
  const Value* v = get(obj, name);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}
std::optional<bool> get_bool(const Value* obj, const char* name) {
  const Value* v = get(obj, name);
  if (!v || !v->IsBool()) return std::nullopt;
  return v->GetBool();
}
std::optional<double> get_num(const Value* obj, const char* name) {
  const Value* v = get(obj, name);
  if (!v || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}
const Value* get_array(const Value* obj, const char* name) {
  const Value* v = get(obj, name);
  return v && v->IsArray() ? v : nullptr;
}
std::vector<std::string> get_strs(const Value* obj, const char* name) {
  std::vector<std::string> out;
  if (const Value* a = get_array(obj, name))
    for (const auto& v : a->GetArray())
      if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  return out;
}

std::string pill(const char* colour, const std::string& text) {
  return std::string("<span class=\"pill ") + colour + "\">" + esc(text) + "</span>";
}
std::string code(const std::string& text) { return "<code>" + esc(text) + "</code>"; }
std::string num(double v) { return util::format_number(v); }

// Out-of-range numbers are shown as "?" rather than cast (a cast of a value
// that does not fit is undefined).
std::string utc_time(double ts_ms) {
  if (!(ts_ms >= 0 && ts_ms < 1e15)) return "?";
  std::time_t secs = static_cast<std::time_t>(ts_ms / 1000);
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return "?";
  char buf[32];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  // Milliseconds, because decisions of one cycle share their second.
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(std::fmod(ts_ms, 1000)));
  return buf;
}

std::string duration(double seconds) {
  if (!(seconds >= 0 && seconds < 1e12)) return "?";
  long s = static_cast<long>(seconds);
  char buf[48];
  if (s >= 86400) std::snprintf(buf, sizeof buf, "%ldd %02ldh %02ldm", s / 86400, s % 86400 / 3600, s % 3600 / 60);
  else if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh %02ldm %02lds", s / 3600, s % 3600 / 60, s % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm %02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

// A list of reasons, or one green line saying there are none.
std::string reason_list(const std::vector<std::string>& reasons, const char* colour, const char* none) {
  if (reasons.empty()) return "<p>" + pill("green", none) + "</p>";
  std::string out = "<ul class=\"reasons\">";
  for (const auto& r : reasons) out += "<li>" + pill(colour, r) + "</li>";
  return out + "</ul>";
}

// The headline: the one state an operator should see first.
std::string overall(const Value& doc) {
  if (get_bool(get(&doc, "kill_switch"), "tripped").value_or(false)) return pill("red", "KILL SWITCH TRIPPED");
  if (!get_strs(&doc, "degraded").empty()) return pill("red", "DEGRADED");
  if (get_array(&doc, "ready") && get_strs(&doc, "ready").empty()) return pill("green", "READY");
  if (get_array(&doc, "ready")) return pill("amber", "NOT READY");
  return "";
}

std::string header(const Value& doc) {
  std::string out = "<header><h1>grinder <span class=\"dep\">" + esc(get_str(&doc, "deployment").value_or("")) +
                    "</span></h1>" + overall(doc) + "</header><p class=\"meta\">";
  std::vector<std::string> parts;
  if (auto v = get_str(&doc, "venue")) parts.push_back("venue " + code(*v));
  if (auto v = get_num(&doc, "uptime_s")) parts.push_back("up " + esc(duration(*v)));
  if (auto v = get_num(&doc, "cycles")) parts.push_back(esc(num(*v)) + " cycles");
  if (auto v = get_str(&doc, "run_id")) parts.push_back("run " + code(*v));
  parts.push_back("refreshes every 5 s");
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? " &middot; " : "") + parts[i];
  return out + "</p>";
}

// The flags are derived from the stage, so they sit under the ladder. Amber
// marks a flag in the state that holds actions back.
std::string flags(const Value& doc) {
  const Value* f = get(&doc, "flags");
  if (!f) return "";
  struct Flag {
    const char* name;
    bool holds_back_when;
    const char* if_true;
    const char* if_false;
  };
  const Flag list[] = {{"dry_run", true, "no order is sent", "orders are sent"},
                       {"allow_active_remediation", false, "the stage plans actions", "the stage only observes"},
                       {"armed", false, "execution is armed", "execution is not armed"}};
  std::string out = "<ul class=\"flags\">";
  for (const auto& fl : list) {
    auto v = get_bool(f, fl.name);
    out += "<li>" + code(fl.name) + " ";
    out += v ? pill(*v == fl.holds_back_when ? "amber" : "green", *v ? "true" : "false") : pill("grey", "unknown");
    if (v) out += " <small>" + std::string(*v ? fl.if_true : fl.if_false) + "</small>";
    out += "</li>";
  }
  return out + "</ul>";
}

std::string ladder(const Value& doc) {
  const Value* lad = get(&doc, "ladder");
  bool held = get_bool(&doc, "held").value_or(false);
  std::string out = "<section><h2>Ladder";
  if (auto n = get_str(lad, "name")) out += " <small>" + esc(*n) + "</small>";
  out += "</h2><ol class=\"ladder\">";
  if (const Value* stages = get_array(lad, "stages")) {
    for (const auto& s : stages->GetArray()) {
      bool current = get_bool(&s, "current").value_or(false);
      out += current ? "<li class=\"rung current\" aria-current=\"step\">" : "<li class=\"rung\">";
      out += esc(get_str(&s, "name").value_or("?"));
      if (current) out += held ? "<span class=\"tag amber\">current &middot; held</span>" : "<span class=\"tag\">current</span>";
      out += "</li>";
    }
  } else if (auto st = get_str(&doc, "stage")) {
    out += "<li class=\"rung current\" aria-current=\"step\">" + esc(*st) + "<span class=\"tag\">current</span></li>";
  }
  out += "</ol>";
  auto lever = get_str(lad, "lever");
  if (lever) out += "<p>lever " + code(*lever + "=" + get_str(lad, "lever_value").value_or("")) + "</p>";
  out += flags(doc);
  if (held)
    out += "<p class=\"notice amber\"><b>held</b>: " + esc(get_str(&doc, "held_reason").value_or("no reason given")) + "</p>";
  return out + "</section>";
}

std::string safety(const Value& doc) {
  std::string out = "<div class=\"card\"><h2>Safety</h2><table class=\"kv\">";
  const Value* ks = get(&doc, "kill_switch");
  if (auto tripped = get_bool(ks, "tripped")) {
    out += "<tr><th>kill switch</th><td>" + (*tripped ? pill("red", "TRIPPED") : pill("green", "not tripped"));
    auto reason = get_str(ks, "reason");
    if (reason && !reason->empty()) out += " " + code(*reason);
    out += "</td></tr>";
  }
  if (auto c = get_str(&doc, "circuit")) {
    const char* colour = *c == "closed" ? "green" : *c == "open" ? "red" : "amber";
    out += "<tr><th>circuit</th><td>" + pill(colour, *c) + "</td></tr>";
  }
  if (auto l = get_bool(&doc, "leader"))
    out += "<tr><th>leader</th><td>" + (*l ? pill("green", "leader") : pill("amber", "standby")) + "</td></tr>";
  const Value* ha = get(&doc, "ha");
  if (get_bool(ha, "enabled").value_or(false)) {
    out += "<tr><th>HA scope</th><td>" + code(get_str(ha, "scope").value_or("")) + " " +
           esc(get_str(ha, "reason").value_or("")) + "</td></tr>";
    auto err = get_str(ha, "etcd_error");
    if (err && !err->empty()) out += "<tr><th>etcd</th><td>" + pill("red", "error") + " " + esc(*err) + "</td></tr>";
  }
  return out + "</table></div>";
}

std::string health(const Value& doc) {
  std::string out = "<div class=\"card\"><h2>Readiness</h2>";
  if (get_array(&doc, "ready")) out += reason_list(get_strs(&doc, "ready"), "amber", "ready");
  out += "<h2>Degraded</h2>";
  if (get_array(&doc, "degraded")) out += reason_list(get_strs(&doc, "degraded"), "red", "not degraded");
  return out + "</div>";
}

std::string config(const Value& doc) {
  std::string out = "<div class=\"card\"><h2>Config</h2><table class=\"kv\">";
  if (auto g = get_num(&doc, "generation")) out += "<tr><th>generation</th><td>" + code(num(*g)) + "</td></tr>";
  if (auto d = get_str(&doc, "config_digest")) out += "<tr><th>digest</th><td class=\"digest\">" + code(*d) + "</td></tr>";
  if (auto r = get_str(&doc, "last_reload")) {
    const char* colour = *r == "ok" ? "green" : *r == "none" ? "grey" : "red";
    out += "<tr><th>last reload</th><td>" + pill(colour, *r) + "</td></tr>";
  }
  return out + "</table></div>";
}

// Bar fill in percent of the limit, capped at 100; a limit of zero or less
// means nothing is allowed, so the bar is full.
double fill_percent(double used, double limit) {
  if (limit <= 0) return 100;
  return std::clamp(used / limit * 100, 0.0, 100.0);
}
std::string percent_text(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", p);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string budget_row(const char* label, std::optional<double> used, std::optional<double> limit) {
  std::string out = "<tr><th>" + std::string(label) + "</th><td class=\"barcell\">";
  if (!limit) {
    out += "<div class=\"bar unlimited\"></div></td><td>" + (used ? esc(num(*used)) : "&mdash;") +
           " / <b>unlimited</b></td></tr>";
    return out;
  }
  double p = fill_percent(used.value_or(0), *limit);
  const char* colour = p >= 100 ? "red" : p >= 80 ? "amber" : "green";
  out += "<div class=\"bar\"><div class=\"fill " + std::string(colour) + "\" style=\"width:" + percent_text(p) +
         "%\"></div></div></td><td>" + (used ? esc(num(*used)) : "&mdash;") + " / " + esc(num(*limit)) +
         " <small>(" + percent_text(p) + "%)</small></td></tr>";
  return out;
}

std::string budgets(const Value& doc) {
  const Value* b = get(&doc, "budget");
  const Value* l = get(&doc, "limits");
  std::string out = "<section><h2>Budgets</h2><table class=\"budget\">";
  out += budget_row("calls this run", get_num(b, "calls_run"), get_num(l, "max_calls_per_run"));
  out += budget_row("calls today", get_num(b, "calls_day"), get_num(l, "max_calls_per_day"));
  out += budget_row("notional this run", get_num(b, "notional_run"), get_num(l, "max_notional_per_run"));
  out += budget_row("notional today", get_num(b, "notional_day"), get_num(l, "max_notional_per_day"));
  out += "</table>";
  auto err = get_str(b, "error");
  if (err && !err->empty()) out += "<p class=\"notice red\"><b>budget state</b>: " + esc(*err) + "</p>";
  return out + "</section>";
}

struct GateStats {
  std::string kind;
  int allow = 0;
  int deny = 0;
  std::string last_reason, last_detail;
};

// Per-gate counts over the recent decisions (oldest first in the JSON, so
// the last denial seen is the latest), in the order gates first appear.
std::string gates(const Value* decisions) {
  std::vector<std::string> order;
  std::map<std::string, GateStats> stats;
  if (decisions)
    for (const auto& d : decisions->GetArray())
      if (const Value* gs = get_array(&d, "gates"))
        for (const auto& g : gs->GetArray()) {
          std::string id = get_str(&g, "gate").value_or("?");
          auto [it, fresh] = stats.try_emplace(id);
          if (fresh) order.push_back(id);
          GateStats& s = it->second;
          s.kind = get_str(&g, "kind").value_or(s.kind);
          if (get_str(&g, "verdict").value_or("") == "ALLOW") {
            ++s.allow;
          } else {
            ++s.deny;
            s.last_reason = get_str(&g, "reason").value_or("");
            s.last_detail = get_str(&g, "detail").value_or("");
          }
        }
  std::string out = "<section><h2>Gate chain <small>over the last " + std::to_string(decisions ? decisions->Size() : 0) +
                    " decisions</small></h2>";
  if (order.empty()) return out + "<p class=\"muted\">No gate verdict yet.</p></section>";
  out += "<table class=\"list\"><thead><tr><th>gate</th><th>kind</th><th class=\"n\">allowed</th>"
         "<th class=\"n\">denied</th><th>last denial</th></tr></thead><tbody>";
  for (const auto& id : order) {
    const GateStats& s = stats[id];
    out += "<tr><td>" + code(id) + "</td><td>" + esc(s.kind) + "</td><td class=\"n\">" +
           pill(s.allow ? "green" : "grey", std::to_string(s.allow)) + "</td><td class=\"n\">" +
           pill(s.deny ? "red" : "grey", std::to_string(s.deny)) + "</td><td>";
    if (s.deny) out += code(s.last_reason) + (s.last_detail.empty() ? "" : " <small>" + esc(s.last_detail) + "</small>");
    out += "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string action_text(const Value* a) {
  std::string out = code(get_str(a, "type").value_or("?"));
  if (auto side = get_str(a, "side")) out += " " + esc(*side);
  if (auto qty = get_num(a, "qty")) out += " " + esc(num(*qty));
  return out;
}

std::string decisions(const Value* list) {
  std::string out = "<section><h2>Recent decisions <small>newest first</small></h2>";
  if (!list || list->Empty()) return out + "<p class=\"muted\">No decision yet.</p></section>";
  out += "<table class=\"list\"><thead><tr><th>time (UTC)</th><th>action</th><th>symbol</th><th>verdict</th>"
         "<th>reasons</th></tr></thead><tbody>";
  for (rapidjson::SizeType i = list->Size(); i-- > 0;) {
    const Value& d = (*list)[i];
    const Value* a = get(&d, "action");
    auto ts = get_num(&d, "ts_ms");
    std::string verdict = get_str(&d, "verdict").value_or("?");
    out += "<tr><td class=\"time\">" + (ts ? esc(utc_time(*ts)) : "&mdash;") + "</td><td>" + action_text(a) +
           "</td><td>" + esc(get_str(a, "symbol").value_or("")) + "</td><td>" +
           pill(verdict == "ALLOW" ? "green" : "red", verdict) + "</td><td>";
    for (const auto& r : get_strs(&d, "reasons")) out += code(r) + " ";
    out += "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta http-equiv=\"refresh\" content=\"5\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         esc(title) + "</title><style>" + kStatusPageStyle + "</style></head><body>" + body + "</body></html>\n";
}

}  // namespace

std::string render_status_page(const std::string& status_json) {
  rapidjson::Document doc;
  doc.Parse(status_json.c_str(), status_json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    std::string why = doc.HasParseError() ? std::string(rapidjson::GetParseError_En(doc.GetParseError())) +
                                                " at offset " + std::to_string(doc.GetErrorOffset())
                                          : "the document is not a JSON object";
    return page("grinder status: unreadable",
                "<section><h1>Status unavailable</h1><p class=\"notice red\">The status document could not be "
                "read: " + code(why) + "</p><p>The raw document is at <a href=\"?format=json\">"
                "<code>/status?format=json</code></a>.</p></section>");
  }
  std::string title = "grinder " + get_str(&doc, "deployment").value_or("") + ": " + get_str(&doc, "stage").value_or("?");
  const Value* recent = get_array(&doc, "recent_decisions");
  std::string body = header(doc) + ladder(doc) + "<div class=\"grid\">" + safety(doc) + health(doc) +
                     config(doc) + "</div>" + budgets(doc) + gates(recent) + decisions(recent);
  return page(title, body);
}

}  // namespace grinder::runtime
