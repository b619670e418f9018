// The Venue wrapper against an in-process fake plugin (a C table in this
// file, checked by adopt_plugin_table exactly as a file's would be): how it
// turns the ABI's codes, buffers and documents into Results and values.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "grinder/plugin/venue.hpp"

using namespace grinder::plugin;
using Catch::Matchers::Contains;

namespace {

// One fake instance; its behaviour is chosen by the config text.
struct Fake {
  std::string mode;
  const grinder_venue_host* host;
  int snapshot_calls = 0;
  std::atomic<int> in_call{0};
};

Fake* fake(grinder_venue_instance* inst) { return reinterpret_cast<Fake*>(inst); }

void say(Fake* f, int level, const std::string& msg) { f->host->log(f->host->ctx, level, msg.c_str()); }

template <std::size_t N>
void put(char (&field)[N], const std::string& s) {
  std::snprintf(field, N, "%s", s.c_str());
}

std::string order_json(int i, const char* price = "\"65000.1\"") {
  return "{\"client_order_id\":\"grinder_1_" + std::to_string(i) +
         "\",\"venue_order_id\":\"v" + std::to_string(i) +
         "\",\"symbol\":\"BTCUSDT\",\"side\":\"SELL\",\"type\":\"LIMIT\",\"price\":" + price +
         ",\"qty\":\"0.002\",\"filled_qty\":\"0.001\",\"status\":\"PARTIALLY_FILLED\",\"reduce_only\":true,"
         "\"time_in_force\":\"GTX\"}";
}

std::string document(const std::string& mode) {
  if (mode == "malformed") return "{not json";
  std::string orders = "{\"ok\":true,\"items\":[" + order_json(0) + "]}";
  if (mode == "big") {
    orders = "{\"ok\":true,\"items\":[";
    for (int i = 0; i < 2000; ++i) orders += (i ? "," : "") + order_json(i);
    orders += "]}";
  }
  if (mode == "bad_item") orders = "{\"ok\":true,\"items\":[" + order_json(0) + "," + order_json(1, "65000.1") + "]}";
  std::string balances = "{\"ok\":true,\"items\":[{\"asset\":\"USDT\",\"free\":\"990.5\",\"locked\":\"9.5\"}]}";
  if (mode == "source_down")
    balances = "{\"ok\":false,\"class\":\"RATE_LIMITED\",\"code\":429,\"message\":\"too many requests\"}";
  return "{\"venue_ts_ms\":1700000000123,\"orders\":" + orders +
         ",\"positions\":{\"ok\":true,\"items\":[{\"symbol\":\"BTCUSDT\",\"qty\":\"-0.003\",\"entry_price\":"
         "\"64000.25\",\"mark_price\":\"65000.05\"}]},\"balances\":" + balances + ",\"future_key\":[1,2,3]}";
}

grinder_venue_rc fake_create(const grinder_venue_host* host, const char* config, grinder_venue_instance** out,
                             grinder_venue_error*) {
  *out = reinterpret_cast<grinder_venue_instance*>(new Fake{config, host});
  return GRINDER_VENUE_OK;
}

void fake_destroy(grinder_venue_instance* inst) { delete fake(inst); }

grinder_venue_rc fake_connect(grinder_venue_instance* inst, grinder_venue_error* err) {
  if (fake(inst)->mode == "rc42") return grinder_venue_fail(err, 42, 7, "strange");
  return GRINDER_VENUE_OK;
}

// Fails if two calls ever overlap on one instance.
grinder_venue_rc fake_health(grinder_venue_instance* inst, grinder_venue_error* err) {
  Fake* f = fake(inst);
  if (f->in_call.fetch_add(1) != 0) {
    f->in_call.fetch_sub(1);
    return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, 0, "two calls at once on one instance");
  }
  std::this_thread::sleep_for(std::chrono::microseconds(200));
  f->in_call.fetch_sub(1);
  return GRINDER_VENUE_OK;
}

grinder_venue_rc fake_server_time(grinder_venue_instance*, int64_t* out, grinder_venue_error*) {
  *out = 1700000000999;
  return GRINDER_VENUE_OK;
}

grinder_venue_rc fake_filters(grinder_venue_instance* inst, const char* symbol, grinder_venue_filters* out,
                              grinder_venue_error*) {
  put(out->symbol, symbol);
  put(out->tick_size, fake(inst)->mode == "bad_filters" ? "0,1" : "0.1");
  put(out->step_size, "0.001");
  put(out->min_notional, "100");
  put(out->min_qty, "");  // optional: reads as 0
  return GRINDER_VENUE_OK;
}

grinder_venue_rc fake_book_top(grinder_venue_instance*, const char* symbol, grinder_venue_book_top* out,
                               grinder_venue_error*) {
  put(out->symbol, symbol);
  put(out->bid, "65000");
  put(out->ask, "65000.1");
  out->venue_ts_ms = 1700000000500;
  return GRINDER_VENUE_OK;
}

grinder_venue_rc fake_snapshot(grinder_venue_instance* inst, const char* const* symbols, size_t count, char* buf,
                               size_t cap, size_t* needed, grinder_venue_error* err) {
  Fake* f = fake(inst);
  say(f, 1, "snapshot call " + std::to_string(++f->snapshot_calls) + " for " + std::to_string(count) + " symbol(s)" +
                (count ? std::string(" first ") + symbols[0] : ""));
  if (f->mode == "greedy") {
    *needed = cap + 1;
    return GRINDER_VENUE_BUFFER_TOO_SMALL;
  }
  if (f->mode == "noterm") {
    std::memset(buf, 'x', cap);
    *needed = cap;
    return GRINDER_VENUE_OK;
  }
  std::string doc = document(f->mode);
  *needed = doc.size() + 1;
  if (cap < doc.size() + 1) return grinder_venue_fail(err, GRINDER_VENUE_BUFFER_TOO_SMALL, 0, "more room");
  std::memcpy(buf, doc.c_str(), doc.size() + 1);
  return GRINDER_VENUE_OK;
}

grinder_venue_rc fake_place(grinder_venue_instance* inst, const grinder_venue_order_request* req,
                            grinder_venue_order* out, grinder_venue_error*) {
  Fake* f = fake(inst);
  say(f, 0, std::string("place price=") + req->price + " qty=" + req->qty + " tif=" +
                std::to_string(req->time_in_force) + " reduce_only=" + std::to_string(req->reduce_only));
  put(out->client_order_id, req->client_order_id);
  put(out->venue_order_id, "v-1");
  put(out->symbol, req->symbol);
  out->side = req->side;
  out->type = req->type;
  put(out->price, req->price);
  put(out->qty, req->qty);
  put(out->filled_qty, "0");
  out->status = f->mode == "garbled_ack" ? 99 : GRINDER_VENUE_STATUS_NEW;
  out->reduce_only = req->reduce_only;
  out->time_in_force = req->time_in_force;
  return GRINDER_VENUE_OK;
}

grinder_venue_rc fake_cancel(grinder_venue_instance*, const char*, const char* coid, grinder_venue_error* err) {
  if (std::string(coid) == "gone") return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, -2011, "Unknown order sent.");
  return GRINDER_VENUE_OK;
}

std::shared_ptr<const Plugin> fake_plugin() {
  static const grinder_venue_plugin table = [] {
    grinder_venue_plugin t{};
    t.struct_size = sizeof t;
    t.abi_major = GRINDER_VENUE_ABI_MAJOR;
    t.abi_minor = GRINDER_VENUE_ABI_MINOR;
    t.name = "fake";
    t.version = "1.2.3";
    t.kind = "test";
    t.description = "in-process fake";
    t.create = fake_create;
    t.destroy = fake_destroy;
    t.connect = fake_connect;
    t.health = fake_health;
    t.server_time = fake_server_time;
    t.filters = fake_filters;
    t.book_top = fake_book_top;
    t.snapshot = fake_snapshot;
    t.place = fake_place;
    t.cancel = fake_cancel;
    return t;
  }();
  LoadResult r = adopt_plugin_table(&table, "static:fake", "fake");
  REQUIRE(r);
  return r.plugin;
}

// A venue in the given mode, with its log lines collected.
struct Harness {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  std::unique_ptr<Venue> venue;

  explicit Harness(const std::string& mode) {
    auto v = Venue::create(fake_plugin(), mode, [this](LogLevel level, std::string_view msg) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(msg));
    });
    REQUIRE(v);
    venue = std::move(*v);
  }
  std::size_t count(const std::string& prefix) {
    std::lock_guard lock(mutex);
    std::size_t n = 0;
    for (const auto& l : lines) n += l.second.rfind(prefix, 0) == 0;
    return n;
  }
};

}  // namespace

TEST_CASE("a snapshot reads into value types, ignoring keys it does not know", "[plugin][venue]") {
  Harness h("normal");
  auto s = h.venue->snapshot({"BTCUSDT"});
  REQUIRE(s);
  CHECK(s->complete());
  CHECK(s->venue_ts_ms == 1700000000123);
  REQUIRE(s->orders.size() == 1);
  const Order& o = s->orders[0];
  CHECK(o.client_order_id == "grinder_1_0");
  CHECK(o.venue_order_id == "v0");
  CHECK(o.side == Side::Sell);
  CHECK(o.type == OrderType::Limit);
  CHECK(o.price == Approx(65000.1));
  CHECK(o.qty == Approx(0.002));
  CHECK(o.filled_qty == Approx(0.001));
  CHECK(o.status == OrderStatus::PartiallyFilled);
  CHECK(o.is_open());
  CHECK(o.reduce_only);
  CHECK(o.time_in_force == TimeInForce::GTX);
  REQUIRE(s->positions.size() == 1);
  CHECK(s->positions[0].qty == Approx(-0.003));
  CHECK(s->positions[0].entry_price == Approx(64000.25));
  CHECK(s->positions[0].mark_price == Approx(65000.05));
  REQUIRE(s->balances.size() == 1);
  CHECK(s->balances[0].asset == "USDT");
  CHECK(s->balances[0].free == Approx(990.5));
  CHECK(s->balances[0].locked == Approx(9.5));
  CHECK(h.count("snapshot call 1 for 1 symbol(s) first BTCUSDT") == 1);
}

TEST_CASE("a snapshot bigger than the buffer is fetched again at the size asked", "[plugin][venue]") {
  Harness h("big");
  auto s = h.venue->snapshot();
  REQUIRE(s);
  CHECK(s->orders.size() == 2000);
  CHECK(s->orders.back().client_order_id == "grinder_1_1999");
  CHECK(h.count("snapshot call") == 2);
  // The grown buffer is kept: the next big snapshot takes one call.
  REQUIRE(h.venue->snapshot());
  CHECK(h.count("snapshot call") == 3);
}

TEST_CASE("a failed snapshot source degrades alone", "[plugin][venue]") {
  Harness h("source_down");
  auto s = h.venue->snapshot();
  REQUIRE(s);
  CHECK_FALSE(s->complete());
  CHECK(s->orders_status.ok);
  CHECK(s->positions_status.ok);
  CHECK(s->orders.size() == 1);
  CHECK_FALSE(s->balances_status.ok);
  REQUIRE(s->balances_status.error);
  CHECK(s->balances_status.error->error_class == ErrorClass::RateLimited);
  CHECK(s->balances_status.error->code == 429);
  CHECK(s->balances_status.error->message == "too many requests");
  CHECK(s->balances.empty());
}

TEST_CASE("a malformed item fails its whole source, never half of it", "[plugin][venue]") {
  Harness h("bad_item");
  auto s = h.venue->snapshot();
  REQUIRE(s);
  CHECK_FALSE(s->orders_status.ok);
  CHECK(s->orders.empty());
  CHECK_THAT(s->orders_status.error->message, Contains("orders[1].price is not a string"));
  CHECK(s->positions_status.ok);
  CHECK(s->balances_status.ok);
}

TEST_CASE("a snapshot that is not JSON, not terminated or never fits is an error", "[plugin][venue]") {
  SECTION("not JSON") {
    Harness h("malformed");
    auto s = h.venue->snapshot();
    REQUIRE_FALSE(s);
    CHECK(s.error().error_class == ErrorClass::NonRetryable);
    CHECK_THAT(s.error().message, Contains("not valid JSON at offset 1"));
  }
  SECTION("no NUL") {
    Harness h("noterm");
    auto s = h.venue->snapshot();
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().message, Contains("not NUL-terminated"));
  }
  SECTION("keeps asking for more room") {
    Harness h("greedy");
    auto s = h.venue->snapshot();
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().message, Contains("plugin broke the venue ABI"));
    CHECK(h.count("snapshot call") == 3);
  }
}

TEST_CASE("return codes become error classes; unknown codes are unknown state", "[plugin][venue]") {
  Harness ok("normal");
  CHECK(ok.venue->connect().ok());
  auto c = ok.venue->cancel("BTCUSDT", "gone");
  REQUIRE_FALSE(c);
  CHECK(c.error().error_class == ErrorClass::NonRetryable);
  CHECK(c.error().code == -2011);
  CHECK(c.error().to_string() == "NON_RETRYABLE (code -2011): Unknown order sent.");

  Harness odd("rc42");
  auto r = odd.venue->connect();
  REQUIRE_FALSE(r);
  CHECK(r.error().error_class == ErrorClass::UnknownState);
  CHECK(r.error().message == "unrecognised return code 42: strange");
}

TEST_CASE("fixed-size answers become values", "[plugin][venue]") {
  Harness h("normal");
  auto t = h.venue->server_time_ms();
  REQUIRE(t);
  CHECK(*t == 1700000000999);
  auto b = h.venue->book_top("BTCUSDT");
  REQUIRE(b);
  CHECK(b->symbol == "BTCUSDT");
  CHECK(b->bid == Approx(65000));
  CHECK(b->ask == Approx(65000.1));
  CHECK(b->mid() == Approx(65000.05));
  CHECK(b->venue_ts_ms == 1700000000500);
  auto f = h.venue->filters("BTCUSDT");
  REQUIRE(f);
  CHECK(f->tick_size == Approx(0.1));
  CHECK(f->step_size == Approx(0.001));
  CHECK(f->min_notional == Approx(100));
  CHECK(f->min_qty == 0);

  Harness bad("bad_filters");
  auto g = bad.venue->filters("BTCUSDT");
  REQUIRE_FALSE(g);
  CHECK_THAT(g.error().message, Contains("plugin broke the venue ABI: filters tick_size '0,1' is not a decimal"));
}

TEST_CASE("place sends exact decimals and reads the acknowledgement", "[plugin][venue]") {
  Harness h("normal");
  OrderRequest req;
  req.symbol = "BTCUSDT";
  req.side = Side::Buy;
  req.price = 65000.1;
  req.qty = 0.001 * 3;  // 0.0030000000000000001 in binary
  req.client_order_id = "grinder_1_abc";
  req.reduce_only = true;
  req.time_in_force = TimeInForce::IOC;
  auto o = h.venue->place(req);
  REQUIRE(o);
  CHECK(h.count("place price=65000.1 qty=0.003 tif=2 reduce_only=1") == 1);
  CHECK(o->client_order_id == "grinder_1_abc");
  CHECK(o->venue_order_id == "v-1");
  CHECK(o->status == OrderStatus::New);
  CHECK(o->time_in_force == TimeInForce::IOC);
  CHECK(o->reduce_only);

  req.type = OrderType::Market;
  REQUIRE(h.venue->place(req));
  CHECK(h.count("place price= qty=0.003") == 1);  // a market order carries no price
}

TEST_CASE("place refuses a malformed request before the plugin sees it", "[plugin][venue]") {
  Harness h("normal");
  OrderRequest req;
  req.symbol = "BTCUSDT";
  req.price = 100;
  req.client_order_id = "grinder_1_x";
  req.qty = 0;
  auto o = h.venue->place(req);
  REQUIRE_FALSE(o);
  CHECK(o.error().error_class == ErrorClass::InvalidArgument);
  req.qty = 1;
  req.price = -1;
  CHECK_FALSE(h.venue->place(req));
  CHECK(h.count("place") == 0);
}

TEST_CASE("an acknowledgement that cannot be read leaves the order's state unknown", "[plugin][venue]") {
  Harness h("garbled_ack");
  OrderRequest req;
  req.symbol = "BTCUSDT";
  req.price = 100;
  req.qty = 1;
  req.client_order_id = "grinder_1_y";
  auto o = h.venue->place(req);
  REQUIRE_FALSE(o);
  CHECK(o.error().error_class == ErrorClass::UnknownState);
  CHECK_THAT(o.error().message, Contains("grinder_1_y"));
}

TEST_CASE("operations a plugin does not declare are unsupported, not called", "[plugin][venue]") {
  Harness h("normal");
  CHECK_FALSE(h.venue->has(Capability::CancelAll));
  auto n = h.venue->cancel_all("BTCUSDT");
  REQUIRE_FALSE(n);
  CHECK(n.error().error_class == ErrorClass::Unsupported);
  auto d = h.venue->drill("{\"drill\":\"outage\"}");
  REQUIRE_FALSE(d);
  CHECK(d.error().error_class == ErrorClass::Unsupported);
}

TEST_CASE("calls on one instance never overlap, whatever threads make them", "[plugin][venue]") {
  Harness h("normal");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        if (!h.venue->health()) failures++;
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
}

TEST_CASE("the plugin's log lines reach the sink with their level", "[plugin][venue]") {
  Harness h("normal");
  REQUIRE(h.venue->snapshot());
  OrderRequest req;
  req.symbol = "BTCUSDT";
  req.price = 1;
  req.qty = 1;
  req.client_order_id = "c";
  REQUIRE(h.venue->place(req));
  std::lock_guard lock(h.mutex);
  REQUIRE(h.lines.size() == 2);
  CHECK(h.lines[0].first == LogLevel::Info);
  CHECK(h.lines[1].first == LogLevel::Debug);
}
