// A generated-scenario property whose defect changes as its scenario shrinks: two threads that
// each write one cell race (DATA RACE); one thread alone fails the property's check (USER
// ASSERT FAILED). Registered to expect USER ASSERT FAILED: the scenario found first races, and
// a property must report that, not the smaller scenario's other defect that shrinking reaches.
#include <string>
#include <vector>

#include <interleave/scenario.hpp>

namespace shrink {

using interleave::scenario::Op;
using interleave::scenario::Record;
using interleave::scenario::Scenario;

Scenario with_threads(int n) {
  Scenario sc;
  for (int i = 0; i < n; ++i) sc.threads.push_back({Op{0, 0}});
  return sc;
}

struct defect_changes_as_it_shrinks {
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = -1;

  // Always two threads first; their one shrink is one thread.
  static rc::Gen<Scenario> generate() {
    return rc::Gen<Scenario>([](const rc::Random&, int) {
      return rc::shrinkable::just(with_threads(2),
                                  rc::seq::just(rc::shrinkable::just(with_threads(1))));
    });
  }

  struct world {
    interleave::relacy_backend::cell<int> written;
    explicit world(const Scenario&) {}
  };
  static void run(world& w, int, const Op&, Record&) { w.written.store(1); }
  static void end_thread(world&, int, Record&) {}
  static const char* verify(const Scenario& sc, const interleave::scenario::records&) {
    return sc.threads.size() == 1 ? "one thread alone" : nullptr;
  }
  struct spec {
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }
  static bool apply(spec&, int, const Op&, const Record&) { return true; }
  static std::string show(const Op&) { return "write"; }
  static std::string show_result(const Op&, const Record&) { return "ok"; }
};

}  // namespace shrink

INTERLEAVE_PROPERTY(shrink::defect_changes_as_it_shrinks, "shrinking/keeps-the-defect-found",
                    interleave::expect::fails_with("USER ASSERT FAILED"),
                    "the first scenario races; shrinking reaches a scenario with another defect");
