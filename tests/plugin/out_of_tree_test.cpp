// The promise of the SDK: install it, build examples/venue-plugin with its
// own CMake project against the installed package, and the host loads it.
#include <catch2/catch.hpp>

#include <filesystem>

#include "grinder/plugin/loader.hpp"
#include "grinder/plugin/venue.hpp"
#include "run_command.hpp"
#include "temp_dir.hpp"

using namespace grinder::plugin;
using grinder::test::run_command;
using grinder::test::shell_quote;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void must_run(const std::string& cmd) {
  auto r = run_command(cmd);
  INFO(cmd << "\n" << r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("a plugin built out of tree against the installed SDK loads", "[plugin][sdk][integration]") {
  grinder::test::TempDir tmp("oot");
  const std::string cmake = shell_quote(GRINDER_CMAKE_COMMAND);
  const std::string prefix = tmp / "prefix", build = tmp / "build";

  must_run(cmake + " --install " + shell_quote(GRINDER_BUILD_DIR) + " --prefix " + shell_quote(prefix) +
           " --component venue_sdk");
  CHECK(fs::exists(prefix + "/include/grinder/venue_plugin.h"));
  CHECK(fs::exists(prefix + "/include/grinder/venue_plugin.hpp"));
  bool config_found = false;
  for (const auto& e : fs::recursive_directory_iterator(prefix))
    config_found = config_found || e.path().filename() == "grinder-venue-sdk-config-version.cmake";
  CHECK(config_found);

  must_run(cmake + " -S " + shell_quote(GRINDER_EXAMPLE_PLUGIN_SOURCE) + " -B " + shell_quote(build) +
           " -DCMAKE_PREFIX_PATH=" + shell_quote(prefix) + " -DCMAKE_C_COMPILER=" + shell_quote(GRINDER_C_COMPILER) +
           " -DCMAKE_BUILD_TYPE=Release");
  must_run(cmake + " --build " + shell_quote(build));
  const std::string so = build + "/libgrinder_venue_example.so";
  REQUIRE(fs::exists(so));

  LoadResult loaded = load_plugin(so);
  INFO(loaded.error);
  REQUIRE(loaded);
  const PluginInfo& info = loaded.plugin->info();
  CHECK(info.name == "example");
  CHECK(info.kind == "spot");
  CHECK(capability_names(info.capabilities) == std::vector<std::string>{"cancel_all"});

  auto refused = Venue::create(loaded.plugin, "{}");
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Contains("plugin " + so + ": create failed: example: config needs"));

  auto made = Venue::create(loaded.plugin, R"({"symbol": "EXAMPLEUSDT", "bid": "99.5", "ask": "100.5"})");
  REQUIRE(made);
  Venue& v = **made;
  REQUIRE(v.connect());
  auto top = v.book_top("EXAMPLEUSDT");
  REQUIRE(top);
  CHECK(top->bid == Approx(99.5));
  CHECK(top->ask == Approx(100.5));

  OrderRequest rest;
  rest.symbol = "EXAMPLEUSDT";
  rest.side = Side::Buy;
  rest.price = 90;
  rest.qty = 2;
  rest.client_order_id = "grinder_1_oot";
  auto placed = v.place(rest);
  REQUIRE(placed);
  CHECK(placed->status == OrderStatus::New);

  OrderRequest take = rest;
  take.type = OrderType::Market;
  take.client_order_id = "grinder_1_take";
  auto filled = v.place(take);
  REQUIRE(filled);
  CHECK(filled->status == OrderStatus::Filled);
  CHECK(filled->price == Approx(100.5));

  auto snap = v.snapshot({"EXAMPLEUSDT"});
  REQUIRE(snap);
  CHECK(snap->complete());
  REQUIRE(snap->orders.size() == 1);
  CHECK(snap->orders[0].client_order_id == "grinder_1_oot");
  CHECK(snap->positions.empty());
  auto cancelled = v.cancel_all("EXAMPLEUSDT");
  REQUIRE(cancelled);
  CHECK(*cancelled == 1);

  auto cli = run_command(shell_quote(GRINDER_BINARY) + " plugins info example --json --plugin-dir " + shell_quote(build));
  INFO(cli.out << cli.err);
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Contains(R"("name":"example")"));
}
