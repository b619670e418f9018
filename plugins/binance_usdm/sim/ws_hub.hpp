#pragma once
// Who listens to what on the simulator's WebSockets: each connection
// subscribes to channels ("btcusdt@bookTicker", "user"), and the exchange
// publishes to channels. Everything runs on the simulator's one thread.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace grinder::binance::sim {

class WsPeer {
 public:
  virtual ~WsPeer() = default;
  virtual void send(std::string text) = 0;
  virtual void close() = 0;
};

class WsHub {
 public:
  void subscribe(const std::shared_ptr<WsPeer>& peer, const std::vector<std::string>& channels, std::string kind);
  void publish(const std::string& channel, const std::string& text);
  // Closes every open connection of a kind ("market", "user") or all ("").
  std::size_t drop(const std::string& kind);
  std::size_t open(const std::string& kind) const;
  // Connections accepted so far, per kind.
  const std::map<std::string, std::size_t>& accepted() const { return accepted_; }

 private:
  struct Entry {
    std::weak_ptr<WsPeer> peer;
    std::vector<std::string> channels;
    std::string kind;
  };
  void prune();
  std::vector<Entry> entries_;
  std::map<std::string, std::size_t> accepted_;
};

}  // namespace grinder::binance::sim
