#include "grinder/venue_kit/sim_loop.hpp"

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

namespace grinder::venue_kit {

namespace asio = boost::asio;

void run_simulator(asio::io_context& io, std::chrono::milliseconds every, const std::function<void()>& tick,
                   bool exit_on_stdin_close) {
  asio::steady_timer ticker(io);
  std::function<void()> next = [&] {
    ticker.expires_after(every);
    ticker.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      tick();
      next();
    });
  };
  next();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });

  asio::posix::stream_descriptor in(io);
  char byte[256];
  std::function<void()> watch = [&] {
    in.async_read_some(asio::buffer(byte), [&](const boost::system::error_code& ec, std::size_t) {
      if (ec) return io.stop();
      watch();
    });
  };
  if (exit_on_stdin_close) {
    in.assign(::dup(STDIN_FILENO));
    watch();
  }
  io.run();
}

}  // namespace grinder::venue_kit
