// RapidCheck state machine for Mutex<int> on the real backend: any sequence of lock, panic
// under the lock, try_lock, clear_poison, write and read leaves the mutex exactly as poisoned,
// and holding exactly the value, that a two-field model says it should.
//
// Conventions of rapidcheck/test/state/: one small immutable command struct per operation,
// each with show(); the model type is Model, the system under test is Sut.
//
// Negative control: the same commands run against a Mutex whose backend cannot tell that a
// guard is being destroyed by unwinding (uncaught_exceptions() is always 0), so a panic never
// poisons. The property must fail there, or it proves nothing.
#include <interleave/mutex.hpp>

#include <ostream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

namespace mutex_state_machine_test {

// The real backend, except that a guard never sees an exception in flight: no panic poisons.
struct never_poisons_backend : interleave::std_backend {
  static int uncaught_exceptions() noexcept { return 0; }
};
static_assert(interleave::SyncBackend<never_poisons_backend>);

struct Model {
  int value = 0;
  bool poisoned = false;
};

template <class Backend>
struct BasicSut {
  interleave::Mutex<int, Backend> mutex;
};
using Sut = BasicSut<interleave::std_backend>;
using NeverPoisonsSut = BasicSut<never_poisons_backend>;

// The exception LockAndPanic throws under the lock.
struct Panic : std::runtime_error {
  Panic() : std::runtime_error("panic under the lock") {}
};

template <class S>
using MutexCommand = rc::state::Command<Model, S>;

// lock(): reports poison exactly as the model says; the guard is recovered either way and
// reaches the current value.
template <class S>
struct Lock : MutexCommand<S> {
  void run(const Model& s0, S& sut) const override {
    auto r = sut.mutex.lock();
    RC_ASSERT(r.has_value() == !s0.poisoned);
    auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
    RC_ASSERT(*g == s0.value);
  }
  void show(std::ostream& os) const override { os << "Lock"; }
};

// Locks, writes v, and throws inside the guard's scope; the exception is caught outside it.
template <class S>
struct LockAndPanic : MutexCommand<S> {
  int v = *rc::gen::inRange(-100, 100);

  void apply(Model& s0) const override {
    s0.value = v;  // the write before the panic stays, as in Rust
    s0.poisoned = true;
  }
  void run(const Model&, S& sut) const override {
    bool caught = false;
    try {
      auto r = sut.mutex.lock();
      auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
      *g = v;
      throw Panic();
    } catch (const Panic&) {
      caught = true;
    }
    RC_ASSERT(caught);
  }
  void show(std::ostream& os) const override { os << "LockAndPanic(" << v << ")"; }
};

// try_lock() with nobody else holding the lock: succeeds, or is Poisoned; never WouldBlock.
template <class S>
struct TryLock : MutexCommand<S> {
  void run(const Model& s0, S& sut) const override {
    auto r = sut.mutex.try_lock();
    if (r) {
      RC_ASSERT(!s0.poisoned);
      RC_ASSERT(**r == s0.value);
      return;
    }
    RC_ASSERT(!r.error().is_would_block());
    RC_ASSERT(r.error().is_poisoned());
    RC_ASSERT(s0.poisoned);
    auto g = std::move(r.error()).into_inner();
    RC_ASSERT(*g == s0.value);
  }
  void show(std::ostream& os) const override { os << "TryLock"; }
};

template <class S>
struct ClearPoison : MutexCommand<S> {
  void apply(Model& s0) const override { s0.poisoned = false; }
  void run(const Model&, S& sut) const override {
    sut.mutex.clear_poison();
    RC_ASSERT(!sut.mutex.is_poisoned());
  }
  void show(std::ostream& os) const override { os << "ClearPoison"; }
};

// Locks, recovering from poison, and writes v; the guard is dropped normally.
template <class S>
struct WriteValue : MutexCommand<S> {
  int v = *rc::gen::inRange(-100, 100);

  void apply(Model& s0) const override { s0.value = v; }
  void run(const Model&, S& sut) const override {
    auto r = sut.mutex.lock();
    auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
    *g = v;
  }
  void show(std::ostream& os) const override { os << "WriteValue(" << v << ")"; }
};

// Locks, recovering from poison, and compares the value with the model's.
template <class S>
struct ReadValue : MutexCommand<S> {
  void run(const Model& s0, S& sut) const override {
    auto r = sut.mutex.lock();
    auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
    RC_ASSERT(*g == s0.value);
  }
  void show(std::ostream& os) const override { os << "ReadValue"; }
};

template <class S>
struct IsPoisoned : MutexCommand<S> {
  void run(const Model& s0, S& sut) const override {
    RC_ASSERT(sut.mutex.is_poisoned() == s0.poisoned);
  }
  void show(std::ostream& os) const override { os << "IsPoisoned"; }
};

// One run of the state machine against a fresh S.
template <class S>
void mutex_behaves_like_the_model() {
  Model s0;
  S sut;
  rc::state::check(
      s0, sut,
      rc::state::gen::execOneOfWithArgs<Lock<S>, LockAndPanic<S>, TryLock<S>, ClearPoison<S>,
                                        WriteValue<S>, ReadValue<S>, IsPoisoned<S>>());
}

RC_GTEST_PROP(MutexStateMachine, mutex_poisons_clears_and_keeps_its_value_as_the_model_says, ()) {
  mutex_behaves_like_the_model<Sut>();
}

TEST(MutexStateMachine, negative_control_a_backend_that_never_poisons_is_caught) {
  // rc::check prints its report (the shrunk counterexample) to stderr and returns false when
  // the property failed. No description: an unnamed property is left out of RapidCheck's
  // "Some of your RapidCheck properties had failures" summary at exit, which would otherwise
  // make a passing run look like a failing one.
  testing::internal::CaptureStderr();
  const bool passed = rc::check([] { mutex_behaves_like_the_model<NeverPoisonsSut>(); });
  const std::string report = testing::internal::GetCapturedStderr();
  EXPECT_FALSE(passed) << report;
  // The counterexample has to involve a panic under the lock: nothing else can poison.
  EXPECT_NE(report.find("LockAndPanic"), std::string::npos) << report;
}

}  // namespace mutex_state_machine_test
