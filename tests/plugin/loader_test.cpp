// The loader's refusals, each against a real file built to be wrong in one
// way: one line, naming the file, saying what is wrong.
#include <catch2/catch.hpp>

#include <cstddef>

#include "grinder/plugin/loader.hpp"
#include "grinder/plugin/locate.hpp"
#include "grinder/plugin/venue.hpp"

using namespace grinder::plugin;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string fixture(const std::string& name) {
  return std::string(GRINDER_TEST_FIXTURE_DIR) + "/" + plugin_file_name(name);
}

const std::string host_abi =
    std::to_string(GRINDER_VENUE_ABI_MAJOR) + "." + std::to_string(GRINDER_VENUE_ABI_MINOR);

// The refusal of `name`: it must fail, and its message must be one line
// beginning with the file it is about.
std::string refusal(const std::string& name) {
  LoadResult r = load_plugin(fixture(name));
  REQUIRE_FALSE(r);
  REQUIRE(r.plugin == nullptr);
  CHECK_THAT(r.error, StartsWith("plugin " + fixture(name) + ": "));
  CHECK(r.error.find('\n') == std::string::npos);
  return r.error;
}

}  // namespace

TEST_CASE("the paper plugin loads and says what it is", "[plugin][loader]") {
  LoadResult r = load_plugin(GRINDER_PAPER_PLUGIN);
  REQUIRE(r);
  CHECK(r.error.empty());
  const PluginInfo& info = r.plugin->info();
  CHECK(info.path == GRINDER_PAPER_PLUGIN);
  CHECK(info.name == "paper");
  CHECK(info.kind == "simulated");
  CHECK_FALSE(info.version.empty());
  CHECK(info.abi() == host_abi);
  CHECK(info.has(Capability::Positions));
  CHECK(info.has(Capability::ReduceOnly));
  CHECK(info.has(Capability::CancelAll));
  CHECK(info.has(Capability::Drills));
  CHECK_FALSE(info.has(Capability::WebSocket));
  CHECK(capability_names(info.capabilities) ==
        std::vector<std::string>{"positions", "reduce_only", "cancel_all", "drills"});
}

TEST_CASE("loading a file twice gives the same table; nothing is unloaded", "[plugin][loader]") {
  LoadResult a = load_plugin(fixture("minimal"));
  LoadResult b = load_plugin(fixture("minimal"));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(&a.plugin->table() == &b.plugin->table());
  CHECK(a.plugin->info().name == "minimal");
}

TEST_CASE("an ABI major mismatch is refused, naming both versions", "[plugin][loader]") {
  std::string e = refusal("abi_major");
  std::string theirs = std::to_string(GRINDER_VENUE_ABI_MAJOR + 9999) + ".0";
  CHECK_THAT(e, Contains("ABI " + theirs + " is not compatible with this grinder's ABI " + host_abi));
  CHECK_THAT(e, Contains("major versions differ"));
}

TEST_CASE("a plugin built for a newer minor is refused", "[plugin][loader]") {
  std::string e = refusal("abi_minor");
  std::string theirs = std::to_string(GRINDER_VENUE_ABI_MAJOR) + "." + std::to_string(GRINDER_VENUE_ABI_MINOR + 1);
  CHECK_THAT(e, Contains("ABI " + theirs + " is newer than this grinder's ABI " + host_abi));
}

TEST_CASE("a shared library without the entry symbol is refused", "[plugin][loader]") {
  CHECK_THAT(refusal("no_entry"), Contains("not a grinder venue plugin: it does not export grinder_venue_plugin_entry"));
}

TEST_CASE("a text file named like a plugin is refused", "[plugin][loader]") {
  CHECK_THAT(refusal("text"), Contains("not a shared library"));
}

TEST_CASE("a missing file is refused", "[plugin][loader]") {
  CHECK_THAT(refusal("does_not_exist"), Contains("no such file"));
}

TEST_CASE("every problem of a table is named at once", "[plugin][loader]") {
  std::string e = refusal("missing_ops");
  CHECK_THAT(e, Contains("missing required operations: place, cancel"));
  CHECK_THAT(e, Contains("declares drills but has no drill operation"));
}

TEST_CASE("a plugin whose table names another plugin is refused", "[plugin][loader]") {
  CHECK_THAT(refusal("misnamed"), Contains("declares name 'someone_else' but its file is named for 'misnamed'"));
}

TEST_CASE("a plugin whose create fails says why in one line naming the file", "[plugin][loader]") {
  LoadResult r = load_plugin(fixture("create_fails"));
  REQUIRE(r);  // the library itself is fine
  auto venue = Venue::create(r.plugin, "{}");
  REQUIRE_FALSE(venue);
  CHECK(venue.error().error_class == ErrorClass::InvalidArgument);
  CHECK(venue.error().message == "plugin " + fixture("create_fails") +
                                     ": create failed: create_fails: api_key is required (second line)");
}

TEST_CASE("check_table reads nothing past what the plugin filled", "[plugin][loader]") {
  CHECK(check_table(nullptr, "") == std::vector<std::string>{"grinder_venue_plugin_entry returned no table"});

  grinder_venue_plugin t{};
  t.struct_size = 4;
  auto p = check_table(&t, "");
  REQUIRE(p.size() == 1);
  CHECK_THAT(p[0], Contains("too small to carry an ABI version"));

  // A table cut short before the last 1.0 operation.
  t.struct_size = offsetof(grinder_venue_plugin, drill);
  t.abi_major = GRINDER_VENUE_ABI_MAJOR;
  t.abi_minor = 0;
  p = check_table(&t, "");
  REQUIRE(p.size() == 1);
  CHECK_THAT(p[0], Contains("smaller than ABI 1.0's"));
}

TEST_CASE("adopt_plugin_table checks a table already in the process", "[plugin][loader]") {
  LoadResult file = load_plugin(fixture("minimal"));
  REQUIRE(file);
  LoadResult adopted = adopt_plugin_table(&file.plugin->table(), "static:minimal", "minimal");
  REQUIRE(adopted);
  CHECK(adopted.plugin->info().path == "static:minimal");
  CHECK(adopted.plugin->provides(offsetof(grinder_venue_plugin, drill)));
  CHECK_FALSE(adopted.plugin->provides(sizeof(grinder_venue_plugin)));  // nothing past 1.0 yet

  LoadResult wrong = adopt_plugin_table(&file.plugin->table(), "static:minimal", "other");
  REQUIRE_FALSE(wrong);
  CHECK_THAT(wrong.error, StartsWith("plugin static:minimal: declares name 'minimal'"));
}
