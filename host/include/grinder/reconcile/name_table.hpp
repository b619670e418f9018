#pragma once
// Names (client order ids, symbols) and their positions 0 .. size() - 1, with
// an index kept up to date as names come and go, so that finding one costs
// the same whether the table was built a moment ago or a day ago.
//
// Reconcile looks up every order of every snapshot; std::map's string
// compares down a tree, and a hash map's node per entry, cost more than the
// comparison itself, and rebuilding an index per comparison meant walking
// all the expected state each time. Here the index is one flat table of
// slots (a position and a hash tag), at most half full; past a few thousand
// names it outgrows a core's cache, so find_all looks names up in groups
// whose memory is fetched first, letting the misses overlap.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grinder::reconcile {

class NameTable {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  NameTable() = default;
  // A name listed twice keeps its first position.
  explicit NameTable(const std::vector<std::string>& names);

  std::size_t size() const { return names_.size(); }
  bool empty() const { return names_.empty(); }
  const std::string& operator[](std::size_t position) const { return names_[position]; }

  // The position of `name`, or npos.
  std::size_t find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != npos; }
  // out[i] = find(names[i]) for every i.
  void find_all(const std::string_view* names, std::size_t count, std::size_t* out) const;

  // The position of `name`, and whether it was added just now (at the end).
  // If it throws, the table is as it was.
  std::pair<std::size_t, bool> insert(std::string_view name);
  // Removes the name at `position`; the last name moves into its place.
  void erase_at(std::size_t position);
  void clear();
  void reserve(std::size_t names);

 private:
  struct Slot {
    std::uint32_t position;  // + 1; 0 is an empty slot
    std::uint32_t tag;       // high half of the name's hash: most other names stop here
  };
  std::size_t slot_of(std::size_t position) const;
  void rehash(std::size_t capacity);

  std::vector<std::string> names_;
  std::vector<Slot> slots_;  // open addressing, linear probing
  std::size_t mask_ = 0;
};

}  // namespace grinder::reconcile
