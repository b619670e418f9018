#pragma once
// Internal to reconcile: an index from names (client order ids, symbols) to
// their positions in the list it was built from, built once per comparison.
// A cycle looks up every order of a snapshot; std::map's string compares down
// a tree, and an unordered_set's node per entry, cost more than the
// comparison itself. The names are copied into one buffer and found through
// one flat table; past a few thousand names the table outgrows a core's cache,
// so building and find_all work in groups whose memory is prefetched first,
// letting the misses overlap instead of queueing.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::reconcile {

class NameIndex {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // A name listed twice keeps its first position.
  explicit NameIndex(const std::vector<std::string_view>& names);

  // The position of `name`, or npos.
  std::size_t find(std::string_view name) const;
  // out[i] = find(names[i]) for every i.
  void find_all(const std::vector<std::string_view>& names, std::vector<std::size_t>& out) const;
  bool contains(std::string_view name) const { return find(name) != npos; }
  bool empty() const { return starts_.size() == 1; }

 private:
  struct Slot {
    std::uint32_t position;  // + 1; 0 is an empty slot
    std::uint32_t tag;       // the name's hash, low half: most other names stop here
  };
  std::string_view name_at(std::size_t position) const;

  std::string chars_;                  // every name, one after the other
  std::vector<std::uint32_t> starts_;  // position i's name is chars_[starts_[i], starts_[i + 1])
  std::vector<Slot> slots_;            // open addressing, linear probing, at most half full
  std::size_t mask_ = 0;
};

}  // namespace grinder::reconcile
