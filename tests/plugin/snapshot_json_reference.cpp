// The snapshot parser as it was first written, over rapidjson's DOM: a lookup
// by name per field. It is the reference the streaming parser is compared
// with, document by document, in snapshot_json_compare_test.cpp.
#include "snapshot_json_reference.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "grinder/plugin/decimal.hpp"

namespace grinder::plugin::reference {

namespace {

using Json = rapidjson::Value;

// Thrown inside one source's parsing, caught at the source: it fails alone.
struct BadItem {
  std::string what;
};

const Json& member(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) throw BadItem{where + "." + key + " is missing"};
  return it->value;
}

std::string text(const Json& obj, const char* key, const std::string& where, bool required = true) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) {
    if (required) throw BadItem{where + "." + key + " is missing"};
    return "";
  }
  if (!it->value.IsString()) throw BadItem{where + "." + key + " is not a string"};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

double decimal(const Json& obj, const char* key, const std::string& where, bool required = true) {
  std::string s = text(obj, key, where, required);
  if (s.empty() && !required) return 0;
  auto v = parse_decimal(s);
  if (!v) throw BadItem{where + "." + key + " '" + s + "' is not a decimal string"};
  return *v;
}

bool flag(const Json& obj, const char* key, const std::string& where) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return false;
  if (!it->value.IsBool()) throw BadItem{where + "." + key + " is not a boolean"};
  return it->value.GetBool();
}

template <class E>
E enumerated(const Json& obj, const char* key, const std::string& where, std::optional<E> (*parse)(std::string_view),
             std::optional<E> fallback = std::nullopt) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() && fallback) return *fallback;
  std::string s = text(obj, key, where);
  auto v = parse(s);
  if (!v) throw BadItem{where + "." + key + " '" + s + "' is not known"};
  return *v;
}

Order order(const Json& o, const std::string& where) {
  if (!o.IsObject()) throw BadItem{where + " is not an object"};
  Order r;
  r.client_order_id = text(o, "client_order_id", where);
  r.venue_order_id = text(o, "venue_order_id", where, false);
  r.symbol = text(o, "symbol", where);
  r.side = enumerated(o, "side", where, parse_side);
  r.type = enumerated(o, "type", where, parse_order_type);
  r.price = decimal(o, "price", where, r.type == OrderType::Limit);
  r.qty = decimal(o, "qty", where);
  r.filled_qty = decimal(o, "filled_qty", where, false);
  r.status = enumerated(o, "status", where, parse_order_status);
  r.reduce_only = flag(o, "reduce_only", where);
  r.time_in_force = enumerated(o, "time_in_force", where, parse_time_in_force, std::optional(TimeInForce::GTC));
  return r;
}

Position position(const Json& o, const std::string& where) {
  if (!o.IsObject()) throw BadItem{where + " is not an object"};
  Position p;
  p.symbol = text(o, "symbol", where);
  p.qty = decimal(o, "qty", where);
  p.entry_price = decimal(o, "entry_price", where, false);
  p.mark_price = decimal(o, "mark_price", where, false);
  return p;
}

Balance balance(const Json& o, const std::string& where) {
  if (!o.IsObject()) throw BadItem{where + " is not an object"};
  Balance b;
  b.asset = text(o, "asset", where);
  b.free = decimal(o, "free", where);
  b.locked = decimal(o, "locked", where, false);
  return b;
}

VenueError source_error(const Json& src, const std::string& name) {
  VenueError e;
  e.error_class = ErrorClass::UnknownState;  // a failed read without a class: assume nothing
  auto cls = src.FindMember("class");
  if (cls != src.MemberEnd() && cls->value.IsString())
    e.error_class = parse_error_class(cls->value.GetString()).value_or(ErrorClass::UnknownState);
  auto code = src.FindMember("code");
  if (code != src.MemberEnd() && code->value.IsInt()) e.code = code->value.GetInt();
  auto msg = src.FindMember("message");
  e.message = msg != src.MemberEnd() && msg->value.IsString() ? msg->value.GetString() : name + " unavailable";
  return e;
}

template <class T>
void read_source(const Json& doc, const char* name, std::vector<T>& items, SourceStatus& status,
                 T (*parse)(const Json&, const std::string&)) {
  auto fail = [&](VenueError e) {
    items.clear();
    status.ok = false;
    status.error = std::move(e);
  };
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsObject()) {
    fail({ErrorClass::NonRetryable, 0, std::string("snapshot has no '") + name + "' object"});
    return;
  }
  const Json& src = it->value;
  auto ok = src.FindMember("ok");
  if (ok == src.MemberEnd() || !ok->value.IsBool() || !ok->value.GetBool()) {
    fail(source_error(src, name));
    return;
  }
  try {
    const Json& list = member(src, "items", name);
    if (!list.IsArray()) throw BadItem{std::string(name) + ".items is not an array"};
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i)
      items.push_back(parse(list[i], std::string(name) + "[" + std::to_string(i) + "]"));
  } catch (const BadItem& bad) {
    fail({ErrorClass::NonRetryable, 0, "malformed snapshot: " + bad.what});
  }
}

}  // namespace

namespace {
// Numeric (and boolean) leaves of a plugin's extra members, by dotted path.
void flatten_stats(const rapidjson::Value& v, const std::string& prefix, std::map<std::string, double>& out, int depth) {
  if (depth > 4 || out.size() >= 256) return;  // a plugin cannot flood the registry
  if (v.IsNumber())
    out[prefix] = v.GetDouble();
  else if (v.IsBool())
    out[prefix] = v.GetBool() ? 1 : 0;
  else if (v.IsObject())
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
      flatten_stats(it->value, prefix + "." + it->name.GetString(), out, depth + 1);
}
}  // namespace

Result<Snapshot> parse_snapshot_json_dom(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError())
    return VenueError{ErrorClass::NonRetryable, 0,
                      std::string("snapshot is not valid JSON at offset ") + std::to_string(doc.GetErrorOffset()) +
                          ": " + rapidjson::GetParseError_En(doc.GetParseError())};
  if (!doc.IsObject()) return VenueError{ErrorClass::NonRetryable, 0, "snapshot is not a JSON object"};
  Snapshot s;
  auto ts = doc.FindMember("venue_ts_ms");
  if (ts != doc.MemberEnd() && ts->value.IsInt64()) s.venue_ts_ms = ts->value.GetInt64();
  read_source(doc, "orders", s.orders, s.orders_status, &order);
  read_source(doc, "positions", s.positions, s.positions_status, &position);
  read_source(doc, "balances", s.balances, s.balances_status, &balance);
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    std::string name = it->name.GetString();
    if (name == "orders" || name == "positions" || name == "balances" || name == "venue_ts_ms") continue;
    flatten_stats(it->value, name, s.stats, 0);
  }
  return s;
}

}  // namespace grinder::plugin::reference
