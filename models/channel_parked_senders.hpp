// models/channel_parked_senders.hpp: senders asleep in a full or rendezvous channel, and what
// must wake them: the receiver's drop, or a claim given back. Like channel_scenarios.hpp,
// templates over a Flavor and a Backend; include after it.
//
// They run over parking_backend (broken_backends.hpp): Relacy's, with a bounded channel's sender
// parking at once.
#pragma once

namespace interleave::models::channel {

// A value whose move yields a few times: a sender's claim of a bounded channel's slot stays in
// progress (claimed, not yet published) while the other threads run.
struct slow_move {
  int value = 0;
  bool slow = false;
  explicit slow_move(int v, bool s = false) : value(v), slow(s) {}
  slow_move(slow_move&& o) : value(o.value), slow(o.slow) {
    for (int i = 0; slow && i < 3; ++i) relacy_backend::yield();
  }
  slow_move& operator=(slow_move&& o) {
    value = o.value;
    slow = o.slow;
    return *this;
  }
};

// Senders asleep when the receiver drops: every one must wake, fail and get its value back;
// one left asleep is a DEADLOCK. The last thread drops the receiver; the others send one value
// each into a channel nobody receives from, so at most `Capacity` sends succeed (the first
// claims, before the drop's mark).
// - A rendezvous, three senders, each asleep on its own offer's condition variable with the
//   offer queued. The drop must wake every one, not the first.
// - A bounded(1) channel, three senders, sender 0's value moving slowly: where its claim of the
//   one slot comes first, it is still in progress while senders 1 and 2 find the ring full and
//   park, and the drop's drain finds no value to free (freeing one would wake a sender too):
//   only the drop's notify, under the lock that each sleeper looked at the mark with, wakes
//   them, all of them.
template <class Flavor, class B, int Senders, int Capacity>
struct senders_asleep_at_receiver_drop
    : rl::test_suite<senders_asleep_at_receiver_drop<Flavor, B, Senders, Capacity>, Senders + 1> {
  std::optional<sender_t<Flavor, slow_move, B>> tx[Senders];
  std::optional<receiver_t<Flavor, slow_move, B>> rx;
  bool sent[Senders] = {};  // each sender's own entry

  void before() {
    auto [t, r] = Flavor::template make<slow_move, B>();
    for (auto& s : tx) s.emplace(t);  // clones
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index < Senders) {
      auto result = tx[index]->send(slow_move(int(index), Capacity > 0 && index == 0));
      sent[index] = result.has_value();
      if (!sent[index])
        RL_ASSERT(std::move(result.error()).into_inner().value == int(index));  // handed back
      return;
    }
    rx.reset();  // wakes every sleeper
  }
  void after() {
    int buffered = 0;
    for (bool s : sent) buffered += s ? 1 : 0;
    RL_ASSERT(buffered <= Capacity);  // nobody received: the rest came back
  }
};

// A bounded(1) channel: thread 0's send claims the one slot and its move throws, so it gives
// the position back (no claim followed it); thread 1's send may find the ring full meanwhile
// and park. The give-back must wake it or be seen by it (the handshake of park_while_full:
// registration then a look at the tail; the CAS of the tail then a look at the count): thread 1's
// value must arrive, and the receiver waits for it. Random search for the stale reads of the
// handshake's loads (the tree searches never read a stale value).
template <class B>
struct parked_sender_sees_give_back : rl::test_suite<parked_sender_sees_give_back<B>, 3> {
  std::optional<sender_t<bounded_flavor<1>, fragile, B>> tx[2];
  std::optional<receiver_t<bounded_flavor<1>, fragile, B>> rx;

  void before() {
    auto [t, r] = bounded_flavor<1>::template make<fragile, B>();
    for (auto& s : tx) s.emplace(t);  // clones
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      send_whose_move_fails(*tx[0], 1);
      return;
    }
    if (index == 1) {
      RL_ASSERT(tx[1]->send(fragile(2)).has_value());
      return;
    }
    const auto v = rx->recv();
    RL_ASSERT(v.has_value() && v->value == 2);
  }
};

// A bounded(2) channel: senders 0 and 1 claim both slots and sender 0's move throws, so its
// claim cannot be given back (one followed it) and becomes a hole; sender 2 finds the ring full
// and parks. The receiver, asleep in recv, wakes, skips the hole in its look under the lock and
// frees the slot, which must wake sender 2 with the lock it holds (taking it again is a
// self-deadlock on real threads): values 1 and 2 arrive, each once.
template <class B>
struct hole_skipped_under_receiver_lock : rl::test_suite<hole_skipped_under_receiver_lock<B>, 4> {
  std::optional<sender_t<bounded_flavor<2>, fragile, B>> tx[3];
  std::optional<receiver_t<bounded_flavor<2>, fragile, B>> rx;

  void before() {
    auto [t, r] = bounded_flavor<2>::template make<fragile, B>();
    for (auto& s : tx) s.emplace(t);  // clones
    rx.emplace(std::move(r));
  }
  void thread(unsigned index) {
    if (index == 0) {
      send_whose_move_fails(*tx[0], 0);
      return;
    }
    if (index < 3) {
      RL_ASSERT(tx[index]->send(fragile(int(index))).has_value());
      return;
    }
    int seen = 0;  // bit v: value v received
    for (int i = 0; i < 2; ++i) {
      const auto v = rx->recv();
      RL_ASSERT(v.has_value() && (v->value == 1 || v->value == 2) && !(seen & (1 << v->value)));
      seen |= 1 << v->value;
    }
  }
};

}  // namespace interleave::models::channel
