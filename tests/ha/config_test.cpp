// The `ha:` section of grinder.yaml: what it turns into, and every way it is
// refused, with file:line:col (no etcd needed).
#include <catch2/catch.hpp>
#include <set>

#include "grinder/config/deployment.hpp"
#include "test_env.hpp"

using namespace grinder;
using grinder::test::TempDir;

namespace {

// A minimal deployment whose root file ends with `ha_section`.
struct Deployment {
  TempDir dir;
  config::Diagnostics diags;
  std::optional<config::Deployment> loaded;

  explicit Deployment(const std::string& ha_section, std::map<std::string, std::string> env = {}) {
    dir.write("ladder.yaml",
              "ladder:\n  name: mini\n  lever: { env: MODE, default: off }\n  stages:\n"
              "    - { name: SHADOW, lever_value: off }\n");
    dir.write("chains.yaml", "chains:\n  remediation:\n    - gate: leader\n");
    dir.write("grinder.yaml",
              "version: 1\nladder: ladder.yaml\nchains: chains.yaml\n"
              "venues:\n  paper: { plugin: paper }\n" +
                  ha_section);
    config::LoadOptions o;
    o.env = test::fake_env(std::move(env));
    loaded = config::load_deployment(dir.file("grinder.yaml"), diags, o);
  }
  bool has(const std::string& code, const std::string& where, const std::string& text) const {
    for (const auto& d : diags.items())
      if (d.code == code && d.where.str() == where && d.message.find(text) != std::string::npos) return true;
    return false;
  }
};

}  // namespace

TEST_CASE("no ha section: a single host", "[ha][config]") {
  Deployment d("");
  INFO(d.diags.render_text());
  REQUIRE(d.loaded);
  CHECK_FALSE(d.loaded->ha.enabled);
}

TEST_CASE("an ha section is read whole", "[ha][config]") {
  Deployment d(
      "ha:\n"
      "  etcd: [\"http://127.0.0.1:2379\", \"http://localhost:22379/\", \"http://[::1]:2379\"]\n"
      "  scope: binance-usdm/main\n"
      "  lease_ttl_s: 7\n"
      "  key_prefix: /prod/grinder\n"
      "  instance: node-1\n");
  INFO(d.diags.render_text());
  REQUIRE(d.loaded);
  const auto& ha = d.loaded->ha;
  CHECK(ha.enabled);
  CHECK(ha.scope == "binance-usdm/main");
  CHECK(ha.lease_ttl_s == 7);
  CHECK(ha.key_prefix == "/prod/grinder");
  CHECK(ha.instance == "node-1");
  REQUIRE(ha.etcd.size() == 3);
  CHECK(ha.etcd[0].host == "127.0.0.1");
  CHECK(ha.etcd[0].port == 2379);
  CHECK(ha.etcd[1].host == "localhost");
  CHECK(ha.etcd[1].port == 22379);
  CHECK(ha.etcd[2].host == "::1");
}

TEST_CASE("ha defaults, endpoints from one env var, and the off switch", "[ha][config]") {
  const std::string section = "ha:\n  enabled: ${HA_ENABLED:-1}\n  etcd: \"${ETCD_ENDPOINTS}\"\n  scope: paper\n";
  Deployment on(section, {{"ETCD_ENDPOINTS", "http://127.0.0.1:2379, http://127.0.0.2:2379"}});
  INFO(on.diags.render_text());
  REQUIRE(on.loaded);
  CHECK(on.loaded->ha.enabled);
  CHECK(on.loaded->ha.etcd.size() == 2);
  CHECK(on.loaded->ha.lease_ttl_s == 5);
  CHECK(on.loaded->ha.key_prefix == "/grinder");
  // Off: the endpoints are not even judged.
  Deployment off(section, {{"ETCD_ENDPOINTS", "https://etcd.example:2379"}, {"HA_ENABLED", "0"}});
  INFO(off.diags.render_text());
  REQUIRE(off.loaded);
  CHECK_FALSE(off.loaded->ha.enabled);
}

TEST_CASE("ha endpoints grinder cannot use safely are refused, each at its place", "[ha][config][fail_closed]") {
  Deployment d(
      "ha:\n"
      "  etcd:\n"
      "    - https://127.0.0.1:2379\n"
      "    - http://10.0.0.5:2379\n"
      "    - http://127.0.0.1:70000\n"
      "    - http://127.0.0.1:2379/v3\n"
      "    - 127.0.0.1:2379\n"
      "  scope: paper\n");
  CHECK_FALSE(d.loaded);
  const std::string f = d.dir.file("grinder.yaml");
  CHECK(d.has("ha.etcd", f + ":8:7", "TLS to etcd is not supported yet"));
  CHECK(d.has("ha.etcd", f + ":9:7", "is not on loopback"));
  CHECK(d.has("ha.etcd", f + ":10:7", "is not a number from 1 to 65535"));
  CHECK(d.has("ha.etcd", f + ":11:7", "with no path"));
  CHECK(d.has("ha.etcd", f + ":12:7", "expected http://HOST:PORT"));
  CHECK(d.diags.size() == 5);
}

TEST_CASE("ha values out of range and unknown keys are refused", "[ha][config]") {
  Deployment d(
      "ha:\n"
      "  etcd: http://127.0.0.1:2379\n"
      "  scope: \"bad scope\"\n"
      "  lease_ttl_s: 1\n"
      "  key_prefix: grinder/\n"
      "  leader_ttl: 5\n");
  CHECK_FALSE(d.loaded);
  const std::string f = d.dir.file("grinder.yaml");
  INFO(d.diags.render_text());
  CHECK(d.has("schema.pattern", f + ":8:10", "'ha.scope'"));
  CHECK(d.has("schema.minimum", f + ":9:16", "'ha.lease_ttl_s' must be >= 2"));
  CHECK(d.has("schema.pattern", f + ":10:15", "'ha.key_prefix'"));
  CHECK(d.has("schema.unknown_key", f + ":11:3", "unknown key 'leader_ttl'"));
  Deployment missing("ha: { etcd: http://127.0.0.1:2379 }\n");
  CHECK_FALSE(missing.loaded);
  CHECK(missing.has("schema.required", missing.dir.file("grinder.yaml") + ":6:5", "'scope'"));
}
