// A generated-scenario property whose defect changes as its scenario shrinks: two threads that
// each write one cell race (DATA RACE); one thread alone fails the property's check (USER
// ASSERT FAILED). Registered to expect USER ASSERT FAILED: the scenario found first races, and
// a property must report that, not the smaller scenario's other defect that shrinking reaches.
#include <string>
#include <vector>

#include <interleave/scenario.hpp>

namespace shrink {

using interleave::scenario::Record;
using interleave::scenario::Scenario;

struct defect_changes_as_it_shrinks {
  struct world {
    interleave::relacy_backend::cell<int> written;
    explicit world(const Scenario&) {}
  };
  struct spec {
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }

  struct write {
    static void run(world& w, int, int, Record&) { w.written.store(1); }
    static bool apply(spec&, int, int, const Record&) { return true; }
    static std::string show(int) { return "write"; }
    static std::string show_result(int, const Record&) { return "ok"; }
  };
  using ops = interleave::scenario::operations<write>;
  using thread_end = interleave::scenario::no_thread_end;

  static Scenario with_threads(int n) {
    Scenario sc;
    for (int i = 0; i < n; ++i) sc.threads.push_back({ops::make(write{})});
    return sc;
  }

  // Always two threads first; their one shrink is one thread.
  static rc::Gen<Scenario> generate() {
    return rc::Gen<Scenario>([](const rc::Random&, int) {
      return rc::shrinkable::just(with_threads(2),
                                  rc::seq::just(rc::shrinkable::just(with_threads(1))));
    });
  }

  static const char* verify(const Scenario& sc, const interleave::scenario::records&) {
    return sc.threads.size() == 1 ? "one thread alone" : nullptr;
  }
};

}  // namespace shrink

INTERLEAVE_PROPERTY(shrink::defect_changes_as_it_shrinks, "shrinking/keeps-the-defect-found",
                    interleave::expect::fails_with("USER ASSERT FAILED"),
                    "the first scenario races; shrinking reaches a scenario with another defect");
