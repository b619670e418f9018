#include "ws_hub.hpp"

#include <algorithm>

namespace grinder::binance::sim {

void WsHub::prune() {
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.peer.expired(); }),
                 entries_.end());
}

void WsHub::subscribe(const std::shared_ptr<WsPeer>& peer, const std::vector<std::string>& channels, std::string kind) {
  prune();
  ++accepted_[kind];
  entries_.push_back({peer, channels, std::move(kind)});
}

void WsHub::publish(const std::string& channel, const std::string& text) {
  prune();
  for (const auto& e : entries_) {
    if (std::find(e.channels.begin(), e.channels.end(), channel) == e.channels.end()) continue;
    if (auto p = e.peer.lock()) p->send(text);
  }
}

std::size_t WsHub::drop(const std::string& kind) {
  prune();
  std::size_t n = 0;
  for (const auto& e : entries_) {
    if (!kind.empty() && e.kind != kind) continue;
    if (auto p = e.peer.lock()) {
      p->close();
      ++n;
    }
  }
  return n;
}

std::size_t WsHub::open(const std::string& kind) const {
  std::size_t n = 0;
  for (const auto& e : entries_)
    if (!e.peer.expired() && (kind.empty() || e.kind == kind)) ++n;
  return n;
}

}  // namespace grinder::binance::sim
