#include "grinder/plugin/venue_types.hpp"

#include <cstddef>
#include <string_view>

namespace grinder::plugin {

namespace {

// Each enum's names, indexed by its values (declared 0, 1, ... in order).
// Snapshots parse several per order: a parse compares lengths first and
// bytes only on a match, without measuring the names each time.
constexpr std::string_view kSideNames[] = {"BUY", "SELL"};
constexpr std::string_view kOrderTypeNames[] = {"LIMIT", "MARKET"};
constexpr std::string_view kTimeInForceNames[] = {"GTC", "IOC", "FOK", "GTX"};
constexpr std::string_view kOrderStatusNames[] = {"NEW",      "PARTIALLY_FILLED", "FILLED",
                                                  "CANCELED", "REJECTED",         "EXPIRED"};
constexpr std::string_view kErrorClassNames[] = {"RETRYABLE",    "NON_RETRYABLE",    "RATE_LIMITED", "AUTH",
                                                 "UNKNOWN_STATE", "INVALID_ARGUMENT", "UNSUPPORTED"};

template <class E, std::size_t N>
const char* name_of(E value, const std::string_view (&names)[N], std::size_t fallback = 0) {
  const auto i = static_cast<std::size_t>(value);
  return names[i < N ? i : fallback].data();  // literals: NUL-terminated
}

template <class E, std::size_t N>
std::optional<E> find(std::string_view s, const std::string_view (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (s.size() == names[i].size() && s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

const char* to_string(Side s) { return name_of(s, kSideNames, 1); }
const char* to_string(OrderType t) { return name_of(t, kOrderTypeNames, 1); }
const char* to_string(TimeInForce t) { return name_of(t, kTimeInForceNames); }
const char* to_string(OrderStatus s) { return name_of(s, kOrderStatusNames); }
const char* to_string(ErrorClass c) {
  return name_of(c, kErrorClassNames, static_cast<std::size_t>(ErrorClass::UnknownState));
}

std::optional<Side> parse_side(std::string_view s) { return find<Side>(s, kSideNames); }
std::optional<OrderType> parse_order_type(std::string_view s) { return find<OrderType>(s, kOrderTypeNames); }
std::optional<TimeInForce> parse_time_in_force(std::string_view s) {
  return find<TimeInForce>(s, kTimeInForceNames);
}
std::optional<OrderStatus> parse_order_status(std::string_view s) {
  return find<OrderStatus>(s, kOrderStatusNames);
}
std::optional<ErrorClass> parse_error_class(std::string_view s) { return find<ErrorClass>(s, kErrorClassNames); }

std::string VenueError::to_string() const {
  std::string out = plugin::to_string(error_class);
  if (code != 0) out += " (code " + std::to_string(code) + ")";
  return out + ": " + message;
}

}  // namespace grinder::plugin
