// Generated concurrent scenarios for interleave::Condvar with interleave::Mutex
// (interleave/scenario.hpp): a counting hand-off, the way a Condvar is meant to be used.
//
// The shared state is a count under a Mutex. `put` adds one (lock, increment, unlock) and then
// notifies one waiter or all of them; `take` waits with wait_while until the count is positive,
// then takes one; `take_timeout` does the same with wait_timeout_while and may time out (Relacy
// lets a timed wait time out in any interleaving). Thread 0 takes, the others and the prefix
// put, and there are never more takes than puts, so a correct Condvar never leaves a take
// asleep: a DEADLOCK is a lost wake-up.
//
// Checked beyond Relacy's own defects: linearizability against a sequential counter (a take
// returns the count it saw, which must be positive; a timeout is explained only with the count
// at zero), and in verify that every put was taken or is still counted.
//
// Negative control: the classic lost wake-up, written as user code misusing the Condvar: a take
// that waits once without checking the count first (a notify sent before it waits is lost, and
// it sleeps forever: DEADLOCK). If it wakes and finds nothing (a spurious wake-up) it gives up,
// which its spec accepts: the defect it stands for is the sleep, not the give-up.
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

namespace interleave::properties::condvar {
namespace {

using scenario::Op;
using scenario::Record;
using scenario::Scenario;

enum kind : int { put_notify_one, put_notify_all, take, take_timeout };
enum status : int { took, timed_out, gave_up };

int puts_made = 0;  // this execution's completed puts; the count left at the end goes below
int count_left = 0;

// A take as the library means it to be used (wait_while), or as the lost-wake-up bug writes it.
enum class taker { correct, waits_without_checking };

template <taker How>
struct condvar_subject {
  using B = relacy_backend;
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = -1;

  static rc::Gen<std::vector<Op>> ops(int most, std::vector<int> kinds) {
    return rc::gen::resize(
        most, rc::gen::container<std::vector<Op>>(rc::gen::map(
                  rc::gen::elementOf(kinds), [](int k) { return Op{k, 0}; })));
  }

  // Prefix: puts. Thread 0 takes (both kinds); threads 1 and 2 (if generated) put. Scenarios
  // with more takes than puts are discarded: a correct take would wait for a put that never
  // comes, or that a take_timeout took first. (A thread that took before it put could wait for
  // itself, so no thread does both.)
  static rc::Gen<Scenario> generate() {
    const std::vector<int> puts = {put_notify_one, put_notify_all};
    return rc::gen::suchThat(
        rc::gen::map(
            rc::gen::tuple(ops(2, puts), ops(3, {take, take_timeout}),
                           rc::gen::resize(2, rc::gen::container<std::vector<std::vector<Op>>>(ops(3, puts)))),
            [](std::tuple<std::vector<Op>, std::vector<Op>, std::vector<std::vector<Op>>> t) {
              Scenario sc;
              sc.prefix = std::move(std::get<0>(t));
              sc.threads.push_back(std::move(std::get<1>(t)));
              for (auto& producer : std::get<2>(t)) sc.threads.push_back(std::move(producer));
              return sc;
            }),
        [](const Scenario& sc) {
          std::size_t puts = sc.prefix.size();
          for (std::size_t t = 1; t < sc.threads.size(); ++t) puts += sc.threads[t].size();
          return sc.threads[0].size() <= puts;
        });
  }

  struct world {
    Mutex<typename B::template cell<int>, B> count;
    Condvar<B> changed;
    explicit world(const Scenario&) { puts_made = 0; }
    ~world() { count_left = (*count.lock())->load(); }
  };

  static void run(world& w, int, const Op& op, Record& rec) {
    switch (op.kind) {
      case put_notify_one:
      case put_notify_all: {
        {
          auto g = *w.count.lock();
          g->store(g->load() + 1);
        }
        ++puts_made;
        if (op.kind == put_notify_one) w.changed.notify_one();
        else w.changed.notify_all();
        rec.status = took;
        break;
      }
      case take: {
        auto g = *w.count.lock();
        if constexpr (How == taker::correct) {
          g = *w.changed.wait_while(std::move(g), [](auto& c) { return c.load() == 0; });
        } else {
          g = *w.changed.wait(std::move(g));  // BUG: no look at the count before waiting
          if (g->load() == 0) return void(rec.status = gave_up);
        }
        rec.value = g->load();
        g->store(rec.value - 1);
        rec.status = took;
        break;
      }
      case take_timeout: {
        auto r = *w.changed.wait_timeout_while(*w.count.lock(), std::chrono::milliseconds(1),
                                               [](auto& c) { return c.load() == 0; });
        auto& g = r.first;
        if (r.second.timed_out()) return void(rec.status = timed_out);
        rec.value = g->load();
        g->store(rec.value - 1);
        rec.status = took;
        break;
      }
    }
  }
  static void end_thread(world&, int, Record&) {}

  static const char* verify(const Scenario& sc, const scenario::records& r) {
    int taken = 0;
    for (std::size_t t = 0; t < sc.threads.size(); ++t)
      for (std::size_t i = 0; i < sc.threads[t].size(); ++i) {
        const Op& op = sc.threads[t][i];
        const Record& rec = r.at(int(t), i);
        if (rec.done && (op.kind == take || op.kind == take_timeout) && rec.status == took) ++taken;
      }
    if (puts_made - taken != count_left)
      return scenario::detail::because("%d puts and %d takes, but the count ended at %d",
                                       puts_made, taken, count_left);
    return nullptr;
  }

  struct spec {
    int count = 0;
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }
  static bool apply(spec& s, int, const Op& op, const Record& rec) {
    switch (op.kind) {
      case put_notify_one:
      case put_notify_all: ++s.count; return true;
      case take:
      case take_timeout:
        if (rec.status == gave_up) return How == taker::waits_without_checking;
        if (rec.status == timed_out) return s.count == 0;
        if (s.count == 0 || rec.value != s.count) return false;
        --s.count;
        return true;
    }
    return false;
  }

  static std::string show(const Op& op) {
    switch (op.kind) {
      case put_notify_one: return "put, notify_one";
      case put_notify_all: return "put, notify_all";
      case take: return How == taker::correct ? "take (wait_while)" : "take (wait, no check)";
      case take_timeout: return "take (wait_timeout_while 1ms)";
    }
    return "?";
  }
  static std::string show_result(const Op& op, const Record& rec) {
    if (op.kind == put_notify_one || op.kind == put_notify_all) return "ok";
    if (rec.status == timed_out) return "timed out";
    if (rec.status == gave_up) return "woke to nothing";
    return fmt::format("took one of {}", rec.value);
  }
};

using correct = condvar_subject<taker::correct>;
using lost_wakeup = condvar_subject<taker::waits_without_checking>;

INTERLEAVE_PROPERTY(correct, "condvar/property/handoff", expect::pass(),
                    "generated puts and takes through a Mutex and Condvar: no lost wake-up, "
                    "linearizable against a counter");
INTERLEAVE_PROPERTY(lost_wakeup, "condvar/property/negative/lost-wakeup",
                    expect::fails_with("DEADLOCK"),
                    "negative control: a take that waits without checking the count first");

}  // namespace
}  // namespace interleave::properties::condvar
