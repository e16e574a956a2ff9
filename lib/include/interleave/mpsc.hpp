// interleave/mpsc.hpp: multi-producer, single-consumer channels, as Rust's std::sync::mpsc.
//
//   auto [tx, rx] = interleave::mpsc::channel<int>();        // unbounded
//   auto [stx, srx] = interleave::mpsc::sync_channel<int>(8); // bounded: send waits while full
//   auto [htx, hrx] = interleave::mpsc::sync_channel<int>(0); // rendezvous: send waits for recv
//   interleave::thread::spawn([tx] { (void)tx.send(42); });   // a copy of a sender is a clone
//   for (int v : rx) use(v);                                  // until every sender is gone
//
// - Sender<T> (from channel) and SyncSender<T> (from sync_channel) are copyable: a copy is a
//   clone, one more producer. Receiver<T> is move-only: there is one consumer.
// - send(T) fails only when the receiver is gone, and SendError hands the value back. On a
//   bounded channel send blocks while n values are buffered; on a rendezvous channel (n == 0) it
//   returns only after the receiver has taken the value. try_send never blocks: TrySendError is
//   Full (no room; for a rendezvous: no receiver waiting in recv right now) or Disconnected, and
//   hands the value back either way.
// - recv() blocks until a value comes (RecvError once no sender is left and nothing is
//   buffered), try_recv() never blocks (Empty, Disconnected), recv_timeout(d) waits at most d
//   (Timeout, Disconnected). Values sent before the last sender went are always delivered
//   before any disconnection is reported. Per sender, values arrive in the order sent.
// - Empty and Timeout mean nothing is claimed, as in Rust: a send claims its place, moves the
//   value in, then publishes it. A receive that finds the next place claimed and its value still
//   being moved in (unbounded, bounded) waits for that move to end, whatever its timeout, and
//   try_recv too: the wait lasts one move of one T by a sender that is running. So a send that
//   returned before a receive began (in the same thread, or one the receiver learnt of) is never
//   answered with Empty or Timeout.
// - iter() yields until disconnected, try_iter() what is there now; a Receiver is itself the
//   range of iter(). Iterators hand each value out by rvalue reference (`for (T v : rx)` moves
//   it, so move-only T works); they receive lazily, when compared with end() or dereferenced, so
//   `rx.iter() | std::views::take(n)` takes exactly n values and loses none. A range or
//   iterator borrows the receiver and must not outlive it.
// - Dropping the receiver disconnects every sender: each later send fails with its value, a
//   sender blocked in send (full buffer, or rendezvous) wakes and fails likewise, and the values
//   still buffered are destroyed, each exactly once, by the receiver's destructor. Dropping the
//   last sender disconnects the receiver once it has drained the buffer.
// - A move of T that throws is a panic: it propagates, and the value is neither delivered nor
//   duplicated. In send it leaves no value in the channel; in a receive it leaves the value in
//   the channel. On a bounded channel the slot such a send had claimed is given back, unless
//   another send claimed the next one meanwhile (or the give-back, a weak compare-exchange,
//   failed spuriously): then it stays taken, as a hole, until the receiver passes it (any
//   receive does), so until then a send may find the channel full with one value fewer than its
//   capacity buffered. A value is moved once from send's parameter into the channel, and once
//   from the channel to the caller of a receive.
// - Misuse: a moved-from handle may only be destroyed or assigned to; calling anything else on
//   it is undefined behaviour. A Receiver serves one thread at a time (move it to hand it over).
//   One sender handle may be used by many threads at once for send/try_send (they are const),
//   but copying or destroying a handle while another thread uses that same handle is a data
//   race, as for any object. A thread that sends on a full bounded channel, or on a rendezvous
//   channel, whose only receiver is its own, blocks forever (as in Rust).
// - Lifetime: the channel's state lives until the last handle of either kind is destroyed; the
//   handles may outlive each other in any order and in any thread.
//
// Memory ordering: a send happens-before the receive that returns its value. In the unbounded
// and bounded flavors, which take no lock to send or receive, the sender's seq_cst store
// that publishes the value's slot pairs with the receiver's acquire (or seq_cst) load of that
// slot's state; on the bounded ring, the receiver's release of a slot (its stamp, then the head)
// happens-before the send that reuses it. The endpoint bookkeeping stays under the channel's
// mutex in every flavor, and so does the rendezvous flavor's whole state: there a sender's
// unlock after storing its value pairs with the receiver's lock before taking it, and the
// receive of a value also happens-before its send returns (the receiver's unlock after
// counting it taken pairs with the sender's re-lock when its wait ends). The destruction of the
// last sender happens-before the receive that reports disconnection (by that mutex), and the
// receiver's destruction happens-before every send that fails because of it (a lock-free
// sender's claim sees the receiver's seq_cst mark on the tail; a rendezvous sender, the flag
// under the lock); values the receiver destroys are destroyed by its thread, with no lock held.
// A parked thread and the thread that wakes it meet in a seq_cst handshake (mpsc/common.hpp).
//
// Layout: flavors live one per file in mpsc/ (unbounded.hpp, bounded.hpp, rendezvous.hpp, each
// opening with its algorithm); `detail::any_core` below is the one place that dispatches between
// them, a switch on a small tag, not a virtual call (a Sender knows its flavor statically and
// does not dispatch at all). What the flavors share, which is everything but the buffer, lives
// once in mpsc/common.hpp: the sender count and receiver flag that decide disconnection and who
// frees the channel, the receive loop behind recv/try_recv/recv_timeout, and the five fault
// points for negative controls (fault::lost_notify, fault::disconnect_before_drain,
// fault::unlocked_sender_count, fault::last_sender_frees, fault::notify_after_unlock), each at
// one spot there and so in force in every flavor; each flavor's own paths (the unbounded list's
// blocks, the bounded ring's parking, the rendezvous hand-off) have fault points of their own,
// in their files (models/channel.cpp holds a control for each).
// Beyond the textbook, both justified where they are made: the unbounded and bounded flavors
// are lock-free lists and rings whose mutex only parks threads (unbounded.hpp, bounded.hpp, after
// crossbeam-channel), and a thread about to sleep on the channel first yields once and looks
// again (common.hpp: it removes nearly every sleep and the notify it would cost).
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <iterator>
#include <optional>
#include <ranges>
#include <source_location>
#include <tuple>
#include <type_traits>
#include <utility>

#include "interleave/backend/std.hpp"
#include "interleave/marker.hpp"
#include "interleave/mpsc/bounded.hpp"
#include "interleave/mpsc/errors.hpp"
#include "interleave/mpsc/rendezvous.hpp"
#include "interleave/mpsc/unbounded.hpp"

namespace interleave::mpsc {

template <class T, SyncBackend Backend = std_backend>
class Sender;
template <class T, SyncBackend Backend = std_backend>
class SyncSender;
template <class T, SyncBackend Backend = std_backend>
class Receiver;

// The last parameter, the caller's line, names the channel in a model's history (built_here).
template <class T, SyncBackend Backend = std_backend>
[[nodiscard]] std::pair<Sender<T, Backend>, Receiver<T, Backend>> channel(
    built_here<Backend> at = std::source_location::current());
template <class T, SyncBackend Backend = std_backend>
[[nodiscard]] std::pair<SyncSender<T, Backend>, Receiver<T, Backend>> sync_channel(
    std::size_t n, built_here<Backend> at = std::source_location::current());

namespace detail {

// A pointer to the core of one of the flavors `Cores...`, and which one it is. visit(f) calls
// f(core&) with the core's own type: the only flavor dispatch in interleave::mpsc. Owns nothing:
// the handles decide when the core is dropped. Null after a move.
template <class... Cores>
class any_core {
 public:
  any_core() = default;
  template <class Core>
  explicit any_core(Core* core) noexcept : core_(core), tag_(tag_of<Core, Cores...>()) {}

  [[nodiscard]] bool empty() const noexcept { return core_ == nullptr; }
  any_core release() noexcept { return std::exchange(*this, any_core()); }

  template <class F>
  decltype(auto) visit(F&& f) const {
    return visit_from<0>(f);
  }

 private:
  template <class Core, class First, class... Rest>
  static constexpr unsigned char tag_of() {
    if constexpr (std::is_same_v<Core, First>)
      return 0;
    else
      return 1 + tag_of<Core, Rest...>();
  }

  template <std::size_t I, class F>
  decltype(auto) visit_from(F& f) const {
    using Core = std::tuple_element_t<I, std::tuple<Cores...>>;
    if constexpr (I + 1 == sizeof...(Cores)) {
      return f(*static_cast<Core*>(core_));
    } else {
      if (tag_ == I) return f(*static_cast<Core*>(core_));
      return visit_from<I + 1>(f);
    }
  }

  void* core_ = nullptr;
  unsigned char tag_ = 0;
};

// Iterates a Receiver by recv (Blocking) or try_recv. Lazy: a value is received when the
// iterator is compared with end() or dereferenced, and ++ discards the current one (receiving
// it first if nobody looked), so adaptors that stop early never receive a value they drop.
template <class Rx, class T, bool Blocking>
class receive_iterator {
 public:
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  using reference = T&&;
  using iterator_concept = std::input_iterator_tag;

  receive_iterator() = default;
  explicit receive_iterator(Rx& rx) noexcept : rx_(&rx) {}
  receive_iterator(receive_iterator&&) = default;
  receive_iterator& operator=(receive_iterator&&) = default;

  // Precondition: not at end. Move the value out once.
  T&& operator*() const {
    fill();
    return std::move(*current_);
  }
  receive_iterator& operator++() {
    fill();
    current_.reset();
    return *this;
  }
  void operator++(int) { ++*this; }

  friend bool operator==(const receive_iterator& it, std::default_sentinel_t) {
    it.fill();
    return it.done_;
  }

 private:
  void fill() const {
    if (current_.has_value() || done_) return;
    auto r = [&] {
      if constexpr (Blocking)
        return rx_->recv();
      else
        return rx_->try_recv();
    }();
    if (r)
      current_.emplace(std::move(*r));
    else
      done_ = true;
  }

  Rx* rx_ = nullptr;
  mutable std::optional<T> current_;
  mutable bool done_ = false;
};

// What iter() and try_iter() return: a view of the receiver, which it borrows.
template <class Rx, class T, bool Blocking>
class receive_range : public std::ranges::view_interface<receive_range<Rx, T, Blocking>> {
 public:
  using iterator = receive_iterator<Rx, T, Blocking>;

  receive_range() = default;
  explicit receive_range(Rx& rx) noexcept : rx_(&rx) {}
  [[nodiscard]] iterator begin() const noexcept { return iterator(*rx_); }
  [[nodiscard]] std::default_sentinel_t end() const noexcept { return {}; }

 private:
  Rx* rx_ = nullptr;
};

// Checked where a channel is made, not in the handles, so that T may hold a handle of its own
// channel (the handles must be instantiable while T is still incomplete).
template <class T>
inline constexpr bool channel_value =
    std::is_object_v<T> && !std::is_const_v<T> && !std::is_array_v<T> &&
    std::is_move_constructible_v<T> && std::is_destructible_v<T>;

}  // namespace detail

// The sending half of an unbounded channel. Copy = clone.
template <class T, SyncBackend Backend>
class Sender {
  static_assert(::interleave::detail::channel_value_must_be_send<T>::value);
  using core_type = detail::unbounded_core<T, Backend>;

 public:
  Sender(const Sender& other) : core_(other.core_) { core_->add_sender(); }
  Sender(Sender&& other) noexcept : core_(std::exchange(other.core_, nullptr)) {}
  Sender& operator=(const Sender& other) {
    Sender copy(other);
    std::swap(core_, copy.core_);
    return *this;
  }
  Sender& operator=(Sender&& other) noexcept {
    if (this == &other) return *this;
    Sender old(std::move(*this));
    core_ = std::exchange(other.core_, nullptr);
    return *this;
  }
  ~Sender() {
    if (core_ != nullptr && core_->drop_sender()) Backend::destroy(core_);
  }

  // Never blocks. Fails only when the receiver is gone, handing the value back.
  std::expected<void, SendError<T>> send(T value) const { return core_->send(std::move(value)); }

  // Rust's spelling of the copy.
  [[nodiscard]] Sender clone() const { return *this; }

 private:
  friend std::pair<Sender, Receiver<T, Backend>> channel<T, Backend>(built_here<Backend>);
  explicit Sender(core_type* core) noexcept : core_(core) {}

  core_type* core_;  // null once moved from
};

// The sending half of a bounded or rendezvous channel. Copy = clone.
template <class T, SyncBackend Backend>
class SyncSender {
  static_assert(::interleave::detail::channel_value_must_be_send<T>::value);
  using core_ref =
      detail::any_core<detail::bounded_core<T, Backend>, detail::rendezvous_core<T, Backend>>;

 public:
  SyncSender(const SyncSender& other) : core_(other.core_) {
    core_.visit([](auto& c) { c.add_sender(); });
  }
  SyncSender(SyncSender&& other) noexcept : core_(other.core_.release()) {}
  SyncSender& operator=(const SyncSender& other) {
    SyncSender copy(other);
    std::swap(core_, copy.core_);
    return *this;
  }
  SyncSender& operator=(SyncSender&& other) noexcept {
    if (this == &other) return *this;
    SyncSender old(std::move(*this));
    core_ = other.core_.release();
    return *this;
  }
  ~SyncSender() {
    if (core_.empty()) return;
    core_.visit([](auto& c) {
      if (c.drop_sender()) Backend::destroy(&c);
    });
  }

  // Blocks while the buffer is full (rendezvous: until the receiver has taken the value).
  // Fails when the receiver is gone, handing the value back.
  std::expected<void, SendError<T>> send(T value) const {
    return core_.visit([&](auto& c) { return c.send(std::move(value)); });
  }
  // Never blocks: Full when there is no room (rendezvous: no receiver is waiting in recv),
  // Disconnected when the receiver is gone; the value comes back either way.
  [[nodiscard]] std::expected<void, TrySendError<T>> try_send(T value) const {
    return core_.visit([&](auto& c) { return c.try_send(std::move(value)); });
  }

  [[nodiscard]] SyncSender clone() const { return *this; }

 private:
  friend std::pair<SyncSender, Receiver<T, Backend>> sync_channel<T, Backend>(std::size_t,
                                                                              built_here<Backend>);
  explicit SyncSender(core_ref core) noexcept : core_(core) {}

  core_ref core_;
};

// The receiving half of any channel. Move-only; one thread at a time.
template <class T, SyncBackend Backend>
class Receiver {
  using core_ref =
      detail::any_core<detail::unbounded_core<T, Backend>, detail::bounded_core<T, Backend>,
                       detail::rendezvous_core<T, Backend>>;

 public:
  using iter_range = detail::receive_range<Receiver, T, true>;
  using try_iter_range = detail::receive_range<Receiver, T, false>;
  using iterator = typename iter_range::iterator;

  Receiver(Receiver&& other) noexcept : core_(other.core_.release()) {}
  Receiver& operator=(Receiver&& other) noexcept {
    if (this == &other) return *this;
    Receiver old(std::move(*this));
    core_ = other.core_.release();
    return *this;
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  ~Receiver() {
    if (core_.empty()) return;
    core_.visit([](auto& c) {
      if (c.drop_receiver()) Backend::destroy(&c);
    });
  }

  // Blocks until a value comes; RecvError once every sender is gone and nothing is buffered.
  std::expected<T, RecvError> recv() {
    return core_.visit([](auto& c) { return c.recv(); });
  }
  // Never blocks: Empty when nothing is buffered or claimed now, Disconnected when nothing will
  // come. A value being moved in by its sender is waited for (the contract at the top).
  [[nodiscard]] std::expected<T, TryRecvError> try_recv() {
    return core_.visit([](auto& c) { return c.try_recv(); });
  }
  // Waits at most `timeout` (rounded up to the steady clock's tick; a century at most), and
  // past it only for a value being moved in by its sender (the contract at the top).
  template <class Rep, class Period>
  std::expected<T, RecvTimeoutError> recv_timeout(std::chrono::duration<Rep, Period> timeout) {
    const auto wait = detail::to_wait(timeout);
    return core_.visit([wait](auto& c) { return c.recv_timeout(wait); });
  }

  // Every value until disconnection (blocking), or every value there is right now.
  [[nodiscard]] iter_range iter() noexcept { return iter_range(*this); }
  [[nodiscard]] try_iter_range try_iter() noexcept { return try_iter_range(*this); }
  // A Receiver is the range of iter(): `for (T v : rx)`.
  [[nodiscard]] iterator begin() noexcept { return iterator(*this); }
  [[nodiscard]] std::default_sentinel_t end() const noexcept { return {}; }

 private:
  friend std::pair<Sender<T, Backend>, Receiver> channel<T, Backend>(built_here<Backend>);
  friend std::pair<SyncSender<T, Backend>, Receiver> sync_channel<T, Backend>(std::size_t,
                                                                              built_here<Backend>);
  explicit Receiver(core_ref core) noexcept : core_(core) {}

  core_ref core_;
};

// An unbounded channel: send never blocks.
template <class T, SyncBackend Backend>
std::pair<Sender<T, Backend>, Receiver<T, Backend>> channel(built_here<Backend> at) {
  static_assert(detail::channel_value<T>, "a channel carries non-const, movable object types");
  using core_type = detail::unbounded_core<T, Backend>;
  // One sender, a live receiver: the two handles below.
  auto* core = Backend::template create<core_type>(at.line());
  using receiver_ref = typename Receiver<T, Backend>::core_ref;
  return {Sender<T, Backend>(core), Receiver<T, Backend>(receiver_ref(core))};
}

// A bounded channel of capacity n (send blocks while n values are buffered), or for n == 0 a
// rendezvous channel (send returns only once the receiver has taken the value).
template <class T, SyncBackend Backend>
std::pair<SyncSender<T, Backend>, Receiver<T, Backend>> sync_channel(std::size_t n,
                                                                     built_here<Backend> at) {
  static_assert(detail::channel_value<T>, "a channel carries non-const, movable object types");
  using bounded = detail::bounded_core<T, Backend>;
  using rendezvous = detail::rendezvous_core<T, Backend>;
  using sender_ref = typename SyncSender<T, Backend>::core_ref;
  using receiver_ref = typename Receiver<T, Backend>::core_ref;
  if (n == 0) {
    auto* core = Backend::template create<rendezvous>(at.line());
    return {SyncSender<T, Backend>(sender_ref(core)), Receiver<T, Backend>(receiver_ref(core))};
  }
  auto* core = Backend::template create<bounded>(at.line(), n);
  return {SyncSender<T, Backend>(sender_ref(core)), Receiver<T, Backend>(receiver_ref(core))};
}

}  // namespace interleave::mpsc

namespace interleave {

// Send and Sync (marker.hpp), as Rust's: a handle moves to another thread with the values it
// sends or receives, so it is Send when T is; the senders are Sync too (Rust 1.72), the one
// receiver never is.
template <class T, class Backend>
struct send_trait<mpsc::Sender<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct sync_trait<mpsc::Sender<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct send_trait<mpsc::SyncSender<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct sync_trait<mpsc::SyncSender<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct send_trait<mpsc::Receiver<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct sync_trait<mpsc::Receiver<T, Backend>> : std::false_type {};

}  // namespace interleave
