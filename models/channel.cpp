// Models of interleave::mpsc, every flavor through the same scenarios (channel_scenarios.hpp):
// no lost or duplicated message and per-producer FIFO (2 producers x 2 messages, 3 producers x
// 1 message; context-bound search at bound 2, and random search), disconnection by the senders
// (drained first) and by the receiver (values handed back, buffer freed, blocked senders woken),
// the capacity bound and the rendezvous hand-off, and recv_timeout losing nothing.
//
// Negative controls, channel/negative/<flavor>/<fault>: each runs a scenario registered above
// as passing (its twin), unchanged, over faulty_backend<fault::X>, so the defect shown is the
// library's. The faults of common.hpp, in every flavor whose paths reach them:
//   lost_notify              two-producers-no-loss               DEADLOCK
//   disconnect_before_drain  disconnect-by-senders-drains-first  USER ASSERT FAILED
//                            (rendezvous: try-send-then-disconnect, see below)
//   unlocked_sender_count    senders-drop-together               DATA RACE
//   last_sender_frees        disconnect-by-senders-drains-first  ACCESS TO FREED MEMORY
//                            (bounded: DATA RACE, the free itself, see below)
//                            (rendezvous: USAGE OF NON INITIALIZED MUTEX, see below)
//   notify_after_unlock      receiver-drops-at-disconnect        ACCESS TO FREED MEMORY
//   empty_while_claimed      try-recv-after-own-send             USER ASSERT FAILED
//                            send-whose-move-throws (-move-throws)
//                            (unbounded, bounded: the lock-free flavors)
// and the faults of each flavor's own paths:
//   unbounded   tail_index_before_block    two-producers-no-loss (random)  DATA RACE
//               spare_handed_over_relaxed  reuses-recycled-block (random)  DATA RACE
//               install_loses_mark         receiver-drop-returns-values    USER ASSERT FAILED
//               lost_notify, a sender kept recv-woken-by-send (random)     DEADLOCK
//                            (also bounded and rendezvous)
//   bounded     full_verdict_from_stale_stamp  full-only-when-full (random)  USER ASSERT FAILED
//   bounded     full_sender_not_woken      never-holds-more-than-capacity  DEADLOCK
//               given_back_claim_wakes_nobody  parked-sender-sees-give-back  DEADLOCK
//               hole_skip_relocks          hole-skipped-under-receiver-lock
//                                                            RECURSION ON NON-RECURSIVE MUTEX
//   bounded, rendezvous  receiver_drop_wakes_one_sender  senders-asleep-at-receiver-drop
//                                                                              DEADLOCK
//               ring_one_slot_too_many     never-holds-more-than-capacity  USER ASSERT FAILED
//   rendezvous  send_returns_before_taken  send-returns-after-receive      USER ASSERT FAILED
//               handoff_owner_not_woken    two-producers-no-loss           DEADLOCK
//               offer_linked_before_ready  two-producers-no-loss           DATA RACE
//               offer_withdrawn_after_taken  receiver-drop-after-one       USER ASSERT FAILED
//               owner_notified_after_unlock sender-drops-after-receiver    ACCESS TO FREED MEMORY
//
// Teardown races a notify: in receiver-drops-at-disconnect one side frees the channel as soon
// as it learns the other has left, while the other may still stand between the unlock and the
// notify of its own drop. An untimed waiter leaves its
// wait without that notify only by a spurious wake-up, which the tree searches make once per
// execution for these suites (backend/relacy.hpp); a full search, as the defect needs three
// switches. The recv_timeout variants leave by a timeout, and the default search reaches it.
//
// The unbounded flavor's list has 2 slots per block under Relacy (backend/concept.hpp,
// channel_block_slots), so 2 x 2 messages install two blocks, and reuses-recycled-block's five
// messages land in a block the receiver recycled.
// A rendezvous holds a value after its sender left only when try_send put it there for a
// sleeping receiver: try-send-then-disconnect does that.
#include <chrono>
#include <memory>
#include <optional>

#include <interleave/mpsc.hpp>

#include "interleave/models/channel_flavors.hpp"  // before Relacy, as every header

#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"
#include "channel_scenarios.hpp"
#include "channel_parked_senders.hpp"

namespace interleave::models::channel {
namespace {

using B = relacy_backend;
using bounded1 = bounded<1>;

template <class F>
using two_by_two = no_loss<F, B, 2, 2, false>;
template <class F>
using three_by_one = no_loss<F, B, 3, 1, false>;
template <class F>
using drains_first = no_loss<F, B, 2, 1, true>;
template <class F>
using drop_unread = receiver_drop<F, B, 0>;
template <class F>
using drop_after_one = receiver_drop<F, B, 1>;
template <class F>
using timeout = timeout_loses_nothing<F, B>;
template <class F>
using drop_together = senders_drop_together<F, B>;

template <class F>
using try_send_first = try_send_then_disconnect<F, B>;
using bounded_capacity = bounded_by_capacity<bounded<2>, B, 4>;
using rendezvous_handoff = bounded_by_capacity<rendezvous, B, 3>;

template <class F>
using faulty = faulty_backend<F>;
template <class F>
using lost_notify = no_loss<F, faulty<fault::lost_notify>, 2, 2, false>;
template <class F>
using early_disconnect = no_loss<F, faulty<fault::disconnect_before_drain>, 2, 1, true>;
template <class F>
using unlocked_count = senders_drop_together<F, faulty<fault::unlocked_sender_count>>;
template <class F>
using freed_early = no_loss<F, faulty<fault::last_sender_frees>, 2, 1, true>;
using rendezvous_early_disconnect =
    try_send_then_disconnect<rendezvous, faulty<fault::disconnect_before_drain>>;

using full_sender_not_woken =
    bounded_by_capacity<bounded<2>, faulty<fault::full_sender_not_woken>, 4>;
using ring_too_big = bounded_by_capacity<bounded<2>, faulty<fault::ring_one_slot_too_many>, 4>;
using returns_early = bounded_by_capacity<rendezvous, faulty<fault::send_returns_before_taken>, 3>;
using owner_not_woken = no_loss<rendezvous, faulty<fault::handoff_owner_not_woken>, 2, 2, false>;
using linked_before_ready =
    no_loss<rendezvous, faulty<fault::offer_linked_before_ready>, 2, 2, false>;
using withdrawn_after_taken =
    receiver_drop<rendezvous, faulty<fault::offer_withdrawn_after_taken>, 1>;

template <class F>
using drops_at_disconnect = receiver_drops_at_disconnect<F, B, false>;
template <class F>
using drops_after_timeout = receiver_drops_at_disconnect<F, B, true>;
template <class F>
using notifies_after_unlock =
    receiver_drops_at_disconnect<F, faulty<fault::notify_after_unlock>, false>;
using sender_leaves = sender_drops_after_receiver<B>;
using owner_notified_late = sender_drops_after_receiver<faulty<fault::owner_notified_after_unlock>>;

// One producer, five messages: blocks of 2 slots hold positions 0-1, 2-3 and 4, and the third
// is the first, recycled by the receiver once it read through it (if it did so in time).
using reuses_block = no_loss<unbounded, B, 1, 5, false>;

// A receive that finds the head claimed waits for the write (common.hpp): bounded with room
// for both values.
template <class F>
using try_recv_after_own_send = receive_after_own_send<F, B, false>;
template <class F>
using recv_timeout_after_own_send = receive_after_own_send<F, B, true>;
// The controls ask with try_recv: a recv_timeout first yields, then waits, and under Relacy's
// searches the stalled sender runs while it does, so its write is always done by the next look
// (on real threads it need not be: tests/lib/mpsc_claimed_slot_test.cpp).
template <class F>
using empty_while_claimed = receive_after_own_send<F, faulty<fault::empty_while_claimed>, false>;
using bounded2 = bounded<2>;
template <class F>
using move_throws = send_whose_move_throws<F, B>;
template <class F>
using move_throws_overlooked = send_whose_move_throws<F, faulty<fault::empty_while_claimed>>;
using index_before_block = no_loss<unbounded, faulty<fault::tail_index_before_block>, 2, 2, false>;
template <class F>
using woken_by_send = recv_woken_by_send<F, B>;
using full_only_when_full_ring = full_only_when_full<bounded1, B>;
using stale_full_verdict =
    full_only_when_full<bounded1, faulty<fault::full_verdict_from_stale_stamp>>;
using install_loses_mark = receiver_drop<unbounded, faulty<fault::install_loses_mark>, 0>;
template <class F>
using woken_by_send_lost = recv_woken_by_send<F, faulty<fault::lost_notify>>;
using spare_relaxed = no_loss<unbounded, faulty<fault::spare_handed_over_relaxed>, 1, 5, false>;

// Senders asleep (channel_parked_senders.hpp): three on a rendezvous, each with its offer
// queued, two on a bounded(1) ring whose one slot a third sender's slow move holds.
using parking = parking_backend;
template <class F>
using faulty_parking = faulty_parking_backend<F>;
using bounded_sleepers = senders_asleep_at_receiver_drop<bounded1, parking, 3, 1>;
using rendezvous_sleepers = senders_asleep_at_receiver_drop<rendezvous, parking, 3, 0>;
using bounded_one_sleeper_woken =
    senders_asleep_at_receiver_drop<bounded1, faulty_parking<fault::receiver_drop_wakes_one_sender>,
                                    3, 1>;
using rendezvous_one_sleeper_woken =
    senders_asleep_at_receiver_drop<rendezvous,
                                    faulty_parking<fault::receiver_drop_wakes_one_sender>, 3, 0>;
using sleeper_sees_give_back = parked_sender_sees_give_back<parking>;
using give_back_wakes_nobody =
    parked_sender_sees_give_back<faulty_parking<fault::given_back_claim_wakes_nobody>>;
using hole_under_lock = hole_skipped_under_receiver_lock<parking>;
using hole_relocks = hole_skipped_under_receiver_lock<faulty_parking<fault::hole_skip_relocks>>;
// Two producers race for a block's last slot, twice: the loser gives the block it took back as
// the spare (or frees the spare it replaces), and a later install takes it.
using last_slot_races = no_loss<unbounded, B, 2, 3, false>;

}  // namespace

// Each id is written out whole, never assembled, so that searching the sources for an id finds
// its registration.
INTERLEAVE_MODEL(two_by_two<unbounded>, "channel/unbounded/two-producers-no-loss", expect::pass(),
                 "2 producers x 2 messages: none lost or duplicated, each producer's in order",
                 complete_bound2());
INTERLEAVE_MODEL(two_by_two<unbounded>, "channel/unbounded/two-producers-no-loss/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(three_by_one<unbounded>, "channel/unbounded/three-producers-no-loss",
                 expect::pass(), "3 producers x 1 message: none lost or duplicated",
                 complete_bound2());
INTERLEAVE_MODEL(three_by_one<unbounded>, "channel/unbounded/three-producers-no-loss/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(drains_first<unbounded>, "channel/unbounded/disconnect-by-senders-drains-first",
                 expect::pass(),
                 "both senders send and drop; the receiver gets every value, then RecvError",
                 complete_bound2());  // 130,720 executions since blocks have 2 slots
INTERLEAVE_MODEL(drop_unread<unbounded>, "channel/unbounded/receiver-drop-returns-values",
                 expect::pass(),
                 "the receiver drops unread: each send succeeds or hands its value back; "
                 "buffered values are freed once; a blocked sender wakes");
INTERLEAVE_MODEL(drop_after_one<unbounded>, "channel/unbounded/receiver-drop-after-one",
                 expect::pass(), "the receiver takes one value, then drops");
INTERLEAVE_MODEL(timeout<unbounded>, "channel/unbounded/recv-timeout-loses-nothing", expect::pass(),
                 "recv_timeout may time out anywhere; the value sent is received once");
INTERLEAVE_MODEL(drop_together<unbounded>, "channel/unbounded/senders-drop-together",
                 expect::pass(),
                 "two senders dropped at once disconnect the receiver exactly once");

INTERLEAVE_MODEL(two_by_two<bounded1>, "channel/bounded/two-producers-no-loss", expect::pass(),
                 "2 producers x 2 messages: none lost or duplicated, each producer's in order",
                 complete_bound2());
INTERLEAVE_MODEL(two_by_two<bounded1>, "channel/bounded/two-producers-no-loss/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(three_by_one<bounded1>, "channel/bounded/three-producers-no-loss", expect::pass(),
                 "3 producers x 1 message: none lost or duplicated", complete_bound2());
INTERLEAVE_MODEL(three_by_one<bounded1>, "channel/bounded/three-producers-no-loss/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(drains_first<bounded1>, "channel/bounded/disconnect-by-senders-drains-first",
                 expect::pass(),
                 "both senders send and drop; the receiver gets every value, then RecvError");
INTERLEAVE_MODEL(drop_unread<bounded1>, "channel/bounded/receiver-drop-returns-values",
                 expect::pass(),
                 "the receiver drops unread: each send succeeds or hands its value back; "
                 "buffered values are freed once; a blocked sender wakes");
INTERLEAVE_MODEL(drop_after_one<bounded1>, "channel/bounded/receiver-drop-after-one",
                 expect::pass(), "the receiver takes one value, then drops");
INTERLEAVE_MODEL(timeout<bounded1>, "channel/bounded/recv-timeout-loses-nothing", expect::pass(),
                 "recv_timeout may time out anywhere; the value sent is received once");
INTERLEAVE_MODEL(drop_together<bounded1>, "channel/bounded/senders-drop-together", expect::pass(),
                 "two senders dropped at once disconnect the receiver exactly once");

INTERLEAVE_MODEL(two_by_two<rendezvous>, "channel/rendezvous/two-producers-no-loss", expect::pass(),
                 "2 producers x 2 messages: none lost or duplicated, each producer's in order",
                 complete_bound2());
INTERLEAVE_MODEL(two_by_two<rendezvous>, "channel/rendezvous/two-producers-no-loss/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(three_by_one<rendezvous>, "channel/rendezvous/three-producers-no-loss",
                 expect::pass(), "3 producers x 1 message: none lost or duplicated",
                 complete_bound2());
INTERLEAVE_MODEL(three_by_one<rendezvous>, "channel/rendezvous/three-producers-no-loss/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(drains_first<rendezvous>, "channel/rendezvous/disconnect-by-senders-drains-first",
                 expect::pass(),
                 "both senders send and drop; the receiver gets every value, then RecvError");
INTERLEAVE_MODEL(drop_unread<rendezvous>, "channel/rendezvous/receiver-drop-returns-values",
                 expect::pass(),
                 "the receiver drops unread: each send succeeds or hands its value back; "
                 "buffered values are freed once; a blocked sender wakes");
INTERLEAVE_MODEL(drop_after_one<rendezvous>, "channel/rendezvous/receiver-drop-after-one",
                 expect::pass(), "the receiver takes one value, then drops");
INTERLEAVE_MODEL(timeout<rendezvous>, "channel/rendezvous/recv-timeout-loses-nothing",
                 expect::pass(),
                 "recv_timeout may time out anywhere; the value sent is received once");
INTERLEAVE_MODEL(drop_together<rendezvous>, "channel/rendezvous/senders-drop-together",
                 expect::pass(),
                 "two senders dropped at once disconnect the receiver exactly once");

INTERLEAVE_MODEL(
    bounded_capacity, "channel/bounded/never-holds-more-than-capacity", expect::pass(),
    "capacity 2, 4 sends, a receiver slow to start: when send(i) returns, value i-2 has "
    "left the buffer; the sender parked on the full ring is woken",
    complete_bound2());
INTERLEAVE_MODEL(rendezvous_handoff, "channel/rendezvous/send-returns-after-receive",
                 expect::pass(), "a rendezvous send returns only after its value was received",
                 complete_bound2());
INTERLEAVE_MODEL(
    try_send_first<bounded1>, "channel/bounded/try-send-then-disconnect", expect::pass(),
    "try_send (or send if Full), then the sender drops: the value comes before RecvError");
INTERLEAVE_MODEL(try_send_first<rendezvous>, "channel/rendezvous/try-send-then-disconnect",
                 expect::pass(),
                 "try_send to a receiver asleep in recv (or send if none), then the sender drops: "
                 "the value comes before RecvError");

INTERLEAVE_MODEL(reuses_block, "channel/unbounded/reuses-recycled-block", expect::pass(),
                 "1 producer x 5 messages over blocks of 2 slots: each block installed once, "
                 "read-through blocks recycled as the spare and reused; none lost, in order",
                 complete_bound2());

INTERLEAVE_MODEL(drops_at_disconnect<unbounded>, "channel/unbounded/receiver-drops-at-disconnect",
                 expect::pass(),
                 "the last sender leaves while the receiver waits in recv; the receiver drops at "
                 "once and frees the channel, never under the sender's drop",
                 full_search());
INTERLEAVE_MODEL(drops_at_disconnect<bounded1>, "channel/bounded/receiver-drops-at-disconnect",
                 expect::pass(),
                 "the last sender leaves while the receiver waits in recv; the receiver drops at "
                 "once and frees the channel, never under the sender's drop",
                 full_search());
INTERLEAVE_MODEL(drops_at_disconnect<rendezvous>, "channel/rendezvous/receiver-drops-at-disconnect",
                 expect::pass(),
                 "the last sender leaves while the receiver waits in recv; the receiver drops at "
                 "once and frees the channel, never under the sender's drop",
                 full_search());
INTERLEAVE_MODEL(drops_after_timeout<unbounded>, "channel/unbounded/receiver-drops-after-timeout",
                 expect::pass(), "the same with recv_timeout, which may time out anywhere");
INTERLEAVE_MODEL(drops_after_timeout<bounded1>, "channel/bounded/receiver-drops-after-timeout",
                 expect::pass(), "the same with recv_timeout, which may time out anywhere");
INTERLEAVE_MODEL(drops_after_timeout<rendezvous>, "channel/rendezvous/receiver-drops-after-timeout",
                 expect::pass(), "the same with recv_timeout, which may time out anywhere");
INTERLEAVE_MODEL(sender_leaves, "channel/rendezvous/sender-drops-after-receiver", expect::pass(),
                 "a sender waits for its hand-off while the receiver drops; handed its value "
                 "back, it drops at once and frees the channel, never under the receiver's drop",
                 full_search());

INTERLEAVE_MODEL(try_recv_after_own_send<unbounded>, "channel/unbounded/try-recv-after-own-send",
                 expect::pass(),
                 "the receiving thread sends, then try_recv while another sender's claim is being "
                 "written: never Empty (it waits for the write, as Rust's channel does)");
INTERLEAVE_MODEL(recv_timeout_after_own_send<unbounded>,
                 "channel/unbounded/recv-timeout-after-own-send", expect::pass(),
                 "the receiving thread sends, then recv_timeout while another sender's claim is "
                 "being written: never Timeout");
INTERLEAVE_MODEL(try_recv_after_own_send<bounded2>, "channel/bounded/try-recv-after-own-send",
                 expect::pass(),
                 "the receiving thread sends, then try_recv while another sender's claim is being "
                 "written: never Empty (it waits for the write, as Rust's channel does)");
INTERLEAVE_MODEL(recv_timeout_after_own_send<bounded2>,
                 "channel/bounded/recv-timeout-after-own-send", expect::pass(),
                 "the receiving thread sends, then recv_timeout while another sender's claim is "
                 "being written: never Timeout");
INTERLEAVE_MODEL(move_throws<unbounded>, "channel/unbounded/send-whose-move-throws", expect::pass(),
                 "a send's move into its claimed slot throws while the receiver asks: Empty, then "
                 "the receiver's own value, then RecvError; the failed claim leaves nothing");
INTERLEAVE_MODEL(move_throws<bounded2>, "channel/bounded/send-whose-move-throws", expect::pass(),
                 "a send's move into its claimed slot throws while the receiver asks: the claim "
                 "is given back or left as a hole; Empty, the receiver's own value, RecvError");

// The common faults, per flavor. None names a defect it may pass: each fault shows only its own.
INTERLEAVE_MODEL(lost_notify<unbounded>, "channel/negative/unbounded/lost-notify",
                 expect::fails_with("DEADLOCK"),
                 "negative control: a send path that does not wake the waiting receiver");
INTERLEAVE_MODEL(unlocked_count<unbounded>, "channel/negative/unbounded/unlocked-sender-count",
                 expect::fails_with("DATA RACE"),
                 "negative control: dropping a sender decrements the count without the lock");
INTERLEAVE_MODEL(lost_notify<bounded1>, "channel/negative/bounded/lost-notify",
                 expect::fails_with("DEADLOCK"),
                 "negative control: a send path that does not wake the waiting receiver");
INTERLEAVE_MODEL(unlocked_count<bounded1>, "channel/negative/bounded/unlocked-sender-count",
                 expect::fails_with("DATA RACE"),
                 "negative control: dropping a sender decrements the count without the lock");
INTERLEAVE_MODEL(lost_notify<rendezvous>, "channel/negative/rendezvous/lost-notify",
                 expect::fails_with("DEADLOCK"),
                 "negative control: a send path that does not wake the waiting receiver");
INTERLEAVE_MODEL(unlocked_count<rendezvous>, "channel/negative/rendezvous/unlocked-sender-count",
                 expect::fails_with("DATA RACE"),
                 "negative control: dropping a sender decrements the count without the lock");

INTERLEAVE_MODEL(freed_early<unbounded>, "channel/negative/unbounded/last-sender-frees",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control: the last sender frees the channel's state while the "
                 "receiver still uses it");
// The bounded receiver's first step races the free itself: its earlier accesses of the state
// do not happen-before the sender's free (backend/relacy.hpp, lifetime), which is seen first.
INTERLEAVE_MODEL(freed_early<bounded1>, "channel/negative/bounded/last-sender-frees",
                 expect::fails_with("DATA RACE"),
                 "negative control: the last sender frees the channel's state while the "
                 "receiver still uses it");
// A rendezvous receiver keeps all its state under the mutex, so its first touch of the freed
// state is locking that mutex, whose destructor has run: Relacy names that use of a destroyed
// mutex USAGE OF NON INITIALIZED MUTEX.
INTERLEAVE_MODEL(freed_early<rendezvous>, "channel/negative/rendezvous/last-sender-frees",
                 expect::fails_with("USAGE OF NON INITIALIZED MUTEX"),
                 "negative control: the last sender frees the channel's state while the "
                 "receiver still uses it");

INTERLEAVE_MODEL(early_disconnect<unbounded>, "channel/negative/unbounded/disconnect-before-drain",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: the receiver reports disconnection with values still buffered");
INTERLEAVE_MODEL(early_disconnect<bounded1>, "channel/negative/bounded/disconnect-before-drain",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: the receiver reports disconnection with values still buffered");
INTERLEAVE_MODEL(
    rendezvous_early_disconnect, "channel/negative/rendezvous/disconnect-before-drain",
    expect::fails_with("USER ASSERT FAILED"),
    "negative control: the receiver reports disconnection with the value try_send left it");

// The notify that the last party's drop sends under the lock, moved after the unlock.
INTERLEAVE_MODEL(notifies_after_unlock<unbounded>, "channel/negative/unbounded/notify-after-unlock",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control: the last sender notifies the waiting receiver after unlocking; "
                 "the receiver, woken spuriously, drops and frees the channel first",
                 full_search());
INTERLEAVE_MODEL(notifies_after_unlock<bounded1>, "channel/negative/bounded/notify-after-unlock",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control: the last sender notifies the waiting receiver after unlocking; "
                 "the receiver, woken spuriously, drops and frees the channel first",
                 full_search());
INTERLEAVE_MODEL(notifies_after_unlock<rendezvous>,
                 "channel/negative/rendezvous/notify-after-unlock",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control: the last sender notifies the waiting receiver after unlocking; "
                 "the receiver, woken spuriously, drops and frees the channel first",
                 full_search());

// A receiver asleep while a sender handle stays alive: woken by the send alone (random search,
// the only one in which Relacy reads stale values; channel_scenarios.hpp).
INTERLEAVE_MODEL(woken_by_send<unbounded>, "channel/unbounded/recv-woken-by-send/random",
                 expect::pass(),
                 "the receiver sleeps in recv, one value is sent, another sender stays: the "
                 "send's wake-up alone ends the wait",
                 random_search(200000));
INTERLEAVE_MODEL(woken_by_send<bounded1>, "channel/bounded/recv-woken-by-send/random",
                 expect::pass(),
                 "the receiver sleeps in recv, one value is sent, another sender stays: the "
                 "send's wake-up alone ends the wait",
                 random_search(200000));
INTERLEAVE_MODEL(woken_by_send<rendezvous>, "channel/rendezvous/recv-woken-by-send/random",
                 expect::pass(),
                 "the receiver sleeps in recv, one value is sent, another sender stays: the "
                 "send's wake-up alone ends the wait",
                 random_search(200000));
INTERLEAVE_MODEL(full_only_when_full_ring, "channel/bounded/full-only-when-full/random",
                 expect::pass(),
                 "try_send says Full only if the ring was full while it ran: never against a "
                 "receive that came first in the order of seq_cst accesses",
                 random_search(200000));
INTERLEAVE_MODEL(reuses_block, "channel/unbounded/reuses-recycled-block/random", expect::pass(),
                 "the same, random search: a weak order on the spare's hand-over (either side) "
                 "shows only when loads may read stale values",
                 random_search(200000));

// The unbounded flavor's own paths: installing the next block, and handing a recycled one over.
// Random searches: the context-bound search reaches either defect only after some 30,000 and
// 60,000 executions (the first, as a message overwritten in the old block: USER ASSERT FAILED),
// the random one within the first few hundred.
INTERLEAVE_MODEL(index_before_block, "channel/negative/unbounded/tail-index-before-block",
                 expect::fails_with("DATA RACE"),
                 "negative control: the tail index passes a block's end before the next block is "
                 "set; a sender writes into the old block",
                 random_search(200000));
INTERLEAVE_MODEL(spare_relaxed, "channel/negative/unbounded/spare-handed-over-relaxed",
                 expect::fails_with("DATA RACE"),
                 "negative control: the receiver hands a recycled block over relaxed; the sender "
                 "that reuses it races the receiver's last use",
                 random_search(200000));

// A send's wake-up lost while no disconnection comes to end the wait.
INTERLEAVE_MODEL(woken_by_send_lost<unbounded>, "channel/negative/unbounded/recv-not-woken-by-send",
                 expect::fails_with("DEADLOCK"),
                 "negative control: the send claims the wake-up and never sends it; the receiver "
                 "sleeps while a sender handle stays",
                 random_search(200000));
INTERLEAVE_MODEL(woken_by_send_lost<bounded1>, "channel/negative/bounded/recv-not-woken-by-send",
                 expect::fails_with("DEADLOCK"),
                 "negative control: the send claims the wake-up and never sends it; the receiver "
                 "sleeps while a sender handle stays",
                 random_search(200000));
INTERLEAVE_MODEL(woken_by_send_lost<rendezvous>,
                 "channel/negative/rendezvous/recv-not-woken-by-send",
                 expect::fails_with("DEADLOCK"),
                 "negative control: the send does not wake the sleeping receiver; it sleeps while "
                 "a sender handle stays",
                 random_search(200000));
INTERLEAVE_MODEL(install_loses_mark, "channel/negative/unbounded/install-loses-mark",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: installing a block moves the index by a load and a store; a "
                 "receiver's mark set between them is lost, and a later send succeeds");

// Senders asleep when the receiver drops, or while a claim is given back.
INTERLEAVE_MODEL(bounded_sleepers, "channel/bounded/senders-asleep-at-receiver-drop",
                 expect::pass(),
                 "two senders asleep on a ring whose one slot a third's slow move holds, when "
                 "the receiver drops: both wake and get their values back",
                 complete_bound1());
INTERLEAVE_MODEL(rendezvous_sleepers, "channel/rendezvous/senders-asleep-at-receiver-drop",
                 expect::pass(),
                 "three senders asleep with their offers queued when the receiver drops: all "
                 "wake and get their values back",
                 complete_bound2());
INTERLEAVE_MODEL(bounded_one_sleeper_woken,
                 "channel/negative/bounded/receiver-drop-wakes-one-sender",
                 expect::fails_with("DEADLOCK"),
                 "negative control: the receiver's drop wakes one of two senders asleep on the "
                 "full ring; the other sleeps on",
                 complete_bound1());
INTERLEAVE_MODEL(rendezvous_one_sleeper_woken,
                 "channel/negative/rendezvous/receiver-drop-wakes-one-sender",
                 expect::fails_with("DEADLOCK"),
                 "negative control: the receiver's drop wakes the first sender of the queue; "
                 "the others sleep on",
                 complete_bound2());
INTERLEAVE_MODEL(sleeper_sees_give_back, "channel/bounded/parked-sender-sees-give-back",
                 expect::pass(),
                 "a sender parks on a ring full with a claim whose move throws; the claim given "
                 "back wakes it or is seen by it, and its value arrives",
                 complete_bound2());
INTERLEAVE_MODEL(sleeper_sees_give_back, "channel/bounded/parked-sender-sees-give-back/random",
                 expect::pass(), "the same, random search: the handshake's loads may be stale",
                 random_search(200000));
INTERLEAVE_MODEL(give_back_wakes_nobody, "channel/negative/bounded/given-back-claim-wakes-nobody",
                 expect::fails_with("DEADLOCK"),
                 "negative control: a claim given back wakes nobody; the sender that parked "
                 "while it was in progress sleeps on",
                 complete_bound2());
INTERLEAVE_MODEL(hole_under_lock, "channel/bounded/hole-skipped-under-receiver-lock",
                 expect::pass(),
                 "a claim whose move throws after another claim becomes a hole while a third "
                 "sender parks; the receiver skips it under its lock and wakes the sender",
                 complete_bound1());
INTERLEAVE_MODEL(hole_under_lock, "channel/bounded/hole-skipped-under-receiver-lock/random",
                 expect::pass(), "the same, random search", random_search(200000));
INTERLEAVE_MODEL(hole_relocks, "channel/negative/bounded/hole-skip-relocks",
                 expect::fails_with("RECURSION ON NON-RECURSIVE MUTEX"),
                 "negative control: the receiver skips a hole under its lock and wakes the "
                 "parked sender by locking again",
                 complete_bound1());
INTERLEAVE_MODEL(last_slot_races, "channel/unbounded/last-slot-races/random", expect::pass(),
                 "2 producers x 3 messages: they race for blocks' last slots; the loser's block "
                 "goes back as the spare and is installed later, none lost",
                 random_search(200000));

INTERLEAVE_MODEL(stale_full_verdict, "channel/negative/bounded/full-verdict-from-stale-stamp",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: try_send loads the stamp acquire only and says Full after a "
                 "receive that came first in the order of seq_cst accesses",
                 random_search(200000));
// A receive that reports nothing while the head is claimed and being written.
INTERLEAVE_MODEL(empty_while_claimed<unbounded>, "channel/negative/unbounded/empty-while-claimed",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: try_recv reports Empty while another sender's claim at the "
                 "head is being written, after this thread's own send returned");
INTERLEAVE_MODEL(empty_while_claimed<bounded2>, "channel/negative/bounded/empty-while-claimed",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: try_recv reports Empty while another sender's claim at the "
                 "head is being written, after this thread's own send returned");
INTERLEAVE_MODEL(move_throws_overlooked<unbounded>,
                 "channel/negative/unbounded/empty-while-claimed-move-throws",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a claim whose move is about to throw is overlooked: try_recv "
                 "reports Empty with this thread's own value behind it");
INTERLEAVE_MODEL(move_throws_overlooked<bounded2>,
                 "channel/negative/bounded/empty-while-claimed-move-throws",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a claim whose move is about to throw is overlooked: try_recv "
                 "reports Empty with this thread's own value behind it");

// The bounded flavor's own paths: parking a sender on a full ring, and the ring's size.
INTERLEAVE_MODEL(full_sender_not_woken, "channel/negative/bounded/full-sender-not-woken",
                 expect::fails_with("DEADLOCK"),
                 "negative control: a slot freed by the receiver does not wake the sender parked "
                 "on the full ring");
INTERLEAVE_MODEL(ring_too_big, "channel/negative/bounded/ring-one-slot-too-many",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: the ring has one slot more than the capacity; a send returns "
                 "with 3 of capacity 2 buffered");

// The rendezvous flavor's own paths: the hand-off wait, and the wake-up that ends it.
INTERLEAVE_MODEL(returns_early, "channel/negative/rendezvous/send-returns-before-taken",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a rendezvous send returns once its value is in the slot, "
                 "before the receiver took it");
INTERLEAVE_MODEL(owner_not_woken, "channel/negative/rendezvous/handoff-owner-not-woken",
                 expect::fails_with("DEADLOCK"),
                 "negative control: the receiver takes the value but does not wake the sender "
                 "waiting for the hand-off");
INTERLEAVE_MODEL(linked_before_ready, "channel/negative/rendezvous/offer-linked-before-ready",
                 expect::fails_with("DATA RACE"),
                 "negative control: a sender links its offer before its value is in it; the "
                 "receiver reads the offer before it is ready");
INTERLEAVE_MODEL(withdrawn_after_taken, "channel/negative/rendezvous/offer-withdrawn-after-taken",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a sender that finds the receiver gone withdraws its offer "
                 "though the receiver took it first: the waiter is removed twice, its value "
                 "both received and handed back");
INTERLEAVE_MODEL(owner_notified_late, "channel/negative/rendezvous/owner-notified-after-unlock",
                 expect::fails_with("DATA RACE"),
                 "negative control: the receiver's drop wakes the senders waiting with offers "
                 "after unlocking; its walk of the queue races a sender unlinking its own offer",
                 full_search());

}  // namespace interleave::models::channel
