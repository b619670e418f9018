#include <catch2/catch.hpp>

#include "grinder/config/yaml_loader.hpp"
#include "test_env.hpp"

using namespace grinder::config;
using grinder::test::fake_env;

static Value load(const std::string& text, Diagnostics& d, std::map<std::string, std::string> env = {}) {
  LoadOptions o;
  o.env = fake_env(env);
  auto v = load_yaml_string(text, "t.yaml", d, o);
  REQUIRE(v);
  return *v;
}

TEST_CASE("plain scalars are typed by the YAML 1.2 core schema; quoted stay strings", "[config][yaml]") {
  Diagnostics d;
  Value v = load("a: 1\nb: 1.5\nc: true\nd: ~\ne: text\nf: \"1\"\ng: '2'\n", d);
  CHECK(d.empty());
  CHECK(v.find("a")->kind == Value::Kind::Int);
  CHECK(v.find("b")->kind == Value::Kind::Double);
  CHECK(v.find("c")->kind == Value::Kind::Bool);
  CHECK(v.find("d")->kind == Value::Kind::Null);
  CHECK(v.find("e")->kind == Value::Kind::String);
  CHECK(v.find("f")->kind == Value::Kind::String);
  CHECK(v.find("g")->kind == Value::Kind::String);
}

TEST_CASE("env substitution happens before typing, so levers can be numbers", "[config][yaml][env]") {
  Diagnostics d;
  Value v = load("calls: ${MAX_CALLS_PER_DAY:-20}\nmode: ${REMEDIATION_MODE}\n", d,
                 {{"REMEDIATION_MODE", "plan_only"}});
  CHECK(d.empty());
  CHECK(v.find("calls")->kind == Value::Kind::Int);
  CHECK(v.find("calls")->integer == 20);
  CHECK(v.find("mode")->text == "plan_only");
  CHECK(v.find("mode")->env_vars == std::vector<std::string>{"REMEDIATION_MODE"});
}

TEST_CASE("every node keeps its line and column", "[config][yaml]") {
  Diagnostics d;
  Value v = load("top:\n  inner: 5\n  list: [a, b]\n", d);
  const Member* inner = v.find("top")->find_member("inner");
  CHECK(inner->key_loc.line == 2);
  CHECK(inner->key_loc.column == 3);
  CHECK(inner->value.loc.line == 2);
  CHECK(inner->value.loc.column == 10);
  CHECK(v.find("top")->find("list")->items[1].loc.column == 13);
}

TEST_CASE("an unset env reference is an error at its location", "[config][yaml][env]") {
  Diagnostics d;
  load("a: 1\nb: ${NOT_SET_ANYWHERE}\n", d);
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "env.unset");
  CHECK(d.items()[0].where.line == 2);
  CHECK(d.items()[0].where.column == 4);
  CHECK(d.items()[0].message.find("NOT_SET_ANYWHERE") != std::string::npos);
}

TEST_CASE("malformed YAML reports file:line:column", "[config][yaml]") {
  Diagnostics d;
  LoadOptions o;
  auto v = load_yaml_string("a: [1, 2\nb: 3\n", "bad.yaml", d, o);
  CHECK_FALSE(v);
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "yaml.syntax");
  CHECK(d.items()[0].where.file == "bad.yaml");
  CHECK(d.items()[0].where.line >= 1);
}

TEST_CASE("duplicate keys are errors", "[config][yaml]") {
  Diagnostics d;
  load("a: 1\na: 2\n", d);
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "yaml.duplicate_key");
  CHECK(d.items()[0].where.line == 2);
}

TEST_CASE("values named like secrets are redacted in every rendering", "[config][yaml][secrets]") {
  Diagnostics d;
  Value v = load("api_secret: hunter2\nplain: ${BINANCE_API_SECRET}\nok: visible\n", d,
                 {{"BINANCE_API_SECRET", "s3cr3t-value"}});
  CHECK(v.find("api_secret")->sensitive);
  CHECK(v.find("plain")->sensitive);
  CHECK_FALSE(v.find("ok")->sensitive);
  CHECK(v.find("api_secret")->describe() == "<redacted>");
  std::string json = v.to_json();
  CHECK(json.find("hunter2") == std::string::npos);
  CHECK(json.find("s3cr3t-value") == std::string::npos);
  CHECK(json.find("visible") != std::string::npos);
}

TEST_CASE("a missing file is reported, not a crash", "[config][yaml]") {
  Diagnostics d;
  CHECK_FALSE(load_yaml_file("/nonexistent/grinder.yaml", d));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "file.missing");
}
