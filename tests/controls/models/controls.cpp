// An `interleave` program of negative controls of every kind, for tests/controls: a control
// whose fault is the cause of its defect (its twin passes), a control whose "fault" is in
// fact in the sound code too (its twin fails: the claim it makes is false), a demonstration of
// a bug in the model's own code (no twin), and an item expected to pass. Also a model that
// starts more threads than its suite declares.
#include <optional>

#include <interleave/mutex.hpp>
#include <interleave/thread.hpp>
#include <interleave/model.hpp>

namespace controls {

using interleave::relacy_backend;

// A mutex that does not lock, declared as a broken variant of relacy_backend.
struct no_lock_backend : relacy_backend {
  using sound_backend = relacy_backend;
  class mutex : public relacy_backend::mutex {
   public:
    void lock(here = here::current()) {}
    bool try_lock(here = here::current()) { return true; }
    void unlock(here = here::current()) {}
  };
};

// Two threads add under the lock: correct over the sound backend, a DATA RACE without the lock.
template <class B>
struct counted_under_lock : rl::test_suite<counted_under_lock<B>, 2> {
  std::optional<interleave::Mutex<typename B::template cell<int>, B>> counter;
  void before() { counter.emplace(); }
  void thread(unsigned) {
    auto g = *counter->lock();
    g->store(g->load() + 1);
  }
};

// The same, except that the model also reads the counter without the lock: a race whatever
// the backend, so a control over the broken backend fails for a reason its fault is not.
template <class B>
struct also_reads_unlocked : rl::test_suite<also_reads_unlocked<B>, 2> {
  std::optional<interleave::Mutex<typename B::template cell<int>, B>> counter;
  typename B::template cell<int>* raw = nullptr;
  void before() {
    counter.emplace();
    raw = &**counter->lock();
  }
  void thread(unsigned index) {
    if (index == 0) {
      auto g = *counter->lock();
      g->store(g->load() + 1);
    } else {
      (void)raw->load();  // the model's own bug
    }
  }
};

// A race in the model's own code, over the sound backend: a demonstration, no twin.
struct unlocked_counter : rl::test_suite<unlocked_counter, 2> {
  relacy_backend::cell<int> counter;
  void thread(unsigned) { counter.store(counter.load() + 1); }
};

// Starts three threads where the suite declares two.
struct starts_more_threads_than_declared : rl::test_suite<starts_more_threads_than_declared, 1> {
  static constexpr rl::thread_id_t dynamic_thread_count = 2;
  void thread(unsigned) {
    auto a = interleave::thread::spawn<relacy_backend>([] {});
    auto b = interleave::thread::spawn<relacy_backend>([] {});
    auto c = interleave::thread::spawn<relacy_backend>([] {});
  }
};

}  // namespace controls

using namespace interleave;

INTERLEAVE_MODEL(controls::counted_under_lock<relacy_backend>, "controls/passes", expect::pass(),
                 "two threads count under the lock");
INTERLEAVE_MODEL(controls::counted_under_lock<controls::no_lock_backend>,
                 "controls/negative/fault-is-the-cause", expect::fails_with("DATA RACE"),
                 "a mutex that does not lock: the race is the fault's");
INTERLEAVE_MODEL(controls::also_reads_unlocked<controls::no_lock_backend>,
                 "controls/negative/fault-in-the-sound-code-too", expect::fails_with("DATA RACE"),
                 "a mutex that does not lock, in a model that races anyway: the twin fails");
INTERLEAVE_MODEL(controls::unlocked_counter, "controls/demonstration",
                 expect::fails_with("DATA RACE"), "a race in the model's own code");
INTERLEAVE_MODEL(controls::starts_more_threads_than_declared, "threads/more-than-declared",
                 expect::pass(), "starts three threads where it declares two");
