#pragma once
// The simulator's network side (Boost.Beast, on the simulator's one thread):
// HTTP/1.1 with keep-alive on a loopback port, and the bad deliveries a
// venue is capable of (late, never, dropped).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http_types.hpp"

namespace boost::asio {
class io_context;
}

namespace grinder::btcturk::sim {

using Routes = std::function<Reply(const Request&)>;

class Server {
 public:
  // Binds at once (port 0: a free one); throws std::runtime_error on failure.
  Server(boost::asio::io_context& io, const std::string& address, std::uint16_t port, Routes routes);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;

  struct Impl;  // shared with the connections it accepted (server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace grinder::btcturk::sim
