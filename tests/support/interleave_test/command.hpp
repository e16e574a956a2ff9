// interleave_test/command.hpp (tests/support): running a program as a user would, from a test.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace interleave_test {

// What a command did: its exit status (-1 when it did not exit normally or could not start) and
// everything it wrote to standard output (end the command with 2>&1 to have standard error too).
struct Ran {
  int status = -1;
  std::string output;
};

// Runs `command` through /bin/sh, waits for it, and returns what it did.
inline Ran run_command(const std::string& command) {
  Ran r;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  const int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace interleave_test
