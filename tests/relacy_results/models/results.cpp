// One small model per result Relacy can give (relacy/test_result.hpp, context.hpp), each
// registered with the result it must end with, plus models that show how the harness reads
// what is not a plain defect: a model's own RL_UNTIL (kept apart from the harness's budget), and
// defects a search may or may not pass on its way to the expected one.
// tests/relacy_results/relacy_results_test.cpp runs them through the `interleave` command.
//
// INCONSISTENT TEST SUITE has a name in rl::test_result_str but nothing in this Relacy raises
// it, so no model can show it.
#include <cstddef>

#include <interleave/model.hpp>

namespace {

using interleave::expect::fails_with;
using interleave::expect::pass;

struct mutex_tag;
struct condvar_tag;
struct semaphore_tag;

// ---- one model per result ----------------------------------------------------------------

struct success : rl::test_suite<success, 2> {
  rl::atomic<int> x;
  void before() { x($).store(0, rl::mo_relaxed); }
  void thread(unsigned) { x($).fetch_add(1, rl::mo_relaxed); }
  void after() { RL_ASSERT(x($).load(rl::mo_relaxed) == 2); }
};

// RL_UNTIL ends the search at the first execution where the condition holds; the suite says so
// in its third argument, as Relacy's own tests do. Thread 1 sees 1 only when thread 0 is
// preempted between its two stores: not in the first iteration of a bound search.
template <rl::test_result_e Declared>
struct until_preempted : rl::test_suite<until_preempted<Declared>, 2, Declared> {
  rl::atomic<int> x;
  void before() { x($).store(0, rl::mo_relaxed); }
  void thread(unsigned index) {
    if (index == 0) {
      x($).store(1, rl::mo_seq_cst);
      x($).store(2, rl::mo_seq_cst);
    } else {
      RL_UNTIL(x($).load(rl::mo_seq_cst) == 1);
    }
  }
};
using until_hit = until_preempted<rl::test_result_until_condition_hit>;
using until_undeclared = until_preempted<rl::test_result_success>;

// A condition no execution meets.
struct until_never : rl::test_suite<until_never, 2, rl::test_result_until_condition_hit> {
  rl::atomic<int> x;
  void before() { x($).store(0, rl::mo_relaxed); }
  void thread(unsigned) { RL_UNTIL(x($).load(rl::mo_relaxed) == 7); }
};

struct user_assert : rl::test_suite<user_assert, 2> {
  void thread(unsigned index) { RL_ASSERT(index != 1); }
};

struct user_invariant : rl::test_suite<user_invariant, 2> {
  rl::atomic<int> x;
  void before() { x($).store(0, rl::mo_relaxed); }
  void thread(unsigned index) {
    if (index == 0) x($).store(1, rl::mo_relaxed);
  }
  void invariant() { RL_ASSERT(x($).load(rl::mo_relaxed) == 0); }
};

struct data_race : rl::test_suite<data_race, 2> {
  rl::var<int> v;
  void before() { v($) = 0; }
  void thread(unsigned index) { v($) = int(index); }
};

struct node {
  rl::var<int> v;
};
struct freed_memory : rl::test_suite<freed_memory, 2> {
  node* n = nullptr;
  void before() {
    n = new node;
    n->v($) = 1;
  }
  void thread(unsigned index) {
    if (index != 0) return;
    node* freed = n;
    delete freed;
    __asm__ volatile("" : "+r"(freed) : : "memory");
    (void)freed->v($).load();
  }
};

struct double_free : rl::test_suite<double_free, 2> {
  void thread(unsigned index) {
    if (index != 0) return;
    int* p = new int(1);
    int* volatile again = p;  // the compiler may not know it is p
    delete p;
    delete again;
  }
};

struct memory_leak : rl::test_suite<memory_leak, 2> {
  void thread(unsigned index) {
    if (index != 0) return;
    int* leaked = new int(1);
    (void)leaked;
  }
};

// An rl::atomic constructed in static storage and never destroyed: no memory leaks, the atomic
// does (Relacy counts its atomics, vars, mutexes, ... apart from memory).
alignas(rl::atomic<int>) unsigned char atomic_storage[sizeof(rl::atomic<int>)];
struct resource_leak : rl::test_suite<resource_leak, 2> {
  void thread(unsigned index) {
    if (index == 0) ::new (static_cast<void*>(atomic_storage)) rl::atomic<int>(0);
  }
};

struct uninitialized : rl::test_suite<uninitialized, 2> {
  rl::var<int> v;
  void thread(unsigned index) {
    if (index == 0) (void)v($).load();
  }
};

// Thread 1 waits for a notification nobody sends.
struct deadlock : rl::test_suite<deadlock, 2> {
  rl::mutex m;
  rl::condition_variable cv;
  void thread(unsigned index) {
    if (index != 1) return;
    m.lock($);
    cv.wait(m, $);
    m.unlock($);
  }
};

// Thread 1 spins on a flag nobody sets.
struct livelock : rl::test_suite<livelock, 2> {
  rl::atomic<int> flag;
  void before() { flag($).store(0, rl::mo_relaxed); }
  void thread(unsigned index) {
    if (index != 1) return;
    while (flag($).load(rl::mo_relaxed) == 0) rl::yield(1, $);
  }
};

struct recursion : rl::test_suite<recursion, 2> {
  rl::mutex m;
  void thread(unsigned index) {
    if (index != 0) return;
    m.lock($);
    m.lock($);
  }
};

struct unlock_unowned : rl::test_suite<unlock_unowned, 2> {
  rl::mutex m;
  void thread(unsigned index) {
    if (index == 0) m.unlock($);
  }
};

struct destroy_owned : rl::test_suite<destroy_owned, 2> {
  void thread(unsigned index) {
    if (index != 0) return;
    rl::mutex m;
    m.lock($);
  }
};

// Relacy's generic primitives (what its std, pthread and Win32 wrappers are made of) with init
// and deinit in the model's hands.
template <bool DoubleInit>
struct mutex_init : rl::test_suite<mutex_init<DoubleInit>, 2> {
  rl::generic_mutex<mutex_tag> m;
  void thread(unsigned index) {
    if (index != 0) return;
    if (DoubleInit) m.init(false, false, false, false, $);
    if (DoubleInit) m.init(false, false, false, false, $);
    m.lock_exclusive($);
  }
};

template <bool SharedFirst>
struct rw_upgrade : rl::test_suite<rw_upgrade<SharedFirst>, 2> {
  rl::generic_mutex<mutex_tag> m;
  void before() { m.init(true, false, false, false, $); }
  void thread(unsigned index) {
    if (index != 0) return;
    if (SharedFirst) {
      m.lock_shared($);
      m.lock_exclusive($);
    } else {
      m.lock_exclusive($);
      m.lock_shared($);
    }
  }
};

template <bool DoubleInit>
struct condvar_init : rl::test_suite<condvar_init<DoubleInit>, 2> {
  rl::condvar<condvar_tag> cv;
  void thread(unsigned index) {
    if (index != 0) return;
    if (DoubleInit) cv.init(false, $);
    if (DoubleInit) cv.init(false, $);
    cv.notify_one($);
  }
};

template <bool DoubleInit>
struct semaphore_init : rl::test_suite<semaphore_init<DoubleInit>, 2> {
  rl::semaphore<semaphore_tag> s;
  void thread(unsigned index) {
    if (index != 0) return;
    if (DoubleInit) s.init(false, 1, 1, $);
    if (DoubleInit) s.init(false, 1, 1, $);
    unsigned previous = 0;
    s.post(1, previous, $);
  }
};

template <bool DoubleInit>
struct event_init : rl::test_suite<event_init<DoubleInit>, 2> {
  rl::generic_event e;
  void thread(unsigned index) {
    if (index != 0) return;
    if (DoubleInit) e.init(false, false, $);
    if (DoubleInit) e.init(false, false, $);
    e.set($);
  }
};

// ---- passing other defects on the way ----------------------------------------------------

// Thread 1 leaks a box when it runs before thread 0's flag store, and races thread 0's write
// when it runs after it: a random search meets both.
struct leak_or_race : rl::test_suite<leak_or_race, 2> {
  rl::atomic<int> flag;
  rl::var<int> v;
  void before() {
    flag($).store(0, rl::mo_relaxed);
    v($) = 0;
  }
  void thread(unsigned index) {
    if (index == 0) {
      v($) = 1;
      flag($).store(1, rl::mo_relaxed);
    } else if (flag($).load(rl::mo_relaxed) == 1) {
      v($) = 2;  // not ordered after thread 0's write: the relaxed flag orders nothing
    } else {
      int* leaked = new int(0);
      (void)leaked;
    }
  }
};

interleave::harness::SearchSettings random_search() {
  interleave::harness::SearchSettings s;
  s.scheduler = interleave::harness::Scheduler::random;
  s.iterations = 1000;
  return s;
}

}  // namespace

INTERLEAVE_MODEL(success, "result/success", pass(), "nothing wrong");
INTERLEAVE_MODEL(until_hit, "result/until-condition-hit", fails_with("UNTIL CONDITION HIT"),
                 "RL_UNTIL's condition holds once thread 0 is preempted between its stores");
INTERLEAVE_MODEL(user_assert, "result/user-assert-failed", fails_with("USER ASSERT FAILED"),
                 "RL_ASSERT(false)");
INTERLEAVE_MODEL(user_invariant, "result/user-invariant-failed",
                 fails_with("USER INVARIANT FAILED"), "the invariant fails once thread 0 stores");
INTERLEAVE_MODEL(data_race, "result/data-race", fails_with("DATA RACE"), "two unordered writes");
INTERLEAVE_MODEL(freed_memory, "result/access-to-freed-memory",
                 fails_with("ACCESS TO FREED MEMORY"), "a read after delete");
INTERLEAVE_MODEL(double_free, "result/double-free", fails_with("DOUBLE FREE"), "delete twice");
INTERLEAVE_MODEL(memory_leak, "result/memory-leak", fails_with("MEMORY LEAK"), "new, no delete");
INTERLEAVE_MODEL(resource_leak, "result/resource-leak", fails_with("RESOURCE LEAK"),
                 "an atomic never destroyed");
INTERLEAVE_MODEL(uninitialized, "result/access-to-uninitialized-variable",
                 fails_with("ACCESS TO UNINITIALIZED VARIABLE"), "a load before any store");
INTERLEAVE_MODEL(deadlock, "result/deadlock", fails_with("DEADLOCK"), "a wait nobody ends");
INTERLEAVE_MODEL(livelock, "result/livelock", fails_with("LIVELOCK"), "a spin nobody ends");
INTERLEAVE_MODEL(recursion, "result/recursion-on-non-recursive-mutex",
                 fails_with("RECURSION ON NON-RECURSIVE MUTEX"), "lock twice");
INTERLEAVE_MODEL(unlock_unowned, "result/unlocking-mutex-without-ownership",
                 fails_with("UNLOCKING MUTEX W/O OWNERSHIP"), "unlock, never locked");
INTERLEAVE_MODEL(destroy_owned, "result/destroying-owned-mutex",
                 fails_with("DESTROYING OWNED MUTEX"), "a locked mutex destroyed");
INTERLEAVE_MODEL(mutex_init<true>, "result/double-initialization-of-mutex",
                 fails_with("DOUBLE INITIALIZATION OF MUTEX"), "init twice");
INTERLEAVE_MODEL(mutex_init<false>, "result/usage-of-non-initialized-mutex",
                 fails_with("USAGE OF NON INITIALIZED MUTEX"), "lock, never initialized");
INTERLEAVE_MODEL(rw_upgrade<false>, "result/upgrade-exclusive-to-shared",
                 fails_with("ATTEMPT TO UPGRADE EXCLUSIVE MUTEX OWNERSHIP TO SHARED"),
                 "a writer takes the read lock too");
INTERLEAVE_MODEL(rw_upgrade<true>, "result/upgrade-shared-to-exclusive",
                 fails_with("ATTEMPT TO UPGRADE SHARED MUTEX OWNERSHIP TO EXCLUSIVE"),
                 "a reader takes the write lock too");
INTERLEAVE_MODEL(condvar_init<true>, "result/double-initialization-of-condition-variable",
                 fails_with("DOUBLE INITIALIZATION OF CONDITION VARIABLE"), "init twice");
INTERLEAVE_MODEL(condvar_init<false>, "result/usage-of-non-initialized-condition-variable",
                 fails_with("USAGE OF NON INITIALIZED CONDITION VARIABLE"),
                 "notify, never initialized");
INTERLEAVE_MODEL(semaphore_init<true>, "result/double-initialization-of-semaphore",
                 fails_with("DOUBLE INITIALIZATION OF SEMAPHORE"), "init twice");
INTERLEAVE_MODEL(semaphore_init<false>, "result/usage-of-non-initialized-semaphore",
                 fails_with("USAGE OF NON INITIALIZED SEMAPHORE"), "post, never initialized");
INTERLEAVE_MODEL(event_init<true>, "result/double-initialization-of-event",
                 fails_with("DOUBLE INITIALIZATION OF EVENT"), "init twice");
INTERLEAVE_MODEL(event_init<false>, "result/usage-of-non-initialized-event",
                 fails_with("USAGE OF NON INITIALIZED EVENT"), "set, never initialized");

// Not what they seem: each is registered so that the harness must not read it as a pass.
INTERLEAVE_MODEL(until_never, "misread/until-never-hit", fails_with("UNTIL CONDITION HIT"),
                 "RL_UNTIL's condition never holds: not a pass, as Relacy counts it");
INTERLEAVE_MODEL(until_undeclared, "misread/until-hit-registered-as-pass", pass(),
                 "RL_UNTIL's condition holds in a model registered to pass: a fail, not a budget");
INTERLEAVE_MODEL(leak_or_race, "misread/other-defect-first", fails_with("DATA RACE"),
                 "a search for the race meets a leak first and may not pass it", random_search());
INTERLEAVE_MODEL(leak_or_race, "passing/leak-on-the-way-to-race",
                 fails_with("DATA RACE", {"MEMORY LEAK"}),
                 "the same search, allowed to pass the leak", random_search());
