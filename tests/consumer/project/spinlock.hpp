// spinlock.hpp: a user's own primitive, written once against interleave's backend concept.
//
// Spinlock: lock() spins on an exchange until it takes the flag; unlock() clears it.
// Memory ordering: unlock's release store pairs with the acquire exchange in lock(), so
// everything done under the lock happens-before the next holder's accesses.
#pragma once

#include <atomic>

#include <interleave/backend/std.hpp>

template <interleave::SyncBackend Backend = interleave::std_backend>
class Spinlock {
 public:
  void lock() {
    while (flag_.exchange(true, std::memory_order::acquire)) Backend::yield();
  }
  void unlock() { flag_.store(false, std::memory_order::release); }

 private:
  typename Backend::template atomic<bool> flag_{false};  // true while held
};
