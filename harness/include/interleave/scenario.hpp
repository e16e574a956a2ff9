// interleave/scenario.hpp: generated concurrent scenarios. RapidCheck writes the test, Relacy
// explores it, and a failure shrinks to a minimal scenario with its fewest-preemption schedule.
//
// A scenario is an optional sequential prefix, then 1-3 threads each with a short list of
// operations, then an optional sequential suffix. A *subject* (one per primitive, e.g. the
// channel's in properties/scenarios/channel.cpp) says which operations exist, how to run one on
// the real primitive through the Relacy backend, what each result means, and the sequential
// specification every execution must be explained by. This header does the rest:
//
//  - runs the scenario as a Relacy test suite: prefix in before(), thread i's operations in
//    thread(i), the suffix in after(); each operation's result and real-time stamps (a counter
//    bumped at its invocation and its response; fibers switch only inside instrumented
//    operations, so the counter is exact) go into preallocated arrays, so recording allocates
//    nothing, and neither does the check in after() (fixed_linearizability.hpp): inside the
//    simulation every allocation and free is a branch point of Relacy's search;
//  - checks every explored execution two ways: Relacy's own defects, and in after() the
//    subject's invariants (e.g. "values received + handed back + destroyed unreceived = values
//    sent") and linearizability against the subject's specification (each thread's order, and
//    prefix / threads / suffix in that order: see explained() for why operations of different
//    threads are not ordered by when they ran), failing the execution as USER ASSERT FAILED
//    with the reason;
//  - explores each scenario by context-bound search at bound 0, 1, ... up to the settings'
//    bound, each level capped at PropertySettings::bound_budget executions, then by random
//    search; the first failing execution is the one shown, so among the schedules explored it
//    has the fewest preemptions. (A level rarely completes within its cap: Relacy's bound
//    search also branches on which store a relaxed load reads and on spurious try_lock
//    failures, so "fewest" holds within the explored budget, not absolutely);
//  - lets RapidCheck generate scenarios, and shrink a failing one (fewer threads, fewer
//    operations, smaller values), each candidate explored again.
//
// A subject satisfies the concept ScenarioSubject, below. Each of its operations is one struct
// (ScenarioOperation) holding all there is to say about it: how it runs, how the specification
// explains its result, how a report shows it; the subject lists them once, and an operation's
// kind code is its position in that list:
//
//   template <class B>
//   struct counter_subject {
//     struct world { ... explicit world(const Scenario&); };
//     struct spec { int count = 0; friend bool operator==(const spec&, const spec&) = default; };
//     struct add {
//       static void run(world& w, int part, int value, Record& rec) { ... }
//       static bool apply(spec& s, int part, int value, const Record& rec) { ... }
//       static std::string show(int value) { return fmt::format("add {}", value); }
//       static std::string show_result(int value, const Record& rec) { return "ok"; }
//     };
//     struct read { ... };
//     using ops = scenario::operations<add, read>;           // kinds 0 and 1
//     using thread_end = scenario::no_thread_end;            // or one of ops
//     static rc::Gen<Scenario> generate();                   // of ops::make(add{}, v), ...
//     static spec initial_spec(const Scenario&);
//     static const char* verify(const Scenario&, const records&);
//   };
//
// properties/scenarios/thread.cpp is a short complete one, channel.cpp a large one.
//
// Include LAST, as <interleave/model.hpp> (it includes Relacy). Register a subject with
// INTERLEAVE_PROPERTY(Subject, id, expected, description[, settings]).
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include "interleave/harness/fixed_linearizability.hpp"
#include "interleave/harness/property_cases.hpp"
#include "interleave/model.hpp"  // includes Relacy: must stay last

namespace interleave::scenario {

inline constexpr std::size_t max_threads = 3;
inline constexpr std::size_t max_ops = 8;  // per part, an implicit thread end included

// One generated operation: a subject's kind code and its argument (a value to send, say).
struct Op {
  int kind = 0;
  int value = 0;
  friend bool operator==(const Op&, const Op&) = default;
};

struct Scenario {
  std::vector<Op> prefix;
  std::vector<std::vector<Op>> threads;
  std::vector<Op> suffix;
};

// What one operation returned in one execution, and when: the clock at its invocation and at
// its response. `done` stays false for an operation that never completed.
struct Record {
  int status = 0;  // the subject's result code
  int value = 0;   // a value it returned, if any
  std::uint32_t invoked = 0;
  std::uint32_t responded = 0;
  bool done = false;
};

inline constexpr int prefix_part = -1;
inline constexpr int suffix_part = -2;

// Every record of the execution in progress: [0] the prefix, [1 + i] thread i, [1 + max_threads]
// the suffix. Static and fixed-size, so recording never allocates inside the simulation.
struct records {
  std::array<std::array<Record, max_ops>, max_threads + 2> parts{};
  std::uint32_t clock = 0;

  Record& at(int part, std::size_t i) { return parts[index(part)][i]; }
  const Record& at(int part, std::size_t i) const { return parts[index(part)][i]; }
  static std::size_t index(int part) {
    return part == prefix_part ? 0 : part == suffix_part ? max_threads + 1 : 1 + part;
  }
};

// A subject's implicit operation at the end of the prefix and of each thread, when it has none:
// `using thread_end = scenario::no_thread_end;`.
struct no_thread_end {};

// How long a subject's list of operations may be (ScenarioSubject checks each in turn).
inline constexpr std::size_t max_operations = 16;

// The operations of a subject, listed once: `using ops = scenario::operations<send, recv, end>;`.
// Each is a struct (ScenarioOperation, below), and its kind code, Op::kind, is its position in
// the list. Recorded scenarios and reproduce strings hold these codes: a new operation goes last.
template <class... O>
struct operations {
  static constexpr std::size_t size = sizeof...(O);
  static_assert(size > 0 && size <= max_operations, "a subject lists 1 to 16 operations");

  // Whether T is in the list (once: a kind code names one operation).
  template <class T>
  static constexpr bool lists = (0 + ... + int(std::is_same_v<T, O>)) == 1;
  static_assert((lists<O> && ...),
                "an operation is listed twice: its kind code would be ambiguous");

  // The kind code of T: its position.
  template <class T>
  static constexpr int kind_of() {
    static_assert(lists<T>, "not one of this subject's operations: list it in its `ops`");
    constexpr bool matches[] = {std::is_same_v<T, O>...};
    for (std::size_t i = 0; i < size; ++i)
      if (matches[i]) return int(i);
    return -1;
  }

  // The operation of kind T with its argument: `ops::make(send{}, 3)`. T comes as a value (the
  // operation is an empty struct): a template argument would have to be spelled
  // `ops::template make<send>(3)` inside a subject that is a template.
  template <class T>
  static constexpr Op make(T, int value = 0) {
    return Op{kind_of<T>(), value};
  }
  // Whether `op` is of kind T: `ops::is(op, send{})`.
  template <class T>
  static constexpr bool is(const Op& op, T) {
    return op.kind == kind_of<T>();
  }

  // Calls f.template operator()<T>(), T the operation of kind `kind`; false if there is none.
  template <class F>
  static bool visit(int kind, F&& f) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((kind == int(I) && (f.template operator()<O>(), true)) || ...);
    }
    (std::index_sequence_for<O...>{});
  }

  // The operation at position I.
  template <std::size_t I>
  using nth = std::tuple_element_t<I, std::tuple<O...>>;
};

namespace detail {
// Whether O declares a member named `check`, whatever its signature (one function: a template
// or an overload set named check is not seen, and would not be called).
template <class O>
concept declares_check = requires {
  &O::check;
};
}  // namespace detail

// One operation of subject S: how it runs, how the specification explains its result, and how a
// report shows both. `value` is the operation's argument (Op::value).
template <class O, class S>
concept ScenarioOperation = requires(typename S::world& w, int part, int value, Record& rec,
                                     const Record& done, typename S::spec& state) {
  // Runs the operation on the real primitive through the Relacy backend, filling `rec`.
  // part: prefix_part, a thread's index, or suffix_part.
  { O::run(w, part, value, rec) } -> std::same_as<void>;
  // Whether the specification explains this result (and advances `state`).
  { O::apply(state, part, value, done) } -> std::same_as<bool>;
  // How a failure report names the operation and its result.
  { O::show(value) } -> std::convertible_to<std::string>;
  { O::show_result(value, done) } -> std::convertible_to<std::string>;
}
&&
    // Optional: an invariant of this operation's own result alone, checked for every completed
    // one in after(); null when it holds. One that is declared must take these arguments.
    (!detail::declares_check<O> || requires(int part, int value, const Record& done) {
      { O::check(part, value, done) } -> std::convertible_to<const char*>;
    });

namespace detail {

template <class T>
constexpr bool is_operations = false;
template <class... O>
constexpr bool is_operations<operations<O...>> = true;

// Past the end of a subject's list: an operation that every subject accepts.
struct any_subjects_operation {
  static void run(auto&, int, int, Record&) {}
  static bool apply(auto&, int, int, const Record&) { return true; }
  static std::string show(int) { return {}; }
  static std::string show_result(int, const Record&) { return {}; }
};

// The I-th operation of S, or any_subjects_operation past the end of its list.
template <class S, std::size_t I>
struct nth_operation {
  using type = any_subjects_operation;
};
template <class S, std::size_t I>
  requires(I < S::ops::size)
struct nth_operation<S, I> {
  using type = typename S::ops::template nth<I>;
};

// Each operation of S checked on its own, so that a refused subject's diagnostic names the
// operation and the part it lacks (a fold over the list would be one opaque constraint).
template <class S, std::size_t I>
concept operation_at = ScenarioOperation<typename nth_operation<S, I>::type, S>;
template <class S>
concept every_operation =
    operation_at<S, 0> && operation_at<S, 1> && operation_at<S, 2> && operation_at<S, 3> &&
    operation_at<S, 4> && operation_at<S, 5> && operation_at<S, 6> && operation_at<S, 7> &&
    operation_at<S, 8> && operation_at<S, 9> && operation_at<S, 10> && operation_at<S, 11> &&
    operation_at<S, 12> && operation_at<S, 13> && operation_at<S, 14> && operation_at<S, 15>;
static_assert(max_operations == 16, "every_operation checks 16");

}  // namespace detail

// What a subject provides. A type that lacks a part is refused where it is registered
// (INTERLEAVE_PROPERTY), with the part named in the compiler's diagnostic.
template <class S>
concept ScenarioSubject =
    // The shared objects of one execution, made in before() from the scenario.
    std::constructible_from<typename S::world, const Scenario&> &&
    // The sequential specification's state: copied and compared by the linearizability check.
    std::copyable<typename S::spec> && std::equality_comparable<typename S::spec> &&
    // Its operations, each a ScenarioOperation: `using ops = scenario::operations<...>;`.
    detail::is_operations<typename S::ops> && detail::every_operation<S> &&
    // The implicit last operation of the prefix and of each thread, which drops what that part
    // holds: one of `ops`, run with the value 0; or no_thread_end, for none.
    (std::same_as<typename S::thread_end, no_thread_end> ||
     S::ops::template lists<typename S::thread_end>)&&requires(const Scenario& sc,
                                                               const records& all) {
  // Scenarios, made of its operations (`ops::make`); the roles of each thread are the
  // subject's business.
  { S::generate() } -> std::same_as<rc::Gen<Scenario>>;
  // Invariants over all results, once the world is destroyed; null when they hold.
  { S::verify(sc, all) } -> std::convertible_to<const char*>;
  { S::initial_spec(sc) } -> std::same_as<typename S::spec>;
  // Optional: `static constexpr int dynamic_threads`, the threads its operations may start
  // in one execution (thread::spawn/scope; backend/relacy.hpp).
};

namespace detail {

inline records current;  // the execution being explored

// Runs `f` as one operation of the history, stamping its invocation and response.
template <class F>
void record(Record& r, F&& f) {
  r = Record{};
  r.invoked = ++current.clock;
  f(r);
  r.responded = ++current.clock;
  r.done = true;
}

// A reason an execution fails, kept in static storage: Relacy keeps the pointer.
inline char reason[512];
template <class... A>
const char* because(const char* format, A... args) {
  std::snprintf(reason, sizeof reason, format, args...);
  return reason;
}

// ---- From an Op's kind to its operation's struct ----------------------------------------

template <class S>
constexpr bool ends_threads = !std::same_as<typename S::thread_end, no_thread_end>;

// The implicit last operation of the prefix and of each thread (of no kind if there is none).
template <class S>
Op thread_end() {
  if constexpr (ends_threads<S>)
    return S::ops::make(typename S::thread_end{}, 0);
  else
    return Op{-1, 0};
}

template <class S>
void run(typename S::world& w, int part, const Op& op, Record& rec) {
  S::ops::visit(op.kind, [&]<class O>() { O::run(w, part, op.value, rec); });
}

template <class S>
bool explains(typename S::spec& state, int part, const Op& op, const Record& rec) {
  bool explained = false;
  S::ops::visit(op.kind, [&]<class O>() { explained = O::apply(state, part, op.value, rec); });
  return explained;
}

template <class S>
std::string show(const Op& op) {
  std::string shown = "?";
  S::ops::visit(op.kind, [&]<class O>() { shown = O::show(op.value); });
  return shown;
}

template <class S>
std::string show_result(const Op& op, const Record& rec) {
  std::string shown = "?";
  S::ops::visit(op.kind, [&]<class O>() { shown = O::show_result(op.value, rec); });
  return shown;
}

// The check of `op`'s own result, if its operation has one; null when it holds.
template <class S>
const char* check(int part, const Op& op, const Record& rec) {
  const char* why = nullptr;
  S::ops::visit(op.kind, [&]<class O>() {
    if constexpr (declares_check<O>) why = O::check(part, op.value, rec);
  });
  return why;
}

// Every invariant of the execution just ended: each completed operation's own check, part by
// part (prefix, threads, suffix), then the subject's verify. Null when they all hold.
template <class S>
const char* broken_invariant(const Scenario& sc, const records& all) {
  const auto part = [&](int p, const std::vector<Op>& ops, bool implicit_end) -> const char* {
    const std::size_t count = ops.size() + (implicit_end ? 1 : 0);
    for (std::size_t i = 0; i < count; ++i) {
      const Record& r = all.at(p, i);
      // Never returned: Relacy's DEADLOCK, reported before this runs (after() runs once every
      // thread has finished: harness/relacy_schedulers.hpp repairs Relacy's one exception).
      if (!r.done) continue;
      if (const char* why = check<S>(p, i < ops.size() ? ops[i] : thread_end<S>(), r)) return why;
    }
    return nullptr;
  };
  if (const char* why = part(prefix_part, sc.prefix, ends_threads<S>)) return why;
  for (std::size_t t = 0; t < sc.threads.size(); ++t)
    if (const char* why = part(int(t), sc.threads[t], ends_threads<S>)) return why;
  if (const char* why = part(suffix_part, sc.suffix, false)) return why;
  return S::verify(sc, all);
}

// One completed operation as the linearizability checker sees it.
template <class S>
struct timed_op {
  int part = 0;
  Op op;
  Record rec;
  std::uint32_t invoked = 0, responded = 0;
  bool apply(typename S::spec& s) const { return explains<S>(s, part, op, rec); }
};

// Whether some sequential order of the completed operations explains every result: an order
// that keeps each thread's program order and the order that is observable, namely prefix before
// every thread's operations (thread creation synchronizes) and those before the suffix (join
// does). Relacy's step counter would also order operations of different threads by when they
// ran, but under C++'s memory model that order is not observable without synchronization: a
// correct lock-free channel may legally report Empty to a try_recv that runs after another
// thread's send returned, if nothing orders the two. So operations of different threads are
// left unordered, and a result is explained by the specification or it is not.
//
// An operation that never completed has no result to explain and is left out (an execution that
// ends with one blocked is Relacy's DEADLOCK, reported before this runs). Runs inside the
// simulation, so it allocates nothing: every allocation there would be a branch point of
// Relacy's search.
template <class S>
bool explained(const Scenario& sc) {
  using checker = harness::fixed_linearizability_checker<typename S::spec, timed_op<S>,
                                                         max_threads + 2, max_ops>;
  static checker check;  // static: its table of visited configurations is large
  static typename checker::history h;
  typename checker::counts n{};
  // Observable order as stamps: the prefix's own, then one interval shared by every thread's
  // operations, then the suffix's own.
  std::uint32_t threads_begin = ~0u, threads_end = 0;
  for (std::size_t t = 0; t < sc.threads.size(); ++t)
    for (const Record& r : current.parts[records::index(int(t))])
      if (r.done) {
        threads_begin = std::min(threads_begin, r.invoked);
        threads_end = std::max(threads_end, r.responded);
      }
  const auto add = [&](int part, const std::vector<Op>& ops, bool implicit_end) {
    const std::size_t k = records::index(part);
    const std::size_t count = ops.size() + (implicit_end ? 1 : 0);
    for (std::size_t i = 0; i < count; ++i) {
      const Record& r = current.at(part, i);
      if (!r.done) break;
      const Op op = i < ops.size() ? ops[i] : thread_end<S>();
      const bool in_thread = part >= 0;
      h[k][n[k]++] = {part, op, r, in_thread ? threads_begin : r.invoked,
                      in_thread ? threads_end : r.responded};
    }
  };
  add(prefix_part, sc.prefix, ends_threads<S>);
  for (std::size_t t = 0; t < sc.threads.size(); ++t) add(int(t), sc.threads[t], ends_threads<S>);
  add(suffix_part, sc.suffix, false);
  return check.linearizable(S::initial_spec(sc), h, n);
}

// The threads a subject's operations may start in one execution (0 unless it says).
template <class S>
constexpr rl::thread_id_t dynamic_threads_of() {
  if constexpr (requires { S::dynamic_threads; })
    return static_cast<rl::thread_id_t>(S::dynamic_threads);
  else
    return 0;
}

template <class S, std::size_t N>
struct suite : rl::test_suite<suite<S, N>, N> {
  static constexpr rl::thread_id_t dynamic_thread_count = dynamic_threads_of<S>();
  static inline const Scenario* scenario = nullptr;
  std::optional<typename S::world> world;

  void before() {
    current.clock = 0;
    for (auto& part : current.parts) part.fill(Record{});
    world.emplace(*scenario);
    const auto& ops = scenario->prefix;
    for (std::size_t i = 0; i < ops.size(); ++i)
      record(current.at(prefix_part, i),
             [&](Record& r) { run<S>(*world, prefix_part, ops[i], r); });
    if constexpr (ends_threads<S>)
      record(current.at(prefix_part, ops.size()),
             [&](Record& r) { run<S>(*world, prefix_part, thread_end<S>(), r); });
  }

  void thread(unsigned t) {
    if (t >= scenario->threads.size()) return;  // a one-thread scenario runs in a 2-thread suite
    const auto& ops = scenario->threads[t];
    for (std::size_t i = 0; i < ops.size(); ++i)
      record(current.at(int(t), i), [&](Record& r) { run<S>(*world, int(t), ops[i], r); });
    if constexpr (ends_threads<S>)
      record(current.at(int(t), ops.size()),
             [&](Record& r) { run<S>(*world, int(t), thread_end<S>(), r); });
  }

  void after() {
    for (std::size_t i = 0; i < scenario->suffix.size(); ++i)
      record(current.at(suffix_part, i),
             [&](Record& r) { run<S>(*world, suffix_part, scenario->suffix[i], r); });
    world.reset();  // every handle dropped: what was still buffered is destroyed now
    const char* broken = broken_invariant<S>(*scenario, current);
    if (!broken && !explained<S>(*scenario))
      broken =
          "not linearizable: no order of the operations that keeps each thread's own order, "
          "and the prefix before the threads before the suffix, explains the results they "
          "returned (operations of different threads are not ordered by when they ran: "
          "without synchronization that order is not observable)";
    if (broken) rl::ctx().fail_test(broken, rl::test_result_user_assert_failed, $);
  }
};

}  // namespace detail

// How a property explores each scenario, beyond the run's SearchSettings.
struct PropertySettings {
  std::uint64_t bound_budget = 3000;      // iterations per context-bound level per scenario
  std::uint64_t random_iterations = 200;  // random-scheduler iterations per scenario
};

}  // namespace interleave::scenario

namespace interleave::scenario::detail {

// The scenario as a report shows it, with the results of the execution just explored.
template <class S>
harness::ScenarioTable table_of(const Scenario& sc) {
  const auto column = [&](int part, const std::vector<Op>& ops, bool implicit_end) {
    std::vector<harness::ScenarioOp> out;
    const std::size_t n = ops.size() + (implicit_end ? 1 : 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Record& r = current.at(part, i);
      const bool end = i == ops.size();
      const Op op = end ? thread_end<S>() : ops[i];
      out.push_back(
          {show<S>(op), r.done ? show_result<S>(op, r) : std::string("(never returned)"), end});
    }
    return out;
  };
  harness::ScenarioTable t;
  t.prefix = column(prefix_part, sc.prefix, ends_threads<S>);
  for (std::size_t i = 0; i < sc.threads.size(); ++i)
    t.threads.push_back(column(int(i), sc.threads[i], ends_threads<S>));
  t.suffix = column(suffix_part, sc.suffix, false);
  return t;
}

// Explores one scenario with N threads: context-bound search at bound 0, 1, ... s.context_bound
// (each level capped at ps.bound_budget iterations), then ps.random_iterations random ones.
// Returns the first execution that shows a defect the search may not pass (the expectation's
// `passing`: those go into `others`, and the search goes on with its next level), with the
// search that replays it in `with`.
template <class S, std::size_t N>
harness::Verdict explore_threads(const Scenario& sc, const harness::SearchSettings& s,
                                 const PropertySettings& ps, harness::SearchSettings& with,
                                 std::uint64_t& iterations, harness::DefectTally& others) {
  using Suite = suite<S, N>;
  Suite::scenario = &sc;
  harness::detail::search_budget::has_deadline = false;  // the property keeps its own clock
  if (!s.initial_state.empty()) {                        // replay of one execution
    with = s;
    return replay_once<Suite>(s);
  }
  const auto wanted = [&](const harness::Verdict& v) {
    if (v.defect.empty()) return false;
    if (s.may_pass(v.defect)) others.add(v.defect, v.iterations);
    return !s.may_pass(v.defect);
  };
  with = s;
  with.scheduler = harness::Scheduler::bound;
  with.iterations = ps.bound_budget;
  with.seconds = 0;
  for (unsigned bound = 0; bound <= s.context_bound; ++bound) {
    with.context_bound = bound;
    auto v = simulate_once<Suite>(with, "", 1);
    iterations += v.iterations;
    if (wanted(v)) return v;
  }
  with.scheduler = harness::Scheduler::random;
  with.iterations = ps.random_iterations;
  auto v = simulate_once<Suite>(with, "1 ", ps.random_iterations);
  iterations += v.defect.empty() ? ps.random_iterations : v.iterations;
  if (wanted(v)) return v;
  return {};
}

template <class S>
harness::Verdict explore(const Scenario& sc, const harness::SearchSettings& s,
                         const PropertySettings& ps, harness::SearchSettings& with,
                         std::uint64_t& iterations, harness::DefectTally& others) {
  // Relacy's one-thread suites index past their arrays (g++ -Warray-bounds says so), so a
  // scenario of one thread runs in a suite of two whose second thread does nothing.
  switch (sc.threads.size()) {
    case 1:
    case 2: return explore_threads<S, 2>(sc, s, ps, with, iterations, others);
    case 3: return explore_threads<S, 3>(sc, s, ps, with, iterations, others);
  }
  RC_DISCARD("a scenario needs 1 to 3 threads");
  return {};
}

// RapidCheck prints nothing while a property runs here: the item's Verdict is the report.
struct quiet_listener : rc::detail::TestListener {
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// RapidCheck's reproduce string (what follows "reproduce=" in RC_PARAMS) for one failure.
inline std::string reproduce_string(const std::string& id, const rc::detail::Reproduce& r) {
  rc::detail::Configuration c;
  c.reproduce[id] = r;
  const std::string text = rc::detail::configToMinimalString(c);
  const auto at = text.find("reproduce=");
  if (at == std::string::npos) return text;
  const auto from = at + 10;
  return text.substr(from, text.find(' ', from) - from);  // up to the next setting, if any
}

}  // namespace interleave::scenario::detail

namespace interleave::scenario {

// Runs a generated-scenario property: s.iterations scenarios (RapidCheck's max_success) from
// RapidCheck seed s.seed, each explored as above, within s.seconds if set (scenarios left when
// the time is up are not explored; a failure already found is still shrunk). A failure is shrunk
// (to smaller scenarios that fail with the same defect) and returned with its scenario table,
// its reproduce string and the search that replays it.
// With s.piece set ("FIRST-LAST", a divided property's piece), only scenarios FIRST..LAST of the
// s.iterations are run, exactly as within the whole search (property_cases.hpp).
// With s.reproduce set, only that scenario is run (and with s.initial_state, one execution).
template <class S>
harness::Verdict run_property(const std::string& id, const PropertySettings& ps,
                              const harness::SearchSettings& s) {
  using clock = std::chrono::steady_clock;
  const auto deadline = harness::deadline_after(s.seconds);
  struct failure {
    harness::Verdict verdict;
    harness::SearchSettings with;
    harness::ScenarioTable table;
  };
  std::optional<failure> last;  // the last scenario that failed: after shrinking, the minimal one
  const auto started = clock::now();
  std::uint64_t scenarios = 0, shrink_candidates = 0, iterations = 0;
  double seconds_to_find = 0;
  harness::DefectTally others;
  std::string misfit;  // a replay: why its state does not fit the scenario's execution
  const auto property = [&] {
    const Scenario sc = *S::generate();
    ++(last ? shrink_candidates : scenarios);
    harness::SearchSettings with;
    harness::Verdict v = detail::explore<S>(sc, s, ps, with, iterations, others);
    if (!v.replay_misfit.empty()) misfit = v.replay_misfit;
    if (v.defect.empty()) return;
    // Shrinking keeps the defect found first: a smaller scenario that fails another way is not
    // this failure (it would let a search that met an unexpected defect report the expected
    // one), so for RapidCheck it does not fail.
    if (last && v.defect != last->verdict.defect) return;
    const std::string defect = v.defect;
    if (!last) seconds_to_find = std::chrono::duration<double>(clock::now() - started).count();
    last = failure{std::move(v), with, detail::table_of<S>(sc)};
    RC_FAIL(defect);
  };

  // RapidCheck counts scenarios in an int: the command line keeps them to max_scenarios.
  if (s.iterations > harness::max_scenarios)
    throw std::invalid_argument("a property runs at most " +
                                std::to_string(harness::max_scenarios) + " scenarios, not " +
                                std::to_string(s.iterations));
  const harness::CaseSearch search{s.seed, static_cast<int>(s.iterations == 0 ? 1 : s.iterations),
                                   100};
  harness::Verdict out;
  const auto take_failure = [&](std::string reproduce) {
    out = std::move(last->verdict);
    out.scenario = std::move(last->table);
    out.reproduce = std::move(reproduce);
    out.replay_scheduler = last->with.scheduler;
    out.replay_context_bound = last->with.context_bound;
  };
  if (s.reproduce.empty()) {
    harness::IterationRange range{1, static_cast<std::uint64_t>(search.count)};
    if (!s.piece.empty()) {  // a piece of a divided property: its own scenarios
      const auto piece = harness::parse_range(s.piece);
      if (!piece || piece->last > range.last)
        throw std::invalid_argument("not a piece of a property of " + std::to_string(search.count) +
                                    " scenarios: " + s.piece);
      range = *piece;
    }
    // Scenarios left when the time is up are not explored; a failure found is still shrunk.
    const auto in_time = [&] { return s.seconds <= 0 || clock::now() < deadline; };
    const auto run = harness::run_cases(rc::detail::toProperty(property), search, range, in_time);
    if (run.failure && !last)
      throw std::runtime_error("the property failed outside any explored execution: " +
                               run.failure->description);
    if (run.failure) take_failure(detail::reproduce_string(id, run.failure->reproduce));
  } else {
    // checked by parse_reproduce first; RapidCheck's reader trusts it
    const auto reproduce = rc::detail::configFromString("reproduce=" + s.reproduce).reproduce;
    // Without an entry for this id RapidCheck would run a whole new search instead.
    if (!reproduce.contains(id))
      throw std::invalid_argument("the reproduce string is not a failure of " + id);
    rc::detail::TestParams params;
    params.seed = s.seed;
    params.maxSuccess = search.count;
    params.maxSize = search.max_size;
    detail::quiet_listener listener;
    const auto result =
        rc::detail::checkProperty(rc::detail::toProperty(property),
                                  rc::detail::TestMetadata{id, id}, params, listener, reproduce);
    rc::detail::FailureResult failed;
    rc::detail::Error e;
    if (result.match(failed) && last) {
      take_failure(s.reproduce);
    } else if (result.match(e)) {
      // "Unable to reproduce minimum value", "Reproduced result is not a failure": a replay
      // whose scenario or execution does not fail is not a pass.
      out.replay_misfit = !misfit.empty() ? misfit
                          : e.description.find("minimum") != std::string::npos
                              ? "its shrink path leads to no scenario of this property"
                              : "";
    } else if (!result.template is<rc::detail::SuccessResult>()) {
      throw std::runtime_error("the property failed outside any explored execution: " +
                               failed.description);
    }
  }
  out.scenarios = scenarios;
  out.shrink_candidates = shrink_candidates;
  out.seconds_to_find = seconds_to_find;
  out.iterations = iterations;
  out.other_defects = others.summary();
  return out;
}

// The defaults of a property item: 400 scenarios, each searched at bounds 0-2 and randomly,
// within 60 s (about 2 s on the project's machine for each of this project's properties).
inline harness::SearchSettings property_defaults(std::uint64_t scenarios = 400,
                                                 double seconds = 60) {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::bound;
  s.iterations = scenarios;
  s.context_bound = 2;
  s.seconds = seconds;
  return s;
}

template <ScenarioSubject S>
bool register_property(std::string id, harness::Expectation expected, std::string description,
                       const char* file, unsigned line, harness::Verdict (*probe)(),
                       harness::SearchSettings defaults = property_defaults(),
                       PropertySettings ps = {}) {
  if (!harness::detail::twin_problem<S>(id, file, line).empty()) return false;
  harness::Entry e;
  e.id = id;
  e.kind = harness::Kind::property;
  e.threads = static_cast<int>(max_threads + detail::dynamic_threads_of<S>());
  e.expected = std::move(expected);
  e.description = std::move(description);
  e.defaults = std::move(defaults);
  e.run = [id, ps](const harness::SearchSettings& s) { return run_property<S>(id, ps, s); };
  if constexpr (harness::has_twin<S>) {
    // The twin's own id keys RapidCheck's reproduce strings, so its failures replay as its own.
    e.without_fault = [twin = harness::twin_id(id), ps](const harness::SearchSettings& s) {
      return run_property<harness::without_faults_t<S>>(twin, ps, s);
    };
  }
  e.file = file;
  e.line = line;
  e.freed_memory_probe = probe;
  return harness::registry().add(std::move(e));
}

}  // namespace interleave::scenario

#define INTERLEAVE_PROPERTY(Subject, id, expected, description, ...)                    \
  [[maybe_unused]] static const bool INTERLEAVE_CONCAT(interleave_property_registered_, \
                                                       __COUNTER__) =                   \
      ::interleave::scenario::register_property<Subject>(                               \
          id, expected, description, __FILE__, __LINE__,                                \
          &::interleave::harness::detail::freed_memory_probe __VA_OPT__(, ) __VA_ARGS__)
