#include <catch2/catch.hpp>

#include "reload_fixture.hpp"

using namespace grinder;
using Break = grinder::test::ReloadFixture::Break;

TEST_CASE("the first load publishes generation 1 and decisions carry its id", "[reload]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  CHECK(holder.current() == nullptr);
  CHECK(holder.status().degraded);

  auto o = holder.reload();
  INFO(o.errors.render_text());
  REQUIRE(o.ok);
  CHECK(o.generation == 1);
  CHECK(o.stage == "SHADOW");
  auto g = holder.current();
  REQUIRE(g);
  CHECK(g->deployment->name == "reload-test");
  CHECK(g->chains.count("remediation") == 1);
  CHECK(g->env.at("REMEDIATION_MODE") == "detect_only");
  auto d = test::decide_on(*g);
  CHECK(d.generation == 1);
  REQUIRE(d.verdicts.size() == 2);
  CHECK(d.verdicts[0].gate == "policy:versioned_a");
  CHECK(d.verdicts[0].kind == "policy");
  CHECK(d.verdicts[0].detail == "v=1");
  CHECK_FALSE(d.allow);
  CHECK_FALSE(holder.status().degraded);
  CHECK(f.metric("grinder_config_reload_total", "ok") == 1);
  CHECK(f.metric("grinder_config_generation") == 1);
}

TEST_CASE("a broken reload keeps the running generation and says why, with file:line", "[reload]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);

  SECTION("a policy that does not compile") {
    f.write_version(2, Break::Syntax);
    auto o = holder.reload();
    CHECK_FALSE(o.ok);
    CHECK(o.generation == 1);
    INFO(o.errors.render_text());
    CHECK(o.errors.render_text().find(f.dir.file("policies/versioned_b.lua") + ":4: error[policy.syntax]") !=
          std::string::npos);
    auto s = holder.status();
    CHECK(s.degraded);
    CHECK(s.reason.find("versioned_b.lua:4") != std::string::npos);
    CHECK(s.reason.find("still running generation 1") != std::string::npos);
  }
  SECTION("a policy that fails its own tests") {
    f.write_version(2, Break::FailingTest);
    auto o = holder.reload();
    CHECK_FALSE(o.ok);
    INFO(o.errors.render_text());
    CHECK(o.errors.render_text().find(f.dir.file("policies/versioned_b.test.yaml") +
                                      ":3:5: error[policy_test.failed]: policy 'versioned_b', case 'denies with its "
                                      "version': verdict: expected deny, got allow") != std::string::npos);
  }
  SECTION("a chain giving a policy a parameter it does not take") {
    f.write_version(2, Break::UnknownParam);
    auto o = holder.reload();
    CHECK_FALSE(o.ok);
    INFO(o.errors.render_text());
    CHECK(o.errors.render_text().find(f.dir.file("stages/chains.yaml") + ":4:15: error[policy.unknown_param]") !=
          std::string::npos);
  }
  SECTION("a grinder.yaml that does not parse") {
    f.dir.write("grinder.yaml", "version: 1\nladder: [unclosed\n");
    CHECK_FALSE(holder.reload().ok);
  }

  // Whatever broke, decisions still run on generation 1 ...
  auto g = holder.current();
  REQUIRE(g);
  CHECK(g->id == 1);
  CHECK(test::decide_on(*g).verdicts[1].detail == "v=1");
  CHECK(f.metric("grinder_config_reload_total", "error") == 1);
  CHECK(f.metric("grinder_config_generation") == 1);

  // ... until a good reload, which clears the degraded state.
  f.write_root();
  f.write_version(3);
  auto fixed = holder.reload();
  REQUIRE(fixed.ok);
  CHECK(fixed.generation == 2);
  CHECK(test::decide_on(*holder.current()).verdicts[1].detail == "v=3");
  CHECK_FALSE(holder.status().degraded);
  CHECK(holder.status().reason.empty());
  CHECK(f.metric("grinder_config_generation") == 2);
  CHECK(f.metric("grinder_config_reload_total", "ok") == 2);
}

TEST_CASE("a failed first load leaves nothing running and degraded", "[reload]") {
  test::ReloadFixture f;
  f.write_version(1, Break::Syntax);
  reload::GenerationHolder holder(f.input(), f.registry);
  auto o = holder.reload();
  CHECK_FALSE(o.ok);
  CHECK(o.generation == 0);
  CHECK(holder.current() == nullptr);
  CHECK(holder.status().degraded);
  CHECK(holder.status().reason.find("nothing is running") != std::string::npos);
}

TEST_CASE("a reload never moves up the ladder; a lower stage applies at once", "[reload][stage]") {
  test::ReloadFixture f;
  (*f.env)["REMEDIATION_MODE"] = "plan_only";
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);
  CHECK(holder.current()->stage().name == "STAGING");  // the first load runs where the lever points
  CHECK_FALSE(holder.current()->held);

  // The lever moves up: the reload publishes, but holds at STAGING.
  (*f.env)["REMEDIATION_MODE"] = "execute_cancel_all";
  auto up = holder.reload();
  REQUIRE(up.ok);
  CHECK(up.stage == "STAGING");
  CHECK(up.held);
  CHECK(up.held_reason == "REMEDIATION_MODE=execute_cancel_all selects ACTIVE, above the running STAGING; moving up "
                          "takes the promotion ceremony");
  auto g = holder.current();
  CHECK(g->stage_index == 1);
  CHECK(g->lever_stage_index == 2);
  CHECK_FALSE(g->context().flags.armed);
  CHECK(holder.status().held);

  // Only the explicit promotion moves it, and only as far as the lever.
  auto promoted = holder.promote_to(2);
  REQUIRE(promoted.ok);
  CHECK(promoted.stage == "ACTIVE");
  CHECK_FALSE(promoted.held);
  CHECK(holder.current()->context().flags.armed);
  CHECK(holder.current()->id == 3);

  // Reloading at the same lever keeps ACTIVE.
  REQUIRE(holder.reload().ok);
  CHECK(holder.current()->stage().name == "ACTIVE");

  // The lever moves down: applied at once.
  (*f.env)["REMEDIATION_MODE"] = "detect_only";
  auto down = holder.reload();
  REQUIRE(down.ok);
  CHECK(down.stage == "SHADOW");
  CHECK_FALSE(down.held);
}

TEST_CASE("promote_to and rollback_to", "[reload][stage]") {
  test::ReloadFixture f;
  (*f.env)["REMEDIATION_MODE"] = "execute_cancel_all";
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);
  CHECK(holder.current()->stage().name == "ACTIVE");

  // Rollback is immediate ...
  auto back = holder.rollback_to(0);
  REQUIRE(back.ok);
  CHECK(back.stage == "SHADOW");
  CHECK(back.held);  // the lever still says ACTIVE
  // ... and a reload does not undo it.
  REQUIRE(holder.reload().ok);
  CHECK(holder.current()->stage().name == "SHADOW");

  auto wrong_way = holder.promote_to(0);
  CHECK_FALSE(wrong_way.ok);
  CHECK(wrong_way.errors.render_text().find("error[stage.not_up]") != std::string::npos);
  CHECK_FALSE(holder.rollback_to(1).ok);
  REQUIRE(holder.promote_to(1).ok);
  CHECK(holder.current()->stage().name == "STAGING");
  CHECK_FALSE(holder.promote_to(7).ok);

  // Never past the lever.
  (*f.env)["REMEDIATION_MODE"] = "plan_only";
  REQUIRE(holder.reload().ok);
  auto past = holder.promote_to(2);
  CHECK_FALSE(past.ok);
  CHECK(past.errors.render_text().find("REMEDIATION_MODE=plan_only selects STAGING; set the lever before promoting "
                                       "to ACTIVE") != std::string::npos);
  CHECK(holder.current()->stage().name == "STAGING");
}

TEST_CASE("a decision in flight keeps its generation; old ones are freed off the decision path", "[reload]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  REQUIRE(holder.reload().ok);
  auto in_flight = holder.current();

  f.write_version(2);
  REQUIRE(holder.reload().ok);
  f.write_version(3);
  REQUIRE(holder.reload().ok);
  CHECK(holder.current()->id == 3);
  // Generation 1 is retired but still whole for whoever holds it.
  auto d = test::decide_on(*in_flight);
  CHECK(d.generation == 1);
  CHECK(d.verdicts[0].detail == "v=1");
  CHECK(d.verdicts[1].detail == "v=1");
  CHECK(test::decide_on(*holder.current()).verdicts[0].detail == "v=3");

  std::weak_ptr<const reload::Generation> watch = in_flight;
  in_flight.reset();
  // The holder still has it: dropping the decision's reference freed nothing.
  CHECK_FALSE(watch.expired());
  CHECK(holder.release_retired() == 1);
  CHECK(watch.expired());
}

TEST_CASE("watch_dirs names the config folders and the policies", "[reload]") {
  test::ReloadFixture f;
  reload::GenerationHolder holder(f.input(), f.registry);
  CHECK(holder.watch_dirs() == std::vector<std::string>{f.dir.path()});
  REQUIRE(holder.reload().ok);
  auto dirs = holder.watch_dirs();
  CHECK(std::find(dirs.begin(), dirs.end(), f.dir.path()) != dirs.end());
  CHECK(std::find(dirs.begin(), dirs.end(), f.dir.file("stages")) != dirs.end());
  CHECK(std::find(dirs.begin(), dirs.end(), f.dir.file("policies")) != dirs.end());
}

TEST_CASE("the paper example builds into a generation, shipped policies tested", "[reload]") {
  prometheus::Registry registry;
  reload::BuildInput in;
  in.config_path = test::source_dir() + "/examples/paper";
  in.env = test::fake_env({});
  reload::GenerationHolder holder(in, registry);
  auto o = holder.reload();
  INFO(o.errors.render_text());
  REQUIRE(o.ok);
  CHECK(o.stage == "SHADOW");
  auto g = holder.current();
  CHECK(g->chains.count("remediation") == 1);
  CHECK(g->deployment->policies_dir.find("policies") != std::string::npos);
  auto ctx = g->context();
  CHECK(ctx.generation == 1);
  CHECK(ctx.flags.dry_run);
  CHECK_FALSE(ctx.flags.armed);
}
