// Generated concurrent scenarios for interleave::mpsc (interleave/scenario.hpp), per flavor.
//
// Roles: thread 0 holds the Receiver; threads 1 and 2 (if generated) each start with a clone of
// the Sender; the prefix runs on the original Sender and the Receiver before the threads start,
// and the prefix's end drops that original. Every thread drops what it still holds when its
// operations end (the implicit last operation), so no scenario can block forever on a correct
// channel: a recv waits for a value or for the last sender's drop, a blocked send for room or
// for the receiver's drop. For the same reason there is no suffix: once the threads are done,
// every handle is gone.
// On a bounded channel the receiver may also `recv, after a nap` (a receive that starts late:
// see world::nap), the one way a sender comes to park on a full ring.
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
#include <array>
#include <chrono>
#include <optional>
#include <string>
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

// A sent value that knows whether someone still owns it. A token destroyed while owned was
// destroyed by the channel (nobody took it); the receiver and a failed send take it first.
class token {
 public:
  explicit token(int v) : value_(v) { ++counted.created[v]; }
  token(token&& o) noexcept : value_(o.value_), owned_(std::exchange(o.owned_, false)) {}
  token& operator=(token&& o) noexcept {
    if (owned_) ++counted.destroyed_owned[value_];
    value_ = o.value_;
    owned_ = std::exchange(o.owned_, false);
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
  int value_;
  bool owned_ = true;
};

enum kind : int { send, try_send, recv, try_recv, recv_timeout, clone_sender, drop_sender, drop_receiver, end, recv_late };
enum status : int { ok, full, disconnected, empty, timeout, no_handle };

constexpr const char* status_name(int s) {
  constexpr const char* names[] = {"ok", "Full", "Disconnected", "Empty", "Timeout", "no handle"};
  return names[s];
}

using models::bounded_flavor;
using models::unbounded_flavor;

template <class Flavor, class B>
struct channel_subject {
  static constexpr bool ends_threads = true;
  static constexpr int end_kind = end;
  static constexpr int capacity = Flavor::capacity;
  using pair = decltype(Flavor::template make<token, B>());
  using sender = typename pair::first_type;
  using receiver = typename pair::second_type;
  static constexpr bool has_try_send = capacity >= 0;

  // ---- generation ------------------------------------------------------------------------

  static rc::Gen<Op> op(std::vector<int> kinds) {
    return rc::gen::map(rc::gen::pair(rc::gen::elementOf(kinds), rc::gen::inRange(0, values)),
                        [](std::pair<int, int> kv) {
                          const bool carries = kv.first == send || kv.first == try_send;
                          return Op{kv.first, carries ? kv.second : 0};
                        });
  }
  static rc::Gen<std::vector<Op>> ops(int most, std::vector<int> kinds) {
    return rc::gen::resize(most, rc::gen::container<std::vector<Op>>(op(std::move(kinds))));
  }

  static rc::Gen<Scenario> generate() {
    const int producing = has_try_send ? try_send : send;  // the prefix must not block
    auto prefix = ops(2, {producing, try_recv});
    std::vector<int> receiving_kinds = {recv, try_recv, recv_timeout, drop_receiver};
    std::vector<int> sending = {send, drop_sender, clone_sender};
    if (has_try_send) sending.push_back(try_send);
    if (capacity > 0) {
      // A sender parks only if it sends into a full ring while the receiver naps, and is missed
      // only if someone waits for it after: so on a bounded channel, late receives and sends
      // are drawn twice as often (a list with repeats: elementOf draws uniformly from it).
      receiving_kinds.insert(receiving_kinds.end(), {recv_late, recv_late});
      sending.push_back(send);
    }
    auto receiving = ops(3, receiving_kinds);
    auto producers = rc::gen::resize(
        2, rc::gen::container<std::vector<std::vector<Op>>>(ops(3, sending)));
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

  // ---- execution -------------------------------------------------------------------------

  struct world {
    std::optional<receiver> rx;  // the prefix's and thread 0's
    std::optional<sender> original;  // the prefix's; dropped at its end
    std::array<std::array<std::optional<sender>, 4>, scenario::max_threads> held{};
    std::array<int, scenario::max_threads> holding{};  // handles held, per producer thread
    // For recv_late: a timed wait nobody notifies, which Relacy ends by a timeout at a point of
    // its choosing. A bounded sender yields several times before it parks on a full ring, and
    // Relacy's bound search runs every other runnable thread between two yields, so only a
    // receiver that cannot run (napping) lets a sender park: without it no scenario reaches
    // the bounded flavor's parking path.
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
      for (std::size_t t = 1; t < sc.threads.size(); ++t) {
        held[t][0].emplace(tx);  // a copy is a clone
        holding[t] = 1;
      }
      original.emplace(std::move(tx));
    }
    sender* sender_of(int part) {
      if (part == scenario::prefix_part) return original ? &*original : nullptr;
      return holding[part] > 0 ? &*held[part][holding[part] - 1] : nullptr;
    }
  };

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
      rec.status = r.error() == E::Disconnected ? disconnected
                   : std::is_same_v<E, mpsc::TryRecvError> ? empty
                                                            : timeout;
    }
  }

  static void run(world& w, int part, const Op& op, Record& rec) {
    rec.status = no_handle;
    switch (op.kind) {
      case send:
        if (auto* s = w.sender_of(part)) sent(rec, s->send(token(op.value)), false);
        break;
      case try_send:
        if constexpr (has_try_send) {
          if (auto* s = w.sender_of(part)) sent(rec, s->try_send(token(op.value)), true);
        }
        break;
      case recv:
        if (w.rx) received(rec, w.rx->recv());
        break;
      case recv_late:
        if (w.rx) {
          w.nap();
          received(rec, w.rx->recv());
        }
        break;
      case try_recv:
        if (w.rx) received(rec, w.rx->try_recv());
        break;
      case recv_timeout:
        if (w.rx) received(rec, w.rx->recv_timeout(std::chrono::milliseconds(1)));
        break;
      case clone_sender:
        if (auto* s = w.sender_of(part); s && w.holding[part] < 4) {
          w.held[part][w.holding[part]++].emplace(*s);
          rec.status = ok;
        }
        break;
      case drop_sender:
        if (w.holding[part] > 0) {
          w.held[part][--w.holding[part]].reset();
          rec.status = ok;
        }
        break;
      case drop_receiver:
        if (w.rx) {
          w.rx.reset();
          rec.status = ok;
        }
        break;
    }
  }

  // The prefix drops the original sender; thread 0 the receiver; a producer every sender it
  // holds. The record's value says how many handles went.
  static void end_thread(world& w, int part, Record& rec) {
    rec.status = ok;
    if (part == scenario::prefix_part) {
      rec.value = w.original ? 1 : 0;
      w.original.reset();
    } else if (part == 0) {
      rec.value = w.rx ? 1 : 0;
      w.rx.reset();
    } else {
      rec.value = w.holding[part];
      while (w.holding[part] > 0) w.held[part][--w.holding[part]].reset();
    }
  }

  // ---- checking --------------------------------------------------------------------------

  static bool receives(int kind) {
    return kind == recv || kind == recv_late || kind == try_recv || kind == recv_timeout;
  }

  static const char* verify(const Scenario& sc, const scenario::records& r) {
    std::array<int, values> made{}, delivered{};
    const auto check_part = [&](int part, const std::vector<Op>& ops) -> const char* {
      for (std::size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        const Record& rec = r.at(part, i);
        if (!rec.done || rec.status == no_handle) continue;
        if (op.kind == send || op.kind == try_send) {
          ++made[op.value];
          if (rec.status == ok) {
            ++delivered[op.value];
          } else if (rec.value != op.value) {
            return scenario::detail::because("a failed send of %d handed back %d instead",
                                             op.value, rec.value);
          }
        } else if (receives(op.kind) &&
                   rec.status == ok) {
          --delivered[rec.value];  // taken out of the channel by the receiver
        }
      }
      return nullptr;
    };
    if (auto* why = check_part(scenario::prefix_part, sc.prefix)) return why;
    for (std::size_t t = 0; t < sc.threads.size(); ++t)
      if (auto* why = check_part(int(t), sc.threads[t])) return why;
    if constexpr (capacity == 0) {
      if (auto* why = handed_over_before_return(sc, r)) return why;
    }
    for (int v = 0; v < values; ++v) {
      if (counted.created[v] != made[v])
        return scenario::detail::because("%d tokens of value %d were made for %d sends",
                                         counted.created[v], v, made[v]);
      // What the channel accepted and nobody received, it must have destroyed, once each.
      if (delivered[v] < 0)
        return scenario::detail::because("value %d was received %d more time(s) than it was sent",
                                         v, -delivered[v]);
      if (counted.destroyed_owned[v] != delivered[v])
        return scenario::detail::because(
            "value %d: %d sent and never received, but the channel destroyed %d", v,
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
      const auto part = [&](int p, const std::vector<Op>& ops) {
        for (std::size_t i = 0; i < ops.size(); ++i)
          if (r.at(p, i).done && r.at(p, i).status == ok) f(ops[i], r.at(p, i));
      };
      part(scenario::prefix_part, sc.prefix);
      for (std::size_t t = 0; t < sc.threads.size(); ++t) part(int(t), sc.threads[t]);
    };
    const char* why = nullptr;
    each([&](const Op& op, const Record& sent) {
      if (why != nullptr || op.kind != send) return;
      int returned = 0, receiving = 0;
      each([&](const Op& other, const Record& rec) {
        if (other.kind == send && rec.responded <= sent.responded) ++returned;
        if (receives(other.kind) && rec.invoked < sent.responded) ++receiving;
      });
      if (returned > receiving)
        why = scenario::detail::because(
            "send %d was send number %d to return Ok, but only %d receive(s) had begun by "
            "then: it returned before its value was taken",
            op.value, returned, receiving);
    });
    return why;
  }

  // The sequential channel.
  struct spec {
    std::array<int, 12> buffered{};  // front first; unused slots 0
    int size = 0;
    int senders = 0;
    bool receiver = true;
    friend bool operator==(const spec&, const spec&) = default;

    bool has_room() const { return capacity < 0 || size < std::max(capacity, 1); }
    void push(int v) { buffered[size++] = v; }
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
  };

  static spec initial_spec(const Scenario& sc) {
    spec s;
    s.senders = static_cast<int>(sc.threads.size());  // the original and one per producer
    return s;
  }

  static bool apply(spec& s, int part, const Op& op, const Record& rec) {
    if (rec.status == no_handle) return true;  // nothing happened (checked by construction)
    switch (op.kind) {
      case send:
      case try_send:
        if (rec.status == disconnected) return !s.receiver;
        if (rec.status == full)  // rendezvous: Full whenever no receiver is waiting
          return s.receiver && (capacity == 0 || !s.has_room());
        if (!s.receiver || !s.has_room()) return false;
        s.push(op.value);
        return true;
      case recv:
      case recv_late:
      case try_recv:
      case recv_timeout:
        if (rec.status == ok) {
          if (s.size == 0 || s.buffered[0] != rec.value) return false;
          s.pop();
          return true;
        }
        if (rec.status == disconnected) return s.size == 0 && s.senders == 0;
        return s.size == 0 && s.senders > 0;  // Empty, Timeout
      case clone_sender: ++s.senders; return true;
      case drop_sender: --s.senders; return true;
      case drop_receiver: s.drop_receiver(); return true;
      case end:
        if (part == 0) {
          if (rec.value == 1) s.drop_receiver();
        } else {
          s.senders -= rec.value;
        }
        return true;
    }
    return false;
  }

  // ---- showing ---------------------------------------------------------------------------

  static std::string show(const Op& op) {
    switch (op.kind) {
      case send: return fmt::format("send {}", op.value);
      case try_send: return fmt::format("try_send {}", op.value);
      case recv: return "recv";
      case try_recv: return "try_recv";
      case recv_timeout: return "recv_timeout 1ms";
      case recv_late: return "recv, after a nap";
      case clone_sender: return "clone sender";
      case drop_sender: return "drop sender";
      case drop_receiver: return "drop receiver";
      case end: return "end: drop what it holds";
    }
    return "?";
  }
  static std::string show_result(const Op& op, const Record& rec) {
    if (op.kind == end) return fmt::format("{} handle(s) dropped", rec.value);
    if (rec.status == ok && receives(op.kind))
      return fmt::format("Ok({})", rec.value);
    if (rec.status == ok) return "Ok";
    if (rec.status == no_handle) return "skipped: no handle";
    if (op.kind == send || op.kind == try_send)
      return fmt::format("Err({}, value {} back)", status_name(rec.status), rec.value);
    return fmt::format("Err({})", status_name(rec.status));
  }
};

using B = relacy_backend;
template <class... F>
using faulty = models::faulty_backend<F...>;

using unbounded = channel_subject<unbounded_flavor, B>;
using bounded = channel_subject<bounded_flavor<1>, B>;
using rendezvous = channel_subject<bounded_flavor<0>, B>;
template <class F, class Fault>
using control = channel_subject<F, faulty<Fault>>;
using unbounded_lost_notify = control<unbounded_flavor, fault::lost_notify>;
using unbounded_disconnect_before_drain = control<unbounded_flavor, fault::disconnect_before_drain>;
using unbounded_unlocked_sender_count = control<unbounded_flavor, fault::unlocked_sender_count>;
using unbounded_last_sender_frees = control<unbounded_flavor, fault::last_sender_frees>;
using bounded_full_sender_not_woken = control<bounded_flavor<1>, fault::full_sender_not_woken>;
using bounded_ring_one_slot_too_many = control<bounded_flavor<1>, fault::ring_one_slot_too_many>;
using rendezvous_send_returns_before_taken = control<bounded_flavor<0>, fault::send_returns_before_taken>;
using rendezvous_handoff_owner_not_woken = control<bounded_flavor<0>, fault::handoff_owner_not_woken>;

INTERLEAVE_PROPERTY(unbounded, "channel/property/unbounded", expect::pass(),
                    "generated scenarios: linearizable against a FIFO, every value accounted for");
INTERLEAVE_PROPERTY(bounded, "channel/property/bounded", expect::pass(),
                    "generated scenarios on capacity 1: linearizable, every value accounted for");
INTERLEAVE_PROPERTY(rendezvous, "channel/property/rendezvous", expect::pass(),
                    "generated scenarios on capacity 0: linearizable, every value accounted for, "
                    "each send returns only after its value was taken");

// Library controls. None names a defect it may pass: each fault shows only its own.
// The faults of common.hpp, on the unbounded flavor (models/channel.cpp has them in every flavor).
INTERLEAVE_PROPERTY(unbounded_lost_notify,
                    "channel/property/negative/unbounded/lost-notify", expect::fails_with("DEADLOCK"),
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

// The bounded flavor's own paths.
INTERLEAVE_PROPERTY(bounded_full_sender_not_woken,
                    "channel/property/negative/bounded/full-sender-not-woken",
                    expect::fails_with("DEADLOCK"),
                    "negative control: a freed slot does not wake the sender parked on the full ring");
INTERLEAVE_PROPERTY(bounded_ring_one_slot_too_many,
                    "channel/property/negative/bounded/ring-one-slot-too-many",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: the ring has one slot more than the capacity");

// The rendezvous flavor's own paths.
INTERLEAVE_PROPERTY(rendezvous_send_returns_before_taken,
                    "channel/property/negative/rendezvous/send-returns-before-taken",
                    expect::fails_with("USER ASSERT FAILED"),
                    "negative control: a send returns once its value is in the slot, before it was taken");
INTERLEAVE_PROPERTY(rendezvous_handoff_owner_not_woken,
                    "channel/property/negative/rendezvous/handoff-owner-not-woken",
                    expect::fails_with("DEADLOCK"),
                    "negative control: the receiver takes the value but does not wake the sender waiting for it");

}  // namespace
}  // namespace interleave::properties::channel
