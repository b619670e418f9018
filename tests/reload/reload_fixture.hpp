#pragma once
// A small deployment on disk for reload tests: a three-stage ladder on
// REMEDIATION_MODE, one chain of two Lua policies whose denial detail says
// which version of the files they were built from, and each policy's test.
#include <map>
#include <memory>
#include <string>

#include <prometheus/registry.h>

#include "grinder/reload/holder.hpp"
#include "test_env.hpp"

namespace grinder::test {

class ReloadFixture {
 public:
  enum class Break { None, Syntax, FailingTest, UnknownParam };

  ReloadFixture() {
    write_root();
    dir.write("stages/ladder.yaml", R"(ladder:
  name: test
  lever: { env: REMEDIATION_MODE, default: detect_only }
  stages:
    - { name: SHADOW, lever_value: detect_only }
    - { name: STAGING, lever_value: plan_only, plan: [cancel_all] }
    - name: ACTIVE
      lever_value: execute_cancel_all
      plan: [cancel_all]
      execute: true
      limits: { max_calls_per_run: 3, max_calls_per_day: 20, max_notional_per_run: 200, max_notional_per_day: 1000 }
)");
    write_chains(false);
    write_version(1);
    (*env)["REMEDIATION_MODE"] = "detect_only";
  }

  void write_root() {
    dir.write("grinder.yaml",
              "version: 1\nname: reload-test\nladder: stages/ladder.yaml\nchains: stages/chains.yaml\n"
              "policies: policies\nvenues: {}\n");
  }

  // Rewrites both policies (and their tests) as `version`, broken as asked.
  void write_version(int version, Break how = Break::None) {
    for (const char* p : {"versioned_a", "versioned_b"}) {
      std::string name(p);
      std::string body = "name = \"" + name + "\"\nfunction evaluate(action, ctx, with)\n";
      if (how == Break::Syntax && name == "versioned_b")
        body += "  return deny(\"version\", \"v=" + std::to_string(version) + "\"\n";  // unclosed call
      else if (how == Break::FailingTest && name == "versioned_b")
        body += "  return allow()\n";
      else
        body += "  return deny(\"version\", \"v=" + std::to_string(version) + "\")\n";
      body += "end\n";
      dir.write("policies/" + name + ".lua", body);
      dir.write("policies/" + name + ".test.yaml",
                "action: { type: cancel_all, symbol: BTCUSDT }\ncases:\n"
                "  - name: denies with its version\n    expect: { verdict: deny, reason: version }\n");
    }
    write_chains(how == Break::UnknownParam);
  }

  void write_chains(bool unknown_param) {
    dir.write("stages/chains.yaml", std::string("chains:\n  remediation:\n    - policy: versioned_a\n") +
                                        (unknown_param ? "      with: { speed: 3 }\n" : "") +
                                        "    - policy: versioned_b\n");
  }

  reload::BuildInput input() const {
    reload::BuildInput in;
    in.config_path = dir.path();
    auto vars = env;
    in.env = [vars](const std::string& k) -> std::optional<std::string> {
      auto it = vars->find(k);
      if (it == vars->end()) return std::nullopt;
      return it->second;
    };
    in.limits.states = 1;
    return in;
  }

  // The value of a counter or gauge sample in the registry.
  double metric(const std::string& name, const std::string& result = "") const {
    for (const auto& family : registry.Collect()) {
      if (family.name != name) continue;
      for (const auto& m : family.metric) {
        bool match = result.empty();
        for (const auto& l : m.label)
          if (l.name == "result" && l.value == result) match = true;
        if (match) return family.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
      }
    }
    return -1;
  }

  TempDir dir;
  std::shared_ptr<std::map<std::string, std::string>> env = std::make_shared<std::map<std::string, std::string>>();
  prometheus::Registry registry;
};

// Decides a cancel on generation g; every verdict's detail is "v=<version>".
inline gates::Decision decide_on(const reload::Generation& g) {
  gates::Action a;
  a.type = gates::ActionType::CancelAll;
  a.symbol = "BTCUSDT";
  return g.decide(a, g.context());
}

}  // namespace grinder::test
