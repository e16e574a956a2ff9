// bench/channel_adapters.hpp: one small adapter per channel implementation, so that every peer
// runs exactly the same driver code (channels_throughput.cpp, channels_memory.cpp).
//
// An adapter A provides:
//   A::name                                 the peer's name in benchmark names and tables
//   A::make(capacity) -> unique_ptr<channel>
//                                           capacity: `unbounded`, n > 0 (bounded), 0
//                                           (rendezvous); an adapter is only ever asked for
//                                           the shapes it has
//   A::sender_for(channel&) -> sender       the handle one producer thread uses (taken before
//                                           the thread starts: a clone for interleave, a
//                                           ProducerToken for moodycamel, a pointer otherwise)
//   A::send(sender&, msg)                   blocking where the channel blocks (bounded, rendezvous)
//   A::recv(channel&) -> msg                blocking until a value is there
// Each peer is used the way its documentation recommends for this job, and nothing else: no
// peer is tuned down, and none gets a shape it does not have.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string_view>

#include <boost/thread/concurrent_queues/sync_bounded_queue.hpp>
#include <boost/thread/concurrent_queues/sync_queue.hpp>
#include <concurrentqueue/blockingconcurrentqueue.h>
#include <oneapi/tbb/concurrent_queue.h>

#include "interleave/mpsc.hpp"
#include "textbook_channel.hpp"

namespace interleave_bench {

// The message every scenario sends: a 64-bit integer (trivially copyable, 8 bytes), so the
// numbers measure the channels and not the cost of moving a payload.
using msg = std::uint64_t;

inline constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
// The bounded flavor's capacity in every scenario (and in bench/rust_mpsc/main.rs).
inline constexpr std::size_t bounded_capacity = 1024;

// A failed send or receive cannot happen in these scenarios (nobody disconnects); if it does,
// the benchmark is wrong, and a number must not come out of it.
[[noreturn]] inline void channel_failed() { std::abort(); }

template <class A>
concept channel_adapter = requires(typename A::channel& c, typename A::sender& s, msg m) {
  { A::name } -> std::convertible_to<std::string_view>;
  { A::make(std::size_t{}) } -> std::same_as<std::unique_ptr<typename A::channel>>;
  { A::sender_for(c) } -> std::same_as<typename A::sender>;
  A::send(s, m);
  { A::recv(c) } -> std::same_as<msg>;
};

// --- interleave ----------------------------------------------------------------------------

// interleave::mpsc::channel<msg>(): unbounded.
struct interleave_channel {
  static constexpr std::string_view name = "interleave";
  struct channel {
    interleave::mpsc::Sender<msg> tx;
    interleave::mpsc::Receiver<msg> rx;
  };
  using sender = interleave::mpsc::Sender<msg>;

  static std::unique_ptr<channel> make(std::size_t /*unbounded*/) {
    auto [tx, rx] = interleave::mpsc::channel<msg>();
    return std::make_unique<channel>(channel{std::move(tx), std::move(rx)});
  }
  static sender sender_for(channel& c) { return c.tx; }  // a clone per producer
  static void send(sender& s, msg m) {
    if (!s.send(m)) channel_failed();
  }
  static msg recv(channel& c) {
    auto r = c.rx.recv();
    if (!r) channel_failed();
    return *r;
  }
};

// interleave::mpsc::sync_channel<msg>(n): bounded, or a rendezvous for n == 0.
struct interleave_sync_channel {
  static constexpr std::string_view name = "interleave";
  struct channel {
    interleave::mpsc::SyncSender<msg> tx;
    interleave::mpsc::Receiver<msg> rx;
  };
  using sender = interleave::mpsc::SyncSender<msg>;

  static std::unique_ptr<channel> make(std::size_t capacity) {
    auto [tx, rx] = interleave::mpsc::sync_channel<msg>(capacity);
    return std::make_unique<channel>(channel{std::move(tx), std::move(rx)});
  }
  static sender sender_for(channel& c) { return c.tx; }
  static void send(sender& s, msg m) {
    if (!s.send(m)) channel_failed();
  }
  static msg recv(channel& c) {
    auto r = c.rx.recv();
    if (!r) channel_failed();
    return *r;
  }
};

// --- the textbook mutex + condition_variable + deque channel (textbook_channel.hpp) ---------

template <class Queue>
struct textbook_adapter {
  static constexpr std::string_view name = "textbook";
  using channel = Queue;
  using sender = Queue*;
  static sender sender_for(channel& c) { return &c; }
  static void send(sender& s, msg m) { s->send(m); }
  static msg recv(channel& c) { return c.recv(); }
};

struct textbook_unbounded : textbook_adapter<textbook_queue<msg>> {
  static std::unique_ptr<channel> make(std::size_t /*unbounded*/) {
    return std::make_unique<channel>();
  }
};
struct textbook_bounded_channel : textbook_adapter<textbook_bounded<msg>> {
  static std::unique_ptr<channel> make(std::size_t capacity) {
    return std::make_unique<channel>(capacity);
  }
};
struct textbook_rendezvous_channel : textbook_adapter<textbook_rendezvous<msg>> {
  static std::unique_ptr<channel> make(std::size_t /*0*/) { return std::make_unique<channel>(); }
};

// --- Boost.Thread 1.74 synchronized queues ---------------------------------------------------
// sync_queue: a mutex, one condition variable (notify_all on every push) and a devector.
// sync_bounded_queue(n): a ring of n + 1 slots, two condition variables, each notified only
// when somebody waits. It has no rendezvous: with n == 0 its ring is always full and push never
// returns, so the rendezvous scenarios have no Boost entry.

struct boost_sync_queue {
  static constexpr std::string_view name = "boost";
  using channel = boost::concurrent::sync_queue<msg>;
  using sender = channel*;
  static std::unique_ptr<channel> make(std::size_t /*unbounded*/) {
    return std::make_unique<channel>();
  }
  static sender sender_for(channel& c) { return &c; }
  static void send(sender& s, msg m) { s->push(m); }
  static msg recv(channel& c) { return c.pull(); }
};

struct boost_sync_bounded_queue {
  static constexpr std::string_view name = "boost";
  using channel = boost::concurrent::sync_bounded_queue<msg>;
  using sender = channel*;
  static std::unique_ptr<channel> make(std::size_t capacity) {
    return std::make_unique<channel>(capacity);
  }
  static sender sender_for(channel& c) { return &c; }
  static void send(sender& s, msg m) { s->push(m); }
  static msg recv(channel& c) { return c.pull(); }
};

// --- oneTBB concurrent_bounded_queue ---------------------------------------------------------
// Unbounded: the default capacity. Bounded: set_capacity(n). Rendezvous: set_capacity(0), with
// which push returns once a pop has claimed its ticket (a pop that is waiting or under way).

struct tbb_bounded_queue {
  static constexpr std::string_view name = "tbb";
  using channel = tbb::concurrent_bounded_queue<msg>;
  using sender = channel*;
  static std::unique_ptr<channel> make(std::size_t capacity) {
    auto q = std::make_unique<channel>();
    if (capacity != unbounded) q->set_capacity(static_cast<std::ptrdiff_t>(capacity));
    return q;
  }
  static sender sender_for(channel& c) { return &c; }
  static void send(sender& s, msg m) { s->push(m); }
  static msg recv(channel& c) {
    msg m;
    c.pop(m);
    return m;
  }
};

// --- moodycamel::BlockingConcurrentQueue -----------------------------------------------------
// Unbounded only: it has no blocking bounded send (its "bounded" mode is try_enqueue failing
// when preallocated blocks run out, which is not a channel that waits) and no rendezvous, so it
// appears in the unbounded scenarios and nowhere else. Used with a ProducerToken per producer
// and a ConsumerToken for the consumer, the library's recommended fast path.

struct moodycamel_queue {
  static constexpr std::string_view name = "moodycamel";
  struct channel {
    moodycamel::BlockingConcurrentQueue<msg> queue;
    moodycamel::ConsumerToken consumer{queue};
  };
  struct sender {
    moodycamel::BlockingConcurrentQueue<msg>* queue;
    moodycamel::ProducerToken token;
  };
  static std::unique_ptr<channel> make(std::size_t /*unbounded*/) {
    return std::make_unique<channel>();
  }
  static sender sender_for(channel& c) {
    return sender{&c.queue, moodycamel::ProducerToken(c.queue)};
  }
  static void send(sender& s, msg m) {
    if (!s.queue->enqueue(s.token, m)) channel_failed();
  }
  static msg recv(channel& c) {
    msg m;
    c.queue.wait_dequeue(c.consumer, m);
    return m;
  }
};

static_assert(channel_adapter<interleave_channel>);
static_assert(channel_adapter<interleave_sync_channel>);
static_assert(channel_adapter<textbook_unbounded>);
static_assert(channel_adapter<textbook_bounded_channel>);
static_assert(channel_adapter<textbook_rendezvous_channel>);
static_assert(channel_adapter<boost_sync_queue>);
static_assert(channel_adapter<boost_sync_bounded_queue>);
static_assert(channel_adapter<tbb_bounded_queue>);
static_assert(channel_adapter<moodycamel_queue>);

}  // namespace interleave_bench
