#pragma once
// The main loop of a local venue simulator (a plugin's stand-in for its
// venue in tests and rehearsals), on the simulator's one thread.
#include <chrono>
#include <functional>

namespace boost::asio {
class io_context;
}

namespace grinder::venue_kit {

// Runs io, calling tick every `every` (the market's steps), until SIGINT or
// SIGTERM, or, with exit_on_stdin_close, until stdin closes: a test runs a
// simulator as a child with a pipe on its stdin, so when the test ends,
// however it ends, the pipe closes and the simulator goes too.
void run_simulator(boost::asio::io_context& io, std::chrono::milliseconds every, const std::function<void()>& tick,
                   bool exit_on_stdin_close);

}  // namespace grinder::venue_kit
