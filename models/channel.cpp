// Models of interleave::mpsc, every flavor through the same scenarios (channel_scenarios.hpp):
// no lost or duplicated message and per-producer FIFO (2 producers x 2 messages, 3 producers x
// 1 message; context-bound search at bound 2, and random search), disconnection by the senders
// (drained first) and by the receiver (values handed back, buffer freed, blocked senders woken),
// the capacity bound and the rendezvous hand-off, and recv_timeout losing nothing.
// Negative controls: a lost notify (DEADLOCK), disconnection reported before the drain
// (USER ASSERT FAILED), a sender count dropped without the lock (DATA RACE), the channel's state
// freed by the last sender while the receiver still uses it (ACCESS TO FREED MEMORY).
#include <chrono>
#include <memory>
#include <optional>

#include <interleave/mpsc.hpp>
#include <interleave/model.hpp>

#include "broken_backends.hpp"
#include "channel_scenarios.hpp"

namespace interleave::models::channel {
namespace {

using B = relacy_backend;
using bounded1 = bounded<1>;

template <class F> using two_by_two = no_loss<F, B, 2, 2, false>;
template <class F> using three_by_one = no_loss<F, B, 3, 1, false>;
template <class F> using drains_first = no_loss<F, B, 2, 1, true>;
template <class F> using drop_unread = receiver_drop<F, B, 0>;
template <class F> using drop_after_one = receiver_drop<F, B, 1>;
template <class F> using timeout = timeout_loses_nothing<F, B>;
template <class F> using drop_together = senders_drop_together<F, B>;

using bounded_capacity = bounded_by_capacity<bounded<2>, B, 4>;
using rendezvous_handoff = bounded_by_capacity<rendezvous, B, 3>;

using lost_notify = no_loss<unbounded, faulty_backend<fault::lost_notify>, 1, 2, false>;
using early_disconnect =
    no_loss<unbounded, faulty_backend<fault::disconnect_before_drain>, 2, 1, true>;
using unlocked_count = senders_drop_together<unbounded, faulty_backend<fault::unlocked_sender_count>>;
using freed_early = no_loss<unbounded, faulty_backend<fault::last_sender_frees>, 1, 1, true>;

}  // namespace

#define INTERLEAVE_CHANNEL_MODELS(F, name)                                                       \
  INTERLEAVE_MODEL(two_by_two<F>, "channel/" name "/two-producers-no-loss", expect::pass(),     \
                   "2 producers x 2 messages: none lost or duplicated, each producer's in order", \
                   complete_bound2());                                                          \
  INTERLEAVE_MODEL(two_by_two<F>, "channel/" name "/two-producers-no-loss/random",              \
                   expect::pass(), "the same, random search", random_search(200000));            \
  INTERLEAVE_MODEL(three_by_one<F>, "channel/" name "/three-producers-no-loss", expect::pass(), \
                   "3 producers x 1 message: none lost or duplicated", complete_bound2());      \
  INTERLEAVE_MODEL(three_by_one<F>, "channel/" name "/three-producers-no-loss/random",          \
                   expect::pass(), "the same, random search", random_search(200000));            \
  INTERLEAVE_MODEL(drains_first<F>, "channel/" name "/disconnect-by-senders-drains-first",      \
                   expect::pass(),                                                              \
                   "both senders send and drop; the receiver gets every value, then RecvError"); \
  INTERLEAVE_MODEL(drop_unread<F>, "channel/" name "/receiver-drop-returns-values",             \
                   expect::pass(),                                                              \
                   "the receiver drops unread: each send succeeds or hands its value back; "    \
                   "buffered values are freed once; a blocked sender wakes");                   \
  INTERLEAVE_MODEL(drop_after_one<F>, "channel/" name "/receiver-drop-after-one",               \
                   expect::pass(), "the receiver takes one value, then drops");                 \
  INTERLEAVE_MODEL(timeout<F>, "channel/" name "/recv-timeout-loses-nothing", expect::pass(),   \
                   "recv_timeout may time out anywhere; the value sent is received once");      \
  INTERLEAVE_MODEL(drop_together<F>, "channel/" name "/senders-drop-together", expect::pass(),  \
                   "two senders dropped at once disconnect the receiver exactly once")

INTERLEAVE_CHANNEL_MODELS(unbounded, "unbounded");
INTERLEAVE_CHANNEL_MODELS(bounded1, "bounded");
INTERLEAVE_CHANNEL_MODELS(rendezvous, "rendezvous");

INTERLEAVE_MODEL(bounded_capacity, "channel/bounded/never-holds-more-than-capacity", expect::pass(),
                 "capacity 2, 4 sends: when send(i) returns, value i-2 has left the buffer");
INTERLEAVE_MODEL(rendezvous_handoff, "channel/rendezvous/send-returns-after-receive",
                 expect::pass(), "a rendezvous send returns only after its value was received");

INTERLEAVE_MODEL(lost_notify, "channel/negative/lost-notify", expect::fails_with("DEADLOCK"),
                 "negative control: a send path that does not wake the waiting receiver");
INTERLEAVE_MODEL(early_disconnect, "channel/negative/disconnect-before-drain",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: the receiver reports disconnection with values still buffered");
INTERLEAVE_MODEL(unlocked_count, "channel/negative/unlocked-sender-count",
                 expect::fails_with("DATA RACE"),
                 "negative control: dropping a sender decrements the count without the lock");
INTERLEAVE_MODEL(freed_early, "channel/negative/last-sender-frees",
                 expect::fails_with("ACCESS TO FREED MEMORY"),
                 "negative control: the last sender frees the channel's state while the receiver still uses it");

}  // namespace interleave::models::channel
