// Built without -fmacro-prefix-map, as a user's project that does not use interleave's CMake
// package builds: std::source_location and Relacy's `$` name this file as the compiler was given
// it, an absolute path, and interleave's headers absolutely too. tests/cli/source_paths_test.cpp runs
// it to see `run` name them relative to the project's root.
#include <optional>

#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

namespace {

// Two threads add to a plain int; thread 0 also takes a Mutex that guards nothing it touches,
// so the interleaving has steps in interleave's headers too.
struct unguarded_counter : rl::test_suite<unguarded_counter, 2> {
  std::optional<interleave::Mutex<int, interleave::relacy_backend>> unrelated;
  rl::var<int> count;

  void before() {
    unrelated.emplace(0);
    count($) = 0;
  }
  void thread(unsigned index) {
    if (index == 0) *unrelated->lock().value() += 1;
    count($) = count($) + 1;
  }
};

}  // namespace

INTERLEAVE_MODEL(unguarded_counter, "paths/unguarded-counter",
                 interleave::expect::fails_with("DATA RACE"),
                 "two threads add to a plain int, one of them holding an unrelated lock");
