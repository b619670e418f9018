#include <catch2/catch.hpp>

#include <set>

#include "grinder/config/deployment.hpp"
#include "grinder/ladder/effective.hpp"
#include "test_env.hpp"

using namespace grinder;
using grinder::test::fake_env;
using grinder::test::TempDir;

static config::LoadOptions env_opts(std::map<std::string, std::string> env = {}) {
  config::LoadOptions o;
  o.env = fake_env(std::move(env));
  return o;
}

TEST_CASE("the Runbook 22 ladder: four stages on REMEDIATION_MODE with derived flags", "[ladder]") {
  config::Diagnostics d;
  auto l = config::load_ladder_file(test::source_dir() + "/stages/runbook22/ladder.yaml", d, env_opts());
  INFO(d.render_text());
  REQUIRE(l);
  REQUIRE(l->stages.size() == 4);
  CHECK(l->lever.env == "REMEDIATION_MODE");
  CHECK(l->stages[0].name == "SHADOW");
  CHECK(l->stages[3].name == "ACTIVE+");
  auto shadow = l->stages[0].flags();
  CHECK(shadow.dry_run);
  CHECK_FALSE(shadow.allow_active_remediation);
  CHECK_FALSE(shadow.armed);
  auto staging = l->stages[1].flags();
  CHECK(staging.dry_run);
  CHECK(staging.allow_active_remediation);
  CHECK_FALSE(staging.armed);
  auto active = l->stages[2].flags();
  CHECK_FALSE(active.dry_run);
  CHECK(active.armed);
  CHECK(l->stages[2].may_plan("cancel_all"));
  CHECK_FALSE(l->stages[2].may_plan("flatten"));
  CHECK(l->stages[3].may_plan("flatten"));
  // First-window limits (Runbook 22 section 3) by default.
  CHECK(*l->stages[2].limits.max_calls_per_run == 3);
  CHECK(*l->stages[2].limits.max_calls_per_day == 20);
  CHECK(*l->stages[2].limits.max_notional_per_run == 200);
  CHECK(*l->stages[2].limits.max_notional_per_day == 1000);
  CHECK(*l->stages[2].limits.flatten_max_notional_per_call == 100);
  CHECK(*l->stages[2].limits.symbols == std::vector<std::string>{"BTCUSDT"});
  CHECK(l->stages[0].soak == std::chrono::hours(24));
}

TEST_CASE("the env levers override stage limits", "[ladder][env]") {
  config::Diagnostics d;
  auto l = config::load_ladder_file(test::source_dir() + "/stages/runbook22/ladder.yaml", d,
                                    env_opts({{"MAX_CALLS_PER_DAY", "7"}, {"REMEDIATION_SYMBOL_ALLOWLIST", "BTCUSDT, ETHUSDT"}}));
  REQUIRE(l);
  CHECK(*l->stages[2].limits.max_calls_per_day == 7);
  CHECK(*l->stages[2].limits.symbols == std::vector<std::string>{"BTCUSDT", "ETHUSDT"});
}

TEST_CASE("the graduation schedule is data: week 1-4", "[ladder][graduation]") {
  config::Diagnostics d;
  auto g = config::load_graduation_file(test::source_dir() + "/stages/runbook22/graduation.yaml", d, env_opts());
  REQUIRE(g);
  REQUIRE(g->steps.size() == 4);
  CHECK(*g->steps[1].limits.max_calls_per_run == 5);
  CHECK(*g->steps[1].limits.max_notional_per_day == 2000);
  CHECK(g->steps[1].after == std::chrono::hours(24 * 7));
  CHECK(g->steps[3].limits.symbols->size() == 3);
  CHECK(g->applies_to("ACTIVE"));
  CHECK_FALSE(g->applies_to("STAGING"));
}

TEST_CASE("effective limits lay the graduation step over the stage", "[ladder][graduation]") {
  config::Diagnostics d;
  auto l = config::load_ladder_file(test::source_dir() + "/stages/runbook22/ladder.yaml", d, env_opts());
  auto g = config::load_graduation_file(test::source_dir() + "/stages/runbook22/graduation.yaml", d, env_opts());
  REQUIRE(l);
  REQUIRE(g);
  auto week3 = ladder::effective_stage(*l, &*g, 2, 2);
  CHECK(week3.graduation_step == "week3");
  CHECK(*week3.limits.max_calls_per_run == 10);
  CHECK(*week3.limits.max_calls_per_day == 20);  // from the stage: the step does not set it
  CHECK(week3.limits.symbols->size() == 2);
  auto shadow = ladder::effective_stage(*l, &*g, 0, 2);
  CHECK(shadow.graduation_step.empty());
}

TEST_CASE("the BTCTurk guarded-live ladder loads", "[ladder]") {
  config::Diagnostics d;
  auto l = config::load_ladder_file(test::source_dir() + "/stages/btcturk-guarded-live/ladder.yaml", d, env_opts());
  INFO(d.render_text());
  REQUIRE(l);
  CHECK(l->stages.front().flags().dry_run);
  CHECK(l->stages[2].chain == "guarded_live");
}

TEST_CASE("semantic errors: duplicate lever values and stages, bad criteria, default not lowest", "[ladder]") {
  TempDir t;
  auto path = t.write("ladder.yaml",
                      "ladder:\n"
                      "  name: x\n"
                      "  lever: { env: M, default: b }\n"
                      "  stages:\n"
                      "    - { name: A, lever_value: a, promote_when: [\"frobs > 2\", \"drill:fire\"] }\n"
                      "    - { name: A, lever_value: a, plan: [cancel_all], execute: true }\n"
                      "    - { name: C, lever_value: b, promote_when: [soak_elapsed] }\n");
  config::Diagnostics d;
  CHECK_FALSE(config::load_ladder_file(path, d, env_opts()));
  std::set<std::string> codes;
  for (const auto& i : d.items()) codes.insert(i.code);
  CHECK(codes.count("ladder.duplicate_stage"));
  CHECK(codes.count("ladder.duplicate_lever_value"));
  CHECK(codes.count("ladder.criterion"));
  CHECK(codes.count("ladder.lever_default_not_lowest"));
  CHECK(codes.count("ladder.promote_from_top"));
  for (const auto& i : d.items()) CHECK(i.where.line > 0);
}

TEST_CASE("criteria parse into kinds and compare", "[ladder]") {
  std::string err;
  auto c = ladder::parse_criterion("drawdown_pct >= 5", err);
  REQUIRE(c);
  CHECK(c->kind == ladder::Criterion::Kind::Compare);
  CHECK(c->compare(5));
  CHECK_FALSE(c->compare(4.9));
  CHECK(ladder::parse_criterion("drill:kill_switch", err)->kind == ladder::Criterion::Kind::Drill);
  CHECK(ladder::parse_criterion("soak_elapsed", err)->kind == ladder::Criterion::Kind::SoakElapsed);
  CHECK_FALSE(ladder::parse_criterion("nonsense", err));
  CHECK(err.find("expected") != std::string::npos);
}

TEST_CASE("durations", "[ladder]") {
  CHECK(*ladder::parse_duration("24h") == std::chrono::hours(24));
  CHECK(*ladder::parse_duration("500ms") == std::chrono::milliseconds(500));
  CHECK(*ladder::parse_duration("1.5m") == std::chrono::seconds(90));
  CHECK_FALSE(ladder::parse_duration("soon"));
  CHECK(ladder::format_duration(std::chrono::hours(24)) == "24h");
  CHECK(ladder::format_duration(std::chrono::hours(24 * 7)) == "7d");
}
