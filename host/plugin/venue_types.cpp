#include "grinder/plugin/venue_types.hpp"

namespace grinder::plugin {

namespace {

template <class E, std::size_t N>
std::optional<E> find(std::string_view s, const E (&values)[N]) {
  for (E v : values)
    if (s == to_string(v)) return v;
  return std::nullopt;
}

}  // namespace

const char* to_string(Side s) { return s == Side::Buy ? "BUY" : "SELL"; }

const char* to_string(OrderType t) { return t == OrderType::Limit ? "LIMIT" : "MARKET"; }

const char* to_string(TimeInForce t) {
  switch (t) {
    case TimeInForce::GTC: return "GTC";
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::GTX: return "GTX";
  }
  return "GTC";
}

const char* to_string(OrderStatus s) {
  switch (s) {
    case OrderStatus::New: return "NEW";
    case OrderStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case OrderStatus::Filled: return "FILLED";
    case OrderStatus::Canceled: return "CANCELED";
    case OrderStatus::Rejected: return "REJECTED";
    case OrderStatus::Expired: return "EXPIRED";
  }
  return "NEW";
}

const char* to_string(ErrorClass c) {
  switch (c) {
    case ErrorClass::Retryable: return "RETRYABLE";
    case ErrorClass::NonRetryable: return "NON_RETRYABLE";
    case ErrorClass::RateLimited: return "RATE_LIMITED";
    case ErrorClass::Auth: return "AUTH";
    case ErrorClass::UnknownState: return "UNKNOWN_STATE";
    case ErrorClass::InvalidArgument: return "INVALID_ARGUMENT";
    case ErrorClass::Unsupported: return "UNSUPPORTED";
  }
  return "UNKNOWN_STATE";
}

std::optional<Side> parse_side(std::string_view s) {
  static constexpr Side all[] = {Side::Buy, Side::Sell};
  return find(s, all);
}

std::optional<OrderType> parse_order_type(std::string_view s) {
  static constexpr OrderType all[] = {OrderType::Limit, OrderType::Market};
  return find(s, all);
}

std::optional<TimeInForce> parse_time_in_force(std::string_view s) {
  static constexpr TimeInForce all[] = {TimeInForce::GTC, TimeInForce::IOC, TimeInForce::FOK, TimeInForce::GTX};
  return find(s, all);
}

std::optional<OrderStatus> parse_order_status(std::string_view s) {
  static constexpr OrderStatus all[] = {OrderStatus::New,      OrderStatus::PartiallyFilled, OrderStatus::Filled,
                                        OrderStatus::Canceled, OrderStatus::Rejected,        OrderStatus::Expired};
  return find(s, all);
}

std::optional<ErrorClass> parse_error_class(std::string_view s) {
  static constexpr ErrorClass all[] = {ErrorClass::Retryable,    ErrorClass::NonRetryable,    ErrorClass::RateLimited,
                                       ErrorClass::Auth,         ErrorClass::UnknownState,    ErrorClass::InvalidArgument,
                                       ErrorClass::Unsupported};
  return find(s, all);
}

std::string VenueError::to_string() const {
  std::string out = plugin::to_string(error_class);
  if (code != 0) out += " (code " + std::to_string(code) + ")";
  return out + ": " + message;
}

}  // namespace grinder::plugin
