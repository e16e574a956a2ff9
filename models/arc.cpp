// Models of interleave::Arc and Weak: concurrent clone/drop frees exactly once and never leaks;
// the last drop sees every write made through other handles; Weak::upgrade racing the last drop
// never resurrects. Each runs a context-bound search at bound 3 and a random search of 100,000
// iterations. Negative controls: the drop made relaxed with no acquire fence (DATA RACE on the
// payload in the destructor), an upgrade that increments from zero (the value destroyed twice:
// DOUBLE FREE of its box), and a block freed with the value while a Weak remains (ACCESS TO
// FREED MEMORY). get_mut() is checked against upgrades, a Weak's drop, a downgrade and a plain
// clone's drop; an upgrade against a handle's earlier writes. Controls: a relaxed upgrade (DATA
// RACE) and a get_mut that loses a racing downgrade (ACCESS TO FREED MEMORY). The models whose
// orderings show only in stale reads run a random search (`/random`): the tree searches read
// the latest store.
#include <optional>

#include <interleave/arc.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::models {
namespace {

constexpr int threads = 3;

// One cell per thread, each written only by its own thread through its own handle; the
// destructor, run by whichever thread drops last, reads all of them. Without the release
// decrements and the acquire fence, those reads race with the other threads' writes.
template <class B>
struct slots {
  typename B::template cell<int> slot[threads];
  ~slots() {
    int sum = 0;
    for (auto& s : slot) sum += s.load();
    RL_ASSERT(sum >= 0);
  }
};

// Each thread is handed a clone; it clones its own handle again (the shared count is
// incremented concurrently), writes its slot, and drops both. Relacy's heap checks that the
// block is freed once (DOUBLE FREE otherwise) and at all (MEMORY LEAK otherwise).
template <class B>
struct clone_drop_frees_once : rl::test_suite<clone_drop_frees_once<B>, threads> {
  std::optional<Arc<slots<B>, B>> handle[threads];

  void before() {
    auto first = make_arc<slots<B>, B>();
    for (auto& h : handle) h.emplace(first);
  }
  void thread(unsigned index) {
    auto extra = *handle[index];  // concurrent clone
    extra->slot[index].store(int(index) + 1);
    handle[index].reset();  // concurrent drops; the last one runs ~slots
  }
};

// A value that owns a box on Relacy's heap through a raw pointer, freed and not nulled by its
// destructor: destroyed twice, it frees the box twice (DOUBLE FREE) in every build type.
// (std::unique_ptr nulls its pointer after the delete, a store that -O2 removes and Debug keeps:
// with it a second destruction would free nothing in Debug.)
struct boxed : detail::relacy::noncopyable {  // (`= delete` is Relacy's macro here)
  int* box;
  explicit boxed(int v) : box(new int(v)) {}
  ~boxed() { delete box; }
};

// The owner drops the only Arc while another thread upgrades a Weak: the upgrade either fails
// (the value is gone) or succeeds and then the value is alive and whole until that Arc drops.
// A value destroyed twice (a resurrection) frees its box twice.
template <class B>
struct upgrade_never_resurrects : rl::test_suite<upgrade_never_resurrects<B>, 2> {
  std::optional<Arc<boxed, B>> owner;
  std::optional<Weak<boxed, B>> weak;

  void before() {
    owner.emplace(make_arc<boxed, B>(7));
    weak.emplace(owner->downgrade());
  }
  void thread(unsigned index) {
    if (index == 0) {
      owner.reset();
      return;
    }
    if (auto up = weak->upgrade()) RL_ASSERT(*(*up)->box == 7);
    weak.reset();
  }
};

// A value written through a handle (its owner knows no other handle reads at that moment).
template <class B>
struct written {
  typename B::template cell<int> v{0};
};

// Weak::upgrade acquires: what a handle wrote before it was dropped happens-before the upgraded
// Arc's reads. Thread 0 writes through its clone and drops it; thread 1 upgrades and reads only
// when the count shows that drop came first (a third handle, the test's, keeps the value alive;
// the count is read relaxed, so only the upgrade orders the write before the read).
// An upgrade that does not acquire races the write (DATA RACE; stale reads: random search).
template <class B>
struct upgrade_sees_dropped_writes : rl::test_suite<upgrade_sees_dropped_writes<B>, 2> {
  std::optional<Arc<written<B>, B>> kept, writer;
  std::optional<Weak<written<B>, B>> weak;

  void before() {
    kept.emplace(make_arc<written<B>, B>());
    writer.emplace(*kept);
    weak.emplace(kept->downgrade());
  }
  void thread(unsigned index) {
    if (index == 0) {
      (*writer)->v.store(1);
      writer.reset();
      return;
    }
    if (weak->strong_count() == 1) {  // the writer's drop came first: only `kept` is left
      auto up = weak->upgrade();      // reads that drop's decrement, or a later count
      RL_ASSERT(up.has_value() && (*up)->v.load() == 1);
    }
    weak.reset();
  }
  void after() { kept.reset(); }
};

// get_mut() against the other handles' traffic. Thread 1 holds a Weak and a clone: it upgrades
// the Weak, drops the Weak, reads through the upgraded Arc, then downgrades its clone and drops
// everything; thread 2 reads through a clone and drops it. Thread 0 asks get_mut() meanwhile
// and writes when it gets the value. It must get
// null while thread 1 holds any handle (else its write races thread 1's read: DATA RACE), a
// downgrade that races the check must keep its count (else the block is freed under the last
// Arc: ACCESS TO FREED MEMORY), and once thread 1 is done get_mut() must succeed (a check that
// fails spuriously would say "shared" of a unique Arc).
template <class B>
struct get_mut_only_when_unique : rl::test_suite<get_mut_only_when_unique<B>, 3> {
  std::optional<Arc<written<B>, B>> owner, other, reader;
  std::optional<Weak<written<B>, B>> weak;

  void before() {
    owner.emplace(make_arc<written<B>, B>());
    other.emplace(*owner);
    reader.emplace(*owner);
    weak.emplace(owner->downgrade());
  }
  void thread(unsigned index) {
    if (index == 0) {
      if (written<B>* p = owner->get_mut()) p->v.store(2);
      return;
    }
    if (index == 2) {  // a plain clone: only the strong count orders its read before the write
      (void)(*reader)->v.load();
      reader.reset();
      return;
    }
    auto up = weak->upgrade();
    weak.reset();
    if (up) (void)(*up)->v.load();
    up.reset();
    Weak<written<B>, B> w = other->downgrade();
    other.reset();  // then w drops: the block outlives it only if its count was kept
  }
  void after() {
    RL_ASSERT(owner->get_mut() != nullptr);  // the only handle left
    owner.reset();
  }
};

// get_mut() after a Weak upgraded and was dropped: the lock of the weak count acquires that
// drop, so the upgrade's increment is seen and get_mut() says "shared" while the upgraded Arc
// reads (else thread 0's write races thread 1's read: DATA RACE; a stale count: random search).
template <class B>
struct get_mut_sees_upgrade : rl::test_suite<get_mut_sees_upgrade<B>, 2> {
  std::optional<Arc<written<B>, B>> owner;
  std::optional<Weak<written<B>, B>> weak;

  void before() {
    owner.emplace(make_arc<written<B>, B>());
    weak.emplace(owner->downgrade());
  }
  void thread(unsigned index) {
    if (index == 0) {
      if (written<B>* p = owner->get_mut()) p->v.store(2);
      return;
    }
    auto up = weak->upgrade();
    weak.reset();
    if (up) (void)(*up)->v.load();
  }
};

harness::SearchSettings bound3() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::bound;
  s.context_bound = 3;
  s.iterations = 2000000;
  return s;
}
harness::SearchSettings random100k() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::random;
  s.iterations = 100000;
  return s;
}

using B = relacy_backend;

}  // namespace

INTERLEAVE_MODEL(clone_drop_frees_once<B>, "arc/clone-drop-frees-once", expect::pass(),
                 "3 threads clone and drop concurrently; the value is destroyed and the block "
                 "freed exactly once, "
                 "and the destructor sees every thread's write",
                 bound3());
INTERLEAVE_MODEL(clone_drop_frees_once<B>, "arc/clone-drop-frees-once/random", expect::pass(),
                 "the same, random search", random100k());
INTERLEAVE_MODEL(
    upgrade_never_resurrects<B>, "arc/upgrade-never-resurrects", expect::pass(),
    "Weak::upgrade racing the last drop either fails or gets a live value; never a freed one",
    bound3());
INTERLEAVE_MODEL(upgrade_never_resurrects<B>, "arc/upgrade-never-resurrects/random", expect::pass(),
                 "the same, random search", random100k());

INTERLEAVE_MODEL(upgrade_sees_dropped_writes<B>, "arc/upgrade-sees-dropped-writes/random",
                 expect::pass(),
                 "a handle writes and drops; an upgrade after that drop (the count shows it) "
                 "reads the write, ordered by the upgrade's acquire",
                 random100k());
INTERLEAVE_MODEL(get_mut_only_when_unique<B>, "arc/get-mut-only-when-unique", expect::pass(),
                 "get_mut races an upgrade, a Weak's drop and a downgrade: null while another "
                 "handle exists, no count lost, and the value once the others are gone",
                 bound3());
INTERLEAVE_MODEL(get_mut_sees_upgrade<B>, "arc/get-mut-sees-upgrade/random", expect::pass(),
                 "a Weak upgrades and is dropped while get_mut runs: get_mut sees the upgraded "
                 "Arc and gives no access while it reads",
                 random100k());
INTERLEAVE_MODEL(get_mut_only_when_unique<B>, "arc/get-mut-only-when-unique/random", expect::pass(),
                 "the same, random search", random100k());

INTERLEAVE_MODEL(clone_drop_frees_once<relaxed_drop_backend>,
                 "arc/negative/relaxed-drop-without-fence", expect::fails_with("DATA RACE"),
                 "negative control: relaxed decrement, no acquire fence: the destructor races the "
                 "other threads' writes",
                 bound3());
INTERLEAVE_MODEL(
    upgrade_never_resurrects<faulty_backend<fault::upgrade_ignores_zero>>,
    "arc/negative/upgrade-ignores-zero", expect::fails_with("DOUBLE FREE"),
    "negative control: an upgrade that increments from zero resurrects a destroyed value, "
    "which is then destroyed (and its heap memory freed) a second time",
    random100k());
INTERLEAVE_MODEL(upgrade_sees_dropped_writes<faulty_backend<fault::upgrade_without_acquire>>,
                 "arc/negative/upgrade-without-acquire", expect::fails_with("DATA RACE"),
                 "negative control: a relaxed upgrade: the upgraded Arc's read races what a "
                 "dropped handle wrote",
                 random100k());
INTERLEAVE_MODEL(get_mut_only_when_unique<faulty_backend<fault::unique_check_loses_downgrade>>,
                 "arc/negative/unique-check-loses-downgrade",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control: get_mut locks the weak count with a load and a store; a "
                 "racing downgrade is lost and its Weak frees the block under the last Arc",
                 bound3());
INTERLEAVE_MODEL(get_mut_only_when_unique<faulty_backend<fault::unique_check_loses_downgrade>>,
                 "arc/negative/unique-check-loses-downgrade/random",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control of the random search: the same fault", random100k());
INTERLEAVE_MODEL(get_mut_sees_upgrade<faulty_backend<fault::unique_lock_without_acquire>>,
                 "arc/negative/unique-lock-without-acquire", expect::fails_with("DATA RACE"),
                 "negative control: get_mut locks the weak count relaxed, misses an upgrade made "
                 "through a Weak dropped since, and writes while the upgraded Arc reads",
                 random100k());
INTERLEAVE_MODEL(
    upgrade_never_resurrects<faulty_backend<fault::block_freed_with_value>>,
    "arc/negative/block-freed-with-value", expect::fails_with("ACCESS TO FREED MEMORY"),
    "negative control: the block is freed with the value, and the Weak still reads its counts",
    bound3());

}  // namespace interleave::models
