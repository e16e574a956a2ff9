// interleave/model.hpp: write and register a Relacy model of backend-instrumented code.
//
//   #include <interleave/mutex.hpp>          // the code under test, and any standard headers
//   #include <interleave/model.hpp>          // LAST: it brings in Relacy, which #defines new,
//                                            // delete, assert and memory_order_* names
//   using B = interleave::relacy_backend;
//   struct two_lockers : rl::test_suite<two_lockers, 2> {
//     interleave::Mutex<B::cell<int>, B> m;
//     void thread(unsigned) { auto g = *m.lock(); g->store(g->load() + 1); }
//   };
//   INTERLEAVE_MODEL(two_lockers, "mutex/two-lockers", interleave::expect::pass,
//                    "two threads increment under the lock; no race");
//
// The id is a path that begins with the primitive it verifies. The expected outcome is
// `interleave::expect::pass` or `interleave::expect::fails_with("DEADLOCK")` (a Relacy verdict
// name, as `interleave list` shows). A fifth argument, an interleave::harness::SearchSettings,
// sets the model's default search (scheduler, iterations, context bound).
//
// GoogleTest's TEST macros cannot share a translation unit with this header (Relacy #defines
// `delete`, which they use): keep suites in their own file and call run_relacy_suite<Suite>
// from the test through a plain function.
//
// Inside simulated code: throw exception types that do not allocate through libstdc++'s
// compiled code (std::runtime_error's message does; a plain struct does not), and do not grow
// std::string, for the reason in RELACY_NOTES ("sized deallocation").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <typeinfo>
#include <vector>

#include "interleave/detail/fault.hpp"  // fault_set, for negative controls
#include "interleave/harness/deadline.hpp"
#include "interleave/harness/registry.hpp"
#include "interleave/harness/simulation_log.hpp"

#include "interleave/backend/relacy.hpp"  // includes <relacy/relacy.hpp>: must stay last
#include "interleave/harness/relacy_replay.hpp"  // after Relacy: it extends its schedulers

namespace interleave {
namespace expect {
inline harness::Expectation pass() { return harness::Expectation::pass(); }
inline harness::Expectation fails_with(std::string defect) {
  return harness::Expectation::fails_with(std::move(defect));
}
}  // namespace expect

namespace harness::detail {

// The search budget of one item (one child process): an iteration count for a bound or full
// search, which Relacy would otherwise run to completion, and a deadline for any search.
struct search_budget {
  using clock = std::chrono::steady_clock;
  static inline std::uint64_t limit = 0;  // iterations; 0: none
  static inline std::uint64_t used = 0;   // iterations begun in this simulate() call
  static inline bool has_deadline = false;
  static inline clock::time_point deadline{};
  static inline bool exhausted = false;
  static void start_simulation(std::uint64_t iterations) {
    limit = iterations;
    used = 0;
    exhausted = false;
  }
};

template <class Suite>
struct budgeted : Suite {
  void before() {
    // Once exhausted, stay exhausted: Relacy re-runs the last iteration to collect its history,
    // and that re-run must end the same way, so the clock is read only until the budget ends.
    auto& b = search_budget::exhausted;
    if (!b) {
      ++search_budget::used;
      b = (search_budget::limit != 0 && search_budget::used > search_budget::limit) ||
          (search_budget::has_deadline && search_budget::clock::now() >= search_budget::deadline);
    }
    if (b) rl::ctx().rl_until("search budget exhausted", $);
    Suite::before();
  }
};

inline rl::scheduler_type_e relacy_scheduler(Scheduler s) {
  switch (s) {
    case Scheduler::random: return rl::sched_random;
    case Scheduler::bound: return rl::sched_bound;
    case Scheduler::full: return rl::sched_full;
  }
  return rl::sched_bound;
}

}  // namespace harness::detail

// One rl::simulate() call, from `state` (Relacy's; empty: the beginning). `replay`: a bound or
// full search replays exactly the state's execution, checked (harness/relacy_replay.hpp).
template <class Suite>
harness::Verdict simulate_once(const harness::SearchSettings& s, const std::string& state,
                               std::uint64_t last_random_iteration, bool replay = false) {
  using harness::Scheduler;
  harness::SimulationLog log;
  rl::test_params p;
  p.output_stream = &log.stream();
  p.progress_stream = &log.stream();
  p.progress_output_period = 1u << 30;  // no progress lines
  p.search_type = harness::detail::relacy_scheduler(s.scheduler);
  p.context_bound = s.context_bound;
  const bool random = s.scheduler == Scheduler::random;
  // Relacy's random scheduler runs iterations first..iteration_count, seeding each by its index.
  p.iteration_count = random ? last_random_iteration : 1;
  harness::detail::search_budget::start_simulation(random ? 0 : s.iterations);
  if (!state.empty()) p.initial_state = state.c_str();
  {
    detail::relacy::fiber_exception_state keep;  // the main thread's own, restored after
    using suite = harness::detail::budgeted<Suite>;
    if (replay && s.scheduler == Scheduler::bound) harness::detail::simulate_replay<suite, true>(p);
    else if (replay && s.scheduler == Scheduler::full) harness::detail::simulate_replay<suite, false>(p);
    else rl::simulate<suite>(p);
  }
  const bool until = p.test_result == rl::test_result_until_condition_hit;
  const bool failed = p.test_result != rl::test_result_success && !until;
  // Relacy counts the iteration it stopped in; a budget-ended search completed the ones before.
  // (Random: the index of the last completed iteration; run_relacy_suite makes it a count.)
  const std::uint64_t explored = !until  ? p.stop_iteration
                                 : random ? p.stop_iteration - 1
                                          : harness::detail::search_budget::used - 1;
  return log.finish(failed ? rl::test_result_str(p.test_result) : "", explored,
                    std::string(p.final_state.c_str()), !random && !until);
}

// Replays the one execution of s.initial_state (checked by parse_replay_state before). A
// state that does not fit this item's execution gives a verdict with no defect and the
// reason in replay_misfit: whatever that execution did is not this state's.
template <class Suite>
harness::Verdict replay_once(const harness::SearchSettings& s) {
  harness::detail::search_budget::has_deadline = false;  // a replay runs to its end
  if (s.scheduler == harness::Scheduler::random) {  // Relacy's random state is the iteration
    const auto at = harness::detail::state_iteration(s.initial_state);
    return simulate_once<Suite>(s, s.initial_state, at == 0 ? 1 : at);
  }
  harness::SearchSettings one = s;
  one.iterations = 0;  // no budget: the checked scheduler stops after the state's execution
  harness::Verdict v = simulate_once<Suite>(one, s.initial_state, 1, true);
  v.search_complete = false;
  if (std::string misfit = harness::detail::replay_check::misfit(); !misfit.empty()) {
    v = harness::Verdict{};
    v.iterations = 1;
    v.replay_misfit = std::move(misfit);
  }
  return v;
}

// Runs Relacy over Suite with the given settings and returns what it found.
template <class Suite>
harness::Verdict run_relacy_suite(const harness::SearchSettings& s) {
  using budget = harness::detail::search_budget;
  if (!s.initial_state.empty()) return replay_once<Suite>(s);
  budget::has_deadline = s.seconds > 0;
  if (budget::has_deadline) budget::deadline = harness::deadline_after(s.seconds);
  if (s.scheduler != harness::Scheduler::random) return simulate_once<Suite>(s, s.initial_state, 1);
  const std::uint64_t first = s.seed == 0 ? 1 : s.seed;
  const std::uint64_t last = first + (s.iterations == 0 ? 1 : s.iterations) - 1;
  harness::DefectTally others;
  for (std::uint64_t from = first;;) {
    auto v = simulate_once<Suite>(s, std::to_string(from) + " ", last);
    const bool go_on = !v.defect.empty() && !s.search_for.empty() && v.defect != s.search_for &&
                       v.iterations < last;
    if (!go_on) {
      if (v.defect.empty()) v.iterations = v.iterations + 1 - first;  // last index -> count
      v.other_defects = others.summary();
      return v;
    }
    others.add(v.defect, v.iterations);
    from = v.iterations + 1;
  }
}

template <class Suite>
bool register_model(std::string id, harness::Expectation expected, std::string description,
                    const char* file, unsigned line, harness::SearchSettings defaults = {}) {
  harness::Entry e;
  e.id = std::move(id);
  e.kind = harness::Kind::model;
  e.threads = static_cast<int>(Suite::params::thread_count);
  e.expected = std::move(expected);
  e.description = std::move(description);
  e.defaults = std::move(defaults);
  e.run = &run_relacy_suite<Suite>;
  e.file = file;
  e.line = line;
  return harness::registry().add(std::move(e));
}

}  // namespace interleave

#define INTERLEAVE_CONCAT_IMPL(a, b) a##b
#define INTERLEAVE_CONCAT(a, b) INTERLEAVE_CONCAT_IMPL(a, b)
#define INTERLEAVE_MODEL(Suite, id, expected, description, ...)                            \
  [[maybe_unused]] static const bool INTERLEAVE_CONCAT(interleave_model_registered_,      \
                                                       __COUNTER__) =                      \
      ::interleave::register_model<Suite>(id, expected, description, __FILE__, __LINE__ \
                                              __VA_OPT__(, ) __VA_ARGS__)
