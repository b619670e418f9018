// deny(reason, part, part, ...): the host joins the detail from its parts,
// as a built-in gate's set_deny() does, so a denying policy call makes no Lua
// string. What a policy gets back must be exactly its own call's detail.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "grinder/util/number.hpp"
#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

gates::Verdict run(const std::string& body, const gates::GateContext& c = test::sample_ctx()) {
  TempDir t;
  auto p = build_policy(t, "parts", policy_source("parts", body));
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  return p.gate->check(test::sample_action(), c);
}

}  // namespace

TEST_CASE("deny joins text, integers, floats, booleans and nil in order", "[lua][deny]") {
  auto v = run(
      "return deny('parts', 'i=', 42, ' f=', 2.5, ' whole=', 5.0, ' neg=', -0.125, ' b=', true, ' n=', nil, "
      "' nan=', 0/0, ' inf=', 1/0, ' ninf=', -1/0, ' big=', math.maxinteger)");
  CHECK_FALSE(v.allow);
  CHECK(v.reason == "parts");
  // Numbers read as a built-in gate's detail writes them (shortest text that
  // reads back the same); NaN and the infinities as Lua spells them.
  CHECK(v.detail == "i=42 f=2.5 whole=5 neg=-0.125 b=true n=nil nan=nan inf=inf ninf=-inf big=9223372036854775807");
}

TEST_CASE("deny with one number or boolean writes it as a part", "[lua][deny]") {
  CHECK(run("return deny('parts', 7)").detail == "7");
  CHECK(run("return deny('parts', 0.1 + 0.2)").detail == "0.30000000000000004");
  CHECK(run("return deny('parts', false)").detail == "false");
  // One text detail, or none, is handed on as it was.
  CHECK(run("return deny('parts', 'as is')").detail == "as is");
  CHECK(run("return deny('parts')").detail.empty());
  CHECK(run("return deny('parts', nil)").detail.empty());
}

TEST_CASE("a detail from parts reads the context of its own call", "[lua][deny]") {
  TempDir t;
  auto p = build_policy(t, "parts",
                        policy_source("parts", "return deny('market_data:stale', 'age_ms=', ctx.market_age_ms, "
                                               "' bid=', ctx.bid)"));
  REQUIRE(p.gate);
  auto c = test::sample_ctx();
  gates::Verdict v;
  for (int age = 0; age < 300; ++age) {
    c.market.age_ms = age * 7;
    c.market.bid = 100 + age * 0.5;
    p.gate->judge(test::sample_action(), c, v);
    REQUIRE(v.detail == "age_ms=" + std::to_string(age * 7) + " bid=" + util::format_number(100 + age * 0.5));
  }
}

TEST_CASE("a long detail is cut at 1024 characters and marked", "[lua][deny]") {
  const std::string cut = "...(truncated)";
  // One text part longer than the limit.
  auto v = run("return deny('parts', string.rep('x', 1500), ' after')");
  CHECK(v.detail == std::string(1024, 'x') + cut);
  // A number that crosses the limit is cut with the text.
  v = run("return deny('parts', string.rep('y', 1020), 123456789)");
  CHECK(v.detail == std::string(1020, 'y') + "1234" + cut);
  // Exactly the limit is not cut.
  v = run("return deny('parts', string.rep('z', 1000), string.rep('w', 24))");
  CHECK(v.detail == std::string(1000, 'z') + std::string(24, 'w'));
  // Nothing after a full detail but empty text: nothing was cut.
  v = run("return deny('parts', string.rep('z', 1024), '')");
  CHECK(v.detail == std::string(1024, 'z'));
  // One text detail (not parts) is cut the same way.
  v = run("return deny('parts', string.rep('v', 2000))");
  CHECK(v.detail == std::string(1024, 'v') + cut);
}

TEST_CASE("a part that is not text, a number, a boolean or nil is an error", "[lua][deny]") {
  auto v = run("return deny('parts', string.rep('x', 2000), ' t=', {})");
  CHECK(v.reason == "policy_error:parts");
  CHECK(v.detail.find("deny(reason, ...): detail part 3 is a table") != std::string::npos);
  v = run("return deny('parts', 'f=', evaluate)");
  CHECK(v.reason == "policy_error:parts");
  CHECK(v.detail.find("detail part 2 is a function") != std::string::npos);
}

TEST_CASE("a verdict takes only its own deny() call's detail", "[lua][deny]") {
  // The result of an earlier deny() call, returned after a later one wrote
  // the buffer: refused rather than shown with the wrong numbers.
  auto v = run(
      "local t, r, d = deny('first', 'x=', 1)\n"
      "local u = deny('second', 'y=', 2)\n"
      "return t, r, d");
  CHECK(v.reason == "policy_error:parts");
  CHECK(v.detail.find("a deny() call other than its last one") != std::string::npos);
  // The last one is fine, however many came before.
  v = run(
      "local t = deny('first', 'x=', 1)\n"
      "return deny('second', 'y=', 2)");
  CHECK(v.reason == "second");
  CHECK(v.detail == "y=2");
}

TEST_CASE("a kept deny tag with a reason of the policy's own making is refused", "[lua][deny]") {
  for (const char* forged : {"return (deny('x')), 'Not A Code!', 'detail'", "return (deny('x')), nil, 'detail'",
                             "return (deny('x')), {}, 'detail'", "return (deny('x')), 'ok_code', {}"}) {
    auto v = run(forged);
    INFO(forged << " -> " << v.reason << " " << v.detail);
    CHECK_FALSE(v.allow);
    if (std::string(forged).find("ok_code") != std::string::npos) {
      // A valid code with a detail that is not text: the detail is dropped.
      CHECK(v.reason == "ok_code");
      CHECK(v.detail.empty());
    } else {
      CHECK(v.reason == "policy_error:parts");
      CHECK(v.detail.find("without a valid reason") != std::string::npos);
    }
  }
}

TEST_CASE("denying with parts makes no Lua garbage; joining text in Lua does", "[lua][deny]") {
  auto growth = [](const std::string& body) {
    TempDir t;
    auto p = build_policy(t, "parts", policy_source("parts", body));
    REQUIRE(p.gate);
    auto c = test::sample_ctx();
    gates::Verdict v;
    for (int i = 0; i < 20; ++i) p.gate->judge(test::sample_action(), c, v);  // stacks grown, slots filled
    const std::size_t before = p.gate->memory_used();
    std::size_t most = before;
    for (int i = 0; i < 200; ++i) {
      c.market.age_ms = 1000 + i;  // a new number every call
      p.gate->judge(test::sample_action(), c, v);
      REQUIRE_FALSE(v.allow);
      most = std::max(most, p.gate->memory_used());
    }
    return most - before;
  };
  CHECK(growth("return deny('market_data:stale', 'age_ms=', ctx.market_age_ms, ' max_age_ms=', 3000)") == 0);
  // The same detail built with `..` makes a new string each call: the
  // measurement sees garbage when there is some.
  CHECK(growth("return deny('market_data:stale', 'age_ms=' .. ctx.market_age_ms .. ' max_age_ms=3000')") > 0);
}
