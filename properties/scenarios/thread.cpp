// Generated concurrent scenarios for interleave::thread (interleave/scenario.hpp): one or two
// threads, each running one or two operations that start threads of their own through the
// Relacy backend (the suite's dynamic threads):
//  - scope, n writers: a scope spawns n threads (1 or 2), each writing its own cell; after the
//    scope the operation reads the cells. Every write must be seen, and the reads must race
//    with nothing (Relacy reports a read not ordered after its write as a DATA RACE);
//  - spawn, join: a thread returns a value, join() must hand it back;
//  - scope, a thread panics: the scope must rethrow the panic once its threads are joined.
// Each operation's cells are its own, so operations of different threads share nothing: any
// defect is the thread library's. No prefix or suffix: those run in before() and after(), where
// no thread may be started. Checked in after(): each operation's result (a write not seen, a
// value not returned, a panic lost), as USER ASSERT FAILED naming it.
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include <interleave/thread.hpp>
#include <interleave/scenario.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::properties::thread {
namespace {

using scenario::Op;
using scenario::Record;
using scenario::Scenario;
using models::panic;

enum kind : int { scope_write, spawn_join, scope_panic };
enum status : int { ok, caught, returned, failed };

constexpr int most_threads = 2;  // scenario threads
constexpr int most_ops = 2;      // operations per thread
constexpr int most_writers = 2;  // threads one scope_write starts

template <class B>
struct thread_subject {
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = -1;
  static constexpr int dynamic_threads = most_threads * most_ops * most_writers;

  static rc::Gen<Op> op() {
    return rc::gen::oneOf(
        rc::gen::map(rc::gen::inRange(1, most_writers + 1), [](int n) { return Op{scope_write, n}; }),
        rc::gen::map(rc::gen::inRange(0, 4), [](int v) { return Op{spawn_join, v}; }),
        rc::gen::just(Op{scope_panic, 0}));
  }

  static rc::Gen<Scenario> generate() {
    auto ops = rc::gen::resize(most_ops, rc::gen::nonEmpty(rc::gen::container<std::vector<Op>>(op())));
    auto threads = rc::gen::resize(
        most_threads, rc::gen::nonEmpty(rc::gen::container<std::vector<std::vector<Op>>>(ops)));
    return rc::gen::map(rc::gen::suchThat(threads,
                                          [](const std::vector<std::vector<Op>>& t) {
                                            if (t.size() > most_threads) return false;
                                            for (const auto& ops : t)
                                              if (ops.size() > most_ops) return false;
                                            return true;
                                          }),
                        [](std::vector<std::vector<Op>> t) {
                          Scenario sc;
                          sc.threads = std::move(t);
                          return sc;
                        });
  }

  // One cell per writer of each operation of each thread; next[t]: thread t's next operation
  // (only thread t reads or writes it).
  struct world {
    typename B::template cell<int> cells[most_threads][most_ops][most_writers];
    int next[most_threads] = {};
    explicit world(const Scenario&) {}
  };

  static void run(world& w, int part, const Op& op, Record& rec) {
    switch (op.kind) {
      case scope_write: {
        auto& cells = w.cells[part][w.next[part]++];
        interleave::thread::scope<B>([&cells, n = op.value](auto& s) {
          for (int k = 0; k < n; ++k) (void)s.spawn([&cells, k] { cells[k].store(1); });
        });
        for (int k = 0; k < op.value; ++k) rec.value += cells[k].load();
        rec.status = ok;
        break;
      }
      case spawn_join: {
        auto h = interleave::thread::spawn<B>([v = op.value] { return v; });
        const auto r = h.join();
        rec.status = r.has_value() ? ok : failed;
        rec.value = r.has_value() ? *r : -1;
        break;
      }
      case scope_panic:
        try {
          interleave::thread::scope<B>([](auto& s) { (void)s.spawn([] { throw panic{}; }); });
          rec.status = returned;
        } catch (const panic&) {
          rec.status = caught;
        }
        break;
    }
  }
  static void end_thread(world&, int, Record&) {}

  static const char* verify(const Scenario& sc, const scenario::records& r) {
    for (std::size_t t = 0; t < sc.threads.size(); ++t)
      for (std::size_t i = 0; i < sc.threads[t].size(); ++i) {
        const Op& op = sc.threads[t][i];
        const Record& rec = r.at(int(t), i);
        if (!rec.done) continue;  // never returned: Relacy's DEADLOCK, reported before this
        switch (op.kind) {
          case scope_write:
            if (rec.value != op.value)
              return scenario::detail::because("thread %zu: after its scope, %d of %d writes seen",
                                               t, rec.value, op.value);
            break;
          case spawn_join:
            if (rec.status != ok || rec.value != op.value)
              return scenario::detail::because("thread %zu: join returned %d, the thread %d", t,
                                               rec.value, op.value);
            break;
          case scope_panic:
            if (rec.status != caught)
              return scenario::detail::because(
                  "thread %zu: a scoped thread panicked and the scope returned normally", t);
            break;
        }
      }
    return nullptr;
  }

  // Each operation's result depends on that operation alone (checked above), so the
  // specification has no state.
  struct spec {
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }
  static bool apply(spec&, int, const Op&, const Record&) { return true; }

  static std::string show(const Op& op) {
    switch (op.kind) {
      case scope_write: return fmt::format("scope, {} writer(s), read", op.value);
      case spawn_join: return fmt::format("spawn returning {}, join", op.value);
      default: return "scope, a thread panics";
    }
  }
  static std::string show_result(const Op& op, const Record& rec) {
    switch (op.kind) {
      case scope_write: return fmt::format("{} write(s) seen", rec.value);
      case spawn_join: return rec.status == ok ? fmt::format("Ok({})", rec.value) : "Err(panic)";
      default: return rec.status == caught ? "panic rethrown" : "returned normally";
    }
  }
};

// 100 scenarios, each searched at bounds 0-2 and randomly (a few seconds on the project's
// machine); the time budget only guards against a slow machine.
harness::SearchSettings settings() { return scenario::property_defaults(100, 60); }

using skips_join = models::faulty_backend<fault::scope_skips_join>;

INTERLEAVE_PROPERTY(thread_subject<relacy_backend>, "thread/property/scopes", expect::pass(),
                    "generated scopes, spawns and panics: every write seen after its scope, every "
                    "value joined, every panic rethrown",
                    settings());
// May pass USER ASSERT FAILED: a scenario whose scopes only panic shows the same fault as a
// lost panic; the search goes on to one whose scope writes, where the reads race.
INTERLEAVE_PROPERTY(thread_subject<skips_join>, "thread/property/negative/scope-skips-join",
                    expect::fails_with("DATA RACE", {"USER ASSERT FAILED"}),
                    "negative control: a scope that returns without joining; the reads after it "
                    "race the writes",
                    settings());

}  // namespace
}  // namespace interleave::properties::thread
