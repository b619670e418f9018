#pragma once
// A gate checks one proposed action against a read-only context and returns a
// verdict. Built-in gates are C++; Lua policies implement the same interface.
#include <memory>
#include <string>
#include <string_view>

#include "grinder/gates/action.hpp"
#include "grinder/gates/context.hpp"

namespace grinder::gates {

struct Verdict {
  bool allow = true;
  std::string reason;  // stable code, e.g. "budget_notional_day"; empty on allow
  std::string detail;  // the numbers that explain it: "limit=1000 used=950 action=200"

  static Verdict pass() { return {}; }
  static Verdict deny(std::string reason, std::string detail = {}) {
    return {false, std::move(reason), std::move(detail)};
  }
};

class Gate {
 public:
  explicit Gate(std::string id) : id_(std::move(id)) {}
  virtual ~Gate() = default;
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Pure: may not change any state. Must not throw; a gate that cannot decide
  // denies.
  virtual Verdict check(const Action& action, const GateContext& ctx) const = 0;

  // The name this gate has in decisions and metrics.
  const std::string& id() const { return id_; }
  // "builtin" or "policy".
  virtual std::string_view kind() const { return "builtin"; }

 private:
  std::string id_;
};

using GatePtr = std::unique_ptr<Gate>;

}  // namespace grinder::gates
