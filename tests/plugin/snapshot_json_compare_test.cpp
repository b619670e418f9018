// The streaming snapshot parser against the DOM parser it replaced, on
// thousands of generated documents: members in shuffled order and repeated,
// fields missing, of the wrong type or with bad values, unknown members with
// nested containers, sources that failed, extra numbers deep and many, and
// documents cut short or with stray bytes. Both must come to the same
// snapshot, or to the same error, every time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "../../host/plugin/snapshot_json.hpp"
#include "../../host/plugin/snapshot_json_reader.hpp"
#include "../../host/plugin/snapshot_json_scan.hpp"
#include "snapshot_json_reference.hpp"

using namespace grinder::plugin;

namespace {

std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string describe(const SourceStatus& s) {
  if (s.ok) return "ok";
  return "failed " + (s.error ? s.error->to_string() : std::string("(no error)"));
}

// Everything a parse result holds, as text, so two results compare whole.
std::string describe(const Result<Snapshot>& r) {
  if (!r) return "error " + r.error().to_string();
  std::string out = "ts " + std::to_string(r->venue_ts_ms) + "\n";
  out += "orders " + describe(r->orders_status) + "\n";
  for (const auto& o : r->orders)
    out += "  " + o.client_order_id + "|" + o.venue_order_id + "|" + o.symbol + "|" + to_string(o.side) + "|" +
           to_string(o.type) + "|" + exact(o.price) + "|" + exact(o.qty) + "|" + exact(o.filled_qty) + "|" +
           to_string(o.status) + "|" + (o.reduce_only ? "ro" : "-") + "|" + to_string(o.time_in_force) + "\n";
  out += "positions " + describe(r->positions_status) + "\n";
  for (const auto& p : r->positions)
    out += "  " + p.symbol + "|" + exact(p.qty) + "|" + exact(p.entry_price) + "|" + exact(p.mark_price) + "\n";
  out += "balances " + describe(r->balances_status) + "\n";
  for (const auto& b : r->balances) out += "  " + b.asset + "|" + exact(b.free) + "|" + exact(b.locked) + "\n";
  for (const auto& [name, v] : r->stats) out += "stat " + name + "=" + exact(v) + "\n";
  return out;
}

// Writes random snapshot documents; `rate` is how often a value is spoiled.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string document() {
    std::vector<std::string> members;
    if (chance(0.9)) members.push_back("\"venue_ts_ms\":" + pick({"1700000000123", "-5", "18446744073709551615",
                                                                   "9223372036854775807", "1.5", "\"7\"", "0"}));
    for (const char* source : {"orders", "positions", "balances"}) {
      if (chance(0.05)) continue;  // missing
      members.push_back(std::string("\"") + source + "\":" + (chance(0.04) ? junk() : this->source(source)));
      if (chance(0.05)) members.push_back(std::string("\"") + source + "\":" + (chance(0.5) ? junk() : this->source(source)));
    }
    const int extras = chance(0.05) ? 300 : static_cast<int>(uniform(0, 4));
    for (int i = 0; i < extras; ++i) members.push_back(key(stat_name()) + stat_value(0));
    if (chance(0.05)) members.push_back("\"venue_ts_ms\":42");
    if (chance(0.03)) members.push_back("\"orders\\u0000x\":1");
    shuffle(members);
    std::string doc = object(members);
    if (chance(0.03)) doc = pick({"[1,2]", "\"text\"", "3", "null", "", "  ", "{}"});
    if (chance(0.03)) doc = "\xEF\xBB\xBF" + doc;
    if (chance(0.05) && !doc.empty()) doc.resize(static_cast<std::size_t>(uniform(0, static_cast<double>(doc.size()))));
    if (chance(0.03) && !doc.empty())
      doc.insert(static_cast<std::size_t>(uniform(0, static_cast<double>(doc.size()))), 1, pick_char("x}],:\"\\{["));
    if (chance(0.02)) doc += pick({" ", " {}", "\n", "x"});
    if (chance(0.01) && !doc.empty())  // a NUL byte in the text ends it, as far as the parser reads
      doc.insert(static_cast<std::size_t>(uniform(0, static_cast<double>(doc.size()))), 1, '\0');
    return doc;
  }

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  std::string pick(std::initializer_list<const char*> options) {
    std::vector<const char*> v(options);
    return v[static_cast<std::size_t>(uniform(0, static_cast<double>(v.size()) - 1e-9))];
  }
  char pick_char(std::string_view chars) {
    return chars[static_cast<std::size_t>(uniform(0, static_cast<double>(chars.size()) - 1e-9))];
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    if (chance(0.3)) return;  // the usual order, often
    std::shuffle(v.begin(), v.end(), rng_);
  }
  static std::string key(const std::string& name) { return "\"" + name + "\":"; }
  static std::string object(const std::vector<std::string>& members) {
    std::string out = "{";
    for (std::size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + members[i];
    return out + "}";
  }

  std::string junk() {
    return pick({"1", "-7", "2.5", "null", "true", "false", "\"s\"", "[]", "[1,{\"qty\":\"x\"}]", "{}",
                 "{\"qty\":\"abc\",\"ok\":false}", "{\"a\":{\"b\":[{\"c\":1}]}}", "4294967296", "-2147483649"});
  }

  std::string stat_name() {
    if (chance(0.3)) return std::string(1, 'n').append(std::to_string(static_cast<int>(uniform(0, 400))));
    return pick({"rate_limits", "streams", "time_offset_ms", "a", "b.c", "x\\u0000y", "venue_ts_ms", "orders"});
  }
  std::string stat_value(int depth) {
    if (depth < 7 && chance(0.4)) {
      std::vector<std::string> members;
      const int n = static_cast<int>(uniform(0, 4));
      for (int i = 0; i < n; ++i) members.push_back(key(stat_name()) + stat_value(depth + 1));
      return object(members);
    }
    return pick({"1", "0", "-4", "2.25", "true", "false", "\"eof\"", "null", "[1,2]", "1e300", "18446744073709551615"});
  }

  // Decimals of every length around the limits of exact arithmetic: up to 25
  // digits, the point anywhere, leading zeros, a sign.
  std::string random_decimal() {
    std::string out = chance(0.3) ? "-" : "";
    const int digits = 1 + static_cast<int>(uniform(0, 25));
    const int point = static_cast<int>(uniform(0, digits + 1));
    for (int i = 0; i < digits; ++i) {
      if (i == point && i > 0) out += '.';
      out += static_cast<char>('0' + static_cast<int>(uniform(0, 10 - 1e-9)));
    }
    return out;
  }

  std::string source(const char* name) {
    std::vector<std::string> members;
    if (!chance(0.05)) members.push_back(key("ok") + (chance(0.9) ? "true" : pick({"false", "\"true\"", "1", "null"})));
    if (chance(0.1)) members.push_back(key("class") + pick({"\"RATE_LIMITED\"", "\"AUTH\"", "\"NOPE\"", "3", "\"AUTH\\u0000X\""}));
    if (chance(0.1)) members.push_back(key("code") + pick({"429", "-1021", "4294967296", "1.0", "\"429\"", "2147483648"}));
    if (chance(0.1)) members.push_back(key("message") + pick({"\"too many requests\"", "7", "\"cut\\u0000here\"", "\"\""}));
    if (!chance(0.04)) members.push_back(key("items") + (chance(0.95) ? items(name) : junk()));
    if (chance(0.05)) members.push_back(key(pick({"ok", "items", "class", "code", "message"})) + junk());
    if (chance(0.1)) members.push_back(key("extra") + junk());
    shuffle(members);
    return object(members);
  }

  std::string items(const std::string& source) {
    const int n = static_cast<int>(uniform(0, 7));
    std::string out = "[";
    for (int i = 0; i < n; ++i) {
      out += i ? "," : "";
      out += chance(0.02) ? junk() : item(source, i);
    }
    return out + "]";
  }

  // A member's value: usually a good one, sometimes another from `bad`.
  std::string value(const std::string& good, std::initializer_list<const char*> bad) {
    if (!chance(rate_)) return good;
    if (chance(0.3)) return junk();
    return pick(bad);
  }

  std::string item(const std::string& source, int i) {
    std::vector<std::pair<std::string, std::string>> fields;
    const auto num = [&](const char* good) {
      if (chance(0.2)) return std::string(1, '"').append(random_decimal()).append(1, '"');
      return value(good, {"\"abc\"", "\"\"", "\"1e5\"", "\"-0.5\"", "\"+1\"", "\" 1\"", "\"1.\"", "\".5\"", "5", "\"00.10\""});
    };
    if (source == "orders") {
      fields = {{"client_order_id", value("\"grinder_1_" + std::to_string(i) + "\"", {"\"\"", "\"a\\u00e9\\\"b\""})},
                {"venue_order_id", value("\"v" + std::to_string(i) + "\"", {"\"\""})},
                {"symbol", value("\"BTCUSDT\"", {"\"\""})},
                {"side", value(chance(0.5) ? "\"BUY\"" : "\"SELL\"", {"\"buy\"", "\"\""})},
                {"type", value(chance(0.8) ? "\"LIMIT\"" : "\"MARKET\"", {"\"STOP\"", "\"MARKET\""})},
                {"price", num("\"65000.1\"")},
                {"qty", num("\"0.002\"")},
                {"filled_qty", num("\"0\"")},
                {"status", value("\"NEW\"", {"\"PARTIALLY_FILLED\"", "\"FILLED\"", "\"BOGUS\""})},
                {"reduce_only", value("false", {"true", "\"true\"", "null", "0"})},
                {"time_in_force", value("\"GTC\"", {"\"IOC\"", "\"GTX\"", "\"XYZ\""})}};
    } else if (source == "positions") {
      fields = {{"symbol", value("\"ETHUSDT\"", {"\"\""})},
                {"qty", num("\"-0.003\"")},
                {"entry_price", num("\"64000.25\"")},
                {"mark_price", num("\"65000.05\"")}};
    } else {
      fields = {{"asset", value("\"USDT\"", {"\"\""})}, {"free", num("\"990.5\"")}, {"locked", num("\"9.5\"")}};
    }
    std::vector<std::string> members;
    for (const auto& [name, v] : fields) {
      if (chance(rate_ / 2)) continue;  // missing
      members.push_back(key(name) + v);
      if (chance(0.03)) members.push_back(key(name) + (chance(0.5) ? junk() : v));  // repeated
    }
    if (chance(0.1)) members.push_back(key("extra") + junk());
    if (chance(0.05)) members.push_back(key("qty\\u0000") + "\"bad\"");
    shuffle(members);
    return object(members);
  }

  std::mt19937 rng_;
  double rate_ = 0.06;
};

// `doc` with whitespace of every kind after each structural character
// outside strings, as a pretty-printing plugin would write it.
std::string spaced(const std::string& doc, std::mt19937& rng) {
  static constexpr const char* kSpace[] = {" ", "\n  ", "\t", "\r\n", ""};
  std::string out;
  bool in_string = false, escaped = false;
  for (char c : doc) {
    out += c;
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[' || c == ',' || c == ':' || c == '}' || c == ']') out += kSpace[rng() % 5];
  }
  return out;
}

// The scan alone, on a copy padded as parse_snapshot_json pads it.
bool scanned(const std::string& doc, Result<Snapshot>& out) {
  std::string buffer = doc;
  buffer.append(1 + snapshot_json::kScanPadding, '\0');
  snapshot_json::DocumentReader handler(doc.size());
  if (!snapshot_json::scan_document(buffer.data(), handler)) return false;
  out = handler.finish();
  return true;
}

}  // namespace

TEST_CASE("the streaming parser matches the DOM parser on generated documents", "[plugin][snapshot]") {
  Generator gen(20240501);
  int failed_sources = 0, errors = 0;
  for (int n = 0; n < 6000; ++n) {
    const std::string doc = gen.document();
    const auto streamed = parse_snapshot_json(doc);
    const auto dom = reference::parse_snapshot_json_dom(doc);
    INFO("document " << n << ": " << doc);
    REQUIRE(describe(streamed) == describe(dom));
    if (!dom) ++errors;
    else failed_sources += !dom->complete();
  }
  // The documents reach the error paths, not only the happy one.
  CHECK(errors > 200);
  CHECK(failed_sources > 1000);
}

TEST_CASE("the fast scan reads every well-formed document without escapes by itself, as rapidjson does",
          "[plugin][snapshot]") {
  Generator gen(20261202);
  std::mt19937 rng(7);
  int read = 0, handed_on = 0;
  for (int n = 0; n < 6000; ++n) {
    std::string doc = gen.document();
    if (n % 2) doc = spaced(doc, rng);
    if (doc.compare(0, 3, "\xEF\xBB\xBF") == 0) doc.erase(0, 3);  // parse_snapshot_json skips the mark first
    const auto dom = reference::parse_snapshot_json_dom(doc);
    // Parsed with an error by rapidjson, or holding an escape: the scan must
    // give up, so that rapidjson reads it and words the error.
    const bool must_hand_on = !dom.ok() && dom.error().message.find("not valid JSON") != std::string::npos;
    const bool may_hand_on = must_hand_on || doc.find('\\') != std::string::npos;
    Result<Snapshot> fast = VenueError{};
    const bool ok = scanned(doc, fast);
    INFO("document " << n << ": " << doc);
    if (must_hand_on) CHECK_FALSE(ok);
    if (!may_hand_on) REQUIRE(ok);
    if (ok) {
      REQUIRE(describe(fast) == describe(dom));
      ++read;
    } else {
      ++handed_on;
    }
    // And whichever reads it, the whole parse comes to what rapidjson's DOM says.
    REQUIRE(describe(parse_snapshot_json(doc)) == describe(dom));
  }
  CHECK(read > 2000);  // most generated documents hold an escape somewhere
  CHECK(handed_on > 200);
}

TEST_CASE("the fast scan gives up at escapes, control characters and anything after the root", "[plugin][snapshot]") {
  Result<Snapshot> out = VenueError{};
  CHECK(scanned(R"({"venue_ts_ms":5, "streams":{"a":1.25e2,"b":-0,"c":18446744073709551615}})", out));
  REQUIRE(out.ok());
  CHECK(out->stats.at("streams.a") == 125);
  CHECK(out->stats.at("streams.b") == 0);
  CHECK(out->stats.at("streams.c") == 18446744073709551615.0);
  CHECK_FALSE(scanned(R"({"venue_ts_ms":5,"m":"a\"b"})", out));
  CHECK_FALSE(scanned("{\"m\":\"a\tb\"}", out));
  CHECK_FALSE(scanned(R"({"venue_ts_ms":5} {})", out));
  CHECK_FALSE(scanned(R"({"venue_ts_ms":05})", out));
  CHECK_FALSE(scanned(R"({"venue_ts_ms":tru})", out));
  CHECK_FALSE(scanned("", out));
  // parse_snapshot_json then hands them to rapidjson, which names the offset.
  auto bad = parse_snapshot_json(R"({"venue_ts_ms":05})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "snapshot is not valid JSON at offset 16: Missing a comma or '}' after an object member.");
  auto escaped = parse_snapshot_json(R"({"venue_ts_ms":7,"orders":{"ok":false,"message":"said \"no\""}})");
  REQUIRE(escaped.ok());
  CHECK(escaped->orders_status.error->message == "said \"no\"");
}
