#pragma once
// The symbols a reconcile comparison covers. Built once from the configured
// list and kept for as long as that configuration is current: with thousands
// of symbols, indexing them costs as much as comparing the orders does, and
// the list changes with the configuration, not with every snapshot.
//
// A comparison asks the scope about orders and positions by the thousand,
// and past a few thousand symbols each question is a cache miss; so symbols
// of up to 15 bytes (nearly all: "BTCUSDT", "1000SHIBUSDT") are kept inside
// the hash table's slots, where one memory read answers, instead of behind
// them. Longer ones go to a NameTable.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "grinder/reconcile/name_table.hpp"

namespace grinder::reconcile {

class Scope {
 public:
  // Every symbol.
  Scope() = default;
  // Only these; an empty list means every symbol, as in the configuration.
  Scope(const std::vector<std::string>& symbols);  // NOLINT: a list is a scope
  Scope(std::initializer_list<std::string> symbols) : Scope(std::vector<std::string>(symbols)) {}

  bool everything() const { return everything_; }
  bool contains(std::string_view symbol) const;
  // in[i] = contains(symbols[i]) for every i; the slots of a group are
  // fetched together, so their cache misses overlap.
  void contains_all(const std::string_view* symbols, std::size_t count, bool* in) const;

 private:
  static constexpr std::size_t kInline = 15;
  struct Slot {
    std::uint8_t length = 0;  // 0: empty
    char name[kInline] = {};
  };
  static bool fits(std::string_view s) { return !s.empty() && s.size() <= kInline; }
  void add(std::string_view symbol);
  bool probe(std::string_view symbol, std::uint64_t hash) const;

  bool everything_ = true;
  std::vector<Slot> slots_;  // open addressing, linear probing, at most half full
  std::size_t mask_ = 0;
  NameTable long_names_;     // the symbols that do not fit a slot
};

}  // namespace grinder::reconcile
