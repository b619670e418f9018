// The status page served by a running instance: the paper example in STAGING
// (plan_only) fetched over real HTTP as HTML and as JSON, then opened in
// headless Chromium, which must render it (DOM and a screenshot a person can
// look at).
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "../runtime/instance.hpp"

using namespace grinder::test;

namespace {

const std::string kChromium = "/usr/bin/chromium";

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// curl with an Accept header; the last line of the output is the content type.
struct Fetched {
  std::string body, content_type;
};
Fetched fetch(const Instance& g, const std::string& path, const std::string& accept) {
  auto r = run_command("curl -s -m 5 -H 'Accept: " + accept + "' -w '\\n%{content_type}' http://127.0.0.1:" +
                       std::to_string(g.port()) + path);
  auto nl = r.output.rfind('\n');
  REQUIRE(nl != std::string::npos);
  return {r.output.substr(0, nl), r.output.substr(nl + 1)};
}

// Headless Chromium with a profile of its own (so runs never share state)
// and everything that would reach the network switched off.
std::string chromium(const TempDir& dir, const std::string& profile, const std::string& args) {
  return "timeout 120 " + kChromium +
         " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
         " --disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
         dir.file(profile) + " " + args;
}

}  // namespace

TEST_CASE("/status serves the page to browsers and JSON to scripts", "[status_page][integration]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}});
  // The first blocked decision means recent_decisions and the gates are filled.
  REQUIRE(g.wait_metric("grinder_reconcile_action_blocked_total{reason=\"dry_run\"}", 1));

  auto page = fetch(g, "/status", "text/html,application/xhtml+xml,*/*;q=0.8");
  CHECK(has(page.content_type, "text/html"));
  CHECK(has(page.body, "<!DOCTYPE html>"));
  for (const char* stage : {">SHADOW<", ">ACTIVE<", ">ACTIVE+<"}) CHECK(has(page.body, stage));
  CHECK(has(page.body, "<li class=\"rung current\" aria-current=\"step\">STAGING"));
  CHECK(has(page.body, "REMEDIATION_MODE=plan_only"));
  CHECK(has(page.body, "<li><code>dry_run</code> <span class=\"pill amber\">true</span> <small>no order is sent"));
  CHECK(has(page.body, "<h2>Budgets</h2>"));
  // The dry_run gate's row: it denied, and its last denial says why.
  auto row = page.body.find("<tr><td><code>dry_run</code></td><td>builtin</td>");
  REQUIRE(row != std::string::npos);
  auto gate_row = page.body.substr(row, page.body.find("</tr>", row) - row);
  CHECK(has(gate_row, "<span class=\"pill red\">"));
  CHECK(has(gate_row, "</span></td><td><code>dry_run</code> <small>"));
  CHECK(has(page.body, "<span class=\"pill red\">DENY</span>"));       // a decision row
  CHECK(has(page.body, "paper-runbook22"));

  for (const auto& [path, accept] : {std::pair{"/status", "application/json"},
                                     std::pair{"/status?format=json", "text/html"}, std::pair{"/status", "*/*"}}) {
    INFO(path << " with Accept: " << accept);
    auto json = fetch(g, path, accept);
    CHECK(json.content_type == "application/json");
    rapidjson::Document doc;
    doc.Parse(json.body.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    REQUIRE(doc.HasMember("stage"));
    CHECK(std::string(doc["stage"].GetString()) == "STAGING");
  }
}

TEST_CASE("headless Chromium renders the status page", "[status_page][integration][browser]") {
  if (!std::filesystem::exists(kChromium))
    FAIL(kChromium << " is not installed; run scripts/setup (it installs Debian's chromium)");
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}});
  REQUIRE(g.wait_metric("grinder_reconcile_action_blocked_total{reason=\"dry_run\"}", 1));
  const std::string url = "http://127.0.0.1:" + std::to_string(g.port()) + "/status";
  TempDir dir;

  auto dom = run_command(chromium(dir, "profile-dom", "--dump-dom " + url));
  INFO(dom.output.substr(0, 4000));
  REQUIRE(dom.exit_code == 0);
  CHECK(has(dom.output, "aria-current=\"step\">STAGING"));
  CHECK(has(dom.output, "Gate chain"));
  CHECK(has(dom.output, "Budgets"));
  CHECK(has(dom.output, "Recent decisions"));
  CHECK(has(dom.output, "env_var_missing"));
  CHECK_FALSE(has(dom.output, "\"stage\":\"STAGING\""));  // the page, not the JSON

  const std::string png = dir.file("status_page.png");
  auto shot = run_command(chromium(dir, "profile-shot", "--screenshot=" + png + " --window-size=1280,2000 " + url));
  INFO(shot.output);
  REQUIRE(shot.exit_code == 0);
  REQUIRE(std::filesystem::exists(png));
  auto bytes = read_file(png);
  CHECK(bytes.size() > 10 * 1024);
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  // A copy in the build tree, for a person to look at.
  std::filesystem::copy_file(png, GRINDER_STATUS_SCREENSHOT, std::filesystem::copy_options::overwrite_existing);
}
