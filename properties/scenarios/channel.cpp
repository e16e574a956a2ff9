// Generated concurrent scenarios for interleave::mpsc (interleave/scenario.hpp), per flavor.
//
// Roles: thread 0 holds the Receiver; threads 1 and 2 (if generated) each start with a clone of
// the Sender; the prefix runs on the original Sender and the Receiver before the threads start,
// and the prefix's end drops that original. On the unbounded and bounded channels thread 0 also
// holds a Sender clone of its own and sends on it without blocking (send, unbounded; try_send,
// bounded), so a receive can follow a send of the same thread in program order: a value sent
// there must be seen, even while another sender's claimed slot in front of it is still being
// written (fault::empty_while_claimed). Its `recv` first drops that own sender (a receiver that
// waited on its own sender would wait forever). The rendezvous channel gives thread 0 no
// sender: its try_send could only ever say Full, nobody else receiving.
// Every thread drops what it still holds when its operations end (the implicit last operation),
// so no scenario can block forever on a correct channel: a recv waits for a value or for the
// last sender's drop, a blocked send for room or for the receiver's drop. For the same reason
// there is no suffix: once the threads are done, every handle is gone.
// The operations, one struct each: the receiver's `recv`, `try_recv`, `recv_timeout 1ms` and
// `drop receiver`; a sender's `send v`, `try_send v` (not on the unbounded channel, which has
// none), `send v, its move throws` (a claim given back, or a hole: see token), `clone sender`
// and `drop sender`; the implicit `end`. The prefix only try_sends (or
// sends, unbounded) and try_recvs: it must not block.
// On a bounded channel the receiver may also `recv, after a nap` (a receive that starts late:
// see world::nap), so that senders park on a full ring with nobody receiving yet; the channels
// run over parking_backend (see the end of this file).
//
// Checked in every explored execution, beyond Relacy's own defects:
//  - linearizability against a sequential channel (a FIFO of values, a sender count, a
//    receiver flag): recv reports disconnection only with nothing buffered and no sender left,
//    try_recv says Empty only with nothing buffered, a send succeeds only while the receiver
//    lives and there is room, ...; the rendezvous channel is specified as one slot (a send is
//    placed where its value is taken), and its try_send may report Full whenever no receiver is
//    waiting;
//  - value accounting: every value created by a send is, exactly once, received, handed back in
//    the send's error (the very value that was sent), or destroyed by the channel after the
//    receiver went; nothing sent successfully is destroyed otherwise;
//  - rendezvous: a send that returns Ok returned after its value was taken, so by then a receive
//    that took it had begun: counted by the clock of the execution (exact: fibers switch only
//    inside instrumented operations), the k-th send to return Ok returned after at least k
//    successful receives had begun. (The one-slot specification above cannot tell a rendezvous
//    from a buffer of one; this can.)
//
// Negative controls, channel/property/negative/<flavor>/<fault>: a subject above over
// faulty_backend<fault::X>, the same subject over relacy_backend being its passing twin.
#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include <interleave/mpsc.hpp>

#include "interleave/models/channel_flavors.hpp"  // before Relacy, as every header

#include <interleave/scenario.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::properties::channel {
namespace {

using scenario::Op;
using scenario::Record;
using scenario::Scenario;

inline constexpr int values = 4;  // generated values are 0..3

// How many tokens of each value were made and destroyed while still owned: the accounting of
// one execution, reset when its channel is made. Plain memory, outside Relacy's view.
struct tally {
  std::array<int, values> created{}, destroyed_owned{};
};
tally counted;

// What a token's move throws when it was made to (a send whose value cannot be moved in).
struct move_failed {};

// A sent value that knows whether someone still owns it. A token destroyed while owned was
// destroyed by the channel (nobody took it), or by the caller of a send that threw; the
// receiver and a failed send take it first. A token made `fragile` throws from every move,
// before it hands anything over, so a send of it claims a slot and then fails: the claim is
// given back, or published as a hole the receiver skips.
class token {
 public:
  explicit token(int v, bool fragile = false) : value_(v), fragile_(fragile) {
    ++counted.created[v];
  }
  token(token&& o) : value_(o.value_), fragile_(o.fragile_), owned_(take_ownership(o)) {}
  token& operator=(token&& o) {
    const bool taken = take_ownership(o);
    if (owned_) ++counted.destroyed_owned[value_];
    value_ = o.value_;
    fragile_ = o.fragile_;
    owned_ = taken;
    return *this;
  }
  ~token() {
    if (owned_) ++counted.destroyed_owned[value_];
  }
  int take() {
    owned_ = false;
    return value_;
  }

 private:
  static bool take_ownership(token& from) {
    if (from.fragile_) throw move_failed{};
    return std::exchange(from.owned_, false);
  }

  int value_;
  bool fragile_ = false;
  bool owned_ = true;
};

enum status : int { ok, full, disconnected, empty, timeout, no_handle, threw };

constexpr const char* status_name(int s) {
  constexpr const char* names[] = {"ok",      "Full",      "Disconnected", "Empty",
                                   "Timeout", "no handle", "threw"};
  return names[s];
}

// How a result shows when all it has is its status.
std::string status_shown(const Record& rec) {
  if (rec.status == ok) return "Ok";
  if (rec.status == no_handle) return "skipped: no handle";
  if (rec.status == threw) return "threw (its value's move failed)";
  return fmt::format("Err({})", status_name(rec.status));
}

using models::bounded_flavor;
using models::unbounded_flavor;

template <class Flavor, class B>
struct channel_subject {
  static constexpr int capacity = Flavor::capacity;
  using pair = decltype(Flavor::template make<token, B>());
  using sender = typename pair::first_type;
  using receiver = typename pair::second_type;
  static constexpr bool has_try_send = capacity >= 0;
  static constexpr bool receiver_sends = capacity != 0;  // thread 0 holds a sender of its own

  // ---- the world and the specification ---------------------------------------------------

  struct world {
    std::optional<receiver> rx;      // the prefix's and thread 0's
    std::optional<sender> original;  // the prefix's; dropped at its end
    std::array<std::array<std::optional<sender>, 4>, scenario::max_threads> held{};
    std::array<int, scenario::max_threads> holding{};  // handles held, per producer thread
    // For recv_late: a timed wait nobody notifies, which Relacy ends by a timeout at a point of
    // its choosing: a receiver that cannot run for a while, so senders fill the ring and park
    // with nobody receiving, and the receive that wakes them starts later.
    typename B::mutex nap_mutex;
    typename B::condition_variable nap_cv;
    void nap() {
      nap_mutex.lock();
      (void)nap_cv.wait_for(nap_mutex, std::chrono::milliseconds(1));
      nap_mutex.unlock();
    }

    explicit world(const Scenario& sc) {
      counted = {};
      auto [tx, r] = Flavor::template make<token, B>();
      rx.emplace(std::move(r));
      for (std::size_t t = receiver_sends ? 0 : 1; t < sc.threads.size(); ++t) {
        held[t][0].emplace(tx);  // a copy is a clone
        holding[t] = 1;
      }
      original.emplace(std::move(tx));
    }
    sender* sender_of(int part) {
      if (part == scenario::prefix_part) return original ? &*original : nullptr;
      return holding[part] > 0 ? &*held[part][holding[part] - 1] : nullptr;
    }
    void drop_senders(int part) {
      while (holding[part] > 0) held[part][--holding[part]].reset();
    }
  };

  // The sequential channel. On the bounded ring a send whose move threw may leave a hole: its
  // claimed slot, published empty because another claim followed it (or its give-back failed
  // spuriously), which the receiver skips. Until then the slot is not free, so a send may be
  // told Full with one value fewer than the capacity buffered (mpsc.hpp says so). Whether a
  // throwing send left a hole cannot be seen from outside, so the specification keeps a
  // possible hole in its place in the queue: a Full verdict may count it, a successful send
  // need not, and any receive passes the possible holes at the front (a receive waits for a
  // claim in progress to end, so it sees the hole once the throwing send has ended).
  static constexpr int hole = -1;
  struct spec {
    std::array<int, 12> buffered{};  // front first, values and possible holes; unused slots 0
    int size = 0;                    // values and possible holes
    int senders = 0;
    bool receiver = true;
    bool receiver_holds_sender = receiver_sends;  // thread 0's own, until its recv or end
    friend bool operator==(const spec&, const spec&) = default;

    int values() const {
      return size - static_cast<int>(std::count(buffered.begin(), buffered.begin() + size, hole));
    }
    // Room for a send that succeeds: the possible holes may have been given back.
    bool has_room() const { return capacity < 0 || values() < std::max(capacity, 1); }
    // A Full verdict: the possible holes may be real.
    bool may_be_full() const { return capacity == 0 || (capacity > 0 && size >= capacity); }
    void push(int v) { buffered[size++] = v; }
    void pass_holes() {
      while (size > 0 && buffered[0] == hole) pop();
    }
    int pop() {
      const int v = buffered[0];
      for (int i = 1; i < size; ++i) buffered[i - 1] = buffered[i];
      buffered[--size] = 0;
      return v;
    }
    void drop_receiver() {
      receiver = false;
      while (size > 0) pop();
    }
    void drop_receivers_sender() {
      if (receiver_holds_sender) --senders;
      receiver_holds_sender = false;
    }
  };

  static spec initial_spec(const Scenario& sc) {
    spec s;
    // The original, one per producer, and thread 0's own.
    s.senders = static_cast<int>(sc.threads.size()) + (receiver_sends ? 1 : 0);
    return s;
  }

  // ---- the operations --------------------------------------------------------------------
  // An operation whose part holds no handle for it does nothing and says no_handle, which the
  // specification explains anywhere (the world checks that by construction).

  // send v, try_send v: the value handed back in the error, if any, is the record's value.
  struct sending {
    template <class Result>
    static void sent(Record& rec, Result r, bool full_possible) {
      if (r) return void(rec.status = ok);
      if constexpr (requires { r.error().is_full(); }) {
        rec.status = full_possible && r.error().is_full() ? full : disconnected;
      } else {
        rec.status = disconnected;
      }
      rec.value = std::move(r.error()).into_inner().take();  // the value handed back
    }
    // A failed send hands back the very value it was given.
    static const char* check(int, int value, const Record& rec) {
      if (rec.status == ok || rec.status == no_handle || rec.value == value) return nullptr;
      return scenario::detail::because("a failed send of %d handed back %d instead", value,
                                       rec.value);
    }
    static bool apply(spec& s, int, int value, const Record& rec) {
      if (rec.status == no_handle) return true;
      if (rec.status == disconnected) return !s.receiver;
      if (rec.status == full)  // rendezvous: Full whenever no receiver is waiting
        return s.receiver && s.may_be_full();
      if (!s.receiver || !s.has_room()) return false;
      s.push(value);
      return true;
    }
    static std::string show_result(int, const Record& rec) {
      if (rec.status == ok || rec.status == no_handle) return status_shown(rec);
      return fmt::format("Err({}, value {} back)", status_name(rec.status), rec.value);
    }
  };
  struct send : sending {
    static void run(world& w, int part, int value, Record& rec) {
      rec.status = no_handle;
      if (auto* s = w.sender_of(part)) sending::sent(rec, s->send(token(value)), false);
    }
    static std::string show(int value) { return fmt::format("send {}", value); }
  };
  // A send whose value's move throws: it claims a slot and fails, or fails where it would hand
  // the value back. Either way the exception reaches its caller, the value stays the caller's,
  // and the channel is as if it had never been called.
  struct send_throwing {
    static void run(world& w, int part, int value, Record& rec) {
      rec.status = no_handle;
      if (auto* s = w.sender_of(part)) {
        try {
          (void)s->send(token(value, true));
          rec.status = ok;
        } catch (const move_failed&) {
          rec.status = threw;
        }
      }
    }
    static const char* check(int, int, const Record& rec) {
      if (rec.status == threw || rec.status == no_handle) return nullptr;
      return "a send whose value's move throws returned instead of passing the exception on";
    }
    // On the bounded ring, a possible hole (see spec) where the claim would have been.
    static bool apply(spec& s, int, int, const Record&) {
      if (capacity > 0 && s.receiver && s.has_room()) s.push(hole);
      return true;
    }
    static std::string show(int value) { return fmt::format("send {}, its move throws", value); }
    static std::string show_result(int, const Record& rec) { return status_shown(rec); }
  };
  struct try_send : sending {
    static void run(world& w, int part, int value, Record& rec) {
      rec.status = no_handle;
      if constexpr (has_try_send) {
        if (auto* s = w.sender_of(part)) sending::sent(rec, s->try_send(token(value)), true);
      }
    }
    static std::string show(int value) { return fmt::format("try_send {}", value); }
  };

  // recv, recv after a nap, try_recv, recv_timeout: the value received, if any, is the record's.
  struct receiving {
    template <class Result>
    static void received(Record& rec, Result r) {
      if (r) {
        rec.status = ok;
        rec.value = r->take();
        return;
      }
      using E = typename Result::error_type;
      if constexpr (std::is_same_v<E, mpsc::RecvError>) {
        rec.status = disconnected;
      } else {
        rec.status = r.error() == E::Disconnected            ? disconnected
                     : std::is_same_v<E, mpsc::TryRecvError> ? empty
                                                             : timeout;
      }
    }
    static bool apply(spec& s, int, int, const Record& rec) {
      if (rec.status == no_handle) return true;
      s.pass_holes();  // so from here, size is 0 exactly when no value is buffered
      if (rec.status == ok) {
        if (s.size == 0 || s.buffered[0] != rec.value) return false;
        s.pop();
        return true;
      }
      if (rec.status == disconnected) return s.size == 0 && s.senders == 0;
      return s.size == 0 && s.senders > 0;  // Empty, Timeout
    }
    static std::string show_result(int, const Record& rec) {
      if (rec.status == ok) return fmt::format("Ok({})", rec.value);
      return status_shown(rec);
    }
  };
  // A receive that may wait for a sender's drop: thread 0 drops its own sender first (it runs
  // only there and in no prefix).
  struct waiting_receive : receiving {
    static bool apply(spec& s, int part, int value, const Record& rec) {
      s.drop_receivers_sender();
      return receiving::apply(s, part, value, rec);
    }
    static std::string show_name(const char* name) {
      return receiver_sends ? fmt::format("{} (its own sender dropped first)", name) : name;
    }
  };
  struct recv : waiting_receive {
    static void run(world& w, int, int, Record& rec) {
      rec.status = no_handle;
      w.drop_senders(0);
      if (w.rx) receiving::received(rec, w.rx->recv());
    }
    static std::string show(int) { return waiting_receive::show_name("recv"); }
  };
  // A receive that starts late (see world::nap): the one way a sender comes to park on a full
  // ring.
  struct recv_late : waiting_receive {
    static void run(world& w, int, int, Record& rec) {
      rec.status = no_handle;
      w.drop_senders(0);
      if (w.rx) {
        w.nap();
        receiving::received(rec, w.rx->recv());
      }
    }
    static std::string show(int) { return waiting_receive::show_name("recv, after a nap"); }
  };
  struct try_recv : receiving {
    static void run(world& w, int, int, Record& rec) {
      rec.status = no_handle;
      if (w.rx) receiving::received(rec, w.rx->try_recv());
    }
    static std::string show(int) { return "try_recv"; }
  };
  struct recv_timeout : receiving {
    static void run(world& w, int, int, Record& rec) {
      rec.status = no_handle;
      if (w.rx) receiving::received(rec, w.rx->recv_timeout(std::chrono::milliseconds(1)));
    }
    static std::string show(int) { return "recv_timeout 1ms"; }
  };

  // A producer's handles: at most four, the top one used.
  struct clone_sender {
    static void run(world& w, int part, int, Record& rec) {
      rec.status = no_handle;
      if (auto* s = w.sender_of(part); s && w.holding[part] < 4) {
        w.held[part][w.holding[part]++].emplace(*s);
        rec.status = ok;
      }
    }
    static bool apply(spec& s, int, int, const Record& rec) {
      if (rec.status != no_handle) ++s.senders;
      return true;
    }
    static std::string show(int) { return "clone sender"; }
    static std::string show_result(int, const Record& rec) { return status_shown(rec); }
  };
  struct drop_sender {
    static void run(world& w, int part, int, Record& rec) {
      rec.status = no_handle;
      if (w.holding[part] > 0) {
        w.held[part][--w.holding[part]].reset();
        rec.status = ok;
      }
    }
    static bool apply(spec& s, int, int, const Record& rec) {
      if (rec.status != no_handle) --s.senders;
      return true;
    }
    static std::string show(int) { return "drop sender"; }
    static std::string show_result(int, const Record& rec) { return status_shown(rec); }
  };
  struct drop_receiver {
    static void run(world& w, int, int, Record& rec) {
      rec.status = no_handle;
      if (w.rx) {
        w.rx.reset();
        rec.status = ok;
      }
    }
    static bool apply(spec& s, int, int, const Record& rec) {
      if (rec.status != no_handle) s.drop_receiver();
      return true;
    }
    static std::string show(int) { return "drop receiver"; }
    static std::string show_result(int, const Record& rec) { return status_shown(rec); }
  };

  // The implicit end of the prefix and of each thread. The prefix drops the original sender;
  // thread 0 the receiver (and its own sender, if it still holds it); a producer every sender it
  // holds. The record's value says how many handles went (thread 0: whether the receiver did).
  struct end {
    static void run(world& w, int part, int, Record& rec) {
      rec.status = ok;
      if (part == scenario::prefix_part) {
        rec.value = w.original ? 1 : 0;
        w.original.reset();
      } else if (part == 0) {
        rec.value = w.rx ? 1 : 0;
        w.rx.reset();
        w.drop_senders(0);
      } else {
        rec.value = w.holding[part];
        w.drop_senders(part);
      }
    }
    static bool apply(spec& s, int part, int, const Record& rec) {
      if (part == 0) {
        if (rec.value == 1) s.drop_receiver();
        s.drop_receivers_sender();
      } else {
        s.senders -= rec.value;
      }
      return true;
    }
    static std::string show(int) { return "end: drop what it holds"; }
    static std::string show_result(int, const Record& rec) {
      return fmt::format("{} handle(s) dropped", rec.value);
    }
  };

  using ops = scenario::operations<send, try_send, recv, try_recv, recv_timeout, clone_sender,
                                   drop_sender, drop_receiver, end, recv_late, send_throwing>;
  using thread_end = end;

  static bool sends(const Op& op) {
    return ops::is(op, send{}) || ops::is(op, try_send{}) || ops::is(op, send_throwing{});
  }
  static bool receives(const Op& op) {
    return ops::is(op, recv{}) || ops::is(op, recv_late{}) || ops::is(op, try_recv{}) ||
           ops::is(op, recv_timeout{});
  }

  // ---- generation ------------------------------------------------------------------------

  // One of `choices`, with a generated value if it is a send.
  static rc::Gen<Op> op(std::vector<Op> choices) {
    return rc::gen::map(rc::gen::pair(rc::gen::elementOf(choices), rc::gen::inRange(0, values)),
                        [](std::pair<Op, int> chosen) {
                          Op op = chosen.first;
                          if (sends(op)) op.value = chosen.second;
                          return op;
                        });
  }
  static rc::Gen<std::vector<Op>> op_list(int most, std::vector<Op> choices) {
    return rc::gen::resize(most, rc::gen::container<std::vector<Op>>(op(std::move(choices))));
  }

  static rc::Gen<Scenario> generate() {
    // The prefix must not block.
    const Op producing = has_try_send ? ops::make(try_send{}) : ops::make(send{});
    auto prefix = op_list(2, {producing, ops::make(try_recv{})});
    std::vector<Op> receiving_ops = {ops::make(recv{}), ops::make(try_recv{}),
                                     ops::make(recv_timeout{}), ops::make(drop_receiver{})};
    // A throwing send leaves a claim given back or a hole (see token) for the others to get past.
    std::vector<Op> sending_ops = {ops::make(send{}), ops::make(drop_sender{}),
                                   ops::make(clone_sender{}), ops::make(send_throwing{})};
    if (has_try_send) sending_ops.push_back(ops::make(try_send{}));
    if (capacity > 0) {
      // A sender parks only if it sends into a full ring while the receiver naps, and is missed
      // only if someone waits for it after: so on a bounded channel, late receives and sends
      // are drawn twice as often (a list with repeats: elementOf draws uniformly from it).
      receiving_ops.insert(receiving_ops.end(), {ops::make(recv_late{}), ops::make(recv_late{})});
      sending_ops.push_back(ops::make(send{}));
    }
    // Thread 0's own sends (they never block: see the top). A send of its own and then a
    // try_recv, while a producer's claimed slot ahead of it is still being written, is the one
    // way to show a receive that overlooks a claim: try_recv is drawn twice as often there.
    // (Each is an operation of the list, so shrinking drops each on its own.)
    if (receiver_sends)
      receiving_ops.insert(receiving_ops.end(), {producing, ops::make(try_recv{})});
    auto receiving = op_list(3, receiving_ops);
    auto producers = rc::gen::resize(
        2, rc::gen::container<std::vector<std::vector<Op>>>(op_list(3, sending_ops)));
    return rc::gen::map(
        rc::gen::tuple(prefix, receiving, producers),
        [](std::tuple<std::vector<Op>, std::vector<Op>, std::vector<std::vector<Op>>> t) {
          Scenario sc;
          sc.prefix = std::move(std::get<0>(t));
          sc.threads.push_back(std::move(std::get<1>(t)));
          for (auto& p : std::get<2>(t)) sc.threads.push_back(std::move(p));
          return sc;
        });
  }

  // ---- checking across operations -------------------------------------------------------

  // Every value created by a send is, exactly once, received, handed back (each send checks
  // that it was its own) or destroyed by the channel after the receiver went.
  static const char* verify(const Scenario& sc, const scenario::records& r) {
    std::array<int, values> made{}, delivered{};
    const auto count_part = [&](int part, const std::vector<Op>& list) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const Op& op = list[i];
        const Record& rec = r.at(part, i);
        if (!rec.done || rec.status == no_handle) continue;
        if (sends(op)) {
          ++made[op.value];
          // Accepted by the channel, or left to the caller by a send that threw: either way
          // destroyed while owned, unless received.
          if (rec.status == ok || rec.status == threw) ++delivered[op.value];
        } else if (receives(op) && rec.status == ok) {
          --delivered[rec.value];  // taken out of the channel by the receiver
        }
      }
    };
    count_part(scenario::prefix_part, sc.prefix);
    for (std::size_t t = 0; t < sc.threads.size(); ++t) count_part(int(t), sc.threads[t]);
    if constexpr (capacity == 0) {
      if (auto* why = handed_over_before_return(sc, r)) return why;
    }
    for (int v = 0; v < values; ++v) {
      if (counted.created[v] != made[v])
        return scenario::detail::because("%d tokens of value %d were made for %d sends",
                                         counted.created[v], v, made[v]);
      // What the channel accepted, or a throwing send left to its caller, and nobody received
      // must have been destroyed, once each.
      if (delivered[v] < 0)
        return scenario::detail::because("value %d was received %d more time(s) than it was sent",
                                         v, -delivered[v]);
      if (counted.destroyed_owned[v] != delivered[v])
        return scenario::detail::because(
            "value %d: %d sent (or thrown back) and never received, but %d destroyed", v,
            delivered[v], counted.destroyed_owned[v]);
    }
    return nullptr;
  }

  // Rendezvous: for each send that returned Ok, the sends that returned Ok no later than it are
  // at most the successful receives begun before it returned (each such send's value was taken
  // by its own receive, begun before that send returned). try_send is left out: it returns
  // with its value left for a receiver already waiting.
  static const char* handed_over_before_return(const Scenario& sc, const scenario::records& r) {
    const auto each = [&](auto&& f) {
      const auto part = [&](int p, const std::vector<Op>& list) {
        for (std::size_t i = 0; i < list.size(); ++i)
          if (r.at(p, i).done && r.at(p, i).status == ok) f(list[i], r.at(p, i));
      };
      part(scenario::prefix_part, sc.prefix);
      for (std::size_t t = 0; t < sc.threads.size(); ++t) part(int(t), sc.threads[t]);
    };
    const char* why = nullptr;
    each([&](const Op& op, const Record& sent) {
      if (why != nullptr || !ops::is(op, send{})) return;
      int returned = 0, receiving = 0;
      each([&](const Op& other, const Record& rec) {
        if (ops::is(other, send{}) && rec.responded <= sent.responded) ++returned;
        if (receives(other) && rec.invoked < sent.responded) ++receiving;
      });
      if (returned > receiving)
        why = scenario::detail::because(
            "send %d was send number %d to return Ok, but only %d receive(s) had begun by "
            "then: it returned before its value was taken",
            op.value, returned, receiving);
    });
    return why;
  }
};

// Every flavor runs over parking_backend, whose bounded-channel senders park on a full ring at
// once (on real threads they yield a few times first; the other flavors do not read the trait):
// so the generated scenarios reach the parking handshake, and its wake-ups, in the first levels
// of the bound search. The controls' twins are then these very subjects.
using B = models::parking_backend;
template <class Fault>
using faulty = models::faulty_parking_backend<Fault>;

using unbounded = channel_subject<unbounded_flavor, B>;
using bounded = channel_subject<bounded_flavor<1>, B>;
using rendezvous = channel_subject<bounded_flavor<0>, B>;
template <class F, class Fault>
using control = channel_subject<F, faulty<Fault>>;
using unbounded_lost_notify = control<unbounded_flavor, fault::lost_notify>;
using unbounded_disconnect_before_drain = control<unbounded_flavor, fault::disconnect_before_drain>;
using unbounded_unlocked_sender_count = control<unbounded_flavor, fault::unlocked_sender_count>;
using unbounded_last_sender_frees = control<unbounded_flavor, fault::last_sender_frees>;
using unbounded_empty_while_claimed = control<unbounded_flavor, fault::empty_while_claimed>;
using bounded_empty_while_claimed = control<bounded_flavor<1>, fault::empty_while_claimed>;
using bounded_full_sender_not_woken = control<bounded_flavor<1>, fault::full_sender_not_woken>;
using bounded_ring_one_slot_too_many = control<bounded_flavor<1>, fault::ring_one_slot_too_many>;
using rendezvous_send_returns_before_taken =
    control<bounded_flavor<0>, fault::send_returns_before_taken>;
using rendezvous_handoff_owner_not_woken =
    control<bounded_flavor<0>, fault::handoff_owner_not_woken>;
using rendezvous_offer_linked_before_ready =
    control<bounded_flavor<0>, fault::offer_linked_before_ready>;
using rendezvous_offer_withdrawn_after_taken =
    control<bounded_flavor<0>, fault::offer_withdrawn_after_taken>;
using rendezvous_receiver_drop_wakes_one_sender =
    control<bounded_flavor<0>, fault::receiver_drop_wakes_one_sender>;
using bounded_given_back_claim_wakes_nobody =
    control<bounded_flavor<1>, fault::given_back_claim_wakes_nobody>;

INTERLEAVE_PROPERTY(unbounded, "channel/property/unbounded", expect::pass(),
                    "generated scenarios: linearizable against a FIFO, every value accounted for");
INTERLEAVE_PROPERTY(bounded, "channel/property/bounded", expect::pass(),
                    "generated scenarios on capacity 1: linearizable, every value accounted for");
INTERLEAVE_PROPERTY(rendezvous, "channel/property/rendezvous", expect::pass(),
                    "generated scenarios on capacity 0: linearizable, every value accounted for, "
                    "each send returns only after its value was taken");

// Library controls. None names a defect it may pass: each fault shows only its own.
// The faults of common.hpp, on the unbounded flavor (models/channel.cpp has them in every flavor).
INTERLEAVE_PROPERTY(unbounded_lost_notify, "channel/property/negative/unbounded/lost-notify",
                    expect::fails_with("DEADLOCK"),
                    "negative control: a send that does not wake the waiting receiver");
INTERLEAVE_PROPERTY(unbounded_disconnect_before_drain,
                    "channel/property/negative/unbounded/disconnect-before-drain",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: disconnection reported with values still buffered");
INTERLEAVE_PROPERTY(unbounded_unlocked_sender_count,
                    "channel/property/negative/unbounded/unlocked-sender-count",
                    expect::fails_with("DATA RACE"),
                    "negative control: a sender's drop counts down without the lock");
INTERLEAVE_PROPERTY(unbounded_last_sender_frees,
                    "channel/property/negative/unbounded/last-sender-frees",
                    expect::fails_with("ACCESS TO FREED MEMORY"),
                    "negative control: the last sender frees the channel's state while the "
                    "receiver still uses it");

// A receive that says Empty while a sender's claimed slot is still being written, with a value
// of its own thread's send buffered behind it: found only because thread 0 sends too.
INTERLEAVE_PROPERTY(unbounded_empty_while_claimed,
                    "channel/property/negative/unbounded/empty-while-claimed",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: a receive reports Empty while the head slot is claimed and "
                    "its value still being moved in");
INTERLEAVE_PROPERTY(bounded_empty_while_claimed,
                    "channel/property/negative/bounded/empty-while-claimed",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: a receive reports Empty while the head slot is claimed and "
                    "its value still being moved in");

// The bounded flavor's own paths.
INTERLEAVE_PROPERTY(
    bounded_full_sender_not_woken, "channel/property/negative/bounded/full-sender-not-woken",
    expect::fails_with("DEADLOCK"),
    "negative control: a freed slot does not wake the sender parked on the full ring");
// Not here for the bounded flavor: fault::receiver_drop_wakes_one_sender (the receiver's drop
// wakes one parked sender of several). It shows only with two senders asleep and nothing in the
// ring that the drop's drain frees (a third sender's claim in progress): three senders besides
// the receiver, one thread more than a scenario has. channel/bounded/senders-asleep-at-receiver-
// drop shows it. A rendezvous needs two senders asleep with their offers only (below).
INTERLEAVE_PROPERTY(
    bounded_given_back_claim_wakes_nobody,
    "channel/property/negative/bounded/given-back-claim-wakes-nobody",
    expect::fails_with("DEADLOCK"),
    "negative control: a claim given back by a send whose move threw wakes no parked sender");
INTERLEAVE_PROPERTY(bounded_ring_one_slot_too_many,
                    "channel/property/negative/bounded/ring-one-slot-too-many",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: the ring has one slot more than the capacity");

// The rendezvous flavor's own paths.
INTERLEAVE_PROPERTY(
    rendezvous_send_returns_before_taken,
    "channel/property/negative/rendezvous/send-returns-before-taken",
    expect::fails_with("USER ASSERT FAILED"),
    "negative control: a send returns once its value is in the slot, before it was taken");
INTERLEAVE_PROPERTY(
    rendezvous_handoff_owner_not_woken,
    "channel/property/negative/rendezvous/handoff-owner-not-woken", expect::fails_with("DEADLOCK"),
    "negative control: the receiver takes the value but does not wake the sender waiting for it");
INTERLEAVE_PROPERTY(rendezvous_receiver_drop_wakes_one_sender,
                    "channel/property/negative/rendezvous/receiver-drop-wakes-one-sender",
                    expect::fails_with("DEADLOCK"),
                    "negative control: the receiver's drop wakes the first sender waiting with "
                    "an offer; the other sleeps on");
INTERLEAVE_PROPERTY(rendezvous_offer_linked_before_ready,
                    "channel/property/negative/rendezvous/offer-linked-before-ready",
                    expect::fails_with("DATA RACE"),
                    "negative control: a sender links its offer before its value is in it");
INTERLEAVE_PROPERTY(rendezvous_offer_withdrawn_after_taken,
                    "channel/property/negative/rendezvous/offer-withdrawn-after-taken",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: a sender that finds the receiver gone withdraws its offer "
                    "though the receiver took it first");

}  // namespace
}  // namespace interleave::properties::channel
