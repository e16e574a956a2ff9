// The scenario subject protocol is two concepts (<interleave/scenario.hpp>): ScenarioSubject,
// which a complete subject satisfies and one that lacks any part does not, and
// ScenarioOperation, which each operation the subject lists must satisfy. Each refused subject
// below is built from an accepted one by taking one part away, and the template that takes it
// away is first shown to take nothing else. Checked at compile time, so this file has no
// run-time test.
#include <string>
#include <tuple>

#include <interleave/scenario.hpp>

namespace scenario_subject_test {

using interleave::scenario::no_thread_end;
using interleave::scenario::operations;
using interleave::scenario::Record;
using interleave::scenario::records;
using interleave::scenario::Scenario;
using interleave::scenario::ScenarioSubject;

struct world {
  explicit world(const Scenario&) {}
};
struct spec {
  friend bool operator==(const spec&, const spec&) = default;
};

// Every part of an operation, doing nothing, on any subject's world and spec (so that a subject
// below whose world or spec lacks something is refused for that alone).
struct operation {
  static void run(auto&, int, int, Record&) {}
  static bool apply(auto&, int, int, const Record&) { return true; }
  static std::string show(int) { return "op"; }
  static std::string show_result(int, const Record&) { return "ok"; }
};
// The same with a check of its own result, which an operation may have.
struct checked_operation : operation {
  static const char* check(int, int, const Record&) { return nullptr; }
};

// A subject of the operations O..., whose prefix and threads end with End; every other part
// complete.
template <class End, class... O>
struct subject {
  using world = scenario_subject_test::world;
  using spec = scenario_subject_test::spec;
  using ops = operations<O...>;
  using thread_end = End;
  static rc::Gen<Scenario> generate() { return rc::gen::just(Scenario{}); }
  static spec initial_spec(const Scenario&) { return {}; }
  static const char* verify(const Scenario&, const records&) { return nullptr; }
};
using complete = subject<no_thread_end, operation>;
static_assert(ScenarioSubject<complete>);
// Its threads may end with one of its operations, and only with one of them.
static_assert(ScenarioSubject<subject<checked_operation, operation, checked_operation>>);
static_assert(!ScenarioSubject<subject<checked_operation, operation>>);

// ---- operations -------------------------------------------------------------------------------

// `operation` with a second base, Name, a struct that declares one part's name: that part is
// then ambiguous between the two bases, so it is gone, and every other part is operation's.
template <class Name>
struct operation_without : operation, Name {};

// The wrapper alone takes nothing away: the refusals below are the missing part's.
struct no_name {};
static_assert(ScenarioSubject<subject<no_thread_end, operation, operation_without<no_name>>>);

// A subject whose second operation lacks one part.
template <class Name>
using with_incomplete_operation = subject<no_thread_end, operation, operation_without<Name>>;

struct run_name {
  static void run();
};
struct apply_name {
  static void apply();
};
struct show_name {
  static void show();
};
struct show_result_name {
  static void show_result();
};
static_assert(!ScenarioSubject<with_incomplete_operation<run_name>>);
static_assert(!ScenarioSubject<with_incomplete_operation<apply_name>>);
static_assert(!ScenarioSubject<with_incomplete_operation<show_name>>);
static_assert(!ScenarioSubject<with_incomplete_operation<show_result_name>>);

// An apply that does not say whether the result is explained.
struct apply_without_verdict : operation {
  static void apply(spec&, int, int, const Record&) {}
};
static_assert(!ScenarioSubject<subject<no_thread_end, operation, apply_without_verdict>>);

// A check of its own result is optional, but one that is there must take (part, value, record).
struct check_without_record : operation {
  static const char* check(int, int) { return nullptr; }
};
static_assert(!ScenarioSubject<subject<no_thread_end, operation, check_without_record>>);

// ---- the subject ------------------------------------------------------------------------------

// `complete` with a second base that takes one part away, as above.
template <class Name>
struct subject_without : complete, Name {};
static_assert(ScenarioSubject<subject_without<no_name>>);

struct world_name {
  struct world;
};
struct spec_name {
  struct spec;
};
struct ops_name {
  struct ops;
};
struct thread_end_name {
  struct thread_end;
};
struct generate_name {
  static void generate();
};
struct initial_spec_name {
  static void initial_spec();
};
struct verify_name {
  static void verify();
};
static_assert(!ScenarioSubject<subject_without<world_name>>);
static_assert(!ScenarioSubject<subject_without<spec_name>>);
static_assert(!ScenarioSubject<subject_without<ops_name>>);
static_assert(!ScenarioSubject<subject_without<thread_end_name>>);
static_assert(!ScenarioSubject<subject_without<generate_name>>);
static_assert(!ScenarioSubject<subject_without<initial_spec_name>>);
static_assert(!ScenarioSubject<subject_without<verify_name>>);

// A world that cannot be made from the scenario.
struct world_without_scenario : complete {
  struct world {};
};
static_assert(!ScenarioSubject<world_without_scenario>);

// A specification the checker cannot compare.
struct spec_without_equality : complete {
  struct spec {};
  static spec initial_spec(const Scenario&) { return {}; }
};
static_assert(!ScenarioSubject<spec_without_equality>);

// Operations that are not a list made with scenario::operations: no kind codes.
struct ops_not_listed : complete {
  using ops = std::tuple<operation>;
};
static_assert(!ScenarioSubject<ops_not_listed>);

}  // namespace scenario_subject_test
