#include "grinder/plugin/venue.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstring>

#include "grinder/plugin/decimal.hpp"
#include "snapshot_json.hpp"

namespace grinder::plugin {

namespace {

// A snapshot larger than this is a plugin bug, not an account.
constexpr std::size_t kMaxSnapshotBytes = 64u << 20;
constexpr std::size_t kFirstSnapshotBytes = 64u << 10;

std::optional<ErrorClass> class_of(grinder_venue_rc rc) {
  switch (rc) {
    case GRINDER_VENUE_RETRYABLE: return ErrorClass::Retryable;
    case GRINDER_VENUE_NON_RETRYABLE: return ErrorClass::NonRetryable;
    case GRINDER_VENUE_RATE_LIMITED: return ErrorClass::RateLimited;
    case GRINDER_VENUE_AUTH: return ErrorClass::Auth;
    case GRINDER_VENUE_UNKNOWN_STATE: return ErrorClass::UnknownState;
    case GRINDER_VENUE_INVALID_ARGUMENT: return ErrorClass::InvalidArgument;
    case GRINDER_VENUE_UNSUPPORTED: return ErrorClass::Unsupported;
    default: return std::nullopt;
  }
}

template <std::size_t N>
std::string field(char (&f)[N]) {
  f[N - 1] = '\0';  // a plugin that forgot the NUL must not make us read past the field
  return std::string(f);
}

// The error slot of one call.
struct Call {
  grinder_venue_error err{};
  Call() { err.struct_size = sizeof err; }

  VenueError error(grinder_venue_rc rc) {
    VenueError e;
    e.code = err.venue_code;
    e.message = field(err.message);
    if (auto c = class_of(rc)) {
      e.error_class = *c;
    } else {
      // A code this host does not know may come from a newer plugin; for
      // all we know the call half happened.
      e.error_class = ErrorClass::UnknownState;
      e.message = "unrecognised return code " + std::to_string(rc) + (e.message.empty() ? "" : ": " + e.message);
    }
    if (e.message.empty()) e.message = "the plugin gave no message";
    return e;
  }
};

VenueError broke_abi(ErrorClass c, const std::string& what) {
  return {c, 0, "plugin broke the venue ABI: " + what};
}

grinder_venue_side abi_side(Side s) { return s == Side::Buy ? GRINDER_VENUE_SIDE_BUY : GRINDER_VENUE_SIDE_SELL; }

grinder_venue_tif abi_tif(TimeInForce t) {
  switch (t) {
    case TimeInForce::GTC: return GRINDER_VENUE_TIF_GTC;
    case TimeInForce::IOC: return GRINDER_VENUE_TIF_IOC;
    case TimeInForce::FOK: return GRINDER_VENUE_TIF_FOK;
    case TimeInForce::GTX: return GRINDER_VENUE_TIF_GTX;
  }
  return GRINDER_VENUE_TIF_GTC;
}

std::optional<OrderStatus> status_of(grinder_venue_order_status s) {
  switch (s) {
    case GRINDER_VENUE_STATUS_NEW: return OrderStatus::New;
    case GRINDER_VENUE_STATUS_PARTIALLY_FILLED: return OrderStatus::PartiallyFilled;
    case GRINDER_VENUE_STATUS_FILLED: return OrderStatus::Filled;
    case GRINDER_VENUE_STATUS_CANCELED: return OrderStatus::Canceled;
    case GRINDER_VENUE_STATUS_REJECTED: return OrderStatus::Rejected;
    case GRINDER_VENUE_STATUS_EXPIRED: return OrderStatus::Expired;
    default: return std::nullopt;
  }
}

std::optional<double> decimal_field(const std::string& s, bool allow_empty) {
  if (s.empty() && allow_empty) return 0.0;
  return parse_decimal(s);
}

}  // namespace

Venue::Venue(std::shared_ptr<const Plugin> plugin, LogSink log) : plugin_(std::move(plugin)), log_(std::move(log)) {
  host_.struct_size = sizeof host_;
  host_.abi_major = GRINDER_VENUE_ABI_MAJOR;
  host_.abi_minor = GRINDER_VENUE_ABI_MINOR;
  host_.ctx = this;
  host_.log = &Venue::log_thunk;
  if (!log_) {
    log_ = [name = plugin_->info().name](LogLevel level, std::string_view msg) {
      static constexpr spdlog::level::level_enum levels[] = {spdlog::level::debug, spdlog::level::info,
                                                             spdlog::level::warn, spdlog::level::err};
      spdlog::log(levels[static_cast<int>(level)], "venue {}: {}", name, msg);
    };
  }
}

void Venue::log_thunk(void* ctx, std::int32_t level, const char* message) {
  if (!ctx || !message) return;
  if (level < 0) level = 0;
  if (level > 3) level = 3;
  static_cast<Venue*>(ctx)->log_(static_cast<LogLevel>(level), message);
}

Result<std::unique_ptr<Venue>> Venue::create(std::shared_ptr<const Plugin> plugin, const std::string& config_json,
                                             LogSink log) {
  std::unique_ptr<Venue> v(new Venue(std::move(plugin), std::move(log)));
  Call c;
  grinder_venue_instance* made = nullptr;
  grinder_venue_rc rc = v->plugin_->table().create(&v->host_, config_json.c_str(), &made, &c.err);
  if (rc == GRINDER_VENUE_OK && !made) {
    c = Call();
    rc = grinder_venue_fail(&c.err, GRINDER_VENUE_NON_RETRYABLE, 0, "reported success but gave no instance");
  }
  if (rc != GRINDER_VENUE_OK) {
    VenueError e = c.error(rc);
    e.message = "plugin " + v->info().path + ": create failed: " + e.message;
    return e;
  }
  v->instance_ = made;
  return Result<std::unique_ptr<Venue>>(std::move(v));
}

Venue::~Venue() {
  std::lock_guard lock(mutex_);
  if (instance_) plugin_->table().destroy(instance_);
}

Status Venue::connect() {
  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_rc rc = plugin_->table().connect(instance_, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  return {};
}

Status Venue::health() {
  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_rc rc = plugin_->table().health(instance_, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  return {};
}

Result<std::int64_t> Venue::server_time_ms() {
  std::lock_guard lock(mutex_);
  Call c;
  std::int64_t ms = 0;
  grinder_venue_rc rc = plugin_->table().server_time(instance_, &ms, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  return ms;
}

Result<Filters> Venue::filters(const std::string& symbol) {
  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_filters out{};
  out.struct_size = sizeof out;
  grinder_venue_rc rc = plugin_->table().filters(instance_, symbol.c_str(), &out, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  Filters f;
  f.symbol = field(out.symbol);
  if (f.symbol.empty()) f.symbol = symbol;
  struct {
    const char* name;
    std::string text;
    double* into;
    bool allow_empty;
  } values[] = {{"tick_size", field(out.tick_size), &f.tick_size, false},
                {"step_size", field(out.step_size), &f.step_size, false},
                {"min_notional", field(out.min_notional), &f.min_notional, true},
                {"min_qty", field(out.min_qty), &f.min_qty, true}};
  for (auto& v : values) {
    auto d = decimal_field(v.text, v.allow_empty);
    if (!d) return broke_abi(ErrorClass::NonRetryable, std::string("filters ") + v.name + " '" + v.text + "' is not a decimal");
    *v.into = *d;
  }
  return f;
}

Result<BookTop> Venue::book_top(const std::string& symbol) {
  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_book_top out{};
  out.struct_size = sizeof out;
  grinder_venue_rc rc = plugin_->table().book_top(instance_, symbol.c_str(), &out, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  BookTop b;
  b.symbol = field(out.symbol);
  if (b.symbol.empty()) b.symbol = symbol;
  std::string bid = field(out.bid), ask = field(out.ask);
  auto pb = parse_decimal(bid), pa = parse_decimal(ask);
  if (!pb || !pa) return broke_abi(ErrorClass::NonRetryable, "book_top bid '" + bid + "' / ask '" + ask + "' are not decimals");
  b.bid = *pb;
  b.ask = *pa;
  b.venue_ts_ms = out.venue_ts_ms;
  return b;
}

Result<Snapshot> Venue::snapshot(const std::vector<std::string>& symbols) {
  std::lock_guard lock(mutex_);
  std::vector<const char*> names;
  for (const auto& s : symbols) names.push_back(s.c_str());
  if (snapshot_buf_.empty()) snapshot_buf_.resize(kFirstSnapshotBytes);
  // The plugin says how much room it needs; growing twice is already odd.
  for (int attempt = 0; attempt < 3; ++attempt) {
    Call c;
    std::size_t needed = 0;
    grinder_venue_rc rc = plugin_->table().snapshot(instance_, names.data(), names.size(), snapshot_buf_.data(),
                                                    snapshot_buf_.size(), &needed, &c.err);
    if (rc == GRINDER_VENUE_BUFFER_TOO_SMALL) {
      if (needed <= snapshot_buf_.size() || needed > kMaxSnapshotBytes)
        return broke_abi(ErrorClass::NonRetryable,
                         "snapshot asked for " + std::to_string(needed) + " bytes (had " +
                             std::to_string(snapshot_buf_.size()) + ", limit " + std::to_string(kMaxSnapshotBytes) + ")");
      snapshot_buf_.resize(needed);
      continue;
    }
    if (rc != GRINDER_VENUE_OK) return c.error(rc);
    std::size_t len = strnlen(snapshot_buf_.data(), snapshot_buf_.size());
    if (len == snapshot_buf_.size()) return broke_abi(ErrorClass::NonRetryable, "snapshot is not NUL-terminated");
    return parse_snapshot_json(std::string_view(snapshot_buf_.data(), len));
  }
  return broke_abi(ErrorClass::NonRetryable, "snapshot kept asking for a bigger buffer");
}

Result<Order> Venue::place(const OrderRequest& request) {
  // Refused here, before anything reaches the venue.
  if (!(request.qty > 0) || !std::isfinite(request.qty))
    return VenueError{ErrorClass::InvalidArgument, 0, "qty must be a positive number"};
  if (request.type == OrderType::Limit && (!(request.price > 0) || !std::isfinite(request.price)))
    return VenueError{ErrorClass::InvalidArgument, 0, "a limit order needs a positive price"};
  if (request.symbol.empty() || request.client_order_id.empty())
    return VenueError{ErrorClass::InvalidArgument, 0, "symbol and client_order_id are required"};

  std::string price = request.type == OrderType::Limit ? format_decimal(request.price) : "";
  std::string qty = format_decimal(request.qty);
  grinder_venue_order_request req{};
  req.struct_size = sizeof req;
  req.symbol = request.symbol.c_str();
  req.side = abi_side(request.side);
  req.type = request.type == OrderType::Limit ? GRINDER_VENUE_TYPE_LIMIT : GRINDER_VENUE_TYPE_MARKET;
  req.price = price.c_str();
  req.qty = qty.c_str();
  req.client_order_id = request.client_order_id.c_str();
  req.reduce_only = request.reduce_only ? 1 : 0;
  req.time_in_force = abi_tif(request.time_in_force);

  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_order out{};
  out.struct_size = sizeof out;
  grinder_venue_rc rc = plugin_->table().place(instance_, &req, &out, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);

  // The venue took the order; an acknowledgement we cannot read leaves its
  // state unknown, so say so rather than "failed".
  Order o;
  o.client_order_id = field(out.client_order_id);
  if (o.client_order_id.empty()) o.client_order_id = request.client_order_id;
  o.venue_order_id = field(out.venue_order_id);
  o.symbol = field(out.symbol);
  if (o.symbol.empty()) o.symbol = request.symbol;
  o.side = out.side == GRINDER_VENUE_SIDE_SELL ? Side::Sell : out.side == GRINDER_VENUE_SIDE_BUY ? Side::Buy : request.side;
  o.type = out.type == GRINDER_VENUE_TYPE_MARKET ? OrderType::Market
           : out.type == GRINDER_VENUE_TYPE_LIMIT ? OrderType::Limit
                                                  : request.type;
  auto st = status_of(out.status);
  auto p = decimal_field(field(out.price), true);
  auto q = decimal_field(field(out.qty), true);
  auto fq = decimal_field(field(out.filled_qty), true);
  if (!st || !p || !q || !fq)
    return broke_abi(ErrorClass::UnknownState, "place acknowledged " + request.client_order_id +
                                                   " with an unreadable order (status " + std::to_string(out.status) + ")");
  o.status = *st;
  o.price = *p;
  o.qty = *q > 0 ? *q : request.qty;
  o.filled_qty = *fq;
  o.reduce_only = out.reduce_only != 0;
  o.time_in_force = request.time_in_force;
  if (out.time_in_force == GRINDER_VENUE_TIF_IOC) o.time_in_force = TimeInForce::IOC;
  if (out.time_in_force == GRINDER_VENUE_TIF_FOK) o.time_in_force = TimeInForce::FOK;
  if (out.time_in_force == GRINDER_VENUE_TIF_GTX) o.time_in_force = TimeInForce::GTX;
  if (out.time_in_force == GRINDER_VENUE_TIF_GTC) o.time_in_force = TimeInForce::GTC;
  return o;
}

Status Venue::cancel(const std::string& symbol, const std::string& client_order_id) {
  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_rc rc = plugin_->table().cancel(instance_, symbol.c_str(), client_order_id.c_str(), &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  return {};
}

Result<std::uint32_t> Venue::cancel_all(const std::string& symbol) {
  if (!has(Capability::CancelAll) || !plugin_->table().cancel_all)
    return VenueError{ErrorClass::Unsupported, 0, "plugin " + info().name + " has no cancel_all"};
  std::lock_guard lock(mutex_);
  Call c;
  std::uint32_t n = 0;
  grinder_venue_rc rc = plugin_->table().cancel_all(instance_, symbol.c_str(), &n, &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  return n;
}

Status Venue::drill(const std::string& command_json) {
  if (!has(Capability::Drills) || !plugin_->table().drill)
    return VenueError{ErrorClass::Unsupported, 0, "plugin " + info().name + " has no drills"};
  std::lock_guard lock(mutex_);
  Call c;
  grinder_venue_rc rc = plugin_->table().drill(instance_, command_json.c_str(), &c.err);
  if (rc != GRINDER_VENUE_OK) return c.error(rc);
  return {};
}

}  // namespace grinder::plugin
