#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "grinder/config/deployment.hpp"
#include "test_env.hpp"

using namespace grinder;
using grinder::test::fake_env;
using grinder::test::TempDir;

static config::LoadOptions env_opts(std::map<std::string, std::string> env = {}) {
  config::LoadOptions o;
  o.env = fake_env(std::move(env));
  return o;
}

static std::set<std::string> codes(const config::Diagnostics& d) {
  std::set<std::string> out;
  for (const auto& i : d.items()) out.insert(i.code);
  return out;
}

// A minimal, valid deployment in a temp folder that tests then break.
struct MiniDeployment {
  TempDir dir;
  MiniDeployment() {
    dir.write("ladder.yaml",
              "ladder:\n  name: mini\n  lever: { env: MODE, default: off }\n  stages:\n"
              "    - { name: SHADOW, lever_value: off }\n"
              "    - { name: ACTIVE, lever_value: on, plan: [cancel_all], execute: true,\n"
              "        limits: { max_calls_per_run: 1, max_calls_per_day: 2, max_notional_per_run: 3, max_notional_per_day: 4 } }\n");
    dir.write("chains.yaml", "chains:\n  remediation:\n    - gate: dry_run\n    - gate: armed\n");
    dir.write("policies/stale.lua", "return {}\n");
    root("");
  }
  void root(const std::string& extra) {
    dir.write("grinder.yaml",
              "version: 1\nladder: ladder.yaml\nchains: chains.yaml\npolicies: policies\n"
              "venues:\n  paper: { plugin: paper }\n" + extra);
  }
};

TEST_CASE("the paper example loads whole", "[config][deployment]") {
  config::Diagnostics d;
  auto dep = config::load_deployment(test::source_dir() + "/examples/paper", d, env_opts());
  INFO(d.render_text());
  REQUIRE(dep);
  CHECK(dep->name == "paper-runbook22");
  CHECK(dep->ladder.stages.size() == 4);
  CHECK(dep->chains.count("remediation"));
  REQUIRE(dep->graduation);
  CHECK(dep->venues.at("paper").plugin == "paper");
  CHECK(dep->reconcile.venue == "paper");
  CHECK(dep->reconcile.symbols.size() == 3);
  CHECK(dep->http.port == 9090);
  CHECK(dep->http.bind == "127.0.0.1");
  CHECK(dep->identity.prefix == "grinder_");
  CHECK(dep->digest.size() == 64);
  CHECK(dep->files.size() == 4);
  CHECK(std::find(dep->env_vars.begin(), dep->env_vars.end(), "MAX_CALLS_PER_DAY") != dep->env_vars.end());
}

TEST_CASE("env levers reach the runtime settings", "[config][deployment][env]") {
  config::Diagnostics d;
  auto dep = config::load_deployment(test::source_dir() + "/examples/paper", d,
                                     env_opts({{"GRINDER_HTTP_PORT", "9191"}, {"RECONCILE_ENABLED", "0"},
                                               {"BUDGET_STATE_PATH", "/tmp/b.json"}}));
  REQUIRE(dep);
  CHECK(dep->http.port == 9191);
  CHECK_FALSE(dep->reconcile.enabled);
  CHECK(dep->budget_state_path == "/tmp/b.json");
}

TEST_CASE("a lever value no stage has is an error naming the allowed values", "[config][deployment]") {
  MiniDeployment m;
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts({{"MODE", "sideways"}})));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "ladder.lever_value");
  CHECK(d.items()[0].message.find("MODE=sideways") != std::string::npos);
  CHECK(d.items()[0].message.find("off, on") != std::string::npos);
  CHECK(d.items()[0].where.line == 3);
}

TEST_CASE("missing referenced files are errors at the reference", "[config][deployment]") {
  MiniDeployment m;
  std::filesystem::remove(m.dir.file("chains.yaml"));
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts()));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "file.missing");
  CHECK(d.items()[0].where.file == m.dir.file("grinder.yaml"));
  CHECK(d.items()[0].where.line == 3);
}

TEST_CASE("unknown gates, unknown policies, bad gate params and unknown chains", "[config][deployment]") {
  MiniDeployment m;
  m.dir.write("chains.yaml",
              "chains:\n  remediation:\n"
              "    - gate: teleport\n"
              "    - policy: not_there\n"
              "    - gate: env_flag\n      with: { equals: \"1\" }\n"
              "    - gate: cooldown\n      with: { seconds: -5 }\n"
              "    - { gate: dry_run, policy: stale }\n"
              "    - gate: armed\n    - gate: armed\n");
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts()));
  auto c = codes(d);
  CHECK(c.count("chain.unknown_gate"));
  CHECK(c.count("chain.unknown_policy"));
  CHECK(c.count("schema.required"));  // env_flag needs var
  CHECK(c.count("schema.minimum"));
  CHECK(c.count("chain.gate_kind"));
  CHECK(c.count("chain.duplicate_gate"));
  for (const auto& i : d.items()) CHECK(i.where.file == m.dir.file("chains.yaml"));
}

TEST_CASE("a stage naming a chain that does not exist", "[config][deployment]") {
  MiniDeployment m;
  m.dir.write("ladder.yaml",
              "ladder:\n  name: mini\n  lever: { env: MODE, default: off }\n  stages:\n"
              "    - { name: SHADOW, lever_value: off, chain: nowhere }\n");
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts()));
  CHECK(codes(d).count("ladder.unknown_chain"));
}

TEST_CASE("errors from several files are reported together", "[config][deployment]") {
  MiniDeployment m;
  m.root("reconcile: { interval_ms: fast }\n");
  m.dir.write("chains.yaml", "chains:\n  remediation:\n    - gate: teleport\n");
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts()));
  std::set<std::string> files;
  for (const auto& i : d.items()) files.insert(i.where.file);
  CHECK(files.size() == 2);
}

TEST_CASE("an unset env reference without default fails the load", "[config][deployment][env]") {
  MiniDeployment m;
  m.root("http: { port: \"${PORT_THAT_IS_NOT_SET}\" }\n");
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts()));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "env.unset");
  CHECK(d.items()[0].where.line == 7);
}

TEST_CASE("credentials are sensitive and never rendered", "[config][deployment][secrets]") {
  MiniDeployment m;
  m.root("  binance: { plugin: binance_usdm, credentials: { key: \"${K}\", other: \"${S}\" } }\n");
  config::Diagnostics d;
  auto dep = config::load_deployment(m.dir.path(), d, env_opts({{"K", "AKIA-visible?"}, {"S", "topsecret"}}));
  INFO(d.render_text());
  REQUIRE(dep);
  const auto& creds = dep->venues.at("binance").credentials;
  CHECK(creds.at("other").sensitive);
  CHECK(creds.at("other").describe() == "<redacted>");
  CHECK(creds.at("other").text == "topsecret");  // available to the plugin hand-over only
}

TEST_CASE("validate_path: every folder in stages/ and examples/ is valid", "[config][validate]") {
  namespace fs = std::filesystem;
  std::vector<std::string> targets = {test::source_dir() + "/stages"};
  for (const auto& e : fs::directory_iterator(test::source_dir() + "/examples"))
    if (e.is_directory() && fs::exists(e.path() / "grinder.yaml")) targets.push_back(e.path().string());
  for (const auto& t : targets) {
    auto r = config::validate_path(t, env_opts());
    INFO(t << "\n" << r.diags.render_text());
    CHECK(r.diags.empty());
    CHECK_FALSE(r.checked.empty());
  }
}

TEST_CASE("validate_path on a file of unknown kind", "[config][validate]") {
  TempDir t;
  auto f = t.write("x.yaml", "hello: world\n");
  auto r = config::validate_path(f, env_opts());
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags.items()[0].code == "file.kind");
}

TEST_CASE("a venue whose plugin cannot be found is a validation error", "[config][deployment][plugin]") {
  MiniDeployment m;
  m.root("  other: { plugin: no_such_venue }\n");
  config::Diagnostics d;
  CHECK_FALSE(config::load_deployment(m.dir.path(), d, env_opts()));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "venue.plugin_missing");
  CHECK(d.items()[0].message.find("libgrinder_venue_no_such_venue.so") != std::string::npos);
  CHECK(d.items()[0].where.line == 7);
}
