#include <catch2/catch.hpp>

#include "grinder/config/schema.hpp"
#include "grinder/config/yaml_loader.hpp"
#include "test_env.hpp"

using namespace grinder::config;

static Diagnostics check(const std::string& kind, const std::string& yaml) {
  Diagnostics d;
  LoadOptions o;
  o.env = grinder::test::fake_env({});
  auto v = load_yaml_string(yaml, "x.yaml", d, o);
  REQUIRE(v);
  Schema::builtin(kind).validate(*v, d);
  return d;
}

static bool has(const Diagnostics& d, const std::string& code, int line) {
  for (const auto& i : d.items())
    if (i.code == code && i.where.line == line) return true;
  return false;
}

TEST_CASE("every built-in schema parses", "[config][schema]") {
  for (auto kind : {"grinder", "ladder", "chains", "graduation"}) CHECK_NOTHROW(Schema::builtin(kind));
}

TEST_CASE("wrong types, unknown keys and missing keys are all reported at once", "[config][schema]") {
  auto d = check("ladder",
                 "ladder:\n"
                 "  name: x\n"
                 "  lever: { env: M, default: a }\n"
                 "  colour: blue\n"
                 "  stages:\n"
                 "    - name: A\n"
                 "      lever_value: a\n"
                 "      execute: maybe\n"
                 "      limits: { max_calls_per_run: -1, max_calls_per_day: lots }\n"
                 "    - lever_value: b\n");
  CHECK(has(d, "schema.unknown_key", 4));
  CHECK(has(d, "schema.type", 8));     // execute: maybe
  CHECK(has(d, "schema.minimum", 9));  // negative limit
  CHECK(has(d, "schema.type", 9));     // lots
  CHECK(has(d, "schema.required", 10));
  CHECK(d.size() == 5);
  for (const auto& i : d.items()) CHECK(i.where.column > 0);
}

TEST_CASE("messages say what was expected", "[config][schema]") {
  auto d = check("ladder", "ladder:\n  name: x\n  lever: { env: M, default: a }\n  stages:\n    - name: A\n      lever_value: a\n      execute: 3\n");
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].message == "'ladder.stages[0].execute' must be a boolean, got integer 3");
}

TEST_CASE("enum errors list the allowed values", "[config][schema]") {
  auto d = check("ladder", "ladder:\n  name: x\n  lever: { env: M, default: a }\n  stages:\n    - name: A\n      lever_value: a\n      plan: [cancel_everything]\n");
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "schema.enum");
  CHECK(d.items()[0].message.find("cancel_all") != std::string::npos);
}

TEST_CASE("cross-schema references resolve (graduation limits use the ladder's)", "[config][schema]") {
  auto d = check("graduation", "graduation:\n  stages: [ACTIVE]\n  steps:\n    - name: w1\n      after: 0d\n      limits: { max_calls_per_run: x }\n");
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].where.line == 6);
}

TEST_CASE("unknown keys in the root file are rejected with the known ones listed", "[config][schema]") {
  auto d = check("grinder", "version: 1\nladder: l.yaml\nchains: c.yaml\nvenues: {}\nhttp_port: 9090\n");
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "schema.unknown_key");
  CHECK(d.items()[0].message.find("http") != std::string::npos);
}
