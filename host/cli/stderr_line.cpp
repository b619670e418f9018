#include "stderr_line.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace grinder::cli {

void write_stderr_line(std::string_view line) {
  std::string whole;
  whole.reserve(line.size() + 1);
  whole.append(line);
  whole.push_back('\n');
  const char* p = whole.data();
  std::size_t left = whole.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void line_buffer_stdout() { std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ); }

}  // namespace grinder::cli
