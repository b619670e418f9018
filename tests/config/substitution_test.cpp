#include <catch2/catch.hpp>

#include "grinder/config/yaml_loader.hpp"
#include "test_env.hpp"

using grinder::config::substitute_env;
using grinder::test::fake_env;

TEST_CASE("substitution replaces ${VAR} and ${VAR:-default}", "[config][env]") {
  auto env = fake_env({{"MODE", "plan_only"}, {"EMPTY", ""}});
  CHECK(substitute_env("${MODE}", env).text == "plan_only");
  CHECK(substitute_env("x-${MODE}-y", env).text == "x-plan_only-y");
  CHECK(substitute_env("${UNSET:-20}", env).text == "20");
  CHECK(substitute_env("${MODE:-20}", env).text == "plan_only");
  // Shell semantics: an empty value takes the default too.
  CHECK(substitute_env("${EMPTY:-d}", env).text == "d");
  CHECK(substitute_env("${EMPTY}", env).text.empty());
  CHECK(substitute_env("${UNSET:-}", env).text.empty());
}

TEST_CASE("an unset variable without default is reported by name", "[config][env]") {
  auto r = substitute_env("${NOPE}", fake_env({}));
  REQUIRE(r.unset.size() == 1);
  CHECK(r.unset[0] == "NOPE");
  CHECK(r.vars == std::vector<std::string>{"NOPE"});
}

TEST_CASE("$${ is a literal and malformed references are reported", "[config][env]") {
  auto env = fake_env({{"A", "1"}});
  CHECK(substitute_env("$${A}", env).text == "${A}");
  CHECK(substitute_env("${1BAD}", env).malformed.size() == 1);
  CHECK(substitute_env("${A", env).malformed.size() == 1);
}
