// models/broken_backends.hpp: deliberately broken variants of the Relacy backend.
//
// A negative control runs the library's real primitive over one of these, so the defect it
// must show is a defect of a known, named kind injected at the seam, and everything else is the
// code that ships. Include after <interleave/model.hpp>.
#pragma once

namespace interleave::models {

// A "mutex" that forgets to lock: every guarded access races.
struct forgets_to_lock_backend : relacy_backend {
  class mutex : public relacy_backend::mutex {
   public:
    void lock(here = here::current()) {}
    bool try_lock(here = here::current()) { return true; }
    void unlock(here = here::current()) {}
  };
};

// A guard that cannot tell it is being destroyed by unwinding: a panic never poisons.
struct ignores_unwinding_backend : relacy_backend {
  static int uncaught_exceptions() noexcept { return 0; }
};

// Relacy's fibers sharing one C++ exception state, as a naive fiber backend would: a thread
// that is unwinding makes the others look as if they were unwinding too.
using shared_exception_state_backend =
    basic_relacy_backend<detail::relacy::shared_exception_state>;

// A panic, as simulated code throws it: a type that allocates nothing (see model.hpp).
struct panic {};

}  // namespace interleave::models
