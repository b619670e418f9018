#pragma once
// Runs a shell command the way an operator would, capturing stdout, stderr
// and the exit code, so CLI tests check what a person sees.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.hpp"

namespace grinder::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Single-quotes an argument for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline CommandResult run_command(const std::string& command) {
  TempDir tmp("cmd");
  std::string err_file = tmp / "stderr";
  CommandResult r;
  FILE* p = popen((command + " 2>" + shell_quote(err_file)).c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  return r;
}

}  // namespace grinder::test
