// interleave/mpsc/unbounded.hpp: the unbounded flavor, behind mpsc::channel<T>() (internal).
//
// Algorithm: a lock-free linked list of blocks of `block_slots` slots, crossbeam-channel's
// "list" flavor (crossbeam-channel/src/flavors/list.rs, after Dmitry Vyukov's unbounded MPSC
// queue) cut down to one consumer. Senders claim a position with a CAS on the tail index, move
// the value into that slot, and publish it with a seq_cst store of the slot's `written` flag;
// the receiver, the only reader, walks the list from its head with acquire loads and no lock at
// all. The mutex and the condition variable are used only to park a receiver that found nothing
// (lockfree_channel_base, common.hpp); a sender touches them only when the receiver sleeps.
//
// The tail index counts positions, `lap` of them per block: positions 0 .. block_slots-1 are the
// block's slots, position block_slots is a sentinel meaning "the next block is being installed".
// The sender that claims a block's last slot installs the next block (taken from the spare kept
// by the receiver, or allocated before its CAS, never while others wait), then moves the index
// past the sentinel. A sender that finds the index on the sentinel yields and looks again: the
// only wait in a send, a few instructions long. The tail index is shifted left by one; its low
// bit is the disconnection mark, set by the receiver's drop, so a sender's claim and the
// receiver's departure are ordered by one atomic word: a claim that succeeds is buffered (and
// freed by the receiver or by the core's destructor), a claim that sees the mark fails and the
// sender keeps its value.
//
// Memory: the receiver hands each block it has read through back as the spare (one at most;
// a second is freed), so a steady stream allocates nothing and the footprint follows the
// backlog (blocks between head and tail, plus one spare), not the number of messages sent.
//
// Throwing moves: a sender whose move into its claimed slot throws publishes the slot as a
// hole (written, not engaged), which the receiver skips: the value is not delivered, the
// exception propagates, and the channel holds what it held. take_value (common.hpp) moves the
// head value out before the slot is released; if that move throws, the value stays at the head.
//
// Block size: `block_slots`, 31 as crossbeam's BLOCK_CAP unless the backend declares its own
// (backend/concept.hpp, channel_block_slots): under Relacy it is 2, so that the models' few
// sends install blocks and recycle them.
//
// Fault points for negative controls (detail/fault.hpp), besides common.hpp's:
// fault::tail_index_before_block and fault::install_loses_mark in send() (installing the next
// block), fault::spare_handed_over_relaxed in recycle().
//
// Lifetime: the receiver's drop marks the tail, destroys the values already published (while
// it still counts as a party, so a value owning the last Sender of this channel can be
// destroyed without freeing the core under its feet), and then leaves. A value whose sender
// claimed its slot before the mark but publishes it after the receiver left is destroyed by
// the core's destructor, run by the last party.
#pragma once

#include <cstddef>
#include <expected>
#include <memory>
#include <source_location>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/mpsc/common.hpp"
#include "interleave/mpsc/errors.hpp"

namespace interleave::mpsc::detail {

template <class T, SyncBackend Backend>
class unbounded_core : public lockfree_channel_base<unbounded_core<T, Backend>, T, Backend> {
  using base = lockfree_channel_base<unbounded_core<T, Backend>, T, Backend>;
  friend base;
  using here = std::source_location;

  // 31 (crossbeam's BLOCK_CAP) unless the backend says otherwise: the Relacy backend's 2 let
  // models cross blocks (backend/concept.hpp, channel_block_slots).
  static constexpr std::size_t block_slots = channel_block_slots_of<Backend>;
  static_assert(block_slots >= 1, "a block holds at least one slot");
  static constexpr std::size_t lap = block_slots + 1;  // positions per block, with the sentinel
  static constexpr std::size_t mark = 1;               // tail index bit 0: receiver gone
  static constexpr std::size_t step = 2;               // one position in the tail index

  // slot.state, "written": false until the sender that claimed the slot has stored its value
  // (or its hole); then true until the block is recycled. Set with a seq_cst store (S1 of the
  // handshake, and the release that pairs with the receiver's acquire load in ready()).
  // slot's value: engaged from the sender's store until the receiver's take.
  using slot = detail::slot<T, Backend, bool>;
  struct block {
    // Invariant: null until the sender that claimed slot block_slots-1 installs the next block,
    // which it does before publishing that slot. Relaxed both ways: the receiver reads it only
    // after its acquire of that slot's publish, which orders this store before its load.
    typename Backend::template atomic<block*> next{nullptr};
    slot slots[block_slots];
  };

 public:
  using duration = typename base::duration;

  unbounded_core() {
    block* first = Backend::template create<block>(here::current());
    tail_block_.store(first, std::memory_order::relaxed);  // published by the core's creation
    head_block_ = first;
  }
  // Run by the last party: every sender has returned from send, so each claimed slot is
  // written; destroys the values no receive took (published after the receiver left).
  ~unbounded_core() {
    block* b = head_block_;
    std::size_t offset = head_offset_;
    while (b != nullptr) {
      for (std::size_t i = offset; i < block_slots; ++i) {
        if (b->slots[i].state.load(std::memory_order::relaxed) && b->slots[i].engaged())
          b->slots[i].destroy();
      }
      block* next = b->next.load(std::memory_order::relaxed);
      Backend::destroy(b);
      b = next;
      offset = 0;
    }
    Backend::destroy(spare_.load(std::memory_order::relaxed));
  }

  // --- sender side (any thread holding a Sender) ---------------------------------------------

  std::expected<void, SendError<T>> send(T&& value) {
    block* fresh = nullptr;  // this sender's next block, if it claims a block's last slot
    // Every read of the index is acquire: reading a position of a new lap must make the
    // installer's store of that lap's block visible (its release fetch_add heads a release
    // sequence that the later claims continue), so the block pointer read below is not stale.
    std::size_t tail = tail_index_.load(std::memory_order::acquire);
    for (;;) {
      if ((tail & mark) != 0) {
        give_back(fresh);
        return std::expected<void, SendError<T>>(std::unexpect, std::move(value));
      }
      const std::size_t offset = (tail / step) % lap;
      if (offset == block_slots) {  // another sender is installing the next block
        Backend::yield();
        tail = tail_index_.load(std::memory_order::acquire);
        continue;
      }
      // The block of `tail` if the CAS below succeeds: the pointer is replaced before the index
      // moves past the sentinel, and the index never comes back. Relaxed: the acquire load that
      // returned `tail` synchronised with the installer's release fetch_add past the sentinel
      // (or a claim of its release sequence), which follows its store of this pointer and its
      // set-up of the block: both are visible here.
      block* b = tail_block_.load(std::memory_order::relaxed);
      if (offset + 1 == block_slots && fresh == nullptr) fresh = take_spare();
      // Claim position `tail`. Strong: a spurious failure would only cost a retry (and, under
      // Relacy, a branch to explore). On failure `tail` is reloaded. Acquire, as every read of
      // the index; no release: nothing written before a claim is read through the index, and a
      // release sequence is continued by any read-modify-write, whatever its order.
      if (!tail_index_.compare_exchange_strong(tail, tail + step, std::memory_order::acquire,
                                               std::memory_order::acquire)) {
        continue;
      }
      if (offset + 1 == block_slots) {
        // Install the next block: block pointer first, then the index past the sentinel
        // (release: pairs with the acquire loads of the index, and publishes the pointer and
        // the block; an RMW, so it keeps the mark if the receiver set it), then the link the
        // receiver follows; all before this slot is published (which orders the link for the
        // receiver: see block::next).
        // FAULT tail_index_before_block: the index passes the sentinel first, so a sender that
        // claims the next lap's first position may still read the old block's pointer and
        // write into that block's slot (shows: DATA RACE;
        // channel/negative/unbounded/tail-index-before-block).
        if constexpr (interleave::detail::injects<Backend, fault::tail_index_before_block>) {
          tail_index_.fetch_add(step, std::memory_order::release);
          tail_block_.store(fresh, std::memory_order::release);
        } else {
          tail_block_.store(fresh, std::memory_order::relaxed);
          // FAULT install_loses_mark: the index moves on by a load and a store, and a mark the
          // receiver set between them is lost: a later send succeeds into a channel whose
          // receiver is gone (shows: USER ASSERT FAILED;
          // channel/negative/unbounded/install-loses-mark).
          if constexpr (interleave::detail::injects<Backend, fault::install_loses_mark>)
            tail_index_.store(tail_index_.load(std::memory_order::relaxed) + step,
                              std::memory_order::release);
          else
            tail_index_.fetch_add(step, std::memory_order::release);
        }
        b->next.store(fresh, std::memory_order::relaxed);
        fresh = nullptr;
      }
      give_back(fresh);
      slot& s = b->slots[offset];
      try {
        s.emplace(value);
      } catch (...) {
        publish(s);  // a hole: the receiver skips it
        throw;
      }
      publish(s);
      return {};
    }
  }

  // --- receiver side (the thread holding the Receiver) ---------------------------------------

  std::expected<T, RecvError> recv() { return this->template receive<RecvError>(); }
  std::expected<T, TryRecvError> try_recv() { return this->template receive<TryRecvError>(); }
  std::expected<T, RecvTimeoutError> recv_timeout(duration timeout) {
    return this->template receive<RecvTimeoutError>(timeout);
  }

  // The Receiver is gone: senders fail from now on, and every value published is destroyed
  // here, once. Returns true when the caller must delete the core.
  [[nodiscard]] bool drop_receiver() {
    // An RMW, so that it and the claims are ordered by one word: a claim before it is buffered,
    // one after it fails. Relaxed: no data is handed over through the mark, and whoever learns
    // of this drop through a happens-before edge reads the mark in their next load of the index.
    tail_index_.fetch_or(mark, std::memory_order::relaxed);
    // Acquire: every value whose publish happens-before this drop is seen here; one published
    // later (claimed before the mark) is destroyed by the core's destructor.
    while (ready(std::memory_order::acquire)) {
      head().destroy();
      advance();
    }
    scoped_lock<Backend> lock(this->mutex_);
    const bool last = this->mark_receiver_gone();
    lock.unlock();
    return last;
  }

 private:
  // Publishes a slot: S1 of the parking handshake, and the release that pairs with the
  // receiver's acquire (or seq_cst) load in ready(). Then wakes a sleeping receiver.
  void publish(slot& s) {
    s.state.store(true, std::memory_order::seq_cst);
    this->wake_receiver();
  }

  // A block for the sender about to install one: the receiver's spare, or a new one.
  block* take_spare() {
    // Acquire: pairs with the release in recycle(), so the reset slots are seen.
    block* b = spare_.exchange(nullptr, std::memory_order::acquire);
    return b != nullptr ? b : Backend::template create<block>(here::current());
  }
  // A block taken for an install that another sender did: back to the spare, or freed.
  void give_back(block* b) {
    if (b == nullptr) return;
    // Acq_rel: releases our block, acquires one we may have to free.
    Backend::destroy(spare_.exchange(b, std::memory_order::acq_rel));
  }

  // --- receiver's side, its thread only ---

  slot& head() { return head_block_->slots[head_offset_]; }

  // lockfree_channel_base: is a value at the head? Skips holes (taking no lock: whether the
  // caller holds it does not matter).
  bool ready(std::memory_order order, receiver_lock = receiver_lock::free) {
    for (;;) {
      slot& s = head();
      // Acquire (or seq_cst, R2): pairs with the sender's store in publish().
      if (!s.state.load(order)) return false;
      if (s.engaged()) return true;
      advance();  // a hole
    }
  }

  // lockfree_channel_base: has a sender claimed the head position? The tail index is past it
  // exactly then (it only grows, apart from the mark). Relaxed: see write_in_progress() in
  // common.hpp.
  bool claimed() { return (tail_index_.load(std::memory_order::relaxed) & ~mark) > head_index_; }

  // lockfree_channel_base: precondition ready().
  template <class E>
  std::expected<T, E> take() {
    slot& s = head();
    return take_value<E>(s.get(), [&] {
      s.destroy();
      advance();
    });
  }

  // The head slot is done with: move on, recycling a block read through.
  void advance() {
    head_index_ += step;
    if (++head_offset_ < block_slots) return;
    head_index_ += step;  // past the block's sentinel position
    // Relaxed, and non-null: the installer linked the next block before it published the slot
    // just read, and the acquire of that publish orders the link before this load.
    block* next = head_block_->next.load(std::memory_order::relaxed);
    recycle(head_block_);
    head_block_ = next;
    head_offset_ = 0;
  }

  // Every slot of `b` has been read and no sender touches it any more (a sender's last access
  // to a block is its publish, which the receiver has acquired): reset it and keep it as the
  // spare, freeing a previous spare.
  void recycle(block* b) {
    for (slot& s : b->slots) s.state.store(false, std::memory_order::relaxed);
    b->next.store(nullptr, std::memory_order::relaxed);
    // Release: pairs with the acquire in take_spare(), so the installer that takes the block
    // sees it reset and its values' destruction done. Acquire: a spare we replace may have been
    // given back by a sender, and is freed here.
    // FAULT spare_handed_over_relaxed: the block is handed over relaxed, so the next sender to
    // write into it is not ordered after the receiver's last use of it (shows: DATA RACE;
    // channel/negative/unbounded/spare-handed-over-relaxed).
    constexpr auto hand_over =
        interleave::detail::injects<Backend, fault::spare_handed_over_relaxed>
            ? std::memory_order::relaxed
            : std::memory_order::acq_rel;
    Backend::destroy(spare_.exchange(b, hand_over));
  }

  cache_pad sender_side_;
  // Bits 1..: the next position to claim (lap positions per block); bit 0: mark (receiver
  // gone). Only increases, apart from the mark.
  typename Backend::template atomic<std::size_t> tail_index_{0};
  // Invariant: the block holding the tail index's position (or, while the index is on the
  // sentinel, the block being replaced or its successor).
  typename Backend::template atomic<block*> tail_block_{nullptr};
  // A reset block for the next install, or null.
  typename Backend::template atomic<block*> spare_{nullptr};
  cache_pad receiver_side_;
  // The receiver's own: the block and slot it reads next. Touched by the receiver's thread
  // (and by the core's destructor, which every party's last lock orders after it).
  block* head_block_ = nullptr;
  std::size_t head_offset_ = 0;
  std::size_t head_index_ = 0;  // the head's position, in the tail index's units (step, lap)
};

}  // namespace interleave::mpsc::detail
