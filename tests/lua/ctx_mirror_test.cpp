// ctx as a plain table (ctx_mirror.hpp): a policy that reads ctx only as
// ctx.NAME gets it, and must see exactly what the handle would show, call
// after call, whichever fields change, through the collector's runs, and
// when the state has no memory left for a value.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "grinder/ladder/ladder.hpp"
#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

// Every field of ctx, each shown with its Lua type, into a deny detail.
const char* const kShowEverything = R"(local parts = {}
local function add(v)
  parts[#parts + 1] = (math.type(v) or type(v)) .. ":" .. tostring(v)
end
add(ctx.stage) add(ctx.dry_run) add(ctx.allow_active_remediation) add(ctx.armed)
add(ctx.graduation_step) add(ctx.generation) add(ctx.bid) add(ctx.ask) add(ctx.mid)
add(ctx.market_age_ms) add(ctx.market_ts_ms) add(ctx.min_notional) add(ctx.position_qty)
add(ctx.drawdown_pct) add(ctx.reject_rate) add(ctx.actions_last_hour) add(ctx.now_ms)
add(ctx.env.GRINDER_MIRROR) add(ctx.budget.calls_run) add(ctx.budget.calls_run_left)
add(ctx.limits.max_calls_per_run) add(#ctx.open_orders)
if #ctx.open_orders > 0 then add(ctx.open_orders[1].symbol) end
return deny("shown", table.concat(parts, " "))
)";

// The same body with ctx copied into a local first: the copy keeps the
// handle, and so gives the reference to compare with.
std::string through_handle(std::string body) {
  std::string out = "local c = ctx\n";
  for (std::size_t at = body.find("ctx."); at != std::string::npos; at = body.find("ctx.", at + 2))
    body.replace(at, 4, "c.");
  return out + body;
}

std::optional<double> maybe(std::mt19937& rng, double v) {
  if (rng() % 4 == 0) return std::nullopt;
  return v;
}

}  // namespace

TEST_CASE("ctx as a table shows every field as the handle does, call after call", "[lua][ctx]") {
  TempDir t;
  auto table = build_policy(t, "mirror", policy_source("mirror", kShowEverything));
  auto handle = build_policy(t, "handle", policy_source("handle", through_handle(kShowEverything)));
  INFO(table.diags.render_text() << handle.diags.render_text());
  REQUIRE(table.gate);
  REQUIRE(handle.gate);
  CHECK(table.gate->info().ctx_as_table);
  CHECK(table.gate->info().ctx_handle_because.empty());
  CHECK_FALSE(handle.gate->info().ctx_as_table);
  CHECK(handle.gate->info().ctx_handle_because.find("other than as ctx.NAME") != std::string::npos);

  ladder::Stage shadow, active;
  shadow.name = "SHADOW";
  active.name = "ACTIVE";
  const ladder::Stage* stages[] = {nullptr, &shadow, &active};
  const std::string steps[] = {"", "step_1", std::string(100, 's')};  // the last one a long string to Lua
  const double odd[] = {0.0, -0.0, 1e300, std::numeric_limits<double>::quiet_NaN(), 2.5};

  std::mt19937 rng(20261202);
  gates::Action a = test::sample_action();
  gates::GateContext c = test::sample_ctx();
  c.env["GRINDER_MIRROR"] = "on";
  // Thousands of calls, each building strings: the collector runs many
  // times, and lets go of the keys of fields left nil meanwhile.
  for (int i = 0; i < 4000; ++i) {
    // Most calls change a few fields, some none, as decisions do.
    const unsigned changes = rng() % 4;
    for (unsigned k = 0; k < changes; ++k) {
      switch (rng() % 14) {
        case 0: c.stage = stages[rng() % 3]; break;
        case 1: c.flags.dry_run = !c.flags.dry_run; break;
        case 2: c.flags.armed = !c.flags.armed; break;
        case 3: c.graduation_step = steps[rng() % 3]; break;
        case 4: c.generation = rng() % 3; break;
        case 5: c.market.bid = maybe(rng, 64990 + rng() % 3); break;
        case 6: c.market.ask = maybe(rng, odd[rng() % 5]); break;
        case 7:
          if (rng() % 3 == 0)
            c.market.age_ms.reset();
          else
            c.market.age_ms = static_cast<std::int64_t>(rng() % 5000);
          break;
        case 8: c.min_notional = maybe(rng, 5); break;
        case 9: c.position_qty = odd[rng() % 5]; break;
        case 10: c.drawdown_pct = rng() % 2 ? 1.5 : 0; break;
        case 11: c.actions_last_hour = rng() % 3; break;
        case 12: c.now_ms += rng() % 2; break;
        default:
          c.budget.calls_run = rng() % 3;
          c.limits.max_calls_per_run = rng() % 2 ? std::optional<std::int64_t>(2) : std::nullopt;
          c.open_orders.assign(rng() % 2, gates::OpenOrderView{"grinder_1_x", "ETHUSDT", 1, 2});
          c.flags.allow_active_remediation = !c.flags.allow_active_remediation;
      }
    }
    const gates::Verdict want = handle.gate->check(a, c);
    const gates::Verdict got = table.gate->check(a, c);
    INFO("call " << i);
    REQUIRE(want.reason == "shown");
    REQUIRE(got.reason == "shown");
    REQUIRE(got.detail == want.detail);
  }
}

TEST_CASE("a name ctx does not have keeps the handle, which reports it", "[lua][ctx]") {
  TempDir t;
  auto p = build_policy(t, "typo", policy_source("typo", "if ctx.market_age then return allow() end\nreturn allow()"));
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  CHECK_FALSE(p.gate->info().ctx_as_table);
  CHECK(p.gate->info().ctx_handle_because == "evaluate reads a name ctx does not have");
  auto v = p.gate->check(test::sample_action(), test::sample_ctx());
  CHECK_FALSE(v.allow);
  CHECK(v.reason == "policy_error:typo");
  CHECK(v.detail.find("ctx has no field 'market_age'") != std::string::npos);
}

TEST_CASE("a ctx value the state has no memory for denies; the next call reads afresh", "[lua][ctx]") {
  TempDir t;
  lua::PolicyLimits limits;
  limits.memory_bytes = 512u << 10;
  limits.states = 1;
  auto p = build_policy(t, "step", policy_source("step", R"(if ctx.graduation_step == "step_2" then return allow() end
return deny("other_step", tostring(ctx.graduation_step)))"),
                        "{}", limits);
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  REQUIRE(p.gate->info().ctx_as_table);
  auto a = test::sample_action();
  auto c = test::sample_ctx();
  c.graduation_step = "step_2";
  CHECK(p.gate->check(a, c).allow);

  c.graduation_step = std::string(1u << 20, 'x');  // twice the state's cap
  auto refused = p.gate->check(a, c);
  CHECK_FALSE(refused.allow);
  CHECK(refused.reason == "policy_error:step");
  CHECK(refused.detail == "ctx could not be handed to the policy: memory cap exceeded (524288 bytes per state)");

  c.graduation_step = "step_1";
  auto other = p.gate->check(a, c);
  CHECK(other.reason == "other_step");
  CHECK(other.detail == "step_1");
  c.graduation_step = "step_2";
  CHECK(p.gate->check(a, c).allow);
}
