// grinder-venue-sim: a local Binance USDT-M venue for tests and rehearsals.
// It speaks the REST + WebSocket subset the binance_usdm plugin uses, on
// loopback, over plain HTTP, with real signature checking, and an admin port
// that injects the situations and faults the runbooks rehearse (sim_venue.hpp,
// admin_api.cpp). Prints `listening on 127.0.0.1:PORT` and
// `admin listening on 127.0.0.1:PORT` once both ports are open.
#include <CLI/CLI.hpp>

#include <boost/asio/io_context.hpp>
#include <iostream>

#include "grinder/venue_kit/sim_loop.hpp"
#include "server.hpp"
#include "sim_venue.hpp"

namespace asio = boost::asio;
using namespace grinder::binance::sim;

int main(int argc, char** argv) {
  CLI::App app{"grinder-venue-sim: a local Binance USDT-M futures venue (REST + WebSocket, loopback, HTTP)"};
  SimOptions options;
  int port = 0, admin_port = 0, tick_ms = 250;
  std::string bind = "127.0.0.1";
  bool exit_on_stdin_close = false;
  app.add_option("--port", port, "REST and WebSocket port (0: a free one, printed)")->capture_default_str();
  app.add_option("--admin-port", admin_port, "Admin port (0: a free one, printed)")->capture_default_str();
  app.add_option("--bind", bind, "Address to listen on")->capture_default_str();
  app.add_option("--api-key", options.api_key, "The one API key the venue accepts")->capture_default_str();
  app.add_option("--api-secret", options.api_secret, "Its secret (never printed)");
  app.add_option("--seed", options.seed, "Seed of the price paths")->capture_default_str();
  app.add_option("--tick-ms", tick_ms, "Milliseconds between market steps")
      ->check(CLI::Range(10, 60000))
      ->capture_default_str();
  app.add_flag("--exit-on-stdin-close", exit_on_stdin_close, "Exit when stdin closes (a test's child process)");
  app.add_flag("-v,--verbose", options.verbose, "One stderr line per REST request (method, path, status)");
  CLI11_PARSE(app, argc, argv);

  try {
    asio::io_context io;
    WsHub hub;
    SimVenue venue(options, hub);
    Server rest(
        io, bind, static_cast<std::uint16_t>(port), [&](const Request& r) { return venue.rest(r); },
        [&](const Request& r) { return venue.ws_route(r); }, &hub);
    Server admin(io, bind, static_cast<std::uint16_t>(admin_port), [&](const Request& r) { return venue.admin(r); });
    std::cout << "listening on " << bind << ":" << rest.port() << "\n"
              << "admin listening on " << bind << ":" << admin.port() << std::endl;

    grinder::venue_kit::run_simulator(
        io, std::chrono::milliseconds(tick_ms), [&] { venue.tick(); }, exit_on_stdin_close);
  } catch (const std::exception& e) {
    std::cerr << "grinder-venue-sim: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
