#pragma once
// Internal to the snapshot parser: the handler rapidjson::Reader calls for
// every value of the snapshot document, filling a plugin::Snapshot as the
// values go by, with no document tree in between.
//
// The reader keeps a stack of the containers it is inside and, after a key,
// which slot the value that follows fills. Members may come in any order and
// any number of times: as a lookup by name would, the first member of a name
// counts and later ones are ignored. What a source comes to (its items, or
// why it failed) is settled only at the end, because "ok" may come after
// "items".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/rapidjson.h>

#include "grinder/plugin/venue_types.hpp"
#include "snapshot_json_items.hpp"

namespace grinder::plugin::snapshot_json {

class DocumentReader {
 public:
  // max_items: a bound on how many items a source lists (not a count), for
  // the room reserved for orders.
  explicit DocumentReader(std::size_t max_items);

  // rapidjson's handler interface. Each returns true: the reader never stops
  // the parse, so a broken document is reported where the parser finds it.
  //
  // The members of items are nearly all of a document: their keys and values
  // are handled inline, where the parser calls, and the rest out of line.
  bool Null();
  bool Bool(bool b) {
    if (slot_ != Slot::Field) return other_bool(b);
    slot_ = Slot::Ignore;
    item_.set(field_, {FieldValue::Kind::Bool, b, {}});
    return true;
  }
  bool Int(int i);
  bool Uint(unsigned u);
  bool Int64(std::int64_t i);
  bool Uint64(std::uint64_t u);
  bool Double(double d);
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }  // numbers are never asked as text
  bool String(const char* s, rapidjson::SizeType length, bool) {
    if (slot_ != Slot::Field) return other_string(s, length);
    slot_ = Slot::Ignore;
    item_.set(field_, {FieldValue::Kind::String, false, {s, length}});
    return true;
  }
  bool StartObject();
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    if (frames_.back().frame != Frame::Item) return other_key(s, length);
    field_ = item_.wanted(std::string_view(s, length));
    slot_ = field_ == ItemFields::npos ? Slot::Ignore : Slot::Field;
    return true;
  }
  bool EndObject(rapidjson::SizeType);
  bool StartArray();
  bool EndArray(rapidjson::SizeType);

  // The snapshot, once the parser read the whole document without error.
  Result<Snapshot> finish();

 private:
  static constexpr int kSources = 3;  // orders, positions, balances

  // A scalar value, with what rapidjson's DOM would say about it.
  struct Scalar {
    enum class Kind : std::uint8_t { Null, Bool, Number, String };
    Kind kind = Kind::Null;
    bool flag = false;
    bool fits_int = false;    // Value::IsInt
    bool fits_int64 = false;  // Value::IsInt64
    std::int64_t integer = 0;
    double number = 0;        // Value::GetDouble
    const char* text = "";    // NUL-terminated, `length` bytes before any NUL inside
    std::size_t length = 0;
  };

  // The containers the reader is in.
  enum class Frame : std::uint8_t { Root, Source, Items, Item, Stats, Ignored };
  struct Level {
    Frame frame;
    std::uint8_t source;     // Source, Items, Item
    std::uint8_t depth;      // Stats: the depth of the object's dotted name
    std::uint32_t path_len;  // Stats: the length of that name in path_
  };

  // What the value after a key is for. Taken by the value, so a container's
  // own members never see the slot of the key that named the container.
  enum class Slot : std::uint8_t { Ignore, Field, VenueTs, Source, Stat, Ok, Class, Code, Message, Items };

  // One source as it was read.
  struct SourceRead {
    enum Seen : std::uint8_t { kOk = 1, kClass = 2, kCode = 4, kMessage = 8, kItems = 16 };
    enum class Items : std::uint8_t { Missing, NotArray, Array };
    bool named = false;      // its first member was met
    bool is_object = false;  // and it was an object
    std::uint8_t seen = 0;
    bool ok = false;
    ErrorClass error_class = ErrorClass::UnknownState;  // a failed read without a class: assume nothing
    std::int32_t code = 0;
    std::optional<std::string> message;
    Items items = Items::Missing;
    std::size_t next_index = 0;
    std::optional<std::string> bad_item;  // the first malformed item
  };

  bool other_bool(bool b);
  bool other_string(const char* s, std::size_t length);
  bool other_key(const char* s, std::size_t length);
  bool scalar(const Scalar& v);
  void open(bool is_object);
  void open_element(bool is_object);
  void root_key(const char* s, std::size_t length);
  void source_key(SourceRead& src, std::string_view name);
  void stat(const Scalar& v);
  void finish_item();
  void settle(int source);
  Slot take_slot();

  std::size_t max_items_;
  Snapshot out_;
  std::vector<Level> frames_;
  Slot slot_ = Slot::Ignore;
  std::size_t field_ = 0;   // Slot::Field: which field of item_
  std::uint8_t source_ = 0; // Slot::Source: which source
  std::uint8_t stat_depth_ = 0;  // Slot::Stat: the depth of path_
  bool root_is_object_ = false;
  bool venue_ts_seen_ = false;
  SourceRead sources_[kSources];
  ItemFields item_;
  std::uint8_t item_source_ = 0;
  std::size_t item_index_ = 0;
  std::string path_;  // the dotted name of the stat being read
};

}  // namespace grinder::plugin::snapshot_json
