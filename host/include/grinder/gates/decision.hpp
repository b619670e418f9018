#pragma once
// The decision envelope: the action, the stage, the config generation, every
// gate's verdict, the final verdict and when. It is what the audit log and
// `grinder explain` print.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grinder/gates/action.hpp"
#include "grinder/gates/verdict.hpp"

namespace grinder::gates {

// One gate's verdict in a decision. It is a Verdict so that the chain hands
// the slot itself to the gate, which writes into its buffers.
struct GateVerdict : Verdict {
  std::string gate;  // gate id
  std::string kind;  // "builtin" or "policy"

  GateVerdict() = default;
  GateVerdict(std::string gate, std::string kind, bool allow, std::string reason, std::string detail)
      : Verdict{allow, std::move(reason), std::move(detail)}, gate(std::move(gate)), kind(std::move(kind)) {}
};

struct Decision {
  Action action;
  std::string chain;
  std::string stage;
  std::uint64_t generation = 0;
  std::vector<GateVerdict> verdicts;
  bool allow = false;
  std::int64_t ts_ms = 0;  // wall clock when decided
  // The chain whose gate ids and kinds `chain` and `verdicts` hold, set by
  // Chain::decide: deciding into this Decision on the same chain again
  // rewrites only what changes. Reset it when editing those in place.
  std::shared_ptr<const void> filled_by;

  // Reasons of every denying gate, in chain order.
  std::vector<std::string> reasons() const;
  std::string to_json() const;
};

}  // namespace grinder::gates
