// Generated concurrent scenarios for interleave::Condvar with interleave::Mutex
// (interleave/scenario.hpp): a counting hand-off, the way a Condvar is meant to be used.
//
// The shared state is a count under a Mutex. `put` adds one (lock, increment, unlock) and then
// notifies one waiter or all of them; half the puts generated panic while they hold the lock,
// after the increment (`put, panic`: the mutex is poisoned from then on); `put two` adds two and
// notifies all. `take` waits with wait_while until the count is positive, then takes one;
// `take_timeout` does the same with wait_timeout_while and may time out (Relacy lets a timed
// wait time out in any interleaving). Thread 0 takes; in some scenarios thread 1 takes too (two
// takes asleep at once); the other threads put, and so does the prefix (a thread that took before
// it put could wait for itself, so no thread does both). There are never more takes than items
// put (the prefix gets a `put, notify_all` for each take too many), so a correct Condvar never
// leaves a take asleep: a DEADLOCK is a lost wake-up.
//
// Checked beyond Relacy's own defects: linearizability against a sequential counter with a
// poison flag (a take returns the count it saw, which must be positive, and says whether its
// wait came back poisoned, which it must exactly when a panicking put came before it; a timeout
// is explained only with the count at zero), and in verify that every put was taken or is still
// counted.
//
// Negative controls: the same subject over a backend that compiles one of Condvar's fault
// points in (detail/fault.hpp); the subject over relacy_backend is their passing twin.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <interleave/condvar.hpp>
#include <interleave/mutex.hpp>
#include <interleave/scenario.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::properties::condvar {
namespace {

using scenario::Op;
using scenario::Record;
using scenario::Scenario;

// A take's result; + poisoned_bit when its wait handed the guard back inside PoisonError.
enum status : int { took, timed_out, woke_to_nothing };
inline constexpr int poisoned_bit = 4;

// The predicate a take waits while.
constexpr auto nothing_to_take = [](auto& count) { return count.load() == 0; };

int puts_made = 0;  // this execution's completed puts; the count left at the end goes below
int count_left = 0;

// The guard of a lock or wait result, poisoned or not.
template <class G>
G unpoisoned(LockResult<G> r) {
  return r ? std::move(*r) : std::move(r.error()).into_inner();
}

template <class B>
struct condvar_subject {
  struct world {
    Mutex<typename B::template cell<int>, B> count;
    Condvar<B> changed;
    explicit world(const Scenario&) { puts_made = 0; }
    ~world() { count_left = unpoisoned(count.lock())->load(); }
  };

  struct spec {
    int count = 0;
    bool poisoned = false;
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }

  // A put adds one under the lock, panicking there if its value is 1 (the mutex is poisoned
  // from then on), then notifies.
  struct putting {
    static void add(world& w, int panics, int items = 1) {
      try {
        auto g = unpoisoned(w.count.lock());
        g->store(g->load() + items);
        puts_made += items;
        if (panics == 1) throw models::panic{};  // unwinds through the guard: poisoned
      } catch (const models::panic&) {
      }
    }
    static bool apply(spec& s, int, int panics, const Record&) {
      ++s.count;
      s.poisoned = s.poisoned || panics == 1;
      return true;
    }
    static std::string show_result(int, const Record&) { return "ok"; }
  };
  struct put_notify_one : putting {
    static void run(world& w, int, int panics, Record& rec) {
      putting::add(w, panics);
      w.changed.notify_one();
      rec.status = took;
    }
    static std::string show(int panics) {
      return panics == 1 ? "put, panic, notify_one" : "put, notify_one";
    }
  };
  struct put_notify_all : putting {
    static void run(world& w, int, int panics, Record& rec) {
      putting::add(w, panics);
      w.changed.notify_all();
      rec.status = took;
    }
    static std::string show(int panics) {
      return panics == 1 ? "put, panic, notify_all" : "put, notify_all";
    }
  };
  // Two items at once and one notify_all: with two takes asleep, notifying one would leave the
  // other asleep beside an item (the reason notify_all exists).
  struct put_two_notify_all : putting {
    static void run(world& w, int, int, Record& rec) {
      putting::add(w, 0, 2);
      w.changed.notify_all();
      rec.status = took;
    }
    static bool apply(spec& s, int, int, const Record&) {
      s.count += 2;
      return true;
    }
    static std::string show(int) { return "put two, notify_all"; }
  };

  // A take waits until the count is positive, then takes one. One that finds none (a wait that
  // returned with its predicate still true: impossible with a correct Condvar) records it and
  // leaves the count alone, so the execution goes on to the check that reports it.
  struct taking {
    static void take_one(auto& g, Record& rec) {
      rec.value = g->load();
      if (rec.value <= 0) return void(rec.status = woke_to_nothing);
      g->store(rec.value - 1);
      rec.status = took;
    }
    static bool apply(spec& s, int, int, const Record& rec) {
      if ((rec.status >= poisoned_bit) != s.poisoned) return false;
      switch (rec.status % poisoned_bit) {
        case timed_out: return s.count == 0;
        case took:
          if (s.count == 0 || rec.value != s.count) return false;
          --s.count;
          return true;
        default: return false;  // woke to nothing: a wait_while returned too early
      }
    }
    static std::string show_result(int, const Record& rec) {
      const char* poison = rec.status >= poisoned_bit ? " (poisoned)" : "";
      switch (rec.status % poisoned_bit) {
        case timed_out: return fmt::format("timed out{}", poison);
        case woke_to_nothing: return fmt::format("woke to a count of {}{}", rec.value, poison);
        default: return fmt::format("took one of {}{}", rec.value, poison);
      }
    }
  };
  struct take : taking {
    static void run(world& w, int, int, Record& rec) {
      auto r = w.changed.wait_while(unpoisoned(w.count.lock()), nothing_to_take);
      const int poisoned = r ? 0 : poisoned_bit;
      auto g = unpoisoned(std::move(r));
      taking::take_one(g, rec);
      rec.status += poisoned;
    }
    static std::string show(int) { return "take (wait_while)"; }
  };
  // May time out: Relacy lets a timed wait time out in any interleaving.
  struct take_timeout : taking {
    static void run(world& w, int, int, Record& rec) {
      auto r = w.changed.wait_timeout_while(unpoisoned(w.count.lock()),
                                            std::chrono::milliseconds(1), nothing_to_take);
      const int poisoned = r ? 0 : poisoned_bit;
      auto [g, result] = unpoisoned(std::move(r));
      if (result.timed_out())
        rec.status = timed_out;
      else
        taking::take_one(g, rec);
      rec.status += poisoned;
    }
    static std::string show(int) { return "take (wait_timeout_while 1ms)"; }
  };

  using ops =
      scenario::operations<put_notify_one, put_notify_all, take, take_timeout, put_two_notify_all>;
  static int items_of(const Op& op) {
    if (ops::is(op, put_two_notify_all{})) return 2;
    return ops::is(op, put_notify_one{}) || ops::is(op, put_notify_all{}) ? 1 : 0;
  }
  using thread_end = scenario::no_thread_end;

  static rc::Gen<std::vector<Op>> op_lists(int most, std::vector<Op> choices) {
    return rc::gen::resize(most, rc::gen::container<std::vector<Op>>(rc::gen::elementOf(choices)));
  }

  // A scenario with more takes than items put gets the puts missing as `put, notify_all` at the
  // end of the prefix: a correct take would wait for a put that never comes, or that a
  // take_timeout took first. Made up, not filtered, so that shrinking may remove any one
  // operation. Thread 1, when there is one, takes too in some scenarios: two takes asleep at
  // once is what tells notify_all from notify_one.
  static rc::Gen<Scenario> generate() {
    // A put's value: 1 if it panics.
    const std::vector<Op> puts = {ops::make(put_notify_one{}, 0), ops::make(put_notify_all{}, 0),
                                  ops::make(put_notify_one{}, 1), ops::make(put_notify_all{}, 1),
                                  ops::make(put_two_notify_all{}, 0)};
    const std::vector<Op> takes = {ops::make(take{}), ops::make(take_timeout{})};
    using parts =
        std::tuple<std::vector<Op>, std::vector<Op>, std::vector<Op>, std::vector<std::vector<Op>>>;
    return rc::gen::map(
        rc::gen::tuple(op_lists(1, puts), op_lists(3, takes), op_lists(2, takes),
                       rc::gen::resize(
                           2, rc::gen::container<std::vector<std::vector<Op>>>(op_lists(3, puts)))),
        [](parts t) {
          auto& [prefix, first_taker, second_taker, producers] = t;
          Scenario sc;
          sc.prefix = std::move(prefix);
          sc.threads.push_back(std::move(first_taker));
          // A second taker only beside a producer, in at most three threads.
          if (!second_taker.empty() && !producers.empty()) {
            sc.threads.push_back(std::move(second_taker));
            producers.resize(1);
          }
          for (auto& producer : producers) sc.threads.push_back(std::move(producer));
          int items = 0, takes_made = 0;
          for (const Op& op : sc.prefix) items += items_of(op);
          for (const auto& thread : sc.threads)
            for (const Op& op : thread) {
              items += items_of(op);
              takes_made += items_of(op) == 0 ? 1 : 0;
            }
          for (; items < takes_made; ++items) sc.prefix.push_back(ops::make(put_notify_all{}, 0));
          return sc;
        });
  }

  // Every put was taken or is still counted.
  static const char* verify(const Scenario& sc, const scenario::records& r) {
    int taken = 0;
    for (std::size_t t = 0; t < sc.threads.size(); ++t)
      for (std::size_t i = 0; i < sc.threads[t].size(); ++i) {
        const Op& op = sc.threads[t][i];
        const Record& rec = r.at(int(t), i);
        const bool is_take = ops::is(op, take{}) || ops::is(op, take_timeout{});
        if (rec.done && is_take && rec.status % poisoned_bit == took) ++taken;
      }
    if (puts_made - taken != count_left)
      return scenario::detail::because("%d puts and %d takes, but the count ended at %d", puts_made,
                                       taken, count_left);
    return nullptr;
  }
};

using sound = condvar_subject<relacy_backend>;
template <class F>
using faulty = condvar_subject<models::faulty_backend<F>>;

INTERLEAVE_PROPERTY(
    sound, "condvar/property/handoff", expect::pass(),
    "generated puts (some panicking) and takes through a Mutex and Condvar: no lost "
    "wake-up, linearizable against a counter with a poison flag");

// Library controls, each the subject above over one Condvar fault. None names a defect it may
// pass: each fault shows only its own.
INTERLEAVE_PROPERTY(faulty<fault::notify_one_wakes_nobody>,
                    "condvar/property/negative/notify-one-wakes-nobody",
                    expect::fails_with("DEADLOCK"),
                    "negative control: Condvar::notify_one wakes nobody");
INTERLEAVE_PROPERTY(faulty<fault::notify_all_wakes_nobody>,
                    "condvar/property/negative/notify-all-wakes-nobody",
                    expect::fails_with("DEADLOCK"),
                    "negative control: Condvar::notify_all wakes nobody");
INTERLEAVE_PROPERTY(faulty<fault::wait_while_skips_recheck>,
                    "condvar/property/negative/wait-while-skips-recheck",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: wait_while returns after one wake-up without re-checking");
INTERLEAVE_PROPERTY(faulty<fault::wait_ignores_poison>,
                    "condvar/property/negative/wait-ignores-poison",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: a wait returns Ok from a poisoned mutex");

}  // namespace
}  // namespace interleave::properties::condvar
