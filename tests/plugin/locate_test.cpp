#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "grinder/plugin/locate.hpp"
#include "temp_dir.hpp"

using namespace grinder::plugin;
namespace fs = std::filesystem;

TEST_CASE("plugin files are named libgrinder_venue_NAME.so", "[plugin][locate]") {
  CHECK(plugin_file_name("paper") == "libgrinder_venue_paper.so");
  CHECK(plugin_name_from_file("/opt/x/libgrinder_venue_binance_usdm.so") == "binance_usdm");
  CHECK(plugin_name_from_file("libgrinder_venue_paper.so") == "paper");
  CHECK_FALSE(plugin_name_from_file("libgrinder_venue_.so"));
  CHECK_FALSE(plugin_name_from_file("libpaper.so"));
  CHECK_FALSE(plugin_name_from_file("libgrinder_venue_paper.so.1"));

  CHECK(valid_plugin_name("paper"));
  CHECK(valid_plugin_name("binance_usdm"));
  CHECK_FALSE(valid_plugin_name(""));
  CHECK_FALSE(valid_plugin_name("Paper"));
  CHECK_FALSE(valid_plugin_name("a-b"));
  CHECK_FALSE(valid_plugin_name("../paper"));
}

TEST_CASE("an explicit plugin directory is the only place looked in", "[plugin][locate]") {
  const std::string dir = GRINDER_TEST_FIXTURE_DIR;
  CHECK(plugin_search_path(dir) == std::vector<std::string>{dir});
  CHECK(locate_plugin("minimal", dir) == dir + "/libgrinder_venue_minimal.so");
  CHECK_FALSE(locate_plugin("paper", dir));  // paper is elsewhere
  CHECK_FALSE(locate_plugin("nope", dir));
  CHECK_FALSE(locate_plugin("Not-A-Name", dir));
}

TEST_CASE("a name with a slash is the plugin's path", "[plugin][locate]") {
  CHECK(locate_plugin(GRINDER_PAPER_PLUGIN) == std::string(GRINDER_PAPER_PLUGIN));
  CHECK_FALSE(locate_plugin("/nonexistent/libgrinder_venue_paper.so"));
}

TEST_CASE("the default search path holds the build's plugin directory", "[plugin][locate]") {
  auto path = plugin_search_path();
  REQUIRE_FALSE(path.empty());
  fs::path build_dir = fs::canonical(GRINDER_DEFAULT_PLUGIN_DIR);
  bool listed = false;
  for (const auto& d : path) listed = listed || fs::equivalent(d, build_dir);
  CHECK(listed);
  auto paper = locate_plugin("paper");
  REQUIRE(paper);
  CHECK(fs::equivalent(*paper, GRINDER_PAPER_PLUGIN));
  CHECK(fs::is_directory(default_plugin_dir()));
}

TEST_CASE("plugin_files_in lists plugin-named files only, sorted", "[plugin][locate]") {
  grinder::test::TempDir tmp("locate");
  for (const char* name : {"libgrinder_venue_b.so", "libgrinder_venue_a.so", "README.md", "libother.so"})
    std::ofstream(tmp / name) << "x";
  CHECK(plugin_files_in(tmp.path().string()) ==
        std::vector<std::string>{tmp / "libgrinder_venue_a.so", tmp / "libgrinder_venue_b.so"});
  CHECK(plugin_files_in(tmp / "missing").empty());
}
