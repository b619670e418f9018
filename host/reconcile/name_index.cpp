#include "name_index.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace grinder::reconcile {

namespace {

constexpr std::size_t kGroup = 16;  // names whose memory is fetched together

std::size_t hash_of(std::string_view name) { return std::hash<std::string_view>{}(name); }

}  // namespace

NameIndex::NameIndex(const std::vector<std::string_view>& names) {
  std::size_t bytes = 0;
  for (auto n : names) bytes += n.size();
  if (bytes >= UINT32_MAX || names.size() >= UINT32_MAX / 4) throw std::length_error("too many names to index");
  chars_.reserve(bytes);
  starts_.reserve(names.size() + 1);
  starts_.push_back(0);
  for (auto n : names) {
    chars_.append(n);
    starts_.push_back(static_cast<std::uint32_t>(chars_.size()));
  }
  std::size_t capacity = 16;
  while (capacity < names.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;

  std::size_t hashes[kGroup];
  for (std::size_t first = 0; first < names.size(); first += kGroup) {
    const std::size_t n = std::min(kGroup, names.size() - first);
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = hash_of(names[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask_], 1);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const auto tag = static_cast<std::uint32_t>(hashes[k]);
      std::size_t at = hashes[k] & mask_;
      bool repeat = false;
      for (; slots_[at].position != 0 && !repeat; at = (at + 1) & mask_)
        repeat = slots_[at].tag == tag && name_at(slots_[at].position - 1) == names[first + k];
      if (!repeat) slots_[at] = Slot{static_cast<std::uint32_t>(first + k + 1), tag};
    }
  }
}

std::string_view NameIndex::name_at(std::size_t position) const {
  return std::string_view(chars_).substr(starts_[position], starts_[position + 1] - starts_[position]);
}

std::size_t NameIndex::find(std::string_view name) const {
  const std::size_t h = hash_of(name);
  const auto tag = static_cast<std::uint32_t>(h);
  for (std::size_t at = h & mask_; slots_[at].position != 0; at = (at + 1) & mask_)
    if (slots_[at].tag == tag && name_at(slots_[at].position - 1) == name) return slots_[at].position - 1;
  return npos;
}

void NameIndex::find_all(const std::vector<std::string_view>& names, std::vector<std::size_t>& out) const {
  out.assign(names.size(), npos);
  std::size_t hashes[kGroup];
  std::size_t candidate[kGroup];  // the first slot whose tag matches, or npos
  for (std::size_t first = 0; first < names.size(); first += kGroup) {
    const std::size_t n = std::min(kGroup, names.size() - first);
    // The slots of the whole group, then the names behind the slots whose
    // tags match, then the comparisons.
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = hash_of(names[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask_]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const auto tag = static_cast<std::uint32_t>(hashes[k]);
      candidate[k] = npos;
      for (std::size_t at = hashes[k] & mask_; slots_[at].position != 0; at = (at + 1) & mask_)
        if (slots_[at].tag == tag) {
          candidate[k] = at;
          __builtin_prefetch(chars_.data() + starts_[slots_[at].position - 1]);
          break;
        }
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (candidate[k] == npos) continue;
      const std::size_t position = slots_[candidate[k]].position - 1;
      // A tag shared by two names is rare: the full probe settles it.
      out[first + k] = name_at(position) == names[first + k] ? position : find(names[first + k]);
    }
  }
}

}  // namespace grinder::reconcile
