#pragma once
// Drills: the situations reconcile and the gates must handle, made to happen
// on demand. Each is a JSON object naming its drill:
//   {"drill":"unexpected_order", "symbol", "client_order_id", "side"?, "price"?, "qty"?, "reduce_only"?}
//   {"drill":"unexpected_position", "symbol", "qty" (signed), "entry_price"?}
//   {"drill":"stale_market_data", "symbols"?}    quotes and their timestamps freeze
//   {"drill":"outage", "sources"?}                the venue, or only some snapshot sources, fail RETRYABLE
//   {"drill":"fault", "op", "class", "count"?, "after"?, "apply"?, "code"?}
//   {"drill":"advance", "steps"}                  move a manual clock
//   {"drill":"clear"}                             end stale data, outages and faults
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "grinder/venue_plugin.h"
#include "json_fields.hpp"

namespace grinder::paper {

// Calls `op` number after+1 .. after+count fail with rc (count < 0: until
// cleared). With apply, a place or cancel takes effect before failing: the
// lost acknowledgement that makes UNKNOWN_STATE real.
struct FaultRule {
  std::string op;
  grinder_venue_rc rc = GRINDER_VENUE_RETRYABLE;
  std::int32_t code = 0;
  std::int64_t after = 0;
  std::int64_t count = 1;
  bool apply = false;
};

struct UnexpectedOrder {
  std::string symbol;
  std::string client_order_id;
  grinder_venue_side side = GRINDER_VENUE_SIDE_BUY;
  std::optional<double> price;  // default: 10% away from the touch, so it rests
  std::optional<double> qty;    // default: the smallest the filters allow
  bool reduce_only = false;
};

struct UnexpectedPosition {
  std::string symbol;
  double qty = 0;
  std::optional<double> entry_price;  // default: the mid
};

struct StaleMarketData {
  std::vector<std::string> symbols;  // empty: every symbol
};

struct Outage {
  std::vector<std::string> sources;  // empty: the whole venue; else of orders, positions, balances
};

struct Advance {
  std::uint64_t steps = 1;
};

struct Clear {};

using Drill = std::variant<UnexpectedOrder, UnexpectedPosition, StaleMarketData, Outage, FaultRule, Advance, Clear>;

// The name of each drill kind, and whether a name is one.
bool known_drill(const std::string& name);

// Parses a fault rule (the config's `faults` entries and the fault drill).
std::optional<FaultRule> parse_fault(JsonFields& fields, bool in_drill);

// Parses one drill object; problems (with `where` in their paths) if it is
// malformed or names no known drill.
std::optional<Drill> parse_drill(const rapidjson::Value& object, const std::string& where, Problems& problems);

// The name of an operation faults can target, or nullopt.
bool fault_op(const std::string& op);

}  // namespace grinder::paper
