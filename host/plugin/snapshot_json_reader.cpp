#include "snapshot_json_reader.hpp"

#include <cstdint>
#include <limits>
#include <utility>

namespace grinder::plugin::snapshot_json {

namespace {

constexpr const char* kSourceNames[] = {"orders", "positions", "balances"};
constexpr ItemKind kSourceKinds[] = {ItemKind::Order, ItemKind::Position, ItemKind::Balance};

// A plugin cannot flood the metrics registry through its extra members.
constexpr std::uint8_t kMaxStatDepth = 4;
constexpr std::size_t kMaxStats = 256;

// Member names used as text (the stats' dotted names, a source's message and
// error class) end at a NUL inside them, as they always have; names matched
// against the format's own (sources, fields) are compared whole.
std::string_view up_to_nul(const char* s) { return std::string_view(s); }

bool is_reserved(std::string_view name) {
  return name == "orders" || name == "positions" || name == "balances" || name == "venue_ts_ms";
}

}  // namespace

DocumentReader::DocumentReader(std::size_t max_items) : max_items_(max_items) {
  frames_.reserve(16);
  path_.reserve(64);
}

DocumentReader::Slot DocumentReader::take_slot() { return std::exchange(slot_, Slot::Ignore); }

// --- scalars -------------------------------------------------------------

bool DocumentReader::Null() { return scalar(Scalar{}); }

bool DocumentReader::other_bool(bool b) {
  Scalar v;
  v.kind = Scalar::Kind::Bool;
  v.flag = b;
  return scalar(v);
}

bool DocumentReader::Int(int i) {
  Scalar v;
  v.kind = Scalar::Kind::Number;
  v.fits_int = v.fits_int64 = true;
  v.integer = i;
  v.number = i;
  return scalar(v);
}

bool DocumentReader::Uint(unsigned u) {
  Scalar v;
  v.kind = Scalar::Kind::Number;
  v.fits_int = u <= static_cast<unsigned>(std::numeric_limits<int>::max());
  v.fits_int64 = true;
  v.integer = u;
  v.number = u;
  return scalar(v);
}

bool DocumentReader::Int64(std::int64_t i) {
  Scalar v;
  v.kind = Scalar::Kind::Number;
  v.fits_int = i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max();
  v.fits_int64 = true;
  v.integer = i;
  v.number = static_cast<double>(i);
  return scalar(v);
}

bool DocumentReader::Uint64(std::uint64_t u) {
  Scalar v;
  v.kind = Scalar::Kind::Number;
  v.fits_int = u <= static_cast<std::uint64_t>(std::numeric_limits<int>::max());
  v.fits_int64 = u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  v.integer = static_cast<std::int64_t>(u);
  v.number = static_cast<double>(u);
  return scalar(v);
}

bool DocumentReader::Double(double d) {
  Scalar v;
  v.kind = Scalar::Kind::Number;
  v.number = d;
  return scalar(v);
}

bool DocumentReader::other_string(const char* s, std::size_t length) {
  Scalar v;
  v.kind = Scalar::Kind::String;
  v.text = s;
  v.length = length;
  return scalar(v);
}

bool DocumentReader::scalar(const Scalar& v) {
  switch (take_slot()) {
    case Slot::Field:
      item_.set(field_, {v.kind == Scalar::Kind::Bool ? FieldValue::Kind::Bool : FieldValue::Kind::Other, v.flag, {}});
      break;
    case Slot::VenueTs:
      if (v.fits_int64) out_.venue_ts_ms = v.integer;
      break;
    case Slot::Source: break;  // not an object: the source stays unread
    case Slot::Stat: stat(v); break;
    case Slot::Ok: sources_[frames_.back().source].ok = v.kind == Scalar::Kind::Bool && v.flag; break;
    case Slot::Class:
      if (v.kind == Scalar::Kind::String)
        sources_[frames_.back().source].error_class =
            parse_error_class(up_to_nul(v.text)).value_or(ErrorClass::UnknownState);
      break;
    case Slot::Code:
      if (v.fits_int) sources_[frames_.back().source].code = static_cast<std::int32_t>(v.integer);
      break;
    case Slot::Message:
      if (v.kind == Scalar::Kind::String) sources_[frames_.back().source].message = std::string(up_to_nul(v.text));
      break;
    case Slot::Items: sources_[frames_.back().source].items = SourceRead::Items::NotArray; break;
    case Slot::Ignore:
      if (!frames_.empty() && frames_.back().frame == Frame::Items) {
        SourceRead& src = sources_[frames_.back().source];
        const std::size_t index = src.next_index++;
        if (!src.bad_item) src.bad_item = ItemPath{kSourceNames[frames_.back().source], index}.str() + " is not an object";
      }
      break;
  }
  return true;
}

void DocumentReader::stat(const Scalar& v) {
  if (stat_depth_ > kMaxStatDepth || out_.stats.size() >= kMaxStats) return;
  if (v.kind == Scalar::Kind::Number)
    out_.stats[path_] = v.number;
  else if (v.kind == Scalar::Kind::Bool)
    out_.stats[path_] = v.flag ? 1 : 0;
}

// --- containers ----------------------------------------------------------

bool DocumentReader::StartObject() {
  open(true);
  return true;
}

bool DocumentReader::StartArray() {
  open(false);
  return true;
}

void DocumentReader::open(bool is_object) {
  Level next{Frame::Ignored, 0, 0, 0};
  switch (take_slot()) {
    case Slot::Field: item_.set(field_, {FieldValue::Kind::Other, false, {}}); break;
    case Slot::Source:
      if (is_object) {
        sources_[source_].is_object = true;
        next = {Frame::Source, source_, 0, 0};
      }
      break;
    case Slot::Stat:
      // Past the depth or the count, nothing inside could be kept either.
      if (is_object && stat_depth_ <= kMaxStatDepth && out_.stats.size() < kMaxStats)
        next = {Frame::Stats, 0, stat_depth_, static_cast<std::uint32_t>(path_.size())};
      break;
    case Slot::Items: {
      const std::uint8_t source = frames_.back().source;
      if (is_object) {
        sources_[source].items = SourceRead::Items::NotArray;
      } else {
        sources_[source].items = SourceRead::Items::Array;
        // Orders are the list that grows to megabytes: grown step by step,
        // each step copies it and touches fresh pages.
        if (kSourceKinds[source] == ItemKind::Order) out_.orders.reserve(max_items_);
        next = {Frame::Items, source, 0, 0};
      }
      break;
    }
    case Slot::Ignore:
      if (frames_.empty()) {
        root_is_object_ = is_object;
        if (is_object) next = {Frame::Root, 0, 0, 0};
      } else if (frames_.back().frame == Frame::Items) {
        open_element(is_object);
        return;
      }
      break;
    case Slot::VenueTs:
    case Slot::Ok:
    case Slot::Class:
    case Slot::Code:
    case Slot::Message: break;  // a container where a scalar belongs: as if absent or not of its type
  }
  frames_.push_back(next);
}

// An element of a source's items: an object is an item, anything else fails
// the source. After a malformed item the rest are only parsed, not read.
void DocumentReader::open_element(bool is_object) {
  const std::uint8_t source = frames_.back().source;
  SourceRead& src = sources_[source];
  const std::size_t index = src.next_index++;
  Level next{Frame::Ignored, 0, 0, 0};
  if (!src.bad_item) {
    if (is_object) {
      item_.reset(kSourceKinds[source]);
      item_source_ = source;
      item_index_ = index;
      next = {Frame::Item, source, 0, 0};
    } else {
      src.bad_item = ItemPath{kSourceNames[source], index}.str() + " is not an object";
    }
  }
  frames_.push_back(next);
}

bool DocumentReader::EndObject(rapidjson::SizeType) {
  const Frame closed = frames_.back().frame;
  frames_.pop_back();
  if (closed == Frame::Item) finish_item();
  return true;
}

bool DocumentReader::EndArray(rapidjson::SizeType) {
  const Level closed = frames_.back();
  frames_.pop_back();
  // The room reserved for orders is a bound: give back what a document of
  // mostly other items left unused.
  if (closed.frame == Frame::Items && kSourceKinds[closed.source] == ItemKind::Order &&
      out_.orders.capacity() > 2 * out_.orders.size() + 64)
    out_.orders.shrink_to_fit();
  return true;
}

// --- keys ----------------------------------------------------------------

bool DocumentReader::other_key(const char* s, std::size_t length) {
  const Level& at = frames_.back();
  switch (at.frame) {
    case Frame::Root: root_key(s, length); break;
    case Frame::Source: source_key(sources_[at.source], std::string_view(s, length)); break;
    case Frame::Stats:
      path_.resize(at.path_len);
      path_ += '.';
      path_ += up_to_nul(s);
      stat_depth_ = static_cast<std::uint8_t>(at.depth + 1);
      slot_ = Slot::Stat;
      break;
    case Frame::Item:  // handled inline
    case Frame::Items:
    case Frame::Ignored: break;
  }
  return true;
}

void DocumentReader::root_key(const char* s, std::size_t length) {
  const std::string_view name(s, length);
  slot_ = Slot::Ignore;
  if (name == "venue_ts_ms") {
    if (!venue_ts_seen_) slot_ = Slot::VenueTs;
    venue_ts_seen_ = true;
    return;
  }
  for (std::uint8_t k = 0; k < kSources; ++k)
    if (name == kSourceNames[k]) {
      if (!sources_[k].named) {
        sources_[k].named = true;
        source_ = k;
        slot_ = Slot::Source;
      }
      return;
    }
  // Every other member is a plugin's extra numbers: "rate_limits", "streams".
  const std::string_view shown = up_to_nul(s);
  if (is_reserved(shown)) return;
  path_.assign(shown);
  stat_depth_ = 0;
  slot_ = Slot::Stat;
}

void DocumentReader::source_key(SourceRead& src, std::string_view name) {
  struct Member {
    std::string_view name;
    SourceRead::Seen bit;
    Slot slot;
  };
  static constexpr Member kMembers[] = {{"items", SourceRead::kItems, Slot::Items},
                                        {"ok", SourceRead::kOk, Slot::Ok},
                                        {"class", SourceRead::kClass, Slot::Class},
                                        {"code", SourceRead::kCode, Slot::Code},
                                        {"message", SourceRead::kMessage, Slot::Message}};
  slot_ = Slot::Ignore;
  for (const Member& m : kMembers)
    if (name == m.name) {
      if (!(src.seen & m.bit)) slot_ = m.slot;
      src.seen |= m.bit;
      return;
    }
}

// --- items and sources ---------------------------------------------------

void DocumentReader::finish_item() {
  const ItemPath where{kSourceNames[item_source_], item_index_};
  try {
    switch (kSourceKinds[item_source_]) {
      case ItemKind::Order: read_order(item_, where, out_.orders.emplace_back()); break;
      case ItemKind::Position: read_position(item_, where, out_.positions.emplace_back()); break;
      case ItemKind::Balance: read_balance(item_, where, out_.balances.emplace_back()); break;
    }
  } catch (BadItem& bad) {  // the list, half an item included, is dropped when the source is settled
    sources_[item_source_].bad_item = std::move(bad.what);
  }
}

void DocumentReader::settle(int source) {
  const SourceRead& src = sources_[source];
  const std::string name = kSourceNames[source];
  std::optional<VenueError> error;
  if (!src.named || !src.is_object)
    error = VenueError{ErrorClass::NonRetryable, 0, "snapshot has no '" + name + "' object"};
  else if (!src.ok)
    error = VenueError{src.error_class, src.code, src.message ? *src.message : name + " unavailable"};
  else if (src.items == SourceRead::Items::Missing)
    error = VenueError{ErrorClass::NonRetryable, 0, "malformed snapshot: " + name + ".items is missing"};
  else if (src.items == SourceRead::Items::NotArray)
    error = VenueError{ErrorClass::NonRetryable, 0, "malformed snapshot: " + name + ".items is not an array"};
  else if (src.bad_item)
    error = VenueError{ErrorClass::NonRetryable, 0, "malformed snapshot: " + *src.bad_item};
  if (!error) return;
  // Half a list of orders would look like orders that vanished: none at all.
  SourceStatus* status = nullptr;
  switch (kSourceKinds[source]) {
    case ItemKind::Order: out_.orders.clear(), status = &out_.orders_status; break;
    case ItemKind::Position: out_.positions.clear(), status = &out_.positions_status; break;
    case ItemKind::Balance: out_.balances.clear(), status = &out_.balances_status; break;
  }
  status->ok = false;
  status->error = std::move(error);
}

Result<Snapshot> DocumentReader::finish() {
  if (!root_is_object_) return VenueError{ErrorClass::NonRetryable, 0, "snapshot is not a JSON object"};
  for (int k = 0; k < kSources; ++k) settle(k);
  return std::move(out_);
}

}  // namespace grinder::plugin::snapshot_json
