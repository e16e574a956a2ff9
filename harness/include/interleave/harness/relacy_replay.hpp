// interleave/harness/relacy_replay.hpp (internal to <interleave/model.hpp>, which includes it
// after Relacy): replaying one execution of a bound or full search from a scheduler state, and
// noticing when the state does not fit the execution.
//
// Relacy's own tree schedulers take each recorded decision on trust: a decision of the wrong
// kind, or with a different number of alternatives than the execution offers at that point,
// is a failed RL_VERIFY in a debug build and, in ours, an index into the wrong array (a
// crash) or silently another execution. After a state's last decision they go on searching the
// rest of the tree, so a state that does not fail yields some other execution's verdict.
//
// checked_replay_scheduler is Relacy's tree scheduler with the context-bound or full-search
// policy (the same can_switch / on_switch, so the same decision points), except that it
//  - replays exactly the state's decisions and one execution, then stops;
//  - checks each decision against the execution: same kind, same number of alternatives; on a
//    mismatch it takes alternative 0 (always valid), and replay_check records where the state
//    stopped fitting;
//  - records whether the execution used every decision of the state (a state's execution
//    ends where its last decision was made: one that stops earlier, or runs past the end,
//    is not this item's).
// A misfit voids the execution's verdict: the replay reports that the state does not fit.
//
// It includes nothing: Relacy #defines `new` and `delete`, so every header it needs (<string>,
// <cstddef>) comes before Relacy, in model.hpp.
#pragma once

namespace interleave::harness::detail {

// What the last checked replay found. Static, and written without allocating, because the
// scheduler runs inside the simulation.
struct replay_check {
  static inline bool mismatch = false;                     // a decision did not fit
  static inline std::size_t at = 0;                        // its position (0-based)
  static inline unsigned asked_count = 0, asked_kind = 0;  // what the execution asked for
  static inline unsigned given_count = 0, given_kind = 0;  // what the state said
  static inline std::size_t used = 0;                      // decisions the execution took
  static inline std::size_t given = 0;                     // decisions in the state
  // The policy replayed: the context-bound scheduler's, else the full search's. A value, not a
  // template parameter, so each suite compiles one replay scheduler: every scheduler type is a
  // whole instantiation of Relacy's engine, a second of compile time per suite.
  static inline bool bounded = true;

  static void reset() {
    mismatch = false;
    at = used = given = 0;
  }
  // Why the state does not fit, or empty if it does.
  static std::string misfit() {
    using std::to_string;
    if (mismatch)
      return "its decision " + to_string(at + 1) + " of " + to_string(given) + " has " +
             to_string(given_count) + " alternatives of kind " + to_string(given_kind) +
             ", where this item's execution offers " + to_string(asked_count) + " of kind " +
             to_string(asked_kind);
    if (used > given)
      return "its " + to_string(given) + (given == 1 ? " decision ends" : " decisions end") +
             " before this item's execution does";
    if (used < given)
      return "this item's execution ends after " + to_string(used) + " of its " + to_string(given) +
             " decisions";
    return {};
  }
};

// Repaired as the searches are (relacy_schedulers.hpp), so a replay takes their paths.
template <rl::thread_id_t N>
class checked_replay_scheduler : public repaired_tree_scheduler<checked_replay_scheduler<N>, N> {
 public:
  using base_t = repaired_tree_scheduler<checked_replay_scheduler<N>, N>;
  using base_t::base_t;

  // The policy replayed (relacy_schedulers.hpp): the context-bound search's, else the full's.
  static bool bounded() { return replay_check::bounded; }

  rl::thread_id_t iteration_begin_impl() {
    this->begin_bound();
    this->stree_depth_ = 0;
    replay_check::given = this->stree_.size();
    return this->running_threads[rand_impl(this->running_threads_count, rl::sched_type_sched)];
  }

  bool iteration_end_impl() { return true; }  // one execution: the state's

  // Relacy's tree_search_scheduler::rand_impl, replaying only, and checked.
  unsigned rand_impl(unsigned limit, rl::sched_type kind) {
    const std::size_t depth = this->stree_depth_++;
    replay_check::used = this->stree_depth_;
    if (depth >= this->stree_.size()) return 0;  // past the state: misfit() says so
    const auto& n = this->stree_[depth];
    if (n.type_ != kind || n.count_ != limit) {
      if (!replay_check::mismatch) {
        replay_check::mismatch = true;
        replay_check::at = depth;
        replay_check::asked_count = limit;
        replay_check::asked_kind = static_cast<unsigned>(kind);
        replay_check::given_count = n.count_;
        replay_check::given_kind = static_cast<unsigned>(n.type_);
      }
      return 0;
    }
    return n.index_;  // < count_ == limit: parse_replay_state checked it
  }
};

// rl::simulate<Suite>(params) with one scheduler type, Sched, where rl::simulate compiles
// Relacy's three and picks one by params.search_type: a first run, and after a failure a second
// one from the state the first wrote, which collects the history.
template <class Suite, class Sched>
void simulate_with(rl::test_params& params, const char* name = typeid(Suite).name()) {
  using sched = Sched;
  while (*name >= '0' && *name <= '9') ++name;
  params.test_name = name;
  *params.output_stream << params.test_name << std::endl;
  rl::ostringstream first;
  const rl::test_result_e result = rl::run_test<Suite, sched>(params, first, false);
  if (result != rl::test_result_success && !params.output_history && !params.collect_history) {
    params.initial_state = first.str();
    params.final_state = first.str();
    params.collect_history = true;
    rl::ostringstream second;
    rl::run_test<Suite, sched>(params, second, true);
  }
}

// Replays params.initial_state with the checked scheduler, under the context-bound policy
// (`bounded`) or the full search's.
template <class Suite>
void simulate_replay(rl::test_params& params, bool bounded,
                     const char* name = typeid(Suite).name()) {
  replay_check::reset();
  replay_check::bounded = bounded;
  simulate_with<Suite, checked_replay_scheduler<Suite::params::thread_count>>(params, name);
}

}  // namespace interleave::harness::detail
