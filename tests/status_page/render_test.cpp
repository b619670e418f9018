// render_status_page on hand-written status documents: what an operator must
// see (the current rung, the bars, the gates, the decisions) and what must
// never happen (markup from a reason reaching the page, a crash on a partial
// or broken document).
#include <catch2/catch.hpp>

#include <string>

#include "grinder/runtime/status_page.hpp"

using grinder::runtime::render_status_page;

namespace {

bool has(const std::string& html, const std::string& needle) { return html.find(needle) != std::string::npos; }

// A copy of doc with one piece of text replaced (which must be there).
std::string with(const std::string& doc, const std::string& from, const std::string& to) {
  auto at = doc.find(from);
  REQUIRE(at != std::string::npos);
  return std::string(doc).replace(at, from.size(), to);
}

std::size_t count(const std::string& html, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) ++n;
  return n;
}

// Shaped like the /status document of the paper example in STAGING, with two
// decisions: a denied cancel_all (whose detail carries markup) and an
// allowed one.
const std::string kSample = R"json({
  "deployment": "paper-runbook22", "run_id": "r-42", "uptime_s": 3725, "generation": 3,
  "config_digest": "sha256:abc", "last_reload": "ok", "degraded": [], "ready": ["stage STAGING does not execute"],
  "ladder": {"name": "runbook22", "lever": "REMEDIATION_MODE", "lever_value": "plan_only",
             "stages": [{"name": "SHADOW", "current": false}, {"name": "STAGING", "current": true},
                        {"name": "ACTIVE", "current": false}, {"name": "ACTIVE+", "current": false}]},
  "stage": "STAGING", "held": false, "held_reason": "",
  "flags": {"dry_run": true, "allow_active_remediation": true, "armed": false},
  "limits": {"max_calls_per_run": 4, "max_calls_per_day": 20, "max_notional_per_run": 1000},
  "budget": {"calls_run": 1, "calls_day": 5, "notional_run": 1000, "notional_day": 12.5, "error": ""},
  "kill_switch": {"tripped": false, "reason": ""}, "circuit": "closed", "leader": true, "venue": "paper",
  "cycles": 17, "some_future_field": {"nested": [1, 2, 3]},
  "recent_decisions": [
    {"action": {"type": "cancel_all", "symbol": "BTCUSDT"}, "chain": "remediation", "stage": "STAGING",
     "generation": 3, "verdict": "DENY", "reasons": ["dry_run", "env_var_missing"],
     "gates": [{"gate": "dry_run", "kind": "builtin", "verdict": "DENY", "reason": "dry_run"},
               {"gate": "env_flag", "kind": "builtin", "verdict": "DENY", "reason": "env_var_missing",
                "detail": "<script>alert(1)</script> & more"},
               {"gate": "symbol_allowlist", "kind": "builtin", "verdict": "ALLOW"}],
     "ts_ms": 1714566896000},
    {"action": {"type": "flatten", "symbol": "ETHUSDT", "side": "SELL", "qty": 0.5}, "verdict": "ALLOW",
     "reasons": [], "gates": [{"gate": "dry_run", "kind": "builtin", "verdict": "ALLOW"}], "ts_ms": 1714566897000}
  ]
})json";

}  // namespace

TEST_CASE("the current stage is marked on the ladder", "[status_page]") {
  auto html = render_status_page(kSample);
  CHECK(has(html, "<!DOCTYPE html>"));
  CHECK(has(html, "<li class=\"rung current\" aria-current=\"step\">STAGING"));
  CHECK(count(html, "aria-current=") == 1);
  for (const char* stage : {"SHADOW", "ACTIVE", "ACTIVE+"}) CHECK(has(html, std::string("<li class=\"rung\">") + stage));
  CHECK(has(html, "REMEDIATION_MODE=plan_only"));
  CHECK_FALSE(has(html, "held"));
  CHECK(has(html, "http-equiv=\"refresh\""));
  CHECK_FALSE(has(html, "<script"));  // the page needs no script, and none leaks in
}

TEST_CASE("a held stage shows why", "[status_page]") {
  auto html = render_status_page(with(kSample, R"("held": false, "held_reason": "")",
                                      R"("held": true, "held_reason": "REMEDIATION_MODE=execute_flatten selects ACTIVE+")"));
  CHECK(has(html, "current &middot; held"));
  CHECK(has(html, "<b>held</b>: REMEDIATION_MODE=execute_flatten selects ACTIVE+"));
}

TEST_CASE("budget bars are as wide as used over limit", "[status_page]") {
  auto html = render_status_page(kSample);
  CHECK(has(html, "<div class=\"fill green\" style=\"width:25%\"></div></div></td><td>1 / 4"));   // calls_run 1/4
  CHECK(has(html, "<div class=\"fill green\" style=\"width:25%\"></div></div></td><td>5 / 20"));  // calls_day 5/20
  CHECK(has(html, "<div class=\"fill red\" style=\"width:100%\"></div></div></td><td>1000 / 1000"));
  // No max_notional_per_day in the limits: no bar, "unlimited".
  CHECK(has(html, "<div class=\"bar unlimited\"></div></td><td>12.5 / <b>unlimited</b>"));

  // Beyond the limit: capped at full.
  CHECK(has(render_status_page(with(kSample, R"("calls_day": 5)", R"("calls_day": 33)")),
            "<div class=\"fill red\" style=\"width:100%\"></div></div></td><td>33 / 20"));
  // 85%: amber.
  CHECK(has(render_status_page(with(kSample, R"("calls_day": 5)", R"("calls_day": 17)")),
            "<div class=\"fill amber\" style=\"width:85%\""));
  // A fraction keeps one decimal.
  CHECK(has(render_status_page(with(kSample, R"("calls_run": 1,)", R"("calls_run": 1.5,)")),
            "style=\"width:37.5%\""));
}

TEST_CASE("gates are counted over the recent decisions", "[status_page]") {
  auto html = render_status_page(kSample);
  CHECK(has(html, "over the last 2 decisions"));
  // dry_run: denied once, allowed once; env_flag's last denial names its reason and detail.
  CHECK(has(html, "<td><code>dry_run</code></td><td>builtin</td><td class=\"n\"><span class=\"pill green\">1</span>"
                  "</td><td class=\"n\"><span class=\"pill red\">1</span></td><td><code>dry_run</code>"));
  CHECK(has(html, "<td><code>env_flag</code></td><td>builtin</td><td class=\"n\"><span class=\"pill grey\">0</span>"
                  "</td><td class=\"n\"><span class=\"pill red\">1</span></td><td><code>env_var_missing</code>"));
  CHECK(has(html, "<td><code>symbol_allowlist</code></td><td>builtin</td><td class=\"n\"><span class=\"pill green\">1"));
}

TEST_CASE("decisions are listed newest first with their reasons", "[status_page]") {
  auto html = render_status_page(kSample);
  auto newer = html.find("2024-05-01 12:34:57.000Z");
  auto older = html.find("2024-05-01 12:34:56.000Z");
  REQUIRE(newer != std::string::npos);
  REQUIRE(older != std::string::npos);
  CHECK(newer < older);
  CHECK(has(html, "<code>flatten</code> SELL 0.5</td><td>ETHUSDT</td><td><span class=\"pill green\">ALLOW</span>"));
  CHECK(has(html, "<td>BTCUSDT</td><td><span class=\"pill red\">DENY</span></td><td><code>dry_run</code> "
                  "<code>env_var_missing</code>"));
}

TEST_CASE("flags, safety, readiness and config are shown in their colours", "[status_page]") {
  auto html = render_status_page(kSample);
  CHECK(has(html, "<li><code>dry_run</code> <span class=\"pill amber\">true</span> <small>no order is sent"));
  CHECK(has(html, "<li><code>armed</code> <span class=\"pill amber\">false</span>"));
  CHECK(has(html, "<li><code>allow_active_remediation</code> <span class=\"pill green\">true</span>"));
  CHECK(has(html, "<span class=\"pill green\">not tripped</span>"));
  CHECK(has(html, "<span class=\"pill green\">closed</span>"));
  CHECK(has(html, "<span class=\"pill amber\">stage STAGING does not execute</span>"));
  CHECK(has(html, "<span class=\"pill green\">not degraded</span>"));
  CHECK(has(html, "<span class=\"pill green\">ok</span>"));
  CHECK(has(html, "<span class=\"pill amber\">NOT READY</span>"));
  CHECK(has(html, "up 1h 02m 05s"));

  auto t = render_status_page(with(kSample, R"("tripped": false, "reason": "")", R"("tripped": true, "reason": "drawdown")"));
  CHECK(has(t, "<span class=\"pill red\">KILL SWITCH TRIPPED</span>"));
  CHECK(has(t, "<span class=\"pill red\">TRIPPED</span> <code>drawdown</code>"));
}

TEST_CASE("strings from the document are escaped", "[status_page]") {
  auto html = render_status_page(kSample);
  CHECK_FALSE(has(html, "<script>alert(1)</script>"));
  CHECK(has(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));

  auto hostile = render_status_page(R"({"deployment":"\"><img src=x>","ladder":{"stages":[{"name":"<b>X</b>","current":true}]},
    "degraded":["config: 'quoted' <tag>"]})");
  CHECK_FALSE(has(hostile, "<img"));
  CHECK_FALSE(has(hostile, "<b>X</b>"));
  CHECK(has(hostile, "&quot;&gt;&lt;img src=x&gt;"));
  CHECK(has(hostile, "config: &#39;quoted&#39; &lt;tag&gt;"));
}

TEST_CASE("missing or mistyped fields leave their part out", "[status_page]") {
  auto empty = render_status_page("{}");
  CHECK(has(empty, "<!DOCTYPE html>"));
  CHECK(has(empty, "<h2>Budgets</h2>"));
  CHECK(count(empty, "<b>unlimited</b>") == 4);
  CHECK(has(empty, "No decision yet."));

  // Every field present but of the wrong type.
  auto wrong = render_status_page(R"({"deployment":1,"ladder":[],"stage":{},"held":"yes","flags":[1],
    "limits":"none","budget":{"calls_run":"3"},"kill_switch":true,"circuit":2,"ready":"x","degraded":{},
    "recent_decisions":[1,"x",{"gates":"no"},{"gates":[1,{"verdict":7}]},{"action":[],"ts_ms":-5,"reasons":[null]}],
    "uptime_s":1e300})");
  CHECK(has(wrong, "</html>"));
  CHECK(has(wrong, "<td><code>?</code></td>"));  // a gate without an id still counts, as "?"

  // A decision list with no gates and a stage without a ladder.
  auto partial = render_status_page(R"({"stage":"ACTIVE","recent_decisions":[{"verdict":"DENY"}]})");
  CHECK(has(partial, "<li class=\"rung current\" aria-current=\"step\">ACTIVE"));
  CHECK(has(partial, "<span class=\"pill red\">DENY</span>"));
}

TEST_CASE("a document that does not parse gives the error page", "[status_page]") {
  auto broken = render_status_page(R"({"stage": "STAGING", )");
  CHECK(has(broken, "<!DOCTYPE html>"));
  CHECK(has(broken, "Status unavailable"));
  CHECK(has(broken, "at offset"));
  CHECK_FALSE(has(broken, "Ladder"));

  CHECK(has(render_status_page(""), "Status unavailable"));
  CHECK(has(render_status_page("[1,2]"), "the document is not a JSON object"));
  CHECK(has(render_status_page("\"<script>\""), "Status unavailable"));
}
