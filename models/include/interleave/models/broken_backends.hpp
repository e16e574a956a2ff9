// interleave/models/broken_backends.hpp: deliberately broken variants of the Relacy backend,
// shared by the models and the properties (models/include, target interleave_verification_support;
// not installed).
//
// A negative control runs the library's real primitive over one of these, so the defect it
// must show is a defect of a known, named kind injected at the seam, and everything else is the
// code that ships. Include after <interleave/model.hpp>.
//
// Each names the backend it breaks (`sound_backend`): a control over it then has a twin, the
// same suite over that backend, which must pass (<interleave/harness/without_faults.hpp>,
// `interleave run --prove-controls`).
#pragma once

namespace interleave::models {

// A "mutex" that forgets to lock: every guarded access races.
struct forgets_to_lock_backend : relacy_backend {
  using sound_backend = relacy_backend;
  class mutex : public relacy_backend::mutex {
   public:
    void lock(here = here::current()) {}
    bool try_lock(here = here::current()) { return true; }
    void unlock(here = here::current()) {}
  };
};

// A guard that cannot tell it is being destroyed by unwinding: a panic never poisons.
struct ignores_unwinding_backend : relacy_backend {
  using sound_backend = relacy_backend;
  static int uncaught_exceptions() noexcept { return 0; }
};

// Relacy's fibers sharing one C++ exception state, as a naive fiber backend would: a thread
// that is unwinding makes the others look as if they were unwinding too.
struct shared_exception_state_backend
    : basic_relacy_backend<detail::relacy::shared_exception_state> {
  using sound_backend = relacy_backend;
};

// The Relacy backend with logic faults compiled into the primitives (detail/fault.hpp).
template <class... Faults>
struct faulty_backend : relacy_backend {
  using sound_backend = relacy_backend;
  using faults = fault_set<Faults...>;
};

// The Relacy backend with a bounded channel's sender parking at once (backend/concept.hpp,
// channel_sender_yields): not a fault, a way to reach the parking paths. With the yields a
// sender makes first on real threads, every tree search gives the receiver its next step before
// a sender parks.
struct parking_backend : relacy_backend {
  static constexpr int channel_sender_yields = 0;
};
// A negative control's backend: parking_backend with faults (its twin runs over parking_backend).
template <class... Faults>
struct faulty_parking_backend : parking_backend {
  using sound_backend = parking_backend;
  using faults = fault_set<Faults...>;
};

// A reference count made the wrong way: the decrement relaxed instead of release, and the
// acquire fence a no-op, so the last owner's destruction is not ordered after the others' use.
struct relaxed_drop_backend : relacy_backend {
  using sound_backend = relacy_backend;
  template <class T>
  class atomic : public relacy_backend::atomic<T> {
    using base = relacy_backend::atomic<T>;

   public:
    using base::base;
    T fetch_sub(T v, std::memory_order, here l = here::current()) requires std::integral<T> {
      return base::fetch_sub(v, std::memory_order::relaxed, l);
    }
  };
  static void fence(std::memory_order o, here l = here::current()) {
    if (o != std::memory_order::acquire) relacy_backend::fence(o, l);
  }
};

// Plain memory as the hardware has it (not a fault of the library, so no sound_backend: a way
// to watch what a race in the model's own use of a type leads to): each load and store of a cell is
// indivisible, nothing orders them, and the race itself is not reported, so a model shows what an
// unsynchronized read-modify-write leads to (a lost update, then a double free or a leak) instead
// of stopping at the race. Used by the Rc models: Rc's counts are plain cells.
//
// A cell read or written after its destruction stops the execution (ACCESS TO FREED MEMORY) at
// that line. Relacy's own check of a freed rl::atomic does not stop it: the access goes on and
// returns what the freed memory holds, which depends on earlier executions, so a failure that
// followed could not be replayed.
//
// Rc's thread check is off (backend/concept.hpp, rc_thread_check): these models share an Rc
// across threads on purpose, to show what the race does, not where the misuse starts.
struct plain_memory_backend : relacy_backend {
  static constexpr bool rc_thread_check = false;
  template <class T>
  class cell : detail::relacy::noncopyable {
   public:
    cell(here l = here::current()) : cell(T{}, l) {}
    explicit cell(T v, here l = here::current()) {
      a_.store(v, rl::mo_relaxed, detail::relacy::where(detail::relacy::built_at(l)));
    }
    ~cell() { alive_ = 0; }  // kept by -fno-lifetime-dse, as Relacy's own rl::signature
    T load(here l = here::current()) const {
      check_alive(l);
      return a_.load(rl::mo_relaxed, detail::relacy::where(l));
    }
    void store(T v, here l = here::current()) {
      check_alive(l);
      a_.store(v, rl::mo_relaxed, detail::relacy::where(l));
    }

   private:
    static constexpr unsigned alive = 0x11fe71e5;
    void check_alive(here l) const {
      if (alive_ != alive)
        rl::ctx().fail_test("a cell is read or written after the memory holding it was freed",
                            rl::test_result_access_to_freed_memory, detail::relacy::where(l));
    }
    unsigned alive_ = alive;
    mutable rl::atomic<T> a_;
  };
};

// A panic, as simulated code throws it: a type that allocates nothing (see model.hpp).
struct panic {};

}  // namespace interleave::models
