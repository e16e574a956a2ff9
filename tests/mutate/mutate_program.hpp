// tests/mutate: running the program of tests/mutate/models as a user would, and a fresh
// directory for its reports, for every test file of the folder.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "interleave_test/command.hpp"

namespace mutate_program {

// `interleave ARGS` over tests/mutate/models, standard error with the output.
inline interleave_test::Ran program(const std::string& args) {
  return interleave_test::run_command(std::string(INTERLEAVE_MUTATE_BINARY) + " " + args + " 2>&1");
}

// A directory of the temporary folder named after `name` and this process, not there yet.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("interleave-mutate-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace mutate_program
