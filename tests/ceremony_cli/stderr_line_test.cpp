// A venue's log line and the command's report share a pipe (`2>&1`): the log
// line may come before or after a report line, never inside it.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <thread>

#include "cli/stderr_line.hpp"

namespace {

// Runs `body` in a child whose stdout and stderr both go into one pipe, as
// `grinder smoke ... 2>&1` does; returns what came out.
template <class Body>
std::string output_of_child(Body body) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::cout.flush();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    body();
    std::cout.flush();
    std::fflush(stdout);
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[512];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  return out;
}

}  // namespace

TEST_CASE("a log line from another thread does not split the report's line", "[cli]") {
  std::string out = output_of_child([] {
    grinder::cli::line_buffer_stdout();
    std::cout << "  price: ";  // half a report line, waiting in the buffer
    std::thread venue([] { grinder::cli::write_stderr_line("[venue binance] debug: POST /fapi/v1/listenKey"); });
    venue.join();
    std::cout << "32500.0 (50% below market)\n";
  });
  CHECK(out == "[venue binance] debug: POST /fapi/v1/listenKey\n  price: 32500.0 (50% below market)\n");
}

TEST_CASE("a long log line is written whole", "[cli]") {
  const std::string line(100000, 'x');
  std::string out = output_of_child([&] { grinder::cli::write_stderr_line(line); });
  CHECK(out == line + "\n");
}
