// interleave/harness/model_error.hpp: an exception that escapes a model's hook, caught inside
// the simulation and reported as the item's `error`. Plain C++ (no Relacy): <interleave/model.hpp>
// uses it.
//
// A simulated thread is a fiber: an exception leaving thread(), before(), after() or
// invariant() would end the process, which would read as a crash. Instead the harness catches
// it in the hook (see `budgeted` in model.hpp), calls exception_escaped() from the catch block,
// and stops the simulation; once rl::simulate has returned, run_relacy_suite throws ModelError
// with take_escape()'s message ("thread 1 threw std::runtime_error: boom"), and the runner
// reports it as `error`. An exception from a suite's constructor or destructor cannot be caught
// this way (Relacy constructs the suite inside a fiber) and still ends the process: a `crash`.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace interleave::harness {

// What run_relacy_suite throws when an exception escaped a model's hook; the runner reports
// what() as the item's `error` message, as it is.
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {

// Records the exception being handled (call it from a catch block) as having escaped `hook`
// ("thread", "before()", ...) of simulated thread `thread` (-1 for a hook of no thread). Runs
// inside the simulation, so it allocates nothing: it keeps the type and what() in static
// storage. A std::bad_alloc goes to the out-of-memory handler if one is set (which does not
// return): after a failed allocation Relacy's own state cannot be trusted to finish the run.
void exception_escaped(const char* hook, int thread) noexcept;

// The message for the exception recorded since the last call, if any ("thread 1 threw
// std::runtime_error: boom"), and forgets it. Call outside the simulation.
[[nodiscard]] std::optional<std::string> take_escape();

// The runner sets one in each child process (see runner.cpp); `where` names the hook.
using out_of_memory_handler = void (*)(const char* where) noexcept;
void set_out_of_memory_handler(out_of_memory_handler h) noexcept;

// The name of the exception being handled: "std::runtime_error", "hostile::oops", or
// "an unknown exception". Call from a catch block.
[[nodiscard]] std::string current_exception_name();

}  // namespace detail
}  // namespace interleave::harness
