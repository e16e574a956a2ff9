// models/channel_scenarios.hpp: the channel models, written once for every flavor.
//
// Each suite is a template over a Flavor (<interleave/models/channel_flavors.hpp>) and a
// Backend (relacy_backend, or a broken variant for a negative control), so every flavor is
// checked by the same scenarios. Include after <interleave/model.hpp>.
//
// Values are encoded as producer * 100 + sequence number, so the receiver can check, per
// producer, that nothing is lost, nothing is duplicated and the order is kept.
#pragma once

#include "interleave/models/channel_flavors.hpp"

namespace interleave::models::channel {

using unbounded = unbounded_flavor;
template <int N>
using bounded = bounded_flavor<N>;
using rendezvous = rendezvous_flavor;

// Producers 0..P-1 each send M values through their own clone of the sender; the last thread
// receives P*M values and checks per-producer order. With `then_disconnect`, each producer
// drops its sender after its last send and the receiver reads until RecvError, which must come
// only after every value (never early).
template <class Flavor, class B, int Producers, int Messages, bool ThenDisconnect>
struct no_loss
    : rl::test_suite<no_loss<Flavor, B, Producers, Messages, ThenDisconnect>, Producers + 1> {
  std::optional<sender_t<Flavor, int, B>> tx[Producers];
  std::optional<receiver_t<Flavor, int, B>> rx;
  int next[Producers] = {};  // receiver-only: the sequence number expected next per producer

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    for (auto& s : tx) s.emplace(t);  // clones
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index < Producers) {
      for (int i = 0; i < Messages; ++i)
        RL_ASSERT(tx[index]->send(int(index) * 100 + i).has_value());
      if (ThenDisconnect) tx[index].reset();
      return;
    }
    int received = 0;
    for (;;) {
      if (!ThenDisconnect && received == Producers * Messages) break;
      auto v = rx->recv();
      if (!v) break;  // RecvError: every sender is gone and the buffer is drained
      const int producer = *v / 100, seq = *v % 100;
      RL_ASSERT(producer >= 0 && producer < Producers);
      RL_ASSERT(seq == next[producer]);  // not lost, not duplicated, in order
      ++next[producer];
      ++received;
    }
    RL_ASSERT(received == Producers * Messages);  // a RecvError before this is a lost message
  }
};

// One producer sends two heap values while the receiver takes `Takes` of them and then drops
// the receiver. Every send either succeeds or hands its value back intact; values left in the
// buffer are freed by the receiver's drop (Relacy's leak check would show one that is not, and
// its double-free check one freed twice); a sender blocked on a full buffer or a rendezvous
// wakes with an error instead of sleeping forever (no DEADLOCK).
template <class Flavor, class B, int Takes>
struct receiver_drop : rl::test_suite<receiver_drop<Flavor, B, Takes>, 2> {
  using payload = std::unique_ptr<int>;
  std::optional<sender_t<Flavor, payload, B>> tx;
  std::optional<receiver_t<Flavor, payload, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<payload, B>();
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      bool disconnected = false;
      for (int i = 1; i <= 2; ++i) {
        auto sent = tx->send(std::make_unique<int>(i));
        if (!sent) {
          disconnected = true;
          payload back = std::move(sent.error()).into_inner();
          RL_ASSERT(back && *back == i);  // the value comes back, intact
        } else {
          RL_ASSERT(!disconnected);  // once disconnected, always disconnected
        }
      }
      return;
    }
    for (int i = 1; i <= Takes; ++i) {
      auto v = rx->recv();
      RL_ASSERT(v.has_value() && **v == i);
    }
    rx.reset();  // disconnect: wakes a blocked sender, frees what is buffered
  }
  // The receiver's drop happens-before this send (the threads are done): it fails, whatever
  // the sends above raced with. A mark lost to a racing claim or block install would let it in.
  void after() { RL_ASSERT(!tx->send(std::make_unique<int>(3)).has_value()); }
};

// A value whose moves in the receiving thread record that it has left the channel's buffer:
// the only moves the receiver makes of a value are out of the buffer and after.
struct tracked {
  int index;
  rl::atomic<int>* taken;  // highest index that has left the buffer
  unsigned receiver;       // the receiving thread's index

  tracked(int i, rl::atomic<int>* t, unsigned r) : index(i), taken(t), receiver(r) {}
  tracked(tracked&& o) noexcept : index(o.index), taken(o.taken), receiver(o.receiver) {
    if (rl::thread_index() == receiver && taken->load(rl::mo_relaxed, $) < index)
      taken->store(index, rl::mo_relaxed, $);
  }
  tracked& operator=(tracked&& o) noexcept {
    index = o.index;
    taken = o.taken;
    receiver = o.receiver;
    return *this;
  }
};

// A thread that is slow to start: a timed wait that nobody notifies, which Relacy ends by a
// timeout at a point of its choosing. Without it no search of Relacy's reaches a bounded
// sender's park: a sender yields several times before it parks, and Relacy's tree searches
// (bound, full) do not run a thread that yielded again until every other thread that can run
// has run, so a receiver that can run always frees a slot first (the random search could skip
// it, but it would need to keep the receiver idle through some 30 steps in a row). A napping
// receiver cannot run, so the sender yields, finds the ring still full, and parks.
template <class B>
struct nap {
  std::optional<typename B::mutex> m;
  std::optional<typename B::condition_variable> cv;

  void prepare() {
    m.emplace();
    cv.emplace();
  }
  void take() {
    m->lock();
    (void)cv->wait_for(*m, std::chrono::milliseconds(1));  // never notified: ends by timeout
    m->unlock();
  }
};

// One producer sends 0..K-1; when send(i) returns Ok, values up to i - capacity must already
// have left the buffer: the buffer never holds more than `capacity`, and for a rendezvous
// (capacity 0) a send never returns before its own value was received. The receiver naps
// first, so the producer also finds the buffer full and parks (bounded), or waits for the
// hand-off with nobody there yet (rendezvous), and must be woken.
// The relaxed load suffices: the channel's lock orders the receiver's record before send
// returns (coherence then shows it), and if the channel failed to order them, the bound check
// is what would catch it.
template <class Flavor, class B, int K>
struct bounded_by_capacity : rl::test_suite<bounded_by_capacity<Flavor, B, K>, 2> {
  std::optional<sender_t<Flavor, tracked, B>> tx;
  std::optional<receiver_t<Flavor, tracked, B>> rx;
  rl::atomic<int> taken;
  nap<B> slow;

  void before() {
    slow.prepare();
    taken.store(-1, rl::mo_relaxed, $);
    auto [t, r] = Flavor::template make<tracked, B>();
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      for (int i = 0; i < K; ++i) {
        RL_ASSERT(tx->send(tracked(i, &taken, 1)).has_value());
        RL_ASSERT(taken.load(rl::mo_relaxed, $) >= i - Flavor::capacity);
      }
      return;
    }
    slow.take();
    for (int i = 0; i < K; ++i) {
      auto v = rx->recv();
      RL_ASSERT(v.has_value() && v->index == i);
    }
  }
};

// A producer offers one value with try_send, falls back to send if it was refused (Full: for
// a rendezvous, no receiver was asleep in recv), and drops its sender; the receiver reads until
// RecvError, which must come after the value. On a rendezvous this is the one way a value can
// be in the channel after its sender left: try_send left it for a receiver already asleep.
template <class Flavor, class B>
struct try_send_then_disconnect : rl::test_suite<try_send_then_disconnect<Flavor, B>, 2> {
  std::optional<sender_t<Flavor, int, B>> tx;
  std::optional<receiver_t<Flavor, int, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      auto offered = tx->try_send(7);
      if (!offered) {
        RL_ASSERT(offered.error().is_full());
        RL_ASSERT(tx->send(std::move(offered.error()).into_inner()).has_value());
      }
      tx.reset();
      return;
    }
    int got = 0;
    for (auto v = rx->recv(); v; v = rx->recv()) {
      RL_ASSERT(*v == 7);
      ++got;
    }
    RL_ASSERT(got == 1);  // RecvError only after the value
  }
};

// recv_timeout may time out in any interleaving (Relacy decides when a timed wait ends);
// whatever it does, the one value sent is received exactly once and disconnection is reported
// only after it.
template <class Flavor, class B>
struct timeout_loses_nothing : rl::test_suite<timeout_loses_nothing<Flavor, B>, 2> {
  std::optional<sender_t<Flavor, int, B>> tx;
  std::optional<receiver_t<Flavor, int, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      RL_ASSERT(tx->send(7).has_value());
      tx.reset();
      return;
    }
    int got = 0;
    bool disconnected = false;
    for (int attempt = 0; attempt < 2 && !disconnected; ++attempt) {
      auto v = rx->recv_timeout(std::chrono::milliseconds(1));
      if (v) {
        RL_ASSERT(*v == 7);
        ++got;
      } else if (v.error() == mpsc::RecvTimeoutError::Disconnected) {
        disconnected = true;
      }
    }
    while (!disconnected) {  // drain with the blocking call
      auto v = rx->recv();
      if (v)
        ++got;
      else
        disconnected = true;
    }
    RL_ASSERT(got == 1);
  }
};

// The receiver sleeps in recv while a sender sends one value and a second sender handle stays
// alive (held by the test, dropped after the threads end): only the send's own wake-up can end
// the wait, since no disconnection comes to do it. A lost wake-up is a DEADLOCK. The parking
// handshake's four accesses (common.hpp's opening comment) need seq_cst for that: with the
// random scheduler, Relacy lets a weaker load read a stale value, which the context-bound
// searches never do (they read the latest store), so register this one with random_search.
template <class Flavor, class B>
struct recv_woken_by_send : rl::test_suite<recv_woken_by_send<Flavor, B>, 2> {
  std::optional<sender_t<Flavor, int, B>> tx, kept;
  std::optional<receiver_t<Flavor, int, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    kept.emplace(t);  // a clone, dropped with the suite: connected while the threads run
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      RL_ASSERT(tx->send(7).has_value());
      tx.reset();
      return;
    }
    auto v = rx->recv();
    RL_ASSERT(v.has_value() && *v == 7);
  }
};

// try_send reports Full only if the ring was full while it ran: its verdict is sequentially
// consistent with the program's other seq_cst accesses. The ring (capacity 1) starts full;
// thread 0 raises a seq_cst flag, then try_sends; thread 1 receives (freeing the slot), then
// reads the flag. If thread 1 read the flag still down, its receive came before thread 0's
// try_send in the single order of seq_cst accesses, so Full would be a stale verdict. A USER
// ASSERT FAILED when a weaker load lets try_send read the stamp from before the receive (a
// stale read: random search).
template <class Flavor, class B>
struct full_only_when_full : rl::test_suite<full_only_when_full<Flavor, B>, 2> {
  std::optional<sender_t<Flavor, int, B>> tx;
  std::optional<receiver_t<Flavor, int, B>> rx;
  std::optional<typename B::template atomic<int>> flag;
  bool full = false;
  bool flag_seen = true;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    RL_ASSERT(t.try_send(1).has_value());  // capacity 1: full now
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
    flag.emplace(0);
  }
  void thread(unsigned index) {
    if (index == 0) {
      flag->store(1, std::memory_order::seq_cst);
      auto sent = tx->try_send(2);
      full = !sent && sent.error().kind() == mpsc::TrySendError<int>::Kind::Full;
      return;
    }
    RL_ASSERT(rx->recv().value_or(0) == 1);
    flag_seen = flag->load(std::memory_order::seq_cst) == 1;
  }
  void after() { RL_ASSERT(!(full && !flag_seen)); }
};

// Empty means nothing claimed (common.hpp, lockfree_channel_base). Thread 1 sends 1; thread 0,
// which holds the receiver, sends 2 itself and then asks with try_recv (or recv_timeout). Its
// own send happens-before its receive, so a value is buffered or being written whatever thread
// 1's claim and write interleave with: Empty, or Timeout, would be wrong. The receive gets the
// value claimed first, 1 or 2; then the other comes, then disconnection. Lock-free flavors only
// (a rendezvous send waits for its receiver, which here is its own thread), with room for both.
template <class Flavor, class B, bool Timed>
struct receive_after_own_send : rl::test_suite<receive_after_own_send<Flavor, B, Timed>, 2> {
  std::optional<sender_t<Flavor, int, B>> tx[2];
  std::optional<receiver_t<Flavor, int, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    for (auto& s : tx) s.emplace(t);  // clones
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 1) {
      RL_ASSERT(tx[1]->send(1).has_value());
      tx[1].reset();
      return;
    }
    RL_ASSERT(tx[0]->send(2).has_value());
    tx[0].reset();
    int first = 0;
    if constexpr (Timed) {
      auto v = rx->recv_timeout(std::chrono::milliseconds(1));
      RL_ASSERT(v.has_value());  // not Timeout: this thread's own value is in the channel
      first = v.value_or(0);
    } else {
      auto v = rx->try_recv();
      RL_ASSERT(v.has_value());  // not Empty: this thread's own value is in the channel
      first = v.value_or(0);
    }
    auto second = rx->recv();
    RL_ASSERT(second.has_value() && first + *second == 3);
    RL_ASSERT(!rx->recv().has_value());  // both senders gone, nothing left
  }
};

// A value whose move throws if it was made to: a send whose move into its claimed slot fails.
struct move_failed {};
struct fragile {
  int value = 0;
  bool throws = false;
  explicit fragile(int v, bool t = false) : value(v), throws(t) {}
  fragile(fragile&& o) : value(o.value), throws(o.throws) {
    if (throws) throw move_failed{};
  }
  fragile& operator=(fragile&& o) {
    if (o.throws) throw move_failed{};
    value = o.value;
    return *this;
  }
};

// Sends a value whose move throws: the exception must reach the sender's caller.
template <class Sender>
void send_whose_move_fails(Sender& tx, int value) {
  bool threw = false;
  try {
    (void)tx.send(fragile(value, true));
  } catch (const move_failed&) {
    threw = true;
  }
  RL_ASSERT(threw);
}

// Thread 1's send claims a slot and its move throws: the claim is given back, or, once another
// claim follows it, published as a hole the receiver skips (unbounded: always a hole). Thread 0,
// the receiver, asks while that claim may be in progress (Empty: nothing was sent), sends a
// value of its own and must get exactly that back, then waits for the disconnection: a claim
// that failed leaves no value behind and no receive waiting for it, and the receive that waited
// for the failed write looks at the senders under the lock again (thread 1 drops its sender
// right after its send threw).
template <class Flavor, class B>
struct send_whose_move_throws : rl::test_suite<send_whose_move_throws<Flavor, B>, 2> {
  std::optional<sender_t<Flavor, fragile, B>> tx[2];
  std::optional<receiver_t<Flavor, fragile, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<fragile, B>();
    for (auto& s : tx) s.emplace(t);  // clones
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 1) {
      send_whose_move_fails(*tx[1], 1);
      tx[1].reset();
      return;
    }
    const auto before_own = rx->try_recv();
    RL_ASSERT(!before_own && before_own.error() == mpsc::TryRecvError::Empty);
    RL_ASSERT(tx[0]->send(fragile(2)).has_value());
    tx[0].reset();
    const auto own = rx->try_recv();
    RL_ASSERT(own.has_value() && own->value == 2);
    RL_ASSERT(!rx->recv().has_value());  // both senders gone, nothing left
  }
};

// Two producers drop their senders at the same time while the receiver waits for
// disconnection: the sender count is shared state, and must be updated under the lock.
template <class Flavor, class B>
struct senders_drop_together : rl::test_suite<senders_drop_together<Flavor, B>, 3> {
  std::optional<sender_t<Flavor, int, B>> tx[2];
  std::optional<receiver_t<Flavor, int, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    tx[0].emplace(t);
    tx[1].emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index < 2) {
      tx[index].reset();
      return;
    }
    RL_ASSERT(!rx->recv().has_value());  // nothing was sent: only disconnection can come
  }
};

// The last sender leaves while the receiver waits for it, and the receiver, told the channel is
// disconnected, drops at once: the last party frees the channel while the other may still be
// inside its drop. `Timed`: the receiver waits with recv_timeout (and may time out, in any
// interleaving, before or after the sender left) instead of recv. The searches may wake a wait
// spuriously once per execution (backend/relacy.hpp): an untimed waiter leaves its wait without
// the notification only so, as a real thread may.
template <class Flavor, class B, bool Timed>
struct receiver_drops_at_disconnect
    : rl::test_suite<receiver_drops_at_disconnect<Flavor, B, Timed>, 2> {
  static constexpr unsigned spurious_wakeups = 1;
  std::optional<sender_t<Flavor, int, B>> tx;
  std::optional<receiver_t<Flavor, int, B>> rx;

  void before() {
    auto [t, r] = Flavor::template make<int, B>();
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      tx.reset();
      return;
    }
    if constexpr (Timed) {
      for (;;) {  // nothing is sent: only Timeout, then Disconnected, can come
        auto v = rx->recv_timeout(std::chrono::milliseconds(1));
        RL_ASSERT(!v.has_value());
        if (v.error() == mpsc::RecvTimeoutError::Disconnected) break;
      }
    } else {
      RL_ASSERT(!rx->recv().has_value());
    }
    rx.reset();  // the last party: frees the channel
  }
};

// A rendezvous sender waits for the hand-off of its value while the receiver drops without
// receiving; the sender, handed its value back, drops its own handle at once, and as the last
// party frees the channel while the receiver may still be inside its drop. One spurious wake-up
// per execution, as above: the sender's wait has no timeout.
template <class B>
struct sender_drops_after_receiver : rl::test_suite<sender_drops_after_receiver<B>, 2> {
  static constexpr unsigned spurious_wakeups = 1;
  std::optional<sender_t<rendezvous, int, B>> tx;
  std::optional<receiver_t<rendezvous, int, B>> rx;

  void before() {
    auto [t, r] = rendezvous::template make<int, B>();
    tx.emplace(std::move(t));
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      auto sent = tx->send(7);
      RL_ASSERT(!sent && std::move(sent.error()).into_inner() == 7);  // nobody ever receives
      tx.reset();
      return;
    }
    rx.reset();
  }
};

// A full search: every interleaving, no bound on preemptions. For the small suites above, whose
// defects need three (the waiter's early end, and two switches around the other's drop).
inline harness::SearchSettings full_search() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::full;
  s.iterations = 1000000;
  return s;
}

// Context-bound search at bound 2 with room to complete: the largest, rendezvous with three
// producers, needs 14.4 million iterations (about 90 s on one core of the project's machine).
inline harness::SearchSettings complete_bound2() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::bound;
  s.context_bound = 2;
  s.iterations = 30000000;
  return s;
}

// Context-bound search at bound 1, to completion: for the four-thread scenarios of senders
// asleep (channel_parked_senders.hpp), whose defects need one preemption and whose bound-2
// searches cost 10 to 25 times as much (channel/bounded/hole-skipped-under-receiver-lock: 92,000
// executions at bound 1, 2.5 million at bound 2).
inline harness::SearchSettings complete_bound1() {
  harness::SearchSettings s = complete_bound2();
  s.context_bound = 1;
  return s;
}

inline harness::SearchSettings random_search(std::uint64_t iterations) {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::random;
  s.iterations = iterations;
  return s;
}

}  // namespace interleave::models::channel
