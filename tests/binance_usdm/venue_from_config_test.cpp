// make_venue: a deployment's venue, its plugin found and its credentials
// handed over, or an error that names what is missing and never a secret.
#include "binance_harness.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/plugin/venue_from_config.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

config::Deployment load_example(const SimProcess& sim, const std::string& key, const std::string& secret) {
  config::LoadOptions opts;
  opts.env = fake_env({{"BINANCE_BASE_URL", sim.base_url()},
                       {"BINANCE_WS_URL", sim.ws_url()},
                       {"BINANCE_API_KEY", key},
                       {"BINANCE_API_SECRET", secret}});
  config::Diagnostics diags;
  auto d = config::load_deployment(source_dir() + "/examples/binance-usdm", diags, opts);
  INFO(diags.render_text());
  REQUIRE(d);
  return std::move(*d);
}

}  // namespace

TEST_CASE("make_venue hands the venue's params and credentials to the plugin") {
  SimProcess sim;
  config::Deployment d = load_example(sim, kApiKey, kApiSecret);
  d.plugin_dir = std::filesystem::path(GRINDER_BINANCE_PLUGIN).parent_path().string();
  Logs logs;
  auto v = plugin::make_venue(d, "binance", logs.sink());
  INFO((v ? std::string() : v.error().message));
  REQUIRE(v);
  CHECK((*v)->info().name == "binance_usdm");
  REQUIRE((*v)->connect());  // the signed credential check passed: the secret arrived
  CHECK(logs.contains("credentials=ok"));
  CHECK(logs.all().find(kApiSecret) == std::string::npos);
}

TEST_CASE("make_venue names an unknown venue and a missing plugin") {
  SimProcess sim;
  config::Deployment d = load_example(sim, kApiKey, kApiSecret);
  auto unknown = plugin::make_venue(d, "kraken");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().error_class == plugin::ErrorClass::InvalidArgument);
  CHECK_THAT(unknown.error().message, Catch::Contains("no venue 'kraken'") && Catch::Contains("binance"));
  TempDir empty;
  d.plugin_dir = empty.path();
  auto missing = plugin::make_venue(d, "binance");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message,
             Catch::Contains("libgrinder_venue_binance_usdm.so") && Catch::Contains("not found"));
  CHECK(missing.error().message.find(kApiSecret) == std::string::npos);
}
