#pragma once
// The simulator's network side (Boost.Beast, on the simulator's one thread):
// HTTP/1.1 with keep-alive on a loopback port, WebSocket upgrades on the same
// port, and the bad deliveries a venue is capable of (late, never, cut short).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http_types.hpp"
#include "ws_hub.hpp"

namespace boost::asio {
class io_context;
}

namespace grinder::binance::sim {

using Routes = std::function<Reply(const Request&)>;

// Where a WebSocket upgrade goes: the channels it hears, and its kind
// ("market", "user") for the drop fault. nullopt refuses it (404).
struct WsRoute {
  std::vector<std::string> channels;
  std::string kind;
};
using WsRouter = std::function<std::optional<WsRoute>(const Request&)>;

class Server {
 public:
  // Binds at once (port 0: a free one); throws std::runtime_error on failure.
  Server(boost::asio::io_context& io, const std::string& address, std::uint16_t port, Routes routes,
         WsRouter ws_router = {}, WsHub* hub = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;

  struct Impl;  // shared with the connections it accepted (server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace grinder::binance::sim
