#pragma once
// The limits a stage (or a graduation step) sets. Unset means "no limit from
// this layer"; Limits::overlay lets a graduation step override a stage.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grinder::ladder {

struct Limits {
  std::optional<std::int64_t> max_calls_per_run;
  std::optional<std::int64_t> max_calls_per_day;
  std::optional<double> max_notional_per_run;
  std::optional<double> max_notional_per_day;
  std::optional<double> max_notional_per_order;
  std::optional<double> flatten_max_notional_per_call;
  std::optional<std::int64_t> max_orders_per_action;
  std::optional<std::int64_t> max_symbols_per_action;
  std::optional<double> cooldown_seconds;
  std::optional<std::vector<std::string>> symbols;  // allowlist

  // Fields set in `top` win over this.
  Limits overlay(const Limits& top) const;
  std::string to_json() const;
};

}  // namespace grinder::ladder
