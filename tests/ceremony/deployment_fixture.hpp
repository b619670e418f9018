#pragma once
// A small deployment on the paper venue with a ladder whose criteria and
// triggers a test can satisfy in seconds.
#include <string>

#include "test_env.hpp"

namespace grinder::test {

inline std::string quick_ladder(const std::string& active_rollback_when = "[\"kill_switch_triggered == 1\"]",
                                const std::string& staging_promote_when = "[soak_elapsed, \"drill:kill_switch\", \"drill:rollback\", \"doctor:pass\"]") {
  return "ladder:\n"
         "  name: quick\n"
         "  lever: { env: REMEDIATION_MODE, default: detect_only }\n"
         "  stages:\n"
         "    - { name: SHADOW, lever_value: detect_only, soak: 1s, promote_when: [soak_elapsed] }\n"
         "    - name: STAGING\n"
         "      lever_value: plan_only\n"
         "      plan: [cancel_all, flatten]\n"
         "      soak: 1s\n"
         "      limits: { symbols: [BTCUSDT] }\n"
         "      promote_when: " + staging_promote_when + "\n"
         "    - name: ACTIVE\n"
         "      lever_value: execute_flatten\n"
         "      plan: [cancel_all, flatten]\n"
         "      execute: true\n"
         "      limits: { max_calls_per_run: 10, max_calls_per_day: 20, max_notional_per_run: 5000, max_notional_per_day: 5000,\n"
         "                flatten_max_notional_per_call: 5000, symbols: [BTCUSDT] }\n"
         "      rollback_when: " + active_rollback_when + "\n";
}

// Writes grinder.yaml + ladder.yaml + chains.yaml (+ graduation.yaml) into dir.
inline std::string quick_deployment(const TempDir& dir, const std::string& drills, const std::string& ladder = quick_ladder(),
                                    const std::string& graduation = "") {
  dir.write("ladder.yaml", ladder);
  dir.write("chains.yaml", "chains:\n  remediation:\n"
                           "    - gate: action_in_stage\n    - gate: kill_switch\n    - gate: dry_run\n"
                           "    - gate: env_flag\n      with: { var: ALLOW_MAINNET_TRADE, equals: \"1\" }\n"
                           "    - gate: symbol_allowlist\n    - gate: identity\n    - gate: flatten_notional\n"
                           "    - gate: budget\n    - gate: circuit_breaker\n");
  std::string root = "version: 1\nname: quick\nladder: ladder.yaml\nchains: chains.yaml\n";
  if (!graduation.empty()) {
    dir.write("graduation.yaml", graduation);
    root += "graduation: graduation.yaml\n";
  }
  root += "venues:\n  paper:\n    plugin: paper\n    params:\n      seed: 7\n"
          "      symbols: { BTCUSDT: { price: 65000, tick_size: 0.1, step_size: 0.001, min_notional: 100 } }\n"
          "      drills: " + drills + "\n"
          "identity: { prefix: grinder_, strategies: [\"1\"] }\n"
          "reconcile: { interval_ms: 100, symbols: [BTCUSDT], venue: paper }\n"
          "http: { port: 0 }\n"
          "state_dir: \"${GRINDER_STATE_DIR}\"\n"
          "artifacts: { dir: \"${GRINDER_ARTIFACTS_DIR}\" }\n"
          "audit: { path: \"${GRINDER_AUDIT_PATH}\" }\n"
          "budget: { state_path: \"${BUDGET_STATE_PATH}\" }\n";
  return dir.write("grinder.yaml", root);
}

}  // namespace grinder::test
