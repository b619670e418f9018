// Policy test files and `grinder policy test`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "grinder/lua/policy_tests.hpp"
#include "test_env.hpp"

using namespace grinder;
using grinder::test::grinder_bin;
using grinder::test::run_command;
using grinder::test::source_dir;
using grinder::test::TempDir;

namespace {

const char* kPolicy = R"(name = "fresh"
params = { max_age_ms = { type = "integer", default = 3000, min = 1 } }
function evaluate(action, ctx, with)
  local age = ctx.market_age_ms
  if age == nil or age > with.max_age_ms then
    return deny("market_data:stale", "age_ms=" .. tostring(age))
  end
  return allow()
end
)";

const char* kPassing = R"(policy: fresh
action: { type: place_order, symbol: BTCUSDT, side: buy, qty: 1, price: 10 }
cases:
  - name: fresh
    ctx: { market_age_ms: 10 }
    expect: allow
  - name: stale
    ctx: { market_age_ms: 10000 }
    expect: { verdict: deny, reason: "market_data:stale", detail: "age_ms=10000" }
)";

}  // namespace

TEST_CASE("the shipped policies pass their own tests", "[policy][shipped]") {
  auto r = lua::run_policy_tests(source_dir() + "/policies");
  INFO(r.diags.render_text());
  for (const auto& c : r.cases)
    if (!c.passed) {
      std::string why;
      for (const auto& l : lua::describe_difference(c)) why += l + "\n";
      FAIL_CHECK(c.policy << ": " << c.name << "\n" << why);
    }
  CHECK(r.diags.empty());
  CHECK(r.failed() == 0);
  CHECK(r.policies.size() >= 4);
  for (const char* policy : {"stale_market_data", "max_drawdown", "max_actions_per_hour", "trading_hours"}) {
    auto n = std::count_if(r.cases.begin(), r.cases.end(), [&](const auto& c) { return c.policy == policy; });
    INFO(policy);
    CHECK(n >= 5);
  }
}

TEST_CASE("a failing case reports expected and got", "[policy][runner]") {
  TempDir t;
  t.write("fresh.lua", kPolicy);
  t.write("fresh.test.yaml", R"(action: { type: place_order, symbol: BTCUSDT, side: buy, qty: 1, price: 10 }
cases:
  - name: wrong verdict
    ctx: { market_age_ms: 10 }
    expect: deny
  - name: wrong reason
    ctx: { market_age_ms: 99999 }
    expect: { verdict: deny, reason: "stale", detail: "age_ms=99999" }
  - name: right
    expect: { verdict: deny, reason: "market_data:stale", detail: "age_ms=nil" }
)");
  auto r = lua::run_policy_tests(t.path());
  INFO(r.diags.render_text());
  REQUIRE(r.diags.empty());
  REQUIRE(r.cases.size() == 3);
  CHECK(r.passed() == 1);
  CHECK(r.failed() == 2);
  CHECK(r.cases[0].where.str() == t.file("fresh.test.yaml") + ":3:5");
  CHECK(lua::describe_difference(r.cases[0]).front() == "verdict: expected deny, got allow");
  CHECK(lua::describe_difference(r.cases[1]).front() == "reason: expected \"stale\", got \"market_data:stale\"");
}

TEST_CASE("a test file that breaks the schema is bad input with file:line:col", "[policy][runner]") {
  TempDir t;
  t.write("fresh.lua", kPolicy);
  t.write("fresh.test.yaml", R"(cases:
  - name: typo
    action: { type: place_order, symbol: BTCUSDT, sied: buy }
    expect: allowed
)");
  auto r = lua::run_policy_tests(t.path());
  CHECK_FALSE(r.diags.empty());
  std::string text = r.diags.render_text();
  INFO(text);
  CHECK(text.find(t.file("fresh.test.yaml") + ":3:51: error[schema.unknown_key]") != std::string::npos);
  CHECK(text.find(t.file("fresh.test.yaml") + ":4:13: error[schema.enum]") != std::string::npos);
}

TEST_CASE("a policy that does not compile is bad input", "[policy][runner]") {
  TempDir t;
  t.write("fresh.lua", "name = \"fresh\"\nfunction evaluate(\n");
  t.write("fresh.test.yaml", kPassing);
  auto r = lua::run_policy_tests(t.path());
  CHECK(r.cases.empty());
  CHECK(r.diags.render_text().find("fresh.lua:3: error[policy.syntax]") != std::string::npos);
}

TEST_CASE("grinder policy test: exit codes, diffs, the summary line", "[policy][cli]") {
  auto shipped = run_command(grinder_bin() + " policy test " + source_dir() + "/policies");
  INFO(shipped.output);
  CHECK(shipped.exit_code == 0);
  CHECK(shipped.output.find(" passed, 0 failed\n") != std::string::npos);
  CHECK(shipped.output.find("ok   stale_market_data") != std::string::npos);

  TempDir t;
  t.write("fresh.lua", kPolicy);
  t.write("fresh.test.yaml", kPassing);
  auto ok = run_command(grinder_bin() + " policy test " + t.file("fresh.lua"));
  CHECK(ok.exit_code == 0);
  CHECK(ok.output.find("2 passed, 0 failed") != std::string::npos);

  // Default path: ./policies
  auto here = run_command("cd " + source_dir() + " && " + grinder_bin() + " policy test");
  CHECK(here.exit_code == 0);

  t.write("fresh.test.yaml", std::string(kPassing) + R"(  - name: expects the wrong detail
    ctx: { market_age_ms: 5000 }
    expect: { verdict: deny, reason: "market_data:stale", detail: "age_ms=4000" }
)");
  auto failing = run_command(grinder_bin() + " policy test " + t.path());
  INFO(failing.output);
  CHECK(failing.exit_code == 1);
  CHECK(failing.output.find("FAIL fresh: expects the wrong detail") != std::string::npos);
  CHECK(failing.output.find("detail: expected \"age_ms=4000\", got \"age_ms=5000\"") != std::string::npos);
  CHECK(failing.output.find("2 passed, 1 failed\n") != std::string::npos);

  auto json = run_command(grinder_bin() + " policy test --json " + t.path());
  CHECK(json.exit_code == 1);
  CHECK(json.output.find("\"passed\":2,\"failed\":1") != std::string::npos);
  CHECK(json.output.find("\"got\":{\"verdict\":\"deny\",\"reason\":\"market_data:stale\",\"detail\":\"age_ms=5000\"}") !=
        std::string::npos);

  t.write("fresh.test.yaml", "cases: []\n");
  auto bad = run_command(grinder_bin() + " policy test " + t.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("error[schema.") != std::string::npos);
  CHECK(bad.output.find("0 passed, 0 failed") != std::string::npos);

  auto missing = run_command(grinder_bin() + " policy test " + t.file("nope"));
  CHECK(missing.exit_code == 2);
}

TEST_CASE("the worked example in policies/README.md passes its own tests", "[policy][docs]") {
  std::ifstream in(source_dir() + "/policies/README.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  // The first ```lua block and the ```yaml block after it.
  auto block = [&](const std::string& fence, std::size_t from) {
    std::size_t start = doc.find("```" + fence + "\n", from);
    REQUIRE(start != std::string::npos);
    start += fence.size() + 4;
    std::size_t end = doc.find("```", start);
    return std::make_pair(doc.substr(start, end - start), end);
  };
  std::size_t example = doc.find("## A worked example");
  REQUIRE(example != std::string::npos);
  auto [policy, after] = block("lua", example);
  auto [tests, ignored] = block("yaml", after);
  TempDir t;
  t.write("max_notional_per_symbol.lua", policy);
  t.write("max_notional_per_symbol.test.yaml", tests);
  auto r = lua::run_policy_tests(t.path());
  INFO(r.diags.render_text());
  CHECK(r.diags.empty());
  CHECK(r.cases.size() == 4);
  CHECK(r.failed() == 0);
}

TEST_CASE("policy test --json says which policies run without the count hook, and how they get ctx",
          "[policy][cli][bound]") {
  auto r = run_command(grinder_bin() + " policy test --json " + source_dir() + "/policies");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  // Every shipped policy reads ctx only as ctx.NAME.
  std::size_t tables = 0;
  for (auto at = r.output.find("\"ctx\":\"table\""); at != std::string::npos; at = r.output.find("\"ctx\":\"table\"", at + 1))
    ++tables;
  CHECK(tables == 4);
  CHECK(r.output.find("\"ctx\":\"handle\"") == std::string::npos);
  CHECK(r.output.find("stale_market_data.lua\",\"count_hook\":false,\"max_instructions\":") != std::string::npos);
  CHECK(r.output.find("trading_hours.lua\",\"count_hook\":true,\"why_hooked\":\"the file defines 3 functions") !=
        std::string::npos);
}
