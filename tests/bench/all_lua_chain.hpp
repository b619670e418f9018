#pragma once
// Variant (d) of the decision benchmark: the reference chain as one Lua
// function (all_lua_chain.lua) in a plain lua_State. Per decision the host
// sets the facts that change (the action, the quote, the budget, safety
// state, metrics, the clock) as fields of two tables it reuses, makes one
// pcall, and reads the verdicts back: the cheapest honest way to run the
// whole chain in Lua.
#include <string>

#include <lua.hpp>

#include "decision_floor.hpp"

namespace grinder::bench {

class AllLuaChain {
 public:
  // Throws std::runtime_error when the file does not load.
  explicit AllLuaChain(const std::string& file);
  ~AllLuaChain();
  AllLuaChain(const AllLuaChain&) = delete;
  AllLuaChain& operator=(const AllLuaChain&) = delete;

  // The facts a generation fixes (stage flags, the env the chain reads): set
  // once, not per decision.
  void set_generation(const gates::GateContext& c);
  // One decision; fills `out` like floor_decide. Returns out.allow.
  bool decide(const gates::Action& a, const gates::GateContext& c, FloorDecision& out);

 private:
  lua_State* L_ = nullptr;
};

}  // namespace grinder::bench
