// Generated concurrent scenarios for interleave::Condvar with interleave::Mutex
// (interleave/scenario.hpp): a counting hand-off, the way a Condvar is meant to be used.
//
// The shared state is a count under a Mutex. `put` adds one (lock, increment, unlock) and then
// notifies one waiter or all of them; half the puts generated panic while they hold the lock,
// after the increment (`put, panic`: the mutex is poisoned from then on). `take` waits with wait_while until the count is
// positive, then takes one; `take_timeout` does the same with wait_timeout_while and may time
// out (Relacy lets a timed wait time out in any interleaving). Thread 0 takes; threads 1 and 2
// (if generated) put, and so does the prefix (a thread that took before it put could wait for
// itself, so no thread does both). There are never more takes than puts (the prefix gets a
// `put, notify_all` for each take too many), so a correct Condvar never leaves a take asleep: a
// DEADLOCK is a lost wake-up.
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

enum kind : int { put_notify_one, put_notify_all, take, take_timeout };  // a put's value: 1 if it panics
// A take's result; + poisoned_bit when its wait handed the guard back inside PoisonError.
enum status : int { took, timed_out, woke_to_nothing };
inline constexpr int poisoned_bit = 4;

int puts_made = 0;  // this execution's completed puts; the count left at the end goes below
int count_left = 0;

// The guard of a lock or wait result, poisoned or not.
template <class G>
G unpoisoned(LockResult<G> r) {
  return r ? std::move(*r) : std::move(r.error()).into_inner();
}

template <class B>
struct condvar_subject {
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = -1;

  static rc::Gen<std::vector<Op>> ops(int most, std::vector<Op> choices) {
    return rc::gen::resize(most, rc::gen::container<std::vector<Op>>(rc::gen::elementOf(choices)));
  }

  // A scenario with more takes than puts gets the puts missing as `put, notify_all` at the end
  // of the prefix: a correct take would wait for a put that never comes, or that a take_timeout
  // took first. Made up, not filtered, so that shrinking may remove any one operation.
  static rc::Gen<Scenario> generate() {
    const std::vector<Op> puts = {{put_notify_one, 0}, {put_notify_all, 0}, {put_notify_one, 1},
                                  {put_notify_all, 1}};
    const std::vector<Op> takes = {{take, 0}, {take_timeout, 0}};
    return rc::gen::map(
        rc::gen::tuple(ops(1, puts), ops(3, takes),
                       rc::gen::resize(2, rc::gen::container<std::vector<std::vector<Op>>>(ops(3, puts)))),
        [](std::tuple<std::vector<Op>, std::vector<Op>, std::vector<std::vector<Op>>> t) {
          Scenario sc;
          sc.prefix = std::move(std::get<0>(t));
          sc.threads.push_back(std::move(std::get<1>(t)));
          std::size_t put_count = sc.prefix.size();
          for (auto& producer : std::get<2>(t)) {
            put_count += producer.size();
            sc.threads.push_back(std::move(producer));
          }
          for (std::size_t n = put_count; n < sc.threads[0].size(); ++n)
            sc.prefix.push_back(Op{put_notify_all, 0});
          return sc;
        });
  }

  struct world {
    Mutex<typename B::template cell<int>, B> count;
    Condvar<B> changed;
    explicit world(const Scenario&) { puts_made = 0; }
    ~world() { count_left = unpoisoned(count.lock())->load(); }
  };

  // A take that finds the count positive takes one. One that finds none (a wait_while that
  // returned with its predicate still true: impossible with a correct Condvar) records it and
  // leaves the count alone, so the execution goes on to the check that reports it.
  static void take_one(auto& g, Record& rec) {
    rec.value = g->load();
    if (rec.value <= 0) return void(rec.status = woke_to_nothing);
    g->store(rec.value - 1);
    rec.status = took;
  }

  static void run(world& w, int, const Op& op, Record& rec) {
    const auto empty = [](auto& c) { return c.load() == 0; };
    switch (op.kind) {
      case put_notify_one:
      case put_notify_all: {
        try {
          auto g = unpoisoned(w.count.lock());
          g->store(g->load() + 1);
          ++puts_made;
          if (op.value == 1) throw models::panic{};  // unwinds through the guard: poisoned
        } catch (const models::panic&) {
        }
        if (op.kind == put_notify_one) w.changed.notify_one();
        else w.changed.notify_all();
        rec.status = took;
        break;
      }
      case take: {
        auto r = w.changed.wait_while(unpoisoned(w.count.lock()), empty);
        const int poisoned = r ? 0 : poisoned_bit;
        auto g = unpoisoned(std::move(r));
        take_one(g, rec);
        rec.status += poisoned;
        break;
      }
      case take_timeout: {
        auto r = w.changed.wait_timeout_while(unpoisoned(w.count.lock()),
                                              std::chrono::milliseconds(1), empty);
        const int poisoned = r ? 0 : poisoned_bit;
        auto [g, result] = unpoisoned(std::move(r));
        if (result.timed_out()) rec.status = timed_out;
        else take_one(g, rec);
        rec.status += poisoned;
        break;
      }
    }
  }
  static void end_thread(world&, int, Record&) {}

  static bool is_take(const Op& op) { return op.kind == take || op.kind == take_timeout; }

  static const char* verify(const Scenario& sc, const scenario::records& r) {
    int taken = 0;
    for (std::size_t t = 0; t < sc.threads.size(); ++t)
      for (std::size_t i = 0; i < sc.threads[t].size(); ++i) {
        const Record& rec = r.at(int(t), i);
        if (rec.done && is_take(sc.threads[t][i]) && rec.status % poisoned_bit == took) ++taken;
      }
    if (puts_made - taken != count_left)
      return scenario::detail::because("%d puts and %d takes, but the count ended at %d",
                                       puts_made, taken, count_left);
    return nullptr;
  }

  struct spec {
    int count = 0;
    bool poisoned = false;
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }
  static bool apply(spec& s, int, const Op& op, const Record& rec) {
    switch (op.kind) {
      case put_notify_one:
      case put_notify_all:
        ++s.count;
        s.poisoned = s.poisoned || op.value == 1;
        return true;
      case take:
      case take_timeout: {
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
    }
    return false;
  }

  static std::string show(const Op& op) {
    switch (op.kind) {
      case put_notify_one: return op.value == 1 ? "put, panic, notify_one" : "put, notify_one";
      case put_notify_all: return op.value == 1 ? "put, panic, notify_all" : "put, notify_all";
      case take: return "take (wait_while)";
      case take_timeout: return "take (wait_timeout_while 1ms)";
    }
    return "?";
  }
  static std::string show_result(const Op& op, const Record& rec) {
    if (!is_take(op)) return "ok";
    const char* poison = rec.status >= poisoned_bit ? " (poisoned)" : "";
    switch (rec.status % poisoned_bit) {
      case timed_out: return fmt::format("timed out{}", poison);
      case woke_to_nothing: return fmt::format("woke to a count of {}{}", rec.value, poison);
      default: return fmt::format("took one of {}{}", rec.value, poison);
    }
  }
};

using sound = condvar_subject<relacy_backend>;
template <class F>
using faulty = condvar_subject<models::faulty_backend<F>>;

INTERLEAVE_PROPERTY(sound, "condvar/property/handoff", expect::pass(),
                    "generated puts (some panicking) and takes through a Mutex and Condvar: no lost "
                    "wake-up, linearizable against a counter with a poison flag");

// Library controls, each the subject above over one Condvar fault. None names a defect it may
// pass: each fault shows only its own.
INTERLEAVE_PROPERTY(faulty<fault::notify_one_wakes_nobody>,
                    "condvar/property/negative/notify-one-wakes-nobody", expect::fails_with("DEADLOCK"),
                    "negative control: Condvar::notify_one wakes nobody");
INTERLEAVE_PROPERTY(faulty<fault::notify_all_wakes_nobody>,
                    "condvar/property/negative/notify-all-wakes-nobody", expect::fails_with("DEADLOCK"),
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
