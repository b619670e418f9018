#pragma once
// A map from names (client order ids, symbols) to values, kept flat: the
// values in one vector, beside a NameTable of their names. Used like a
// std::map for building (operator[], emplace, erase, find); read by position
// when compared, without a lookup structure to rebuild each time.
//
// Entries are in the order they were added, except that erasing one moves
// the last entry into its place. References and positions stay valid until
// the next entry is added or erased.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grinder/reconcile/name_table.hpp"

namespace grinder::reconcile {

template <class T>
class NameMap {
 public:
  // The value of `name`, added as T{} if the name is new.
  T& operator[](std::string_view name) {
    const auto [at, added] = names_.insert(name);
    if (added) add_value(at, T{});
    return values_[at];
  }

  // Adds `name` with `value` unless the name is there already (as
  // std::map::emplace does); whether it was added.
  bool emplace(std::string_view name, T value) {
    const auto [at, added] = names_.insert(name);
    if (added) add_value(at, std::move(value));
    return added;
  }

  bool erase(std::string_view name) {
    const std::size_t at = names_.find(name);
    if (at == NameTable::npos) return false;
    names_.erase_at(at);
    if (at + 1 != values_.size()) values_[at] = std::move(values_.back());
    values_.pop_back();
    return true;
  }

  T* find(std::string_view name) {
    const std::size_t at = names_.find(name);
    return at == NameTable::npos ? nullptr : &values_[at];
  }
  const T* find(std::string_view name) const {
    const std::size_t at = names_.find(name);
    return at == NameTable::npos ? nullptr : &values_[at];
  }
  bool contains(std::string_view name) const { return names_.contains(name); }

  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  void clear() {
    names_.clear();
    values_.clear();
  }
  void reserve(std::size_t n) {
    names_.reserve(n);
    values_.reserve(n);
  }

  // By position, 0 .. size() - 1.
  const NameTable& names() const { return names_; }
  const std::string& name(std::size_t position) const { return names_[position]; }
  const T& value(std::size_t position) const { return values_[position]; }
  T& value(std::size_t position) { return values_[position]; }

 private:
  // The value for the name just added at `at` (the end); if that fails, the
  // name goes again, and the map is as it was.
  void add_value(std::size_t at, T&& value) {
    try {
      values_.push_back(std::move(value));
    } catch (...) {
      names_.erase_at(at);
      throw;
    }
  }

  NameTable names_;
  std::vector<T> values_;
};

}  // namespace grinder::reconcile
