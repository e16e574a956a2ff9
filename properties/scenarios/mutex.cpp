// Generated concurrent scenarios for interleave::Mutex and interleave::RwLock
// (interleave/scenario.hpp): poisoning and the try_* results, over a lock protecting one int.
//
// Every operation takes the lock and lets it go within itself (nobody holds a guard across
// operations, so a correct lock never deadlocks and a thread never re-enters a read lock: that
// hazard of a writer-preferring RwLock is rwlock/recursive-read-deadlocks, not a defect). A
// "panic" is a plain struct thrown while the guard is held and caught inside the operation. The
// prefix and suffix run the same operations sequentially; the suffix always ends with a plain
// lock that reads the value, so a poison or a value left behind by the threads is looked at.
//
// Mutual exclusion itself is Relacy's to prove: the protected int is a backend cell, so two
// holders at once are a reported DATA RACE. Checked beyond that, in every explored execution:
//  - linearizability against a sequential lock {value, poisoned}: every acquisition reads the
//    value last written and sees poisoned exactly when a holder panicked (under a write guard,
//    for the RwLock) before it acquired with no clear_poison in between; a reader's panic does
//    not poison;
//  - clear_poison runs under the lock (lock, take the guard even if poisoned, clear, unlock: the
//    recovery Rust documents). A bare clear_poison is a relaxed store that a later locker need
//    not see (the flag is relaxed, as Rust's; Relacy does return the older value), so it could
//    not be specified as one atomic step;
//  - a panic poisons only the mutex whose guard unwinds: the Mutex scenarios also lock a
//    bystander mutex that nobody panics under, which must never be poisoned (with one mutex,
//    threads that shared one exception state would go unseen: a thread unwinds only while it
//    holds the lock, so nobody else can take or drop a guard meanwhile);
//  - Mutex::is_poisoned is a bare relaxed load: it may return any value the flag took since the
//    caller last held the lock (it is ordered after that acquisition, and every write of the
//    flag is made under the lock), and in the suffix, after every thread is joined, the last;
//  - WouldBlock: Mutex::try_lock may fail spuriously (std::mutex::try_lock may, and Relacy's
//    model of it does), so its WouldBlock is explained at any point and proves nothing. The
//    RwLock's try_* never fail spuriously (they wait on the internal mutex, never try it), so
//    each WouldBlock must overlap in real time an operation of another thread that held or
//    awaited the lock in a conflicting mode: an invariant on the stamps, since a sequential
//    spec of operations that release what they take has no "held" state to check it against.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <interleave/mutex.hpp>
#include <interleave/rwlock.hpp>
#include <interleave/scenario.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::properties::mutex {
namespace {

using scenario::Op;
using scenario::Record;
using scenario::Scenario;
using models::panic;

inline constexpr int values = 4;  // generated values are 0..3

// What a locking operation's acquisition returned; `Record::value` holds the value it read.
enum status : int { ok, poison_error, would_block };

// Generation shared by both subjects: values only on the kinds that write.
inline rc::Gen<Op> op(std::vector<int> kinds, std::vector<int> writing) {
  return rc::gen::map(rc::gen::pair(rc::gen::elementOf(kinds), rc::gen::inRange(0, values)),
                      [writing](std::pair<int, int> kv) {
                        const bool writes =
                            std::find(writing.begin(), writing.end(), kv.first) != writing.end();
                        return Op{kv.first, writes ? kv.second : 0};
                      });
}
inline rc::Gen<std::vector<Op>> ops(int most, std::vector<int> kinds, std::vector<int> writing) {
  return rc::gen::resize(most, rc::gen::container<std::vector<Op>>(op(kinds, writing)));
}

// Prefix 0-2; two threads and an optional third, each 0-3; suffix 0-2, then `final_read`.
inline rc::Gen<Scenario> scenarios(std::vector<int> kinds, std::vector<int> writing,
                                   int final_read) {
  const auto part = [&](int most) { return ops(most, kinds, writing); };
  return rc::gen::map(
      rc::gen::tuple(part(2), part(3), part(3),
                     rc::gen::resize(1, rc::gen::container<std::vector<std::vector<Op>>>(part(3))),
                     part(2)),
      [final_read](std::tuple<std::vector<Op>, std::vector<Op>, std::vector<Op>,
                              std::vector<std::vector<Op>>, std::vector<Op>> t) {
        Scenario sc;
        sc.prefix = std::move(std::get<0>(t));
        // A thread with nothing to do is left out (one always stays): it would only make the
        // suite larger, and the scenario table would show a blank column.
        std::vector<std::vector<Op>> threads;
        threads.push_back(std::move(std::get<1>(t)));
        threads.push_back(std::move(std::get<2>(t)));
        for (auto& third : std::get<3>(t)) threads.push_back(std::move(third));
        for (auto& ops : threads)
          if (!ops.empty()) sc.threads.push_back(std::move(ops));
        if (sc.threads.empty()) sc.threads.emplace_back();
        sc.suffix = std::move(std::get<4>(t));
        sc.suffix.push_back(Op{final_read, 0});
        return sc;
      });
}

// Takes the guard out of a lock result as Rust's into_inner does, noting what came back.
template <class G>
G admitted(LockResult<G> r, Record& rec) {
  rec.status = r ? ok : poison_error;
  return r ? std::move(*r) : std::move(r.error()).into_inner();
}

// The sequential lock both specs share: the value, the poison flag, and the check every
// acquisition makes.
struct lock_state {
  int value = 0;
  bool poisoned = false;
  bool saw(const Record& rec) const {
    return rec.value == value && (rec.status == poison_error) == poisoned;
  }
  friend bool operator==(const lock_state&, const lock_state&) = default;
};

std::string acquired(const Record& rec) {
  return fmt::format("{}(read {})", rec.status == poison_error ? "PoisonError" : "Ok", rec.value);
}

// ---- Mutex ---------------------------------------------------------------------------------

enum mutex_kind : int {
  lock_write, lock_panic, try_lock, clear_poison, is_poisoned, lock_read, lock_bystander
};

// Whether the bystander mutex ended poisoned: written as the world is destroyed, in after().
bool bystander_poisoned = false;

template <class B>
struct mutex_subject {
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = -1;  // no implicit last operation
  using lock_type = Mutex<typename B::template cell<int>, B>;

  static rc::Gen<Scenario> generate() {
    return scenarios({lock_write, lock_panic, try_lock, clear_poison, is_poisoned, lock_bystander},
                     {lock_write, lock_panic, lock_bystander}, lock_read);
  }

  // `m` is the mutex under test; nobody ever panics under `bystander`, so it must never be
  // poisoned whatever the others do while it is held (a panic poisons only the mutex whose guard
  // unwinds: a backend whose threads shared one exception state would break that).
  struct world {
    lock_type m;
    lock_type bystander;
    explicit world(const Scenario&) { bystander_poisoned = false; }
    ~world() { bystander_poisoned = bystander.is_poisoned(); }  // in after(): reads the last
  };

  static void run(world& w, int, const Op& op, Record& rec) {
    switch (op.kind) {
      case lock_bystander: {
        auto g = admitted(w.bystander.lock(), rec);
        rec.value = g->load();
        g->store(op.value);
        break;
      }
      case lock_write: {
        auto g = admitted(w.m.lock(), rec);
        rec.value = g->load();
        g->store(op.value);
        break;
      }
      case lock_panic:
        try {
          auto g = admitted(w.m.lock(), rec);
          rec.value = g->load();
          g->store(op.value);
          throw panic{};  // unwinds through the guard: must poison
        } catch (const panic&) {
        }
        break;
      case try_lock: {
        auto r = w.m.try_lock();
        if (!r && r.error().is_would_block()) return void(rec.status = would_block);
        rec.status = r ? ok : poison_error;
        auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
        rec.value = g->load();
        break;
      }
      case clear_poison: {
        auto g = admitted(w.m.lock(), rec);
        rec.value = g->load();
        w.m.clear_poison();  // under the lock: see the header comment
        break;
      }
      case is_poisoned:
        rec.status = ok;
        rec.value = w.m.is_poisoned() ? 1 : 0;
        break;
      case lock_read: {
        auto g = admitted(w.m.lock(), rec);
        rec.value = g->load();
        break;
      }
    }
  }

  // The rest is in the spec; mutual exclusion is the race detector's.
  static const char* verify(const Scenario&, const scenario::records&) {
    return bystander_poisoned ? "the bystander mutex, under which nobody panicked, is poisoned"
                              : nullptr;
  }

  // The sequential mutex, plus what a bare is_poisoned may still read: per part, a bit for each
  // flag value written since that part last held the lock (bit 0: false, bit 1: true).
  struct spec : lock_state {
    std::array<std::uint8_t, scenario::max_threads + 2> readable{};
    int bystander = 0;  // the bystander's value; it is never poisoned
    friend bool operator==(const spec&, const spec&) = default;

    // After `part` held the lock: it has seen every write so far, everyone may read this one,
    // and everything after the prefix is ordered after all of it.
    void held_by(int part) {
      const std::uint8_t now = poisoned ? 2 : 1;
      for (auto& r : readable) r |= now;
      if (part == scenario::prefix_part) readable.fill(now);
      readable[scenario::records::index(part)] = now;
    }
  };

  static spec initial_spec(const Scenario&) {
    spec s;
    s.readable.fill(1);
    return s;
  }

  static bool apply(spec& s, int part, const Op& op, const Record& rec) {
    if (op.kind == is_poisoned) {
      if (part == scenario::suffix_part) return rec.value == int(s.poisoned);  // all joined
      return (s.readable[scenario::records::index(part)] & (rec.value == 1 ? 2 : 1)) != 0;
    }
    if (op.kind == lock_bystander) {
      if (rec.status != ok || rec.value != s.bystander) return false;
      s.bystander = op.value;
      return true;
    }
    if (op.kind == try_lock && rec.status == would_block) return true;  // spurious: anywhere
    if (!s.saw(rec)) return false;
    if (op.kind == lock_write || op.kind == lock_panic) s.value = op.value;
    if (op.kind == lock_panic) s.poisoned = true;
    if (op.kind == clear_poison) s.poisoned = false;
    s.held_by(part);
    return true;
  }

  static std::string show(const Op& op) {
    switch (op.kind) {
      case lock_write: return fmt::format("lock, write {}", op.value);
      case lock_panic: return fmt::format("lock, write {}, panic", op.value);
      case try_lock: return "try_lock";
      case clear_poison: return "lock, clear_poison";
      case is_poisoned: return "is_poisoned";
      case lock_read: return "lock, read";
      case lock_bystander: return fmt::format("lock bystander, write {}", op.value);
    }
    return "?";
  }
  static std::string show_result(const Op& op, const Record& rec) {
    if (op.kind == is_poisoned) return rec.value == 1 ? "true" : "false";
    if (rec.status == would_block) return "Err(WouldBlock)";
    if (op.kind == lock_panic) return fmt::format("{}, panicked", acquired(rec));
    return acquired(rec);
  }
};

// ---- RwLock --------------------------------------------------------------------------------

enum rwlock_kind : int {
  read, write, write_panic, read_panic, try_read, try_write, clear, final_read
};

template <class B>
struct rwlock_subject {
  static constexpr bool ends_threads = false;
  static constexpr int end_kind = -1;  // no implicit last operation
  using lock_type = RwLock<typename B::template cell<int>, B>;

  static rc::Gen<Scenario> generate() {
    return scenarios({read, write, write_panic, read_panic, try_read, try_write, clear},
                     {write, write_panic, try_write}, final_read);
  }

  struct world {
    lock_type l;
    explicit world(const Scenario&) {}
  };

  template <class G>
  static void tried(TryLockResult<G> r, Record& rec, int write_value) {
    if (!r && r.error().is_would_block()) return void(rec.status = would_block);
    rec.status = r ? ok : poison_error;
    auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
    rec.value = g->load();
    if constexpr (requires { g->store(0); }) g->store(write_value);
  }

  static void run(world& w, int, const Op& op, Record& rec) {
    switch (op.kind) {
      case read:
      case final_read: {
        auto g = admitted(w.l.read(), rec);
        rec.value = g->load();
        break;
      }
      case read_panic:
        try {
          auto g = admitted(w.l.read(), rec);
          rec.value = g->load();
          throw panic{};  // a read guard unwinding: must not poison
        } catch (const panic&) {
        }
        break;
      case write: {
        auto g = admitted(w.l.write(), rec);
        rec.value = g->load();
        g->store(op.value);
        break;
      }
      case write_panic:
        try {
          auto g = admitted(w.l.write(), rec);
          rec.value = g->load();
          g->store(op.value);
          throw panic{};  // a write guard unwinding: must poison
        } catch (const panic&) {
        }
        break;
      case try_read: tried(w.l.try_read(), rec, 0); break;
      case try_write: tried(w.l.try_write(), rec, op.value); break;
      case clear: {
        auto g = admitted(w.l.write(), rec);
        rec.value = g->load();
        w.l.clear_poison();  // under the write lock: see the header comment
        break;
      }
    }
  }

  // Which operations hold (or wait for) the lock in a mode that keeps `kind` out.
  static bool writes(const Op& op, const Record& rec) {
    return op.kind == write || op.kind == write_panic || op.kind == clear ||
           (op.kind == try_write && rec.status != would_block);
  }
  static bool excludes(int kind, const Op& other, const Record& rec) {
    if (kind == try_read) return writes(other, rec);  // a waiting writer keeps readers out too
    return rec.status != would_block;                 // try_write: any guard at all
  }

  // Every WouldBlock overlaps, in real time, an operation of another thread that excludes it.
  static const char* verify(const Scenario& sc, const scenario::records& r) {
    const auto column = [&](int part) -> const std::vector<Op>& {
      return part == scenario::prefix_part   ? sc.prefix
             : part == scenario::suffix_part ? sc.suffix
                                             : sc.threads[std::size_t(part)];
    };
    const auto overlaps = [](const Record& a, const Record& b) {
      return a.done && a.invoked < b.responded && a.responded > b.invoked;
    };
    // Parts -2 (the suffix), -1 (the prefix), then the threads: no allocation in after().
    static_assert(scenario::suffix_part == -2 && scenario::prefix_part == -1);
    const int last = int(sc.threads.size()) - 1;
    for (int p = scenario::suffix_part; p <= last; ++p) {
      for (std::size_t i = 0; i < column(p).size(); ++i) {
        const Record& me = r.at(p, i);
        const Op& op = column(p)[i];
        if (!me.done || me.status != would_block) continue;
        bool explained = false;
        for (int q = scenario::suffix_part; q <= last && !explained; ++q)
          for (std::size_t j = 0; q != p && j < column(q).size() && !explained; ++j)
            explained = overlaps(r.at(q, j), me) && excludes(op.kind, column(q)[j], r.at(q, j));
        if (!explained)
          return scenario::detail::because(
              "%s returned WouldBlock, but no other thread held or awaited the lock meanwhile",
              op.kind == try_read ? "try_read" : "try_write");
      }
    }
    return nullptr;
  }

  struct spec : lock_state {
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }

  static bool apply(spec& s, int, const Op& op, const Record& rec) {
    if (rec.status == would_block) return true;  // checked against the stamps in verify()
    if (!s.saw(rec)) return false;
    if (op.kind == write || op.kind == write_panic || op.kind == try_write) s.value = op.value;
    if (op.kind == write_panic) s.poisoned = true;
    if (op.kind == clear) s.poisoned = false;
    return true;
  }

  static std::string show(const Op& op) {
    switch (op.kind) {
      case read: return "read";
      case final_read: return "read (final)";
      case write: return fmt::format("write {}", op.value);
      case write_panic: return fmt::format("write {}, panic", op.value);
      case read_panic: return "read, panic";
      case try_read: return "try_read";
      case try_write: return fmt::format("try_write {}", op.value);
      case clear: return "write, clear_poison";
    }
    return "?";
  }
  static std::string show_result(const Op& op, const Record& rec) {
    if (rec.status == would_block) return "Err(WouldBlock)";
    if (op.kind == read_panic || op.kind == write_panic)
      return fmt::format("{}, panicked", acquired(rec));
    return acquired(rec);
  }
};

using B = relacy_backend;

INTERLEAVE_PROPERTY(mutex_subject<B>, "mutex/property/poison", expect::pass(),
                    "generated scenarios: linearizable against a lock of {value, poisoned}");
INTERLEAVE_PROPERTY(mutex_subject<models::forgets_to_lock_backend>,
                    "mutex/property/negative/forgets-to-lock", expect::fails_with("DATA RACE"),
                    "negative control: a mutex whose lock does nothing");
INTERLEAVE_PROPERTY(mutex_subject<models::ignores_unwinding_backend>,
                    "mutex/property/negative/guard-ignores-unwinding",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: a guard that cannot tell it is unwinding, so a panic "
                    "never poisons");
INTERLEAVE_PROPERTY(mutex_subject<models::shared_exception_state_backend>,
                    "mutex/property/negative/shared-exception-state",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: threads sharing one exception state, so a panic under one "
                    "mutex poisons a bystander mutex held meanwhile");

INTERLEAVE_PROPERTY(rwlock_subject<B>, "rwlock/property/poison", expect::pass(),
                    "generated scenarios: linearizable against a lock of {value, poisoned}; "
                    "every WouldBlock overlaps a conflicting holder");
INTERLEAVE_PROPERTY(rwlock_subject<models::faulty_backend<fault::writer_ignores_readers>>,
                    "rwlock/property/negative/writer-ignores-readers",
                    expect::fails_with("DATA RACE"),
                    "negative control: a lock that lets a writer in while a reader holds it");

}  // namespace
}  // namespace interleave::properties::mutex
