#pragma once
// The symbols a reconcile comparison covers. Built once from the configured
// list and kept for as long as that configuration is current: with thousands
// of symbols, indexing them costs as much as comparing the orders does, and
// the list changes with the configuration, not with every snapshot.
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
  Scope(const std::vector<std::string>& symbols) : symbols_(symbols) {}  // NOLINT: a list is a scope
  Scope(std::initializer_list<std::string> symbols) : Scope(std::vector<std::string>(symbols)) {}

  bool everything() const { return symbols_.empty(); }
  bool contains(std::string_view symbol) const { return everything() || symbols_.contains(symbol); }
  // in[i] = contains(symbols[i]) for every i; the lookups of a group are
  // fetched together, so their cache misses overlap.
  void contains_all(const std::string_view* symbols, std::size_t count, bool* in) const;

 private:
  NameTable symbols_;
};

}  // namespace grinder::reconcile
