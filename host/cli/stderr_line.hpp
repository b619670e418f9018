#pragma once
// Venue log lines on stderr, whole. A plugin logs from its own threads while
// the command's main thread writes its report to stdout; both often end up in
// one pipe (`2>&1`, a CI log). std::cerr is tied to std::cout, so writing a
// log line through it from a venue thread flushes the half line the report
// has in cout's buffer, and the log lands in the middle of a report line.
// These write a line in one write(2) and leave stdout alone.
#include <string>
#include <string_view>

namespace grinder::cli {

// Writes `line` and a newline to stderr in one write (retried only for what
// a short write left). Errors are ignored: a log line cannot be reported.
void write_stderr_line(std::string_view line);

// Makes stdout line-buffered, so a report line reaches the pipe whole and
// before any log line that follows it. Call before anything is printed.
void line_buffer_stdout();

}  // namespace grinder::cli
