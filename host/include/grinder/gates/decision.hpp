#pragma once
// The decision envelope: the action, the stage, the config generation, every
// gate's verdict, the final verdict and when. It is what the audit log and
// `grinder explain` print.
#include <cstdint>
#include <string>
#include <vector>

#include "grinder/gates/action.hpp"

namespace grinder::gates {

struct GateVerdict {
  std::string gate;  // gate id
  std::string kind;  // "builtin" or "policy"
  bool allow = true;
  std::string reason;
  std::string detail;
};

struct Decision {
  Action action;
  std::string chain;
  std::string stage;
  std::uint64_t generation = 0;
  std::vector<GateVerdict> verdicts;
  bool allow = false;
  std::int64_t ts_ms = 0;  // wall clock when decided

  // Reasons of every denying gate, in chain order.
  std::vector<std::string> reasons() const;
  std::string to_json() const;
};

}  // namespace grinder::gates
