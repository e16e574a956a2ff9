// Models of interleave::Arc and Weak: concurrent clone/drop frees exactly once and never leaks;
// the last drop sees every write made through other handles; Weak::upgrade racing the last drop
// never resurrects. Each runs a context-bound search at bound 3 and a random search of 100,000
// iterations. Negative controls: the drop made relaxed with no acquire fence (DATA RACE on the
// payload in the destructor), an upgrade that increments from zero (the value destroyed twice:
// DOUBLE FREE of its box), and a block freed with the value while a Weak remains (ACCESS TO
// FREED MEMORY).
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
INTERLEAVE_MODEL(
    upgrade_never_resurrects<faulty_backend<fault::block_freed_with_value>>,
    "arc/negative/block-freed-with-value", expect::fails_with("ACCESS TO FREED MEMORY"),
    "negative control: the block is freed with the value, and the Weak still reads its counts",
    bound3());

}  // namespace interleave::models
