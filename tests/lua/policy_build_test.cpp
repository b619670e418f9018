// What is wrong with a policy or its `with:` is found when the generation is
// built, with the file and line to fix, never at decision time.
#include <catch2/catch.hpp>

#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

const char* kParams = R"({
  max_age_ms = { type = "integer", default = 3000, min = 1 },
  mode = { type = "string", default = "all", one_of = { "all", "risk_increasing" } },
  venue = { type = "string" },
})";

bool has(const config::Diagnostics& d, const std::string& text) {
  return d.render_text().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("a syntax error names the policy file and line", "[lua][build]") {
  TempDir t;
  auto p = build_policy(t, "broken", "name = \"broken\"\nfunction evaluate(action, ctx, with)\n  if then\nend\n");
  CHECK_FALSE(p.gate);
  INFO(p.diags.render_text());
  CHECK(has(p.diags, "broken.lua:3: error[policy.syntax]"));
}

TEST_CASE("an error in the top level names its line", "[lua][build]") {
  TempDir t;
  auto p = build_policy(t, "toplevel", "name = \"toplevel\"\nlocal x = nil\nlocal y = x.field\nfunction evaluate() return allow() end\n");
  CHECK_FALSE(p.gate);
  INFO(p.diags.render_text());
  CHECK(has(p.diags, "toplevel.lua:3: error[policy.load]"));
  CHECK(has(p.diags, "attempt to index a nil value"));

  lua::PolicyLimits slow_machine;  // the budget, not the deadline, must stop it
  slow_machine.deadline = std::chrono::seconds(10);
  auto loop = build_policy(t, "spins", "name = \"spins\"\nwhile true do end\n", "{}", slow_machine);
  CHECK_FALSE(loop.gate);
  CHECK(has(loop.diags, "instruction budget exceeded"));
}

TEST_CASE("the name must match the file, and evaluate must exist", "[lua][build]") {
  TempDir t;
  auto wrong = build_policy(t, "stale", policy_source("fresh", "return allow()"));
  CHECK_FALSE(wrong.gate);
  CHECK(has(wrong.diags, "error[policy.name]: the policy is named 'fresh' but its file is stale.lua"));

  auto unnamed = build_policy(t, "unnamed", "function evaluate() return allow() end\n");
  CHECK_FALSE(unnamed.gate);
  CHECK(has(unnamed.diags, "error[policy.name]: the policy sets no name"));

  auto missing = build_policy(t, "no_eval", "name = \"no_eval\"\nfunction evaluat(action, ctx) return allow() end\n");
  CHECK_FALSE(missing.gate);
  CHECK(has(missing.diags, "no_eval.lua:1: error[policy.no_evaluate]"));
}

TEST_CASE("with: is checked against the declared params, at the chains file's line", "[lua][build][params]") {
  TempDir t;
  const std::string src = policy_source("fresh", "return allow()", kParams);

  auto ok = build_policy(t, "fresh", src, "{ venue: paper, max_age_ms: 500 }");
  INFO(ok.diags.render_text());
  CHECK(ok.gate);

  auto unknown = build_policy(t, "fresh", src, "{ venue: paper, max_age: 500 }");
  CHECK_FALSE(unknown.gate);
  INFO(unknown.diags.render_text());
  CHECK(has(unknown.diags, "chains.yaml:1:17: error[policy.unknown_param]: policy 'fresh' has no parameter 'max_age' "
                           "(it accepts: max_age_ms, mode, venue)"));

  auto mistyped = build_policy(t, "fresh", src, "{ venue: paper, max_age_ms: soon }");
  CHECK_FALSE(mistyped.gate);
  CHECK(has(mistyped.diags, "chains.yaml:1:29: error[policy.param_type]: parameter 'max_age_ms' of policy 'fresh' "
                            "must be an integer, got string"));

  auto fractional = build_policy(t, "fresh", src, "{ venue: paper, max_age_ms: 2.5 }");
  CHECK_FALSE(fractional.gate);
  CHECK(has(fractional.diags, "error[policy.param_type]"));

  auto range = build_policy(t, "fresh", src, "{ venue: paper, max_age_ms: 0 }");
  CHECK_FALSE(range.gate);
  CHECK(has(range.diags, "error[policy.param_range]: parameter 'max_age_ms' of policy 'fresh' must be at least 1"));

  auto enum_value = build_policy(t, "fresh", src, "{ venue: paper, mode: sometimes }");
  CHECK_FALSE(enum_value.gate);
  CHECK(has(enum_value.diags, "must be one of: all, risk_increasing"));

  auto required = build_policy(t, "fresh", src, "{ max_age_ms: 500 }");
  CHECK_FALSE(required.gate);
  CHECK(has(required.diags, "chains.yaml:1:1: error[policy.param_missing]: policy 'fresh' needs parameter 'venue'"));
}

TEST_CASE("a bad params declaration is reported at its line in the policy", "[lua][build][params]") {
  TempDir t;
  auto p = build_policy(t, "decl", R"(name = "decl"
params = {
  good = { type = "integer", default = 1 },
  odd = { type = "decimal" },
  clash = { type = "integer", default = "ten" },
  typo = { type = "string", defualt = "x" },
  bounded = { type = "number", default = 50, max = 10 },
  shaped = { type = "string", pattern = "([" },
}
function evaluate(action, ctx, with) return allow() end
)");
  CHECK_FALSE(p.gate);
  INFO(p.diags.render_text());
  CHECK(has(p.diags, "decl.lua:4: error[policy.params]: parameter 'odd': unknown type 'decimal'"));
  CHECK(has(p.diags, "decl.lua:5: error[policy.params]: parameter 'clash': its default must be an integer"));
  CHECK(has(p.diags, "decl.lua:6: error[policy.params]: parameter 'typo': unknown key 'defualt'"));
  CHECK(has(p.diags, "decl.lua:7: error[policy.params]: parameter 'bounded': its default must be at most 10"));
  CHECK(has(p.diags, "decl.lua:8: error[policy.params]: parameter 'shaped': pattern /([/ is not a valid"));
}

TEST_CASE("a string parameter can be held to a pattern", "[lua][build][params]") {
  TempDir t;
  const std::string src =
      policy_source("hours", "return allow()", R"({ start_utc = { type = "string", pattern = "^[0-2][0-9]:[0-5][0-9]$" } })");
  CHECK(build_policy(t, "hours", src, "{ start_utc: \"08:00\" }").gate);
  auto bad = build_policy(t, "hours", src, "{ start_utc: \"8am\" }");
  CHECK_FALSE(bad.gate);
  CHECK(has(bad.diags, "error[policy.param_range]: parameter 'start_utc' of policy 'hours' must match"));
}

TEST_CASE("a missing policy file is reported, not thrown", "[lua][build]") {
  config::Diagnostics diags;
  lua::PolicyBuild b;
  b.file = "/nonexistent/policies/ghost.lua";
  CHECK_FALSE(lua::LuaPolicyGate::build(b, diags));
  CHECK(has(diags, "error[policy.file]"));
}

TEST_CASE("the memory cap applies to loading too", "[lua][build][limits]") {
  TempDir t;
  lua::PolicyLimits limits;
  limits.memory_bytes = 512 * 1024;
  auto p = build_policy(t, "hog", "name = \"hog\"\nBIG = string.rep('x', 1 << 20)\nfunction evaluate() return allow() end\n",
                        "{}", limits);
  CHECK_FALSE(p.gate);
  INFO(p.diags.render_text());
  CHECK(has(p.diags, "memory cap exceeded"));
}

TEST_CASE("the compile-time checks read every kind of chunk", "[lua][build]") {
  // Floats, long strings, nested closures three deep, varargs, goto, integer
  // division, to-be-closed-free <const> locals: the checker must parse them
  // all and find nothing wrong.
  TempDir t;
  auto p = build_policy(t, "rich", R"(name = "rich"
summary = "]] .. string.rep('long string constant, longer than forty characters', 2) .. [["
local RATIO <const> = 0.125
local BIG = 1e300
local NAMES = { "alpha", "beta", "a long string constant that is longer than forty characters" }
local function outer(...)
  local n = select("#", ...)
  local function middle(x)
    local function inner(y) return y * RATIO + n end
    return inner(x)
  end
  return middle(n)
end
function evaluate(action, ctx, with)
  local total = 0
  for i = 1, 3 do
    if i == 2 then goto continue end
    total = total + i
    ::continue::
  end
  local values = {}
  local function push(v) values[#values + 1] = v end
  push(outer(1, 2, 3)) push(total // 2) push(BIG > 1 and #NAMES or 0)
  if values[1] == 3.375 and values[2] == 2 and values[3] == 3 then return allow() end
  return deny("rich", table.concat(values, ","))
end
)");
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  auto v = p.gate->check(test::sample_action(), test::sample_ctx());
  INFO(v.detail);
  CHECK(v.allow);
}

TEST_CASE("a policy never takes a secret", "[lua][build][params]") {
  TempDir t;
  const std::string src = policy_source("leaky", "return deny('leak', with.api_token)", R"({ api_token = { type = "string" } })");
  auto p = build_policy(t, "leaky", src, "{ api_token: hunter2 }");
  CHECK_FALSE(p.gate);
  const std::string text = p.diags.render_text();
  CHECK(text.find("error[policy.param_secret]") != std::string::npos);
}
