// The scenario subject protocol is a concept (ScenarioSubject, <interleave/scenario.hpp>): a
// complete subject satisfies it, and one that lacks any part is refused. Checked at compile
// time, so this file has no run-time test.
#include <string>

#include <interleave/scenario.hpp>

namespace interleave::test {
namespace {

using scenario::Op;
using scenario::Record;
using scenario::records;
using scenario::Scenario;
using scenario::ScenarioSubject;

// Every part, doing nothing: the shape the concept asks for.
struct complete {
  static rc::Gen<Scenario> generate() { return rc::gen::just(Scenario{}); }
  struct world {
    explicit world(const Scenario&) {}
  };
  static void run(world&, int, const Op&, Record&) {}
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = 0;
  static void end_thread(world&, int, Record&) {}
  static const char* verify(const Scenario&, const records&) { return nullptr; }
  struct spec {
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }
  static bool apply(spec&, int, const Op&, const Record&) { return true; }
  static std::string show(const Op&) { return "op"; }
  static std::string show_result(const Op&, const Record&) { return "ok"; }
};
static_assert(ScenarioSubject<complete>);

// The same, without the one thing that makes a result explainable.
struct without_apply : complete {
  static void apply();  // hides complete::apply (Relacy defines `delete` away: no `= delete`)
};
static_assert(!ScenarioSubject<without_apply>);

// A specification the checker cannot compare.
struct spec_without_equality : complete {
  struct spec {};
  static spec initial_spec(const Scenario&) { return {}; }
  static bool apply(spec&, int, const Op&, const Record&) { return true; }
};
static_assert(!ScenarioSubject<spec_without_equality>);

// A world that cannot be made from the scenario.
struct world_without_scenario : complete {
  struct world {};
  static void run(world&, int, const Op&, Record&) {}
  static void end_thread(world&, int, Record&) {}
};
static_assert(!ScenarioSubject<world_without_scenario>);

// Threads that end with an implicit operation, and nothing to run it.
struct ends_threads_without_end_thread : complete {
  static constexpr bool ends_threads = true;
  static void end_thread();  // takes nothing: hides complete::end_thread
};
static_assert(!ScenarioSubject<ends_threads_without_end_thread>);
struct no_end_thread_needed : ends_threads_without_end_thread {
  static constexpr bool ends_threads = false;
};
static_assert(ScenarioSubject<no_end_thread_needed>);

// A run that reports nothing where a result is due.
struct run_with_wrong_signature : complete {
  static void run(world&, const Op&) {}
};
static_assert(!ScenarioSubject<run_with_wrong_signature>);

}  // namespace
}  // namespace interleave::test
