#pragma once
// What the host knows about a venue, as values: orders, positions, balances,
// the top of the book, trading filters, the snapshot reconcile compares, an
// order request, and the error every venue call can come back with.
//
// Prices and quantities are doubles here, where gates and budgets do
// arithmetic on them; at the plugin boundary they cross as decimal strings,
// written with at most 15 significant digits (see decimal.hpp), which is
// exact for every price and size on a venue's grid. A computed price or
// quantity is snapped to the grid (round_to_increment, floor_to_increment
// with the venue's Filters) before it goes into an OrderRequest.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace grinder::plugin {

// A byte each: a snapshot lists every open order, and reconcile streams them.
enum class Side : std::uint8_t { Buy, Sell };
enum class OrderType : std::uint8_t { Limit, Market };
enum class TimeInForce : std::uint8_t { GTC, IOC, FOK, GTX };
enum class OrderStatus : std::uint8_t { New, PartiallyFilled, Filled, Canceled, Rejected, Expired };

// The class of a failed venue call decides what the caller may do next.
enum class ErrorClass {
  Retryable,        // transient: retry
  NonRetryable,     // refused, and would be again unchanged
  RateLimited,      // back off
  Auth,             // credentials or permissions
  UnknownState,     // the order may or may not exist: reconcile first
  InvalidArgument,  // the request was malformed
  Unsupported,      // the plugin or venue cannot do that
};

// The spellings of the ABI and the snapshot document: "BUY", "LIMIT", "GTC",
// "PARTIALLY_FILLED", "RATE_LIMITED".
const char* to_string(Side s);
const char* to_string(OrderType t);
const char* to_string(TimeInForce t);
const char* to_string(OrderStatus s);
const char* to_string(ErrorClass c);
std::optional<Side> parse_side(std::string_view s);
std::optional<OrderType> parse_order_type(std::string_view s);
std::optional<TimeInForce> parse_time_in_force(std::string_view s);
std::optional<OrderStatus> parse_order_status(std::string_view s);
std::optional<ErrorClass> parse_error_class(std::string_view s);

struct VenueError {
  ErrorClass error_class = ErrorClass::NonRetryable;
  std::int32_t code = 0;  // the venue's own code (-1021, 429, ...), 0 if none
  std::string message;

  // "RATE_LIMITED (code 429): too many requests"
  std::string to_string() const;
};

// The numbers come before the one-byte fields, so that there is no padding
// between them (128 bytes in all): reconcile streams every open order of a
// snapshot, and memory is most of what that costs at 100k orders.
struct Order {
  std::string client_order_id;
  std::string venue_order_id;
  std::string symbol;
  double price = 0;  // limit price; for a market order the average fill price, or 0
  double qty = 0;
  double filled_qty = 0;
  Side side = Side::Buy;
  OrderType type = OrderType::Limit;
  OrderStatus status = OrderStatus::New;
  bool reduce_only = false;
  TimeInForce time_in_force = TimeInForce::GTC;

  bool is_open() const { return status == OrderStatus::New || status == OrderStatus::PartiallyFilled; }
};

struct Position {
  std::string symbol;
  double qty = 0;  // signed: > 0 long, < 0 short
  double entry_price = 0;
  double mark_price = 0;
};

struct Balance {
  std::string asset;
  double free = 0;
  double locked = 0;
};

struct BookTop {
  std::string symbol;
  double bid = 0;
  double ask = 0;
  std::int64_t venue_ts_ms = 0;  // when the venue produced the quote

  double mid() const { return (bid + ask) / 2; }
};

struct Filters {
  std::string symbol;
  double tick_size = 0;
  double step_size = 0;
  double min_notional = 0;
  double min_qty = 0;
};

// Whether one source of a snapshot (orders, positions, balances) was read.
struct SourceStatus {
  bool ok = true;
  std::optional<VenueError> error;  // set when !ok
};

// One look at the venue. A source that failed keeps an empty list and says
// why, so reconcile degrades to the sources it has instead of stopping.
struct Snapshot {
  std::vector<Order> orders;
  std::vector<Position> positions;
  std::vector<Balance> balances;
  std::int64_t venue_ts_ms = 0;
  SourceStatus orders_status;
  SourceStatus positions_status;
  SourceStatus balances_status;
  // Numbers a plugin reports beyond the three sources (rate limit usage,
  // stream health, clock offset), flattened to dotted names such as
  // "rate_limits.used_weight.1m" or "streams.market.connected"; the runtime
  // exports them as grinder_venue_stat{name}.
  std::map<std::string, double> stats;

  bool complete() const { return orders_status.ok && positions_status.ok && balances_status.ok; }
};

struct OrderRequest {
  std::string symbol;
  Side side = Side::Buy;
  OrderType type = OrderType::Limit;
  double price = 0;  // ignored for market orders
  double qty = 0;
  std::string client_order_id;
  bool reduce_only = false;
  TimeInForce time_in_force = TimeInForce::GTC;
};

// A venue call's value, or why there is none.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(VenueError error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const VenueError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, VenueError> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(VenueError error) : error_(std::move(error)) {}

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const VenueError& error() const { return *error_; }

 private:
  std::optional<VenueError> error_;
};

using Status = Result<void>;

}  // namespace grinder::plugin
