// tests/lib/lock_probe.hpp: observe a Mutex from another thread; lock it whatever its poison.
//
// std::mutex::try_lock from the thread that already owns the mutex is undefined behaviour, so
// every "is it held right now?" question a test asks is asked from a fresh std::thread (a plain
// one: these probes must not depend on interleave::thread, which has tests of its own).
#pragma once

#include <ostream>
#include <thread>
#include <utility>

#include <interleave/mutex.hpp>

namespace interleave_test {

enum class Probe { Acquired, WouldBlock, Poisoned };

inline std::ostream& operator<<(std::ostream& os, Probe p) {
  switch (p) {
    case Probe::Acquired: return os << "Acquired";
    case Probe::WouldBlock: return os << "WouldBlock";
    case Probe::Poisoned: return os << "Poisoned";
  }
  return os << "Probe(?)";
}

// What try_lock() reports on another thread right now. A guard it obtains is dropped at once,
// normally, so probing never changes the poison flag.
template <class T, class B>
Probe try_lock_from_another_thread(interleave::Mutex<T, B>& m) {
  Probe seen = Probe::Acquired;
  std::thread probe([&] {
    auto r = m.try_lock();
    if (r) {
      seen = Probe::Acquired;
    } else {
      seen = r.error().is_would_block() ? Probe::WouldBlock : Probe::Poisoned;
    }
  });
  probe.join();
  return seen;
}

// lock(), recovering the guard from the PoisonError if there is one.
template <class T, class B>
interleave::MutexGuard<T, B> lock_anyway(interleave::Mutex<T, B>& m) {
  auto r = m.lock();
  return r ? std::move(*r) : std::move(r.error()).into_inner();
}

}  // namespace interleave_test
