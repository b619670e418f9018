// `grinder plugins list|info`, run as an operator runs them.
#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <set>

#include "grinder/plugin/locate.hpp"
#include "grinder/venue_plugin.h"
#include "run_command.hpp"

using grinder::test::run_command;
using grinder::test::shell_quote;
using Catch::Matchers::Contains;

namespace {

const std::string fixtures = GRINDER_TEST_FIXTURE_DIR;

grinder::test::CommandResult grinder_cmd(const std::string& args) {
  return run_command(shell_quote(GRINDER_BINARY) + " " + args);
}

std::string fixture(const std::string& name) { return fixtures + "/" + grinder::plugin::plugin_file_name(name); }

}  // namespace

TEST_CASE("plugins list shows good plugins and each broken file with its one-line reason", "[plugin][cli]") {
  auto r = grinder_cmd("plugins list --plugin-dir " + shell_quote(fixtures));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);  // broken files are worth a look
  CHECK_THAT(r.out, Contains("search path: " + fixtures));
  CHECK_THAT(r.out, Contains("minimal"));
  CHECK_THAT(r.out, Contains("create_fails"));
  CHECK_THAT(r.out, Contains("broken (not loaded):"));
  CHECK_THAT(r.out, Contains("  plugin " + fixture("abi_major") + ": ABI "));
  CHECK_THAT(r.out, Contains("  plugin " + fixture("abi_minor") + ": ABI "));
  CHECK_THAT(r.out, Contains("  plugin " + fixture("no_entry") + ": not a grinder venue plugin"));
  CHECK_THAT(r.out, Contains("  plugin " + fixture("text") + ": not a shared library"));
  CHECK_THAT(r.out, Contains("  plugin " + fixture("missing_ops") + ": missing required operations: place, cancel"));
  CHECK_THAT(r.out, Contains("  plugin " + fixture("misnamed") + ": declares name 'someone_else'"));
}

TEST_CASE("plugins list --json separates plugins from broken files", "[plugin][cli]") {
  auto r = grinder_cmd("plugins list --json --plugin-dir " + shell_quote(fixtures));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(std::string(doc["host_abi"].GetString()) ==
        std::to_string(GRINDER_VENUE_ABI_MAJOR) + "." + std::to_string(GRINDER_VENUE_ABI_MINOR));
  std::set<std::string> names, broken;
  for (const auto& p : doc["plugins"].GetArray()) {
    names.insert(p["name"].GetString());
    CHECK(p["capabilities"].IsArray());
    CHECK(std::string(p["kind"].GetString()) == "test");
  }
  for (const auto& b : doc["broken"].GetArray()) {
    std::string path = b["path"].GetString(), error = b["error"].GetString();
    CHECK(error.rfind("plugin " + path + ": ", 0) == 0);
    broken.insert(*grinder::plugin::plugin_name_from_file(path));
  }
  CHECK(names == std::set<std::string>{"create_fails", "minimal"});
  CHECK(broken == std::set<std::string>{"abi_major", "abi_minor", "missing_ops", "misnamed", "no_entry", "text"});
}

TEST_CASE("plugins list finds the paper plugin on the default search path", "[plugin][cli]") {
  auto r = grinder_cmd("plugins list --json");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  bool paper = false;
  for (const auto& p : doc["plugins"].GetArray()) paper = paper || std::string(p["name"].GetString()) == "paper";
  CHECK(paper);
}

TEST_CASE("plugins info describes one plugin", "[plugin][cli]") {
  auto r = grinder_cmd("plugins info paper");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("name          paper"));
  CHECK_THAT(r.out, Contains("kind          simulated"));
  CHECK_THAT(r.out, Contains("capabilities  positions, reduce_only, cancel_all, drills"));
  CHECK_THAT(r.out, Contains("libgrinder_venue_paper.so"));

  auto j = grinder_cmd("plugins info paper --json");
  rapidjson::Document doc;
  doc.Parse(j.out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(std::string(doc["name"].GetString()) == "paper");
  CHECK(std::string(doc["abi"].GetString()) == std::string(doc["host_abi"].GetString()));
  CHECK(doc["capabilities"].Size() == 4);
}

TEST_CASE("plugins info --config creates an instance and reports why one fails", "[plugin][cli]") {
  auto ok = grinder_cmd("plugins info paper --json --config " +
                        shell_quote(R"({"seed":1,"symbols":{"BTCUSDT":{"price":100,"tick_size":0.1,"step_size":1}}})"));
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Contains(R"("create":{"ok":true})"));

  auto bad = grinder_cmd("plugins info paper --config " + shell_quote(R"({"seed":1,"symbols":{"BTCUSDT":{"price":-1}}})"));
  INFO(bad.out << bad.err);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.out, Contains("create failed: paper config: symbols.BTCUSDT.price must be > 0"));
  CHECK_THAT(bad.out, Contains("symbols.BTCUSDT.tick_size is required"));

  auto refused = grinder_cmd("plugins info create_fails --config '{}' --plugin-dir " + shell_quote(fixtures));
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.out, Contains("create        plugin " + fixture("create_fails") +
                                       ": create failed: create_fails: api_key is required (second line)"));
}

TEST_CASE("plugins info on a broken or missing plugin exits 2 with one line", "[plugin][cli]") {
  auto broken = grinder_cmd("plugins info abi_major --plugin-dir " + shell_quote(fixtures));
  CHECK(broken.exit_code == 2);
  CHECK(broken.out.empty());
  CHECK(broken.err.find('\n') == broken.err.size() - 1);
  CHECK_THAT(broken.err, Contains("plugin " + fixture("abi_major") + ": ABI "));
  CHECK_THAT(broken.err, Contains("major versions differ"));

  auto missing = grinder_cmd("plugins info nope --plugin-dir " + shell_quote(fixtures));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("no plugin 'nope' (libgrinder_venue_nope.so) in: " + fixtures));

  auto json = grinder_cmd("plugins info nope --json --plugin-dir " + shell_quote(fixtures));
  CHECK(json.exit_code == 2);
  CHECK_THAT(json.out, Contains(R"("error":"no plugin 'nope')"));

  CHECK(grinder_cmd("plugins info Not-A-Name").exit_code == 2);
  CHECK(grinder_cmd("plugins list --plugin-dir /nonexistent/grinder-plugins").exit_code == 2);
  CHECK(grinder_cmd("plugins").exit_code == 2);  // a subcommand is required
}
