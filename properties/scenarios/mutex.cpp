// Generated concurrent scenarios for interleave::Mutex and interleave::RwLock
// (interleave/scenario.hpp): poisoning and the try_* results, over a lock protecting one int.
//
// Every operation takes the lock and lets it go within itself (nobody holds a guard across
// operations, so a correct lock never deadlocks and a thread never re-enters a read lock: that
// hazard of a writer-preferring RwLock is rwlock/recursive-read-deadlocks, not a defect). A
// "panic" is a plain struct thrown while the guard is held and caught inside the operation. The
// prefix and suffix run the same operations sequentially; the suffix always ends with a plain
// lock that reads the value, so a poison or a value left behind by the threads is looked at.
// The operations, one struct each: on the Mutex `lock, write v`, `lock, write v, panic`,
// `try_lock`, `lock, clear_poison`, `is_poisoned`, `lock bystander, write v` and the final
// `lock, read`; on the RwLock `read`, `write v`, `write v, panic`, `read, panic`, `try_read`,
// `try_write v`, `write, clear_poison` and the final `read (final)`.
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

using models::panic;
using scenario::Op;
using scenario::Record;
using scenario::Scenario;

inline constexpr int values = 4;  // generated values are 0..3

// What a locking operation's acquisition returned; `Record::value` holds the value it read.
enum status : int { ok, poison_error, would_block };

// Generation shared by both subjects: one of `choices`, with a generated value if it is one of
// `writing`.
inline rc::Gen<Op> op(std::vector<Op> choices, std::vector<Op> writing) {
  return rc::gen::map(rc::gen::pair(rc::gen::elementOf(choices), rc::gen::inRange(0, values)),
                      [writing](std::pair<Op, int> chosen) {
                        Op op = chosen.first;
                        if (std::ranges::find(writing, op) != writing.end())
                          op.value = chosen.second;
                        return op;
                      });
}
inline rc::Gen<std::vector<Op>> op_list(int most, std::vector<Op> choices,
                                        std::vector<Op> writing) {
  return rc::gen::resize(most, rc::gen::container<std::vector<Op>>(op(choices, writing)));
}

// Prefix 0-2; two threads and an optional third, each 0-3; suffix 0-2, then `final_read`.
inline rc::Gen<Scenario> scenarios(std::vector<Op> choices, std::vector<Op> writing,
                                   Op final_read) {
  const auto part = [&](int most) { return op_list(most, choices, writing); };
  return rc::gen::map(
      rc::gen::tuple(part(2), part(3), part(3),
                     rc::gen::resize(1, rc::gen::container<std::vector<std::vector<Op>>>(part(3))),
                     part(2)),
      [final_read](std::tuple<std::vector<Op>, std::vector<Op>, std::vector<Op>,
                              std::vector<std::vector<Op>>, std::vector<Op>>
                       t) {
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
        sc.suffix.push_back(final_read);
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
std::string acquired_or_would_block(const Record& rec) {
  return rec.status == would_block ? "Err(WouldBlock)" : acquired(rec);
}

// ---- Mutex ---------------------------------------------------------------------------------

// Whether the bystander mutex ended poisoned: written as the world is destroyed, in after().
bool bystander_poisoned = false;

template <class B>
struct mutex_subject {
  using lock_type = Mutex<typename B::template cell<int>, B>;

  // `m` is the mutex under test; nobody ever panics under `bystander`, so it must never be
  // poisoned whatever the others do while it is held (a panic poisons only the mutex whose guard
  // unwinds: a backend whose threads shared one exception state would break that).
  struct world {
    lock_type m;
    lock_type bystander;
    explicit world(const Scenario&) { bystander_poisoned = false; }
    ~world() { bystander_poisoned = bystander.is_poisoned(); }  // in after(): reads the last
  };

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

  struct lock_write {
    static void run(world& w, int, int value, Record& rec) {
      auto g = admitted(w.m.lock(), rec);
      rec.value = g->load();
      g->store(value);
    }
    static bool apply(spec& s, int part, int value, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.value = value;
      s.held_by(part);
      return true;
    }
    static std::string show(int value) { return fmt::format("lock, write {}", value); }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };

  struct lock_panic {
    static void run(world& w, int, int value, Record& rec) {
      try {
        auto g = admitted(w.m.lock(), rec);
        rec.value = g->load();
        g->store(value);
        throw panic{};  // unwinds through the guard: must poison
      } catch (const panic&) {
      }
    }
    static bool apply(spec& s, int part, int value, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.value = value;
      s.poisoned = true;
      s.held_by(part);
      return true;
    }
    static std::string show(int value) { return fmt::format("lock, write {}, panic", value); }
    static std::string show_result(int, const Record& rec) {
      return fmt::format("{}, panicked", acquired(rec));
    }
  };

  // Its WouldBlock may be spurious (see the header comment).
  struct try_lock {
    static void run(world& w, int, int, Record& rec) {
      auto r = w.m.try_lock();
      if (!r && r.error().is_would_block()) return void(rec.status = would_block);
      rec.status = r ? ok : poison_error;
      auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
      rec.value = g->load();
    }
    static bool apply(spec& s, int part, int, const Record& rec) {
      if (rec.status == would_block) return true;  // spurious: anywhere
      if (!s.saw(rec)) return false;
      s.held_by(part);
      return true;
    }
    static std::string show(int) { return "try_lock"; }
    static std::string show_result(int, const Record& rec) { return acquired_or_would_block(rec); }
  };

  struct clear_poison {
    static void run(world& w, int, int, Record& rec) {
      auto g = admitted(w.m.lock(), rec);
      rec.value = g->load();
      w.m.clear_poison();  // under the lock: see the header comment
    }
    static bool apply(spec& s, int part, int, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.poisoned = false;
      s.held_by(part);
      return true;
    }
    static std::string show(int) { return "lock, clear_poison"; }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };

  // A bare relaxed load: the record's value is 1 for true.
  struct is_poisoned {
    static void run(world& w, int, int, Record& rec) {
      rec.status = ok;
      rec.value = w.m.is_poisoned() ? 1 : 0;
    }
    static bool apply(spec& s, int part, int, const Record& rec) {
      if (part == scenario::suffix_part) return rec.value == int(s.poisoned);  // all joined
      return (s.readable[scenario::records::index(part)] & (rec.value == 1 ? 2 : 1)) != 0;
    }
    static std::string show(int) { return "is_poisoned"; }
    static std::string show_result(int, const Record& rec) {
      return rec.value == 1 ? "true" : "false";
    }
  };

  struct lock_read {
    static void run(world& w, int, int, Record& rec) {
      auto g = admitted(w.m.lock(), rec);
      rec.value = g->load();
    }
    static bool apply(spec& s, int part, int, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.held_by(part);
      return true;
    }
    static std::string show(int) { return "lock, read"; }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };

  struct lock_bystander {
    static void run(world& w, int, int value, Record& rec) {
      auto g = admitted(w.bystander.lock(), rec);
      rec.value = g->load();
      g->store(value);
    }
    static bool apply(spec& s, int, int value, const Record& rec) {
      if (rec.status != ok || rec.value != s.bystander) return false;
      s.bystander = value;
      return true;
    }
    static std::string show(int value) { return fmt::format("lock bystander, write {}", value); }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };

  using ops = scenario::operations<lock_write, lock_panic, try_lock, clear_poison, is_poisoned,
                                   lock_read, lock_bystander>;
  using thread_end = scenario::no_thread_end;

  static rc::Gen<Scenario> generate() {
    return scenarios(
        {ops::make(lock_write{}), ops::make(lock_panic{}), ops::make(try_lock{}),
         ops::make(clear_poison{}), ops::make(is_poisoned{}), ops::make(lock_bystander{})},
        {ops::make(lock_write{}), ops::make(lock_panic{}), ops::make(lock_bystander{})},
        ops::make(lock_read{}));
  }

  // The rest is in the spec; mutual exclusion is the race detector's.
  static const char* verify(const Scenario&, const scenario::records&) {
    return bystander_poisoned ? "the bystander mutex, under which nobody panicked, is poisoned"
                              : nullptr;
  }
};

// ---- RwLock --------------------------------------------------------------------------------

template <class B>
struct rwlock_subject {
  using lock_type = RwLock<typename B::template cell<int>, B>;

  struct world {
    lock_type l;
    explicit world(const Scenario&) {}
  };

  struct spec : lock_state {
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }

  // A try_read or try_write. Its WouldBlock is checked against the stamps in verify().
  template <class G>
  static void tried(TryLockResult<G> r, Record& rec, int write_value) {
    if (!r && r.error().is_would_block()) return void(rec.status = would_block);
    rec.status = r ? ok : poison_error;
    auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
    rec.value = g->load();
    if constexpr (requires { g->store(0); }) g->store(write_value);
  }

  // A read lock that reads.
  struct reading {
    static void run(world& w, int, int, Record& rec) {
      auto g = admitted(w.l.read(), rec);
      rec.value = g->load();
    }
    static bool apply(spec& s, int, int, const Record& rec) { return s.saw(rec); }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };
  struct read : reading {
    static std::string show(int) { return "read"; }
  };
  // The suffix's last operation: sees what the threads left.
  struct final_read : reading {
    static std::string show(int) { return "read (final)"; }
  };

  struct read_panic {
    static void run(world& w, int, int, Record& rec) {
      try {
        auto g = admitted(w.l.read(), rec);
        rec.value = g->load();
        throw panic{};  // a read guard unwinding: must not poison
      } catch (const panic&) {
      }
    }
    static bool apply(spec& s, int, int, const Record& rec) { return s.saw(rec); }
    static std::string show(int) { return "read, panic"; }
    static std::string show_result(int, const Record& rec) {
      return fmt::format("{}, panicked", acquired(rec));
    }
  };

  struct write {
    static void run(world& w, int, int value, Record& rec) {
      auto g = admitted(w.l.write(), rec);
      rec.value = g->load();
      g->store(value);
    }
    static bool apply(spec& s, int, int value, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.value = value;
      return true;
    }
    static std::string show(int value) { return fmt::format("write {}", value); }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };

  struct write_panic {
    static void run(world& w, int, int value, Record& rec) {
      try {
        auto g = admitted(w.l.write(), rec);
        rec.value = g->load();
        g->store(value);
        throw panic{};  // a write guard unwinding: must poison
      } catch (const panic&) {
      }
    }
    static bool apply(spec& s, int, int value, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.value = value;
      s.poisoned = true;
      return true;
    }
    static std::string show(int value) { return fmt::format("write {}, panic", value); }
    static std::string show_result(int, const Record& rec) {
      return fmt::format("{}, panicked", acquired(rec));
    }
  };

  struct try_read {
    static void run(world& w, int, int, Record& rec) { tried(w.l.try_read(), rec, 0); }
    static bool apply(spec& s, int, int, const Record& rec) {
      return rec.status == would_block || s.saw(rec);
    }
    static std::string show(int) { return "try_read"; }
    static std::string show_result(int, const Record& rec) { return acquired_or_would_block(rec); }
  };

  struct try_write {
    static void run(world& w, int, int value, Record& rec) { tried(w.l.try_write(), rec, value); }
    static bool apply(spec& s, int, int value, const Record& rec) {
      if (rec.status == would_block) return true;
      if (!s.saw(rec)) return false;
      s.value = value;
      return true;
    }
    static std::string show(int value) { return fmt::format("try_write {}", value); }
    static std::string show_result(int, const Record& rec) { return acquired_or_would_block(rec); }
  };

  struct clear {
    static void run(world& w, int, int, Record& rec) {
      auto g = admitted(w.l.write(), rec);
      rec.value = g->load();
      w.l.clear_poison();  // under the write lock: see the header comment
    }
    static bool apply(spec& s, int, int, const Record& rec) {
      if (!s.saw(rec)) return false;
      s.poisoned = false;
      return true;
    }
    static std::string show(int) { return "write, clear_poison"; }
    static std::string show_result(int, const Record& rec) { return acquired(rec); }
  };

  using ops = scenario::operations<read, write, write_panic, read_panic, try_read, try_write, clear,
                                   final_read>;
  using thread_end = scenario::no_thread_end;

  static rc::Gen<Scenario> generate() {
    return scenarios(
        {ops::make(read{}), ops::make(write{}), ops::make(write_panic{}), ops::make(read_panic{}),
         ops::make(try_read{}), ops::make(try_write{}), ops::make(clear{})},
        {ops::make(write{}), ops::make(write_panic{}), ops::make(try_write{})},
        ops::make(final_read{}));
  }

  // Which operations hold (or wait for) the lock in a mode that keeps `blocked` out.
  static bool writes(const Op& op, const Record& rec) {
    return ops::is(op, write{}) || ops::is(op, write_panic{}) || ops::is(op, clear{}) ||
           (ops::is(op, try_write{}) && rec.status != would_block);
  }
  static bool excludes(const Op& blocked, const Op& other, const Record& rec) {
    if (ops::is(blocked, try_read{}))
      return writes(other, rec);       // a waiting writer keeps readers out too
    return rec.status != would_block;  // try_write: any guard at all
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
            explained = overlaps(r.at(q, j), me) && excludes(op, column(q)[j], r.at(q, j));
        if (!explained)
          return scenario::detail::because(
              "%s returned WouldBlock, but no other thread held or awaited the lock meanwhile",
              ops::is(op, try_read{}) ? "try_read" : "try_write");
      }
    }
    return nullptr;
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
