// interleave/detail/fault.hpp: compile-time fault injection, for negative controls only.
//
// A negative control must run the library's real code with one named defect in it. Most
// defects are injected at the backend seam (a mutex that does not lock, a fence that does
// nothing); a few are logic defects inside a primitive (a receiver that reports disconnection
// before draining). For those, the primitive marks the exact spot with
//
//   if constexpr (detail::injects<Backend, fault::disconnect_before_drain>) { ...broken... }
//
// and a backend used by a negative control opts in with `using faults = fault_set<...>;`.
// The std and Relacy backends declare no faults, so the broken branch is discarded at compile
// time and shipped code is unchanged. Every fault point says which model proves it is caught.
#pragma once

#include <type_traits>

namespace interleave {

template <class... Faults>
struct fault_set {
  template <class F>
  static constexpr bool contains = (std::is_same_v<F, Faults> || ...);
};

// The names of the faults primitives can inject. Each is a tag type.
namespace fault {
struct lost_notify;              // a channel send path skips waking a waiting receiver
struct disconnect_before_drain;  // a receiver reports disconnection with values still buffered
struct unlocked_sender_count;    // dropping a sender updates the count without the lock
struct writer_ignores_readers;   // an RwLock lets a writer in while readers hold the lock
// an RwLock lets new readers in past a queued writer (no writer preference)
struct readers_overtake_writers;
struct upgrade_ignores_zero;     // Weak::upgrade increments the strong count even from zero
struct block_freed_with_value;   // an Arc/Rc block is freed with the value, while Weaks remain
struct upgrade_without_acquire;  // Weak::upgrade's increment orders nothing (relaxed)
// Arc::get_mut locks the weak count with a load and a store, losing a downgrade between them
struct unique_check_loses_downgrade;
// Arc::get_mut locks the weak count relaxed: an upgrade made through a Weak dropped since may
// be missed
struct unique_lock_without_acquire;
struct last_sender_frees;    // the last sender frees a channel's state, receiver or not
struct notify_after_unlock;  // the last sender wakes the receiver after unlocking, not before
// a lock-free flavor's receive reports Empty or Timeout while a sender's claim at the head is
// still being written (it does not wait for the write, as Rust's channel does)
struct empty_while_claimed;

// <interleave/thread.hpp>
struct scope_skips_join;  // a scope returns without joining its threads (detaches them)

// Condvar (condvar.hpp). Each is shown caught by a model in models/condvar.cpp and, but
// timeout_skips_recheck, by a generated scenario in properties/scenarios/condvar.cpp.
struct notify_one_wakes_nobody;   // Condvar::notify_one returns without waking a waiter
struct notify_all_wakes_nobody;   // Condvar::notify_all returns without waking any waiter
struct wait_while_skips_recheck;  // wait_while returns after one wake-up, predicate unchecked
struct wait_ignores_poison;       // a wait returns Ok although the mutex is poisoned
struct timeout_skips_recheck;     // wait_timeout_while reports a timeout, predicate unchecked

// Channel flavors' own paths (mpsc/bounded.hpp, mpsc/rendezvous.hpp, mpsc/unbounded.hpp);
// models in models/channel.cpp, most also as generated scenarios in
// properties/scenarios/channel.cpp.
struct full_sender_not_woken;  // bounded: a freed slot does not wake a sender parked on a full ring
struct ring_one_slot_too_many;  // bounded: the ring is allocated with capacity + 1 slots
// bounded: try_send loads the stamp acquire only, and may say Full from a stale stamp
struct full_verdict_from_stale_stamp;
// rendezvous: send puts its value in the slot when it is free and returns, as into a buffer
struct send_returns_before_taken;
// rendezvous: taking the value does not wake the sender that waits for it (a lost wake-up)
struct handoff_owner_not_woken;
// rendezvous: the receiver's drop wakes waiting senders after unlocking
struct owner_notified_after_unlock;
// rendezvous: a sender links its offer before moving its value in (an offer read before ready)
struct offer_linked_before_ready;
// rendezvous: a sender that finds the receiver gone withdraws its offer even when the receiver
// took it first (a waiter removed twice)
struct offer_withdrawn_after_taken;
// unbounded: the tail index passes a block's end before its successor is set
struct tail_index_before_block;
// unbounded: a recycled block is handed to the next installer relaxed
struct spare_handed_over_relaxed;
// unbounded: the install moves the index past the sentinel with a load and a store, so a
// receiver's mark set between them is lost
struct install_loses_mark;
// bounded, rendezvous: the receiver's drop wakes one of the senders waiting for room, not all
struct receiver_drop_wakes_one_sender;
// bounded: a sender that gives its claim back (its move threw) does not wake a parked sender
struct given_back_claim_wakes_nobody;
// bounded: a hole skipped under the receiver's lock wakes a parked sender by locking again
struct hole_skip_relocks;
}  // namespace fault

namespace detail {

template <class Backend, class Fault>
constexpr bool injects_impl() {
  if constexpr (requires { typename Backend::faults; })
    return Backend::faults::template contains<Fault>;
  else
    return false;
}

template <class Backend, class Fault>
inline constexpr bool injects = injects_impl<Backend, Fault>();

}  // namespace detail
}  // namespace interleave
