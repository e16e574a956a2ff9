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
// `interleave::expect::pass` or `interleave::expect::fails_with("DEADLOCK")` (a result as Relacy
// names it, UNTIL CONDITION HIT included: harness::relacy_results()), optionally with the
// defects the search may pass on its way: `fails_with("DOUBLE FREE", {"MEMORY LEAK"})`. A fifth
// argument, an interleave::harness::SearchSettings, sets the model's default search
// (scheduler, iterations, context bound).
//
// Every registration also carries this translation unit's freed-memory probe (at the end of
// this header; harness/detection.hpp says why), and the unit must be compiled with
// -fno-sized-deallocation and, with GCC, -fno-lifetime-dse: linking interleave::harness does it.
//
// GoogleTest's TEST macros cannot share a translation unit with this header (Relacy #defines
// `delete`, which they use): keep suites in their own file and call run_relacy_suite<Suite>
// from the test through a plain function.
//
// Inside simulated code: throw exception types that do not allocate through libstdc++'s
// compiled code (std::runtime_error's message does; a plain struct does not), and do not grow
// std::string, for the reason in docs/guide.md ("Rules of the road under Relacy").
#pragma once

#include <ucontext.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "interleave/detail/fault.hpp"  // fault_set, for negative controls
#include "interleave/harness/model_error.hpp"
#include "interleave/harness/deadline.hpp"
#include "interleave/harness/registry.hpp"
#include "interleave/harness/replay_input.hpp"
#include "interleave/harness/simulation_log.hpp"
#include "interleave/harness/without_faults.hpp"

#include "interleave/backend/relacy.hpp"             // includes <relacy/relacy.hpp>: must stay last
#include "interleave/harness/relacy_schedulers.hpp"  // after Relacy: it extends its schedulers
#include "interleave/harness/relacy_replay.hpp"

namespace interleave {
namespace expect {
inline harness::Expectation pass() { return harness::Expectation::pass(); }
// `defect` is a result Relacy reports (harness::relacy_results()); `passing`, the defects a
// search may pass on its way to it (none unless named: any other ends the search as a `fail`).
inline harness::Expectation fails_with(std::string defect, std::vector<std::string> passing = {}) {
  return harness::Expectation::fails_with(std::move(defect), std::move(passing));
}
}  // namespace expect

namespace harness::detail {

// The search budget of one item (one child process): an iteration count for a bound or full
// search, which Relacy would otherwise run to completion, and a deadline for any search.
//
// Relacy has one way to end a search early from inside it, rl_until (what a model's RL_UNTIL
// calls), and reports it as UNTIL CONDITION HIT. The budget uses it too, and sets `exhausted`
// first; nothing else sets that flag, and the budget is checked in before(), ahead of any of the
// model's code in that iteration, so an UNTIL CONDITION HIT with the flag set is the budget and
// one without it is the model's own condition, a result like any other.
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

// Relacy (Debian's 0.0+git20191025) never frees what each rl::simulate() call mallocs for its
// fibers' stacks (64 KB per simulated thread: delete_fiber's free is commented out) nor the
// suite's storage (~context_impl's free is commented out too), and simulate() makes two
// contexts for a failure (the search, then the re-run that collects the history). A search
// that calls simulate() again after each defect it passes, or a property that explores
// thousands of scenarios, grew by that much per call (a Debug rc/double-free reached 24 GB in
// three minutes). shaped_suite::before() notes those blocks while the simulation runs and
// simulate_once frees them once rl::simulate has returned and no fiber runs. Fixed storage:
// nothing may allocate inside a simulation.
//
// The stacks: rl::ctx().threadx_ (public in Relacy's context) is the running thread's entry in
// context_impl's array `aligned<thread_info<N>> threads_[N]`, and its index_ says which, so the
// whole array, every thread's fiber_ with it, is reached from it: the stacks of threads that
// never ran (a defect in the first iteration) are freed too. What remains unfreed per call is
// the model's own heap working set, which Relacy's memory_mgr caches and never returns (its
// blocks are not reachable from outside): a few hundred bytes for the project's models.
struct relacy_leftovers {
  static constexpr std::size_t capacity = 64;  // one call's: two contexts' threads and suites
  static inline void* blocks[capacity] = {};
  static inline std::size_t count = 0;
  static void keep(void* p) noexcept {
    for (std::size_t i = 0; i < count; ++i)
      if (blocks[i] == p) return;
    if (p != nullptr && count < capacity) blocks[count++] = p;
  }
  static void free_all() noexcept {
    for (std::size_t i = 0; i < count; ++i) (::free)(blocks[i]);  // (): not Relacy's free macro
    count = 0;
  }
  // Relacy's fiber_t is a ucontext_t, or (on Linux) a struct holding one as `fib`.
  static void* stack_of(const ucontext_t& f) noexcept { return f.uc_stack.ss_sp; }
  template <class F>
    requires requires(const F& f) { f.fib.uc_stack.ss_sp; }
  static void* stack_of(const F& f) noexcept { return f.fib.uc_stack.ss_sp; }
  template <rl::thread_id_t N>
  static void keep_every_stack() noexcept {
    using entry = rl::aligned<rl::thread_info<N>>;  // the element type of threads_
    auto* running = static_cast<entry*>(static_cast<rl::thread_info<N>*>(rl::ctx().threadx_));
    entry* threads = running - running->index_;
    for (rl::thread_id_t i = 0; i < N; ++i) keep(stack_of(threads[i].fiber_));
  }
};

// Marks the suite's constructor and destructor as its setup (backend/relacy.hpp,
// suite_setup_running): a base before Suite, so it is constructed before and destroyed after it.
struct setup_marker : ::interleave::detail::relacy::noncopyable {
  setup_marker() noexcept { ::interleave::detail::relacy::suite_setup_running = true; }
  ~setup_marker() { ::interleave::detail::relacy::suite_setup_running = false; }
};

// Runs `f` as the suite's setup.
template <class F>
void as_setup(F&& f) {
  ::interleave::detail::relacy::suite_setup_running = true;
  f();
  ::interleave::detail::relacy::suite_setup_running = false;
}

template <class Suite>
struct budgeted : setup_marker, Suite {
  budgeted() { ::interleave::detail::relacy::suite_setup_running = false; }
  ~budgeted() { ::interleave::detail::relacy::suite_setup_running = true; }

  // The waits of one execution that the tree searches may end without a notification
  // (backend/relacy.hpp, detail::relacy::early_timeouts_left): a suite may declare
  // `static constexpr unsigned early_timeouts = N;` and `spurious_wakeups = N;`.
  static constexpr unsigned early_timeouts() {
    if constexpr (requires { Suite::early_timeouts; })
      return Suite::early_timeouts;
    else
      return ::interleave::detail::relacy::default_early_timeouts;
  }
  static constexpr unsigned spurious_wakeups() {
    if constexpr (requires { Suite::spurious_wakeups; })
      return Suite::spurious_wakeups;
    else
      return ::interleave::detail::relacy::default_spurious_wakeups;
  }
  void before() {
    // The threads this execution may start (backend/relacy.hpp, relacy_backend::thread).
    ::interleave::detail::relacy::spare_threads = Suite::params::dynamic_thread_count;
    ::interleave::detail::relacy::early_timeouts_left = early_timeouts();
    ::interleave::detail::relacy::spurious_wakeups_left = spurious_wakeups();
    ::interleave::detail::relacy::freeing_site = nullptr;  // a failed free's never restored
    ::interleave::detail::relacy::free_race = {};
    // Once exhausted, stay exhausted: Relacy re-runs the last iteration to collect its history,
    // and that re-run must end the same way, so the clock is read only until the budget ends.
    auto& b = search_budget::exhausted;
    if (!b) {
      ++search_budget::used;
      b = (search_budget::limit != 0 && search_budget::used > search_budget::limit) ||
          (search_budget::has_deadline && search_budget::clock::now() >= search_budget::deadline);
    }
    if (b) rl::ctx().rl_until("search budget exhausted", $);
    as_setup([this] { guarded("before()", -1, [this] { Suite::before(); }); });
  }
  void thread(unsigned i) {
    guarded("thread", static_cast<int>(i), [this, i] { Suite::thread(i); });
    ::interleave::detail::relacy::report_free_race();  // a free by the model's own code
  }
  void after() {
    as_setup([this] { guarded("after()", -1, [this] { Suite::after(); }); });
    ::interleave::detail::relacy::report_free_race();
  }
  void invariant() {
    as_setup([this] { guarded("invariant()", -1, [this] { Suite::invariant(); }); });
  }

 private:
  // An exception must not leave a fiber (model_error.hpp): record it (which also keeps it alive
  // for good: its storage may be Relacy's), leave the catch block, then stop the simulation;
  // simulate_once turns the record into a ModelError.
  template <class F>
  static void guarded(const char* hook, int thread, F&& f) {
    bool escaped = false;
    try {
      f();
    } catch (...) {
      exception_escaped(hook, thread);
      escaped = true;
    }
    if (escaped) rl::ctx().rl_until("an exception escaped the model", $);
  }
};

// One model's suite (budgeted<Suite>) behind function pointers, for shaped_suite: where it is
// built, and what Relacy calls on it. simulate_once sets `running_model` around its simulation.
struct model_hooks {
  const char* name;  // Relacy's test name: budgeted<Suite>'s, as if Relacy ran it directly
  void* storage;     // sized and aligned for budgeted<Suite>, outside Relacy's heap
  void (*construct)(void*);
  void (*destroy)(void*);
  void (*before)(void*);
  void (*thread)(void*, unsigned);
  void (*after)(void*);
  void (*invariant)(void*);
};
inline const model_hooks* running_model = nullptr;

template <class Suite>
model_hooks hooks_of(void* storage) {
  using S = budgeted<Suite>;
  return {typeid(S).name(),
          storage,
          [](void* p) { std::construct_at(static_cast<S*>(p)); },  // (Relacy's `new` macro: the
          [](void* p) { std::destroy_at(static_cast<S*>(p)); },    //  model's heap, not this)
          [](void* p) { static_cast<S*>(p)->before(); },
          [](void* p, unsigned i) { static_cast<S*>(p)->thread(i); },
          [](void* p) { static_cast<S*>(p)->after(); },
          [](void* p) { static_cast<S*>(p)->invariant(); }};
}

// The suite Relacy's engine runs: one type per thread shape (static and dynamic threads),
// whatever the model, which it reaches through `running_model`. Relacy's engine (context_impl
// and its scheduler) is a whole instantiation per suite type and scheduler, most of a model's
// object code and of its compile time; so a unit of many models compiles it once per shape, not
// once per model. Relacy builds and destroys the suite each iteration, in its own malloc'd block
// (kept for relacy_leftovers); the model lives in running_model->storage.
template <rl::thread_id_t Static, rl::thread_id_t Dynamic>
struct shaped_suite : rl::test_suite<shaped_suite<Static, Dynamic>, Static> {
  static const rl::thread_id_t dynamic_thread_count = Dynamic;
  shaped_suite() : model_(*running_model) {
    ::interleave::detail::relacy::clear_construction_sites();
    model_.construct(model_.storage);
  }
  ~shaped_suite() { model_.destroy(model_.storage); }
  void before() {
    relacy_leftovers::keep(this);
    relacy_leftovers::keep_every_stack<Static + Dynamic>();
    model_.before(model_.storage);
  }
  void thread(unsigned i) { model_.thread(model_.storage, i); }
  void after() { model_.after(model_.storage); }
  void invariant() { model_.invariant(model_.storage); }

 private:
  const model_hooks& model_;
};

template <class Suite>
using shape_of =
    shaped_suite<Suite::params::static_thread_count, Suite::params::dynamic_thread_count>;

inline rl::scheduler_type_e relacy_scheduler(Scheduler s) {
  switch (s) {
    case Scheduler::random: return rl::sched_random;
    case Scheduler::bound: return rl::sched_bound;
    case Scheduler::full: return rl::sched_full;
  }
  return rl::sched_bound;
}

}  // namespace harness::detail

namespace harness::detail {

// simulate_once's body for the suite shape Shape (shaped_suite), the model set in running_model.
template <class Shape, bool RandomOnly>
Verdict simulate_shape(const SearchSettings& s, const std::string& state,
                       std::uint64_t last_random_iteration, bool replay) {
  using budget = search_budget;
  SimulationLog log;
  rl::test_params p;
  p.output_stream = &log.stream();
  p.progress_stream = &log.stream();
  p.progress_output_period = 1u << 30;  // no progress lines
  p.search_type = relacy_scheduler(s.scheduler);
  p.context_bound = s.context_bound;
  const bool random = s.scheduler == Scheduler::random;
  // Relacy's random scheduler runs iterations first..iteration_count, seeding each by its index.
  p.iteration_count = random ? last_random_iteration : 1;
  budget::start_simulation(random ? 0 : s.iterations);
  ::interleave::detail::relacy::named_defect = nullptr;
  if (!state.empty()) p.initial_state = state.c_str();
  {
    ::interleave::detail::relacy::fiber_exception_state keep;  // the main thread's own
    constexpr rl::thread_id_t threads = Shape::params::thread_count;
    const char* name = running_model->name;
    if constexpr (RandomOnly)
      simulate_with<Shape, rl::random_scheduler<threads>>(p, name);
    else if (s.scheduler == Scheduler::random)
      simulate_with<Shape, rl::random_scheduler<threads>>(p, name);
    else if (replay)
      simulate_replay<Shape>(p, s.scheduler == Scheduler::bound, name);
    else if (s.scheduler == Scheduler::bound)
      simulate_with<Shape, search_scheduler<threads, true>>(p, name);
    else
      simulate_with<Shape, search_scheduler<threads, false>>(p, name);
  }
  relacy_leftovers::free_all();
  if (auto escaped = take_escape()) throw ModelError(*escaped);
  const bool budget_ended =
      p.test_result == rl::test_result_until_condition_hit && budget::exhausted;
  const bool found = p.test_result != rl::test_result_success && !budget_ended;
  // Relacy counts the iteration it stopped in; a budget-ended search completed the ones before.
  // (Random: the index of the last completed iteration; run_relacy_suite makes it a count.)
  const std::uint64_t explored = !budget_ended ? p.stop_iteration
                                 : random      ? p.stop_iteration - 1
                                               : budget::used - 1;
  const SearchEnd end = found                    ? SearchEnd::stopped
                        : budget_ended || random ? SearchEnd::budget_exhausted
                                                 : SearchEnd::complete;
  const char* named = found && p.test_result == rl::test_result_user_assert_failed
                          ? ::interleave::detail::relacy::named_defect
                          : nullptr;
  return log.finish(found ? rl::test_result_str(p.test_result) : "", explored,
                    std::string(p.final_state.c_str()), end, named != nullptr ? named : "");
}

// The shapes of suite whose engine the harness library compiles once
// (harness/src/relacy_engine.cpp), so that no model unit does: INTERLEAVE_PREBUILT_RELACY_ENGINE
// comes with the library (a sanitizer build's has none). A unit that configures Relacy's engine
// itself (RL_GC, RL_IMPROVED_SEQ_CST_FENCE, RL_MSVC_OUTPUT) compiles its own, as does one of
// another shape.
#define INTERLEAVE_RELACY_ENGINE_SHAPES(X) X(2, 0) X(3, 0) X(4, 0)
#define INTERLEAVE_RELACY_ENGINE(Instantiation, S, D)                  \
  Instantiation Verdict simulate_shape<shaped_suite<S, D>, false>(     \
      const SearchSettings&, const std::string&, std::uint64_t, bool); \
  Instantiation Verdict simulate_shape<shaped_suite<S, D>, true>(      \
      const SearchSettings&, const std::string&, std::uint64_t, bool);
#if defined(INTERLEAVE_PREBUILT_RELACY_ENGINE) && !defined(RL_GC) && \
    !defined(RL_IMPROVED_SEQ_CST_FENCE) && !defined(RL_MSVC_OUTPUT)
#define INTERLEAVE_EXTERN_RELACY_ENGINE(S, D) INTERLEAVE_RELACY_ENGINE(extern template, S, D)
INTERLEAVE_RELACY_ENGINE_SHAPES(INTERLEAVE_EXTERN_RELACY_ENGINE)
#undef INTERLEAVE_EXTERN_RELACY_ENGINE
#endif

// The storage of one budgeted<Suite> for a simulation, outside Relacy's heap (which its `new`
// and `malloc` macros stand for in the model's code; `(::free)` is the C library's).
template <class Suite>
class model_storage : ::interleave::detail::relacy::noncopyable {
  static constexpr std::size_t align =
      std::max(alignof(budgeted<Suite>), alignof(std::max_align_t));
  static constexpr std::size_t size = (sizeof(budgeted<Suite>) + align - 1) / align * align;

 public:
  model_storage() : p_(std::aligned_alloc(align, size)) {
    if (p_ == nullptr) throw std::bad_alloc();
  }
  ~model_storage() { (::free)(p_); }
  void* get() const noexcept { return p_; }

 private:
  void* p_;
};

}  // namespace harness::detail

// One simulation, as rl::simulate runs it but with the repaired tree schedulers of
// relacy_schedulers.hpp, from `state` (Relacy's; empty: the beginning). `replay`: a bound or full
// search replays exactly the state's execution, checked (harness/relacy_replay.hpp).
// RandomOnly compiles Relacy's random scheduler alone, for a caller that never asks for another
// (each scheduler is a whole instantiation of Relacy's engine, per suite shape: shaped_suite).
template <class Suite, bool RandomOnly = false>
harness::Verdict simulate_once(const harness::SearchSettings& s, const std::string& state,
                               std::uint64_t last_random_iteration, bool replay = false) {
  using namespace harness::detail;
  const model_storage<Suite> storage;
  const model_hooks hooks = hooks_of<Suite>(storage.get());
  struct running_scope {
    const model_hooks* outer = std::exchange(running_model, nullptr);
    ~running_scope() { running_model = outer; }
  } scope;
  running_model = &hooks;
  return simulate_shape<shape_of<Suite>, RandomOnly>(s, state, last_random_iteration, replay);
}

// Replays the one execution of s.initial_state (checked by parse_replay_state before). A
// state that does not fit this item's execution gives a verdict with no defect and the
// reason in replay_misfit: whatever that execution did is not this state's.
template <class Suite>
harness::Verdict replay_once(const harness::SearchSettings& s) {
  harness::detail::search_budget::has_deadline = false;  // a replay runs to its end
  if (s.scheduler == harness::Scheduler::random) {       // Relacy's random state is the iteration
    const auto at = harness::detail::state_iteration(s.initial_state);
    return simulate_once<Suite>(s, s.initial_state, at == 0 ? 1 : at);
  }
  harness::SearchSettings one = s;
  one.iterations = 0;  // no budget: the checked scheduler stops after the state's execution
  harness::Verdict v = simulate_once<Suite>(one, s.initial_state, 1, true);
  // One execution replayed covers no search space: it ends at its defect or not at all.
  if (v.search == harness::SearchEnd::complete) v.search = harness::SearchEnd::budget_exhausted;
  if (std::string misfit = harness::detail::replay_check::misfit(); !misfit.empty()) {
    v = harness::Verdict{};
    v.iterations = 1;
    v.replay_misfit = std::move(misfit);
  }
  return v;
}

namespace harness::detail {

// The decisions of a piece's state string (list_search_pieces writes it).
template <class Suite>
ReplayState piece_state(const std::string& piece, Scheduler scheduler) {
  auto parsed = parse_replay_state(piece, scheduler, Suite::params::thread_count);
  if (!parsed) throw std::invalid_argument("not a piece of this search: " + parsed.error());
  return std::move(*parsed);
}

// search_division's settings for one simulation, put back when it ends (or throws). (Not
// copyable in spirit; Relacy's `delete` macro rules out saying so here.)
struct division_scope {
  explicit division_scope(unsigned floor, unsigned list_depth = 0) {
    search_division::floor = floor;
    search_division::list_depth = list_depth;
  }
  ~division_scope() {
    search_division::floor = 0;
    search_division::list_depth = 0;
    search_division::pieces = nullptr;
    search_division::piece_lengths = nullptr;
  }
};

}  // namespace harness::detail

// The pieces of a bound or full search of Suite under `s`, cut at `depth` decisions: each the
// state string of one path of the tree's first `depth` decisions (shorter where an execution
// ends sooner), in the order an undivided search meets them. Searching every piece
// (SearchSettings::piece) explores exactly the executions of the undivided search, each once.
// Listing runs one execution per piece, the first of each. One that meets a defect ends the
// listing there (Relacy stops at a defect; `listing` gets its verdict): the pieces are then
// those before it and, last, the failing execution's own piece. An undivided search would
// report the first failure among those pieces, so nothing it would search first is left out.
using harness::SearchPieces;
template <class Suite>
SearchPieces list_search_pieces(const harness::SearchSettings& s, unsigned depth,
                                std::size_t max_pieces = std::size_t{1} << 16) {
  using division = harness::detail::search_division;
  std::vector<harness::Decision> decisions;
  std::vector<unsigned> lengths;
  decisions.reserve(max_pieces * depth);
  lengths.reserve(max_pieces);
  division::overflowed = false;
  SearchPieces out;
  {
    harness::detail::division_scope scope(0, depth);
    division::pieces = &decisions;
    division::piece_lengths = &lengths;
    harness::SearchSettings whole = s;
    whole.iterations = 0;  // one execution per piece: no budget is spent listing
    harness::detail::search_budget::has_deadline = false;
    out.listing = simulate_once<Suite>(whole, "", 1);
  }
  if (division::overflowed)
    throw std::length_error("more than " + std::to_string(max_pieces) + " pieces at depth " +
                            std::to_string(depth));
  auto next = decisions.begin();
  for (const unsigned length : lengths) {
    out.pieces.push_back(harness::state_text({1, {next, next + length}}));
    next += length;
  }
  if (!out.listing.defect.empty()) {  // the failing execution's first decisions: its piece
    harness::ReplayState failing =
        harness::detail::piece_state<Suite>(out.listing.final_state, s.scheduler);
    if (failing.decisions.size() > depth) failing.decisions.resize(depth);
    failing.iteration = 1;
    out.pieces.push_back(harness::state_text(failing));
  }
  return out;
}

// Runs Relacy over Suite with the given settings and returns what it found. A random search
// that meets a defect of s.passing notes it and goes on from the next iteration; any other
// defect is the result. A bound or full search cannot resume past a defect: its first is the
// result.
template <class Suite>
harness::Verdict run_relacy_suite(const harness::SearchSettings& s) {
  using budget = harness::detail::search_budget;
  if (!s.initial_state.empty()) return replay_once<Suite>(s);
  budget::has_deadline = s.seconds > 0;
  if (budget::has_deadline) budget::deadline = harness::deadline_after(s.seconds);
  if (s.scheduler != harness::Scheduler::random && !s.piece.empty()) {
    harness::detail::division_scope scope(static_cast<unsigned>(
        harness::detail::piece_state<Suite>(s.piece, s.scheduler).decisions.size()));
    return simulate_once<Suite>(s, s.piece, 1);
  }
  if (s.scheduler != harness::Scheduler::random) return simulate_once<Suite>(s, s.initial_state, 1);
  const auto [first, last] = harness::random_iterations(s);  // a piece runs its own
  harness::DefectTally others;
  for (std::uint64_t from = first;;) {
    auto v = simulate_once<Suite>(s, std::to_string(from) + " ", last);
    if (!v.defect.empty() && s.may_pass(v.defect)) {
      others.add(v.defect, v.iterations);
      if (v.iterations < last) {
        from = v.iterations + 1;
        continue;
      }
      v = harness::Verdict{};  // passed on the last iteration: the budget is spent
      v.iterations = last;
      v.search = harness::SearchEnd::budget_exhausted;
    }
    if (v.defect.empty()) v.iterations = v.iterations + 1 - first;  // last index -> count
    v.other_defects = others.summary();
    return v;
  }
}

namespace harness::detail {

// The name Relacy gives the result a suite declares it ends with (rl::test_suite's third
// argument; success unless given), as INTERLEAVE_MODEL compares it with the registration's.
template <class Suite>
std::string declared_result() {
  constexpr rl::test_result_e r = Suite::params::expected_result;
  return r == rl::test_result_success ? std::string() : std::string(rl::test_result_str(r));
}

}  // namespace harness::detail

namespace harness::detail {

// Records (and returns) the problem of a suite whose type holds a backend that compiles faults
// in but names no sound backend: it would silently have no twin.
template <class Suite>
std::string twin_problem(const std::string& id, const char* file, unsigned line) {
  if constexpr (!has_faults_without_twin<Suite>) {
    return {};
  } else {
    std::string p = std::string(file) + ":" + std::to_string(line) + ": '" + id +
                    "' runs over a backend that declares `faults` but no `sound_backend`: add "
                    "`using sound_backend = interleave::relacy_backend;` (or the backend it "
                    "breaks) to it, so that the control has a twin without the fault";
    registry().record_problem(p);
    return p;
  }
}

}  // namespace harness::detail

template <class Suite>
bool register_model(std::string id, harness::Expectation expected, std::string description,
                    const char* file, unsigned line, harness::Verdict (*probe)(),
                    harness::SearchSettings defaults = {}) {
  if (const std::string declared = harness::detail::declared_result<Suite>();
      !declared.empty() && declared != expected.defect()) {
    harness::registry().record_problem(
        std::string(file) + ":" + std::to_string(line) + ": '" + id + "' is registered as '" +
        expected.describe() + "', but its suite declares that it ends with " + declared +
        " (rl::test_suite's third argument, which Relacy checks): register it as "
        "expect::fails_with(\"" +
        declared + "\")");
    return false;
  }
  if (!harness::detail::twin_problem<Suite>(id, file, line).empty()) return false;
  harness::Entry e;
  e.id = std::move(id);
  e.kind = harness::Kind::model;
  e.threads = static_cast<int>(Suite::params::thread_count);
  e.expected = std::move(expected);
  e.description = std::move(description);
  e.defaults = std::move(defaults);
  e.run = &run_relacy_suite<Suite>;
  e.list_pieces = &list_search_pieces<Suite>;
  if constexpr (harness::has_twin<Suite>) {
    e.without_fault = &run_relacy_suite<harness::without_faults_t<Suite>>;
    e.list_pieces_without_fault = &list_search_pieces<harness::without_faults_t<Suite>>;
  }
  e.file = file;
  e.line = line;
  e.freed_memory_probe = probe;
  return harness::registry().add(std::move(e));
}

}  // namespace interleave

// The freed-memory probe of this translation unit (see Entry::freed_memory_probe). Internal
// linkage, so each unit that includes this header has its own, compiled with that unit's flags:
// GCC's lifetime dead-store elimination (on at -O1 and above unless -fno-lifetime-dse) deletes
// the store `magic_ = 0` in rl::signature's destructor wherever that destructor is compiled, and
// with it Relacy's only way to tell a freed object from a live one. The probe frees a node and
// reads it; Relacy sees ACCESS TO FREED MEMORY or this unit is blind. The registrations below
// carry its address, and the runner runs each distinct probe once before any search.
namespace interleave::harness::detail {
namespace {
struct probe_tag;
struct freed_memory_probe_suite : rl::test_suite<freed_memory_probe_suite, 2> {
  struct node {
    rl::var<probe_tag*> v{nullptr};  // the tag keeps rl::var's code this unit's own
  };
  node* shared = nullptr;
  void before() { shared = new node; }
  void thread(unsigned index) {
    if (index != 0) return;
    node* freed = shared;
    delete freed;
    __asm__ volatile("" : "+r"(freed) : : "memory");  // the compiler may not reason about it
    (void)freed->v($).load();
  }
};
[[maybe_unused]] Verdict freed_memory_probe() {
  SearchSettings s;
  s.scheduler = Scheduler::random;
  s.iterations = 1;
  search_budget::has_deadline = false;
  return simulate_once<freed_memory_probe_suite, true>(s, "1 ", 1);
}
}  // namespace
}  // namespace interleave::harness::detail

#define INTERLEAVE_CONCAT_IMPL(a, b) a##b
#define INTERLEAVE_CONCAT(a, b) INTERLEAVE_CONCAT_IMPL(a, b)
#define INTERLEAVE_MODEL(Suite, id, expected, description, ...)                      \
  [[maybe_unused]] static const bool INTERLEAVE_CONCAT(interleave_model_registered_, \
                                                       __COUNTER__) =                \
      ::interleave::register_model<Suite>(                                           \
          id, expected, description, __FILE__, __LINE__,                             \
          &::interleave::harness::detail::freed_memory_probe __VA_OPT__(, ) __VA_ARGS__)
