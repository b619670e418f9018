#include "grinder/reconcile/name_table.hpp"

#include <algorithm>
#include <stdexcept>

#include "grinder/util/short_hash.hpp"

namespace grinder::reconcile {

namespace {

constexpr std::size_t kGroup = 16;  // names whose memory is fetched together

// Ids and symbols are short: util::short_hash reads them a word at a time.
std::uint64_t hash_of(std::string_view name) { return util::short_hash(name); }

std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

}  // namespace

NameTable::NameTable(const std::vector<std::string>& names) {
  reserve(names.size());
  for (const auto& n : names) insert(n);
}

std::size_t NameTable::find(std::string_view name) const {
  if (slots_.empty()) return npos;
  const std::uint64_t h = hash_of(name);
  const std::uint32_t tag = tag_of(h);
  for (std::size_t at = h & mask_; slots_[at].position != 0; at = (at + 1) & mask_)
    if (slots_[at].tag == tag && names_[slots_[at].position - 1] == name) return slots_[at].position - 1;
  return npos;
}

void NameTable::find_all(const std::string_view* names, std::size_t count, std::size_t* out) const {
  if (slots_.empty()) {
    std::fill(out, out + count, npos);
    return;
  }
  std::uint64_t hashes[kGroup];
  std::size_t candidate[kGroup];  // the first slot whose tag matches, or npos
  for (std::size_t first = 0; first < count; first += kGroup) {
    const std::size_t n = std::min(kGroup, count - first);
    // The slots of the whole group, then the names behind the slots whose
    // tags match, then the comparisons.
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = hash_of(names[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask_]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t tag = tag_of(hashes[k]);
      candidate[k] = npos;
      for (std::size_t at = hashes[k] & mask_; slots_[at].position != 0; at = (at + 1) & mask_)
        if (slots_[at].tag == tag) {
          candidate[k] = at;
          __builtin_prefetch(&names_[slots_[at].position - 1]);
          break;
        }
    }
    for (std::size_t k = 0; k < n; ++k) {
      out[first + k] = npos;
      if (candidate[k] == npos) continue;
      const std::size_t position = slots_[candidate[k]].position - 1;
      // A tag shared by two names is rare: the full probe settles it.
      out[first + k] = names_[position] == names[first + k] ? position : find(names[first + k]);
    }
  }
}

std::pair<std::size_t, bool> NameTable::insert(std::string_view name) {
  const std::uint64_t h = hash_of(name);
  const std::uint32_t tag = tag_of(h);
  if (!slots_.empty())
    for (std::size_t at = h & mask_; slots_[at].position != 0; at = (at + 1) & mask_)
      if (slots_[at].tag == tag && names_[slots_[at].position - 1] == name) return {slots_[at].position - 1, false};
  if (names_.size() >= UINT32_MAX - 1) throw std::length_error("too many names to index");
  if ((names_.size() + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(16, slots_.size() * 2));
  names_.emplace_back(name);  // the last step that may throw
  std::size_t at = h & mask_;
  while (slots_[at].position != 0) at = (at + 1) & mask_;
  slots_[at] = Slot{static_cast<std::uint32_t>(names_.size()), tag};
  return {names_.size() - 1, true};
}

std::size_t NameTable::slot_of(std::size_t position) const {
  std::size_t at = hash_of(names_[position]) & mask_;
  while (slots_[at].position != position + 1) at = (at + 1) & mask_;
  return at;
}

void NameTable::erase_at(std::size_t position) {
  // Empty the slot, then move later slots of the same run back into the gap
  // (no tombstones: lookups never slow down after many erases).
  std::size_t gap = slot_of(position);
  slots_[gap] = Slot{0, 0};
  for (std::size_t at = (gap + 1) & mask_; slots_[at].position != 0; at = (at + 1) & mask_) {
    const std::size_t home = hash_of(names_[slots_[at].position - 1]) & mask_;
    // Movable when its home is not in (gap, at], cyclically.
    if (((at - home) & mask_) >= ((at - gap) & mask_)) {
      slots_[gap] = slots_[at];
      slots_[at] = Slot{0, 0};
      gap = at;
    }
  }
  const std::size_t last = names_.size() - 1;
  if (position != last) {
    slots_[slot_of(last)].position = static_cast<std::uint32_t>(position + 1);
    names_[position] = std::move(names_[last]);
  }
  names_.pop_back();
}

void NameTable::clear() {
  names_.clear();
  std::fill(slots_.begin(), slots_.end(), Slot{0, 0});
}

void NameTable::reserve(std::size_t names) {
  names_.reserve(names);
  std::size_t capacity = std::max<std::size_t>(16, slots_.size());
  while (capacity < names * 2) capacity *= 2;
  if (capacity > slots_.size()) rehash(capacity);
}

void NameTable::rehash(std::size_t capacity) {
  std::vector<Slot> slots(capacity, Slot{0, 0});
  const std::size_t mask = capacity - 1;
  for (const Slot& s : slots_) {
    if (s.position == 0) continue;
    std::size_t at = hash_of(names_[s.position - 1]) & mask;
    while (slots[at].position != 0) at = (at + 1) & mask;
    slots[at] = s;
  }
  slots_ = std::move(slots);
  mask_ = mask;
}

}  // namespace grinder::reconcile
