#include <catch2/catch.hpp>

#include "test_env.hpp"

using grinder::test::grinder_bin;
using grinder::test::run_command;
using grinder::test::source_dir;
using grinder::test::TempDir;

// The environment the CLI tests run with: no lever set, so defaults apply.
static std::string clean() { return "env -u REMEDIATION_MODE -u ALLOW_MAINNET_TRADE "; }

TEST_CASE("grinder validate: exit 0 on the example, 2 with every error on bad input", "[cli][validate]") {
  auto ok = run_command(clean() + grinder_bin() + " validate " + source_dir() + "/examples/paper");
  CHECK(ok.exit_code == 0);
  CHECK(ok.output.find("valid") != std::string::npos);

  TempDir t;
  t.write("ladder.yaml", "ladder:\n  name: x\n  lever: { env: M, default: a }\n  stages:\n    - { name: A, lever_value: a, execute: 7 }\n");
  t.write("chains.yaml", "chains:\n  remediation:\n    - gate: nope\n");
  t.write("grinder.yaml", "version: 1\nladder: ladder.yaml\nchains: chains.yaml\nvenues: {}\nbogus: 1\n");
  auto bad = run_command(clean() + grinder_bin() + " validate " + t.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find(t.file("grinder.yaml") + ":5:1: error[schema.unknown_key]") != std::string::npos);
  CHECK(bad.output.find(t.file("ladder.yaml") + ":5:43: error[schema.type]") != std::string::npos);
  CHECK(bad.output.find(t.file("chains.yaml") + ":3:13: error[chain.unknown_gate]") != std::string::npos);
  CHECK(bad.output.find("^") != std::string::npos);  // caret under the spot

  auto json = run_command(clean() + grinder_bin() + " validate --json " + t.path());
  CHECK(json.exit_code == 2);
  CHECK(json.output.find("\"valid\":false") != std::string::npos);
  CHECK(json.output.find("\"code\":\"chain.unknown_gate\"") != std::string::npos);
}

TEST_CASE("grinder validate never echoes a secret-named value", "[cli][validate][secrets]") {
  TempDir t;
  t.write("ladder.yaml", "ladder:\n  name: x\n  lever: { env: M, default: a }\n  stages:\n    - { name: A, lever_value: a }\n");
  t.write("chains.yaml", "chains:\n  remediation:\n    - gate: armed\n");
  t.write("grinder.yaml",
          "version: 1\nladder: ladder.yaml\nchains: chains.yaml\n"
          "venues:\n  v: { plugin: paper, credentials: { api_secret: 12345 } }\n"
          "http: { port: \"${MY_API_SECRET}\" }\n");
  auto r = run_command("MY_API_SECRET=hunter2-secret " + clean() + grinder_bin() + " validate " + t.path());
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("hunter2-secret") == std::string::npos);
  CHECK(r.output.find("<redacted>") != std::string::npos);
}

TEST_CASE("grinder stage show: the stage the lever selects and why", "[cli][stage]") {
  auto r = run_command(clean() + grinder_bin() + " stage show --config " + source_dir() + "/examples/paper");
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("current stage  SHADOW") != std::string::npos);
  CHECK(r.output.find("REMEDIATION_MODE is unset") != std::string::npos);
  CHECK(r.output.find("dry_run=true allow_active_remediation=false armed=false") != std::string::npos);

  // Nobody promoted: the lever asks for ACTIVE, the run would be held at STAGING.
  TempDir state;
  auto held = run_command("GRINDER_STATE_DIR=" + state.path() + " REMEDIATION_MODE=execute_cancel_all " + grinder_bin() +
                          " stage show --json --config " + source_dir() + "/examples/paper");
  CHECK(held.exit_code == 0);
  CHECK(held.output.find("\"stage\":\"STAGING\"") != std::string::npos);
  CHECK(held.output.find("\"held\":true") != std::string::npos);
  state.write("stage.json", "{\"version\":1,\"ceiling\":\"ACTIVE\",\"since_ms\":1,\"changed_by\":\"t\",\"reason\":\"\"}");
  auto active = run_command("GRINDER_STATE_DIR=" + state.path() + " REMEDIATION_MODE=execute_cancel_all " + grinder_bin() +
                            " stage show --json --config " + source_dir() + "/examples/paper");
  CHECK(active.exit_code == 0);
  CHECK(active.output.find("\"held\":false") != std::string::npos);
  CHECK(active.output.find("\"stage\":\"ACTIVE\"") != std::string::npos);
  CHECK(active.output.find("\"armed\":true") != std::string::npos);
  CHECK(active.output.find("\"max_calls_per_run\":3") != std::string::npos);
  CHECK(active.output.find("\"graduation_step\":\"week1\"") != std::string::npos);

  auto bad = run_command("REMEDIATION_MODE=sideways " + grinder_bin() + " stage show --config " + source_dir() +
                         "/examples/paper");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("REMEDIATION_MODE=sideways selects no stage") != std::string::npos);
}

TEST_CASE("help and version", "[cli]") {
  CHECK(run_command(grinder_bin() + " --help").exit_code == 0);
  CHECK(run_command(grinder_bin() + " validate --help").exit_code == 0);
  CHECK(run_command(grinder_bin() + " stage show --help").exit_code == 0);
  auto v = run_command(grinder_bin() + " --version");
  CHECK(v.exit_code == 0);
  CHECK(v.output.find("grinder ") != std::string::npos);
  CHECK(run_command(grinder_bin() + " frobnicate").exit_code == 2);
}
