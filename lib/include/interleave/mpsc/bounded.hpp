// interleave/mpsc/bounded.hpp: the bounded flavor, behind mpsc::sync_channel<T>(n), n > 0
// (internal).
//
// Algorithm: a lock-free ring of n slots with a stamp per slot: Dmitry Vyukov's bounded MPMC
// queue as crossbeam-channel's "array" flavor writes it (crossbeam-channel/src/flavors/
// array.rs), cut down to one consumer. Positions are `lap | index` words: the index in the low
// bits, below the disconnection `mark_` bit, and the lap count above it (`one_lap_` is the lowest
// lap bit). A slot's stamp says whose turn it is: stamp == t means "free for the sender that
// claims position t", stamp == t + 1 "holds the value of position t". A sender claims position
// t with a CAS on `tail_` when the stamp says the slot is free, moves its value in, and
// publishes it by storing stamp t + 1 (a seq_cst store). The receiver, the only reader,
// waits for stamp head + 1, takes the value, and stores stamp head + one_lap_ (free for the
// sender one lap later). A sender needs no head index: the slot at position t still holding
// (or about to hold) the value of position t - one_lap_ is exactly "the ring is full". No lock
// is taken to send or to receive; the mutex and two condition variables serve only to park a
// receiver on an empty ring (lockfree_channel_base, common.hpp) or senders on a full one.
//
// Every store of a stamp is seq_cst, and so are the stamp loads that decide "full" (a stale
// tail only sends a sender round its loop again): a Full verdict is then never made from a
// stale value (under Relacy's search as on the hardware; on x86 a seq_cst load is a plain
// load), so try_send reports Full only if the ring was full while it ran, and Disconnected only
// once the receiver is gone (the mark is never cleared).
//
// Parking senders: a sender that finds the ring full (after `yields_before_parking` yields,
// each followed by another look) takes the mutex, registers in `waiting_senders_` (seq_cst),
// looks again with seq_cst loads, and only then waits on `not_full_`. The receiver frees each slot
// with a seq_cst store of its stamp and then loads `waiting_senders_` with seq_cst; if someone
// waits it takes the mutex and notifies one. That is common.hpp's handshake the other way round
// (registration, then look; free, then look), so no free slot is left with senders asleep. A sender
// whose claim is undone (its move threw, below) frees a slot too and runs the same check.
//
// Throwing moves: a sender whose move into its claimed slot throws gives the position back
// with a CAS of `tail_` from t + 1 to t when no one has claimed after it (the ring is then
// exactly as it was); otherwise it publishes the slot as a hole (stamp t + 1, not engaged),
// which the receiver skips and frees. take_value (common.hpp) frees the slot only after the
// move out succeeded.
//
// Memory: the ring is allocated once, n slots; nothing is allocated per message.
//
// Fault points for negative controls (detail/fault.hpp), besides common.hpp's:
// fault::full_sender_not_woken in wake_sender(), fault::ring_one_slot_too_many in the ring's
// size (extra_slots), fault::full_verdict_from_stale_stamp in try_push(),
// fault::receiver_drop_wakes_one_sender in drop_receiver(), fault::given_back_claim_wakes_nobody
// in store(), fault::hole_skip_relocks in ready().
//
// Lifetime: the receiver's drop marks `tail_` (every later claim fails and hands its value
// back), wakes every parked sender (they see the mark), destroys the values already published
// while it still counts as a party, and leaves. A value whose sender claimed before the mark
// but publishes after the receiver left is destroyed by the core's destructor.
#pragma once

#include <bit>
#include <cstddef>
#include <expected>
#include <memory>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/mpsc/common.hpp"
#include "interleave/mpsc/errors.hpp"

namespace interleave::mpsc::detail {

template <class T, SyncBackend Backend>
class bounded_core : public lockfree_channel_base<bounded_core<T, Backend>, T, Backend> {
  using base = lockfree_channel_base<bounded_core<T, Backend>, T, Backend>;
  friend base;

  // slot.state is the stamp: see the opening comment (free for position t: t; holds it: t + 1).
  using slot = detail::slot<T, Backend, std::size_t>;

  enum class push { sent, full, disconnected };

  // A sender that finds the ring full yields this many times, looking again after each, before
  // it parks. With more producers than cores, a parked sender costs a futex wake for every
  // slot the receiver frees and a futex wait when the ring is full again right after; the
  // yields give the receiver the core instead (crossbeam's Backoff::snooze does the same).
  // The backend may say how many (backend/concept.hpp, channel_sender_yields): models of the
  // parking paths say 0.
  static constexpr int yields_before_parking = channel_sender_yields_of<Backend>;

  // FAULT ring_one_slot_too_many: the ring gets capacity + 1 slots, so a send returns with one
  // value more than the capacity buffered (shows: USER ASSERT FAILED;
  // channel/negative/bounded/ring-one-slot-too-many).
  static constexpr std::size_t extra_slots =
      interleave::detail::injects<Backend, fault::ring_one_slot_too_many> ? 1 : 0;

 public:
  using duration = typename base::duration;

  // Precondition: capacity > 0 (sync_channel(0) is the rendezvous flavor).
  explicit bounded_core(std::size_t capacity)
      : ring_(std::make_unique<slot[]>(capacity + extra_slots)),
        capacity_(capacity + extra_slots),
        mark_(std::bit_ceil(capacity_ + 1)),
        one_lap_(mark_ * 2) {
    for (std::size_t i = 0; i < capacity_; ++i) ring_[i].state.store(i, std::memory_order::relaxed);
  }
  // Run by the last party: every sender has returned, so every claimed slot is published.
  ~bounded_core() {
    for (std::size_t i = 0; i < capacity_; ++i) {
      if (ring_[i].engaged()) ring_[i].destroy();
    }
  }

  // --- sender side (any thread holding a SyncSender) -----------------------------------------

  // Blocks while the ring is full; fails, handing the value back, once the receiver is gone
  // (also when it goes while this sender waits).
  std::expected<void, SendError<T>> send(T&& value) {
    push r = try_push(value);
    for (int i = 0; i < yields_before_parking && r == push::full; ++i) {
      Backend::yield();
      r = try_push(value);
    }
    while (r == push::full) {
      if (!park_while_full()) break;  // disconnected while parking
      r = try_push(value);
    }
    if (r == push::sent) return {};
    return std::expected<void, SendError<T>>(std::unexpect, std::move(value));
  }

  std::expected<void, TrySendError<T>> try_send(T&& value) {
    const push r = try_push(value);
    if (r == push::sent) return {};
    return std::expected<void, TrySendError<T>>(
        std::unexpect,
        r == push::full ? TrySendError<T>::Kind::Full : TrySendError<T>::Kind::Disconnected,
        std::move(value));
  }

  // --- receiver side (the thread holding the Receiver) ---------------------------------------

  std::expected<T, RecvError> recv() { return this->template receive<RecvError>(); }
  std::expected<T, TryRecvError> try_recv() { return this->template receive<TryRecvError>(); }
  std::expected<T, RecvTimeoutError> recv_timeout(duration timeout) {
    return this->template receive<RecvTimeoutError>(timeout);
  }

  // The Receiver is gone: parked senders wake and fail, published values are destroyed here,
  // once. Returns true when the caller must delete the core.
  [[nodiscard]] bool drop_receiver() {
    // An RMW, so that it and the claims are ordered by one word: a claim before it is buffered,
    // one after it fails. Relaxed: no data is handed over through the mark; a sender that parks
    // reads the tail under the lock taken below, so it sees the mark or is woken by it.
    tail_.fetch_or(mark_, std::memory_order::relaxed);
    {
      // A parked sender looked at the mark with the lock held: it is waiting now, or it will
      // see the mark.
      scoped_lock<Backend> lock(this->mutex_);
      if (waiting_senders_.load(std::memory_order::relaxed) > 0) {
        // FAULT receiver_drop_wakes_one_sender: one sleeper wakes and fails, the others sleep on
        // (shows: DEADLOCK; channel/negative/bounded/receiver-drop-wakes-one-sender).
        if constexpr (interleave::detail::injects<Backend, fault::receiver_drop_wakes_one_sender>)
          not_full_.notify_one();
        else
          not_full_.notify_all();
      }
      lock.unlock();
    }
    // Acquire: every value whose publish happens-before this drop is seen here; one published
    // later (claimed before the mark) is destroyed by the core's destructor.
    while (ready(std::memory_order::acquire)) {
      slot& s = ring_[head_local_ & (mark_ - 1)];
      s.destroy();
      release_head();
    }
    scoped_lock<Backend> lock(this->mutex_);
    const bool last = this->mark_receiver_gone();
    lock.unlock();
    return last;
  }

 private:
  // One attempt to claim a slot and move the value in (after a CAS lost to another sender it
  // tries again; it never waits for another thread). May throw: T's move.
  push try_push(T& value) {
    // Relaxed: a stale tail cannot make a wrong verdict. Its slot's stamp, loaded seq_cst
    // below, has moved past it (the position was claimed), so the slot reads as another
    // sender's, never as free or full, and the tail is loaded again; a mark, once read, is true.
    std::size_t tail = tail_.load(std::memory_order::relaxed);
    for (;;) {
      if ((tail & mark_) != 0) return push::disconnected;
      const std::size_t index = tail & (mark_ - 1);
      const std::size_t lap = tail & ~(one_lap_ - 1);
      slot& s = ring_[index];
      // Seq_cst (see the opening comment): a Full verdict from a stale stamp would contradict
      // a receive that came first in the order of seq_cst accesses
      // (channel/bounded/full-only-when-full/random). Also the acquire that pairs with the
      // receiver's store in release_head(), so the slot's previous value is seen gone before
      // ours goes in.
      // FAULT full_verdict_from_stale_stamp: the stamp is loaded acquire only (shows: USER
      // ASSERT FAILED; channel/negative/bounded/full-verdict-from-stale-stamp).
      constexpr auto stamp_order =
          interleave::detail::injects<Backend, fault::full_verdict_from_stale_stamp>
              ? std::memory_order::acquire
              : std::memory_order::seq_cst;
      const std::size_t stamp = s.state.load(stamp_order);
      if (stamp == tail) {
        const std::size_t next = index + 1 < capacity_ ? tail + 1 : lap + one_lap_;
        // Claim position `tail`. Strong: see unbounded.hpp. On failure, `tail` is reloaded.
        // Relaxed: the stamp load above already acquired the slot's previous value, and the
        // tail hands over no data (a release sequence is continued by any RMW).
        if (tail_.compare_exchange_strong(tail, next, std::memory_order::relaxed,
                                          std::memory_order::relaxed)) {
          store(s, tail, next, value);
          return push::sent;
        }
        continue;
      }
      if (full(tail, stamp)) return push::full;
      // `tail` was stale: the slot is already another sender's. Look again (relaxed, as above).
      tail = tail_.load(std::memory_order::relaxed);
    }
  }

  // Whether the slot at position `tail`, with this stamp, still belongs to position
  // tail - one_lap_ (its value unread, or claimed and not yet written): the ring is full.
  [[nodiscard]] bool full(std::size_t tail, std::size_t stamp) const {
    return stamp + one_lap_ == tail + 1 || stamp + one_lap_ == tail;
  }

  // Moves the value into the slot claimed at position `tail` (the tail now at `next`), and
  // publishes it. If the move throws, gives the position back, or publishes a hole.
  void store(slot& s, std::size_t tail, std::size_t next, T& value) {
    try {
      s.emplace(value);
    } catch (...) {
      std::size_t expected = next;
      // Seq_cst: a "free" event of the handshake with park_while_full, like release_head's.
      // Weak: giving the position back only spares the receiver a hole, so a spurious failure
      // publishes one, as a claim that followed ours makes us do (and under Relacy the hole's
      // path is searched even in a ring of one slot, where no claim can follow).
      if (tail_.compare_exchange_weak(expected, tail, std::memory_order::seq_cst,
                                      std::memory_order::relaxed)) {
        // The ring has one more free slot than a parked sender saw.
        // FAULT given_back_claim_wakes_nobody: a sender that parked while this claim was in
        // progress sleeps on (shows: DEADLOCK;
        // channel/negative/bounded/given-back-claim-wakes-nobody).
        if constexpr (!interleave::detail::injects<Backend, fault::given_back_claim_wakes_nobody>)
          wake_sender();
      } else {
        publish(s, tail + 1);  // a hole: the receiver skips and frees it
      }
      throw;
    }
    publish(s, tail + 1);
  }

  // S1 of the handshake (common.hpp), and the release that pairs with the receiver's acquire
  // (or seq_cst) load in ready(). Then wakes a sleeping receiver.
  void publish(slot& s, std::size_t stamp) {
    s.state.store(stamp, std::memory_order::seq_cst);
    this->wake_receiver();
  }

  // The ring was full: park until woken, with the handshake. Returns false if the receiver is
  // gone (seen under the lock), true when the caller should try again.
  bool park_while_full() {
    scoped_lock<Backend> lock(this->mutex_);
    // Registration before the look: pairs with the seq_cst store of a stamp in release_head()
    // (or the CAS of tail_, in a claim given back) and the seq_cst load of waiting_senders_ in
    // wake_sender() that follows it. The count changes only under the lock: a load and a store.
    waiting_senders_.store(waiting_senders_.load(std::memory_order::relaxed) + 1,
                           std::memory_order::seq_cst);
    const std::size_t tail = tail_.load(std::memory_order::seq_cst);
    const bool gone = (tail & mark_) != 0;
    if (!gone && full(tail, ring_[tail & (mark_ - 1)].state.load(std::memory_order::seq_cst)))
      not_full_.wait(this->mutex_);
    waiting_senders_.store(waiting_senders_.load(std::memory_order::relaxed) - 1,
                           std::memory_order::relaxed);  // under the lock
    lock.unlock();
    return !gone;
  }

  // A slot was freed: wake a parked sender, if any. The lock makes the notify reach it (it
  // registers, looks and waits with the mutex held): taken here, or `held` by the receiver
  // already. Notifying one is enough: one slot was freed, and a woken sender that loses the slot
  // to another sender goes back to sleep with the slot used, not wasted.
  void wake_sender(receiver_lock held = receiver_lock::free) {
    // FAULT full_sender_not_woken: a freed slot wakes nobody, and a sender parked on the full
    // ring sleeps on (shows: DEADLOCK; channel/negative/bounded/full-sender-not-woken).
    if constexpr (interleave::detail::injects<Backend, fault::full_sender_not_woken>) return;
    if (waiting_senders_.load(std::memory_order::seq_cst) == 0) return;
    // Taken and released: a sender between its look and its wait holds the lock, so once the
    // lock is ours it waits, and the notify below reaches it.
    if (held == receiver_lock::free) {
      scoped_lock<Backend> lock(this->mutex_);
      lock.unlock();
    }
    not_full_.notify_one();  // the caller's handle keeps the core alive, lock or not
  }

  // --- receiver's side, its thread only ---

  // lockfree_channel_base: is a value at the head? Skips holes, freeing each slot, which may
  // wake a parked sender: with the lock `held` by the caller (the receive's look under the
  // lock), without taking it again.
  bool ready(std::memory_order order, receiver_lock held = receiver_lock::free) {
    // FAULT hole_skip_relocks: a hole skipped under the receiver's lock wakes a parked sender
    // by taking the lock again (shows: RECURSION ON NON-RECURSIVE MUTEX, a self-deadlock on real
    // threads; channel/negative/bounded/hole-skip-relocks).
    if constexpr (interleave::detail::injects<Backend, fault::hole_skip_relocks>)
      held = receiver_lock::free;
    for (;;) {
      slot& s = ring_[head_local_ & (mark_ - 1)];
      // Acquire (or seq_cst, R2): pairs with the sender's store in publish().
      if (s.state.load(order) != head_local_ + 1) return false;
      if (s.engaged()) return true;
      release_head(held);  // a hole
    }
  }

  // lockfree_channel_base: has a sender claimed the head position? The tail is past it exactly
  // then (positions are claimed in order; a claim given back moves the tail back onto it).
  // Relaxed: see write_in_progress() in common.hpp.
  bool claimed() { return (tail_.load(std::memory_order::relaxed) & ~mark_) != head_local_; }

  // lockfree_channel_base: precondition ready().
  template <class E>
  std::expected<T, E> take() {
    slot& s = ring_[head_local_ & (mark_ - 1)];
    return take_value<E>(s.get(), [&] {
      s.destroy();
      release_head();
    });
  }

  // The head slot is empty now: free it for the sender one lap later, move the head on, and
  // wake a parked sender.
  void release_head(receiver_lock held = receiver_lock::free) {
    const std::size_t head = head_local_;
    const std::size_t index = head & (mark_ - 1);
    const std::size_t lap = head & ~(one_lap_ - 1);
    // Release: pairs with the sender's load of the stamp in try_push. Seq_cst: the "free" half
    // of the handshake with park_while_full (then wake_sender's seq_cst load).
    ring_[index].state.store(head + one_lap_, std::memory_order::seq_cst);
    head_local_ = index + 1 < capacity_ ? head + 1 : lap + one_lap_;
    wake_sender(held);
  }

  const std::unique_ptr<slot[]> ring_;
  const std::size_t capacity_;
  const std::size_t mark_;     // the disconnection bit of tail_; the index bits are below it
  const std::size_t one_lap_;  // the lowest lap bit
  cache_pad sender_side_;
  // The next position to claim (lap | index), with mark_ set once the receiver is gone.
  typename Backend::template atomic<std::size_t> tail_{0};
  cache_pad receiver_side_;
  // Senders registered in park_while_full (changed under the mutex; read without it by
  // wake_sender, the handshake's look).
  typename Backend::template atomic<std::size_t> waiting_senders_{0};
  // Senders wait here for a free slot or for the receiver to go.
  typename Backend::condition_variable not_full_;
  // The next position to read (lap | index). The receiver's own: its thread only.
  std::size_t head_local_ = 0;
};

}  // namespace interleave::mpsc::detail
