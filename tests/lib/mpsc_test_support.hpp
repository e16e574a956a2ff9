// tests/lib/mpsc_test_support.hpp: what the interleave::mpsc tests share.
//
// - The three flavors as types (Unbounded, Bounded, Rendezvous), for typed tests.
// - observed_backend: the std backend with counters on its mutex and condition variable, so a
//   test can wait until a thread is really asleep inside the channel (instead of sleeping and
//   hoping), and can check that the channel wakes nobody and locks no more than it must. The
//   counters are process-wide; tests run one at a time and reset them first.
// - counting_backend: the std backend with a count of the heap blocks it has created and not
//   yet destroyed (a channel's core, its list blocks), so a test can say "the channel was freed".
// - Tracked: a move-only value that records, in a Ledger, every destruction of a live value,
//   so a test can say "destroyed exactly once".
// - Fragile: a value whose move constructor throws when told to, and counts its moves.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <source_location>
#include <stdexcept>
#include <thread>
#include <utility>

#include <interleave/backend/std.hpp>
#include <interleave/models/channel_flavors.hpp>
#include <interleave/mpsc.hpp>

namespace mpsc_test {

using namespace std::chrono_literals;

// Bounds how long a broken implementation can hang a test before it fails; never a measurement.
constexpr auto kNoHang = std::chrono::seconds(20);

// ---- flavors --------------------------------------------------------------------------------

// The flavors as the tests name them (their gtest type names); a small capacity makes the bounded
// flavor block often.
using Unbounded = interleave::models::unbounded_flavor;
using Bounded = interleave::models::bounded_flavor<4>;
using Rendezvous = interleave::models::rendezvous_flavor;

// ---- observed_backend -----------------------------------------------------------------------

struct observed {
  static inline std::atomic<int> sleeping{0};   // threads inside a condition-variable wait
  static inline std::atomic<long> notifies{0};  // notify_one + notify_all calls
  static inline std::atomic<long> locks{0};     // mutex lock calls (try_lock not counted)
  static void reset() {
    sleeping = 0;
    notifies = 0;
    locks = 0;
  }
};

struct observed_backend : interleave::std_backend {
  class mutex {
   public:
    void lock(here = here::current()) {
      ++observed::locks;
      m_.lock();
    }
    bool try_lock(here = here::current()) { return m_.try_lock(); }
    void unlock(here = here::current()) { m_.unlock(); }
    interleave::std_backend::mutex& inner() noexcept { return m_; }

   private:
    interleave::std_backend::mutex m_;
  };

  // `sleeping` goes up with the channel's mutex held, just before the wait releases it: once a
  // test has seen it go up and then takes any channel operation's lock, the sleeper is asleep.
  class condition_variable {
   public:
    void wait(mutex& m, here = here::current()) {
      ++observed::sleeping;
      cv_.wait(m.inner());
      --observed::sleeping;
    }
    template <class Rep, class Period>
    bool wait_for(mutex& m, std::chrono::duration<Rep, Period> d, here = here::current()) {
      ++observed::sleeping;
      const bool notified = cv_.wait_for(m.inner(), d);
      --observed::sleeping;
      return notified;
    }
    void notify_one(here = here::current()) {
      ++observed::notifies;
      cv_.notify_one();
    }
    void notify_all(here = here::current()) {
      ++observed::notifies;
      cv_.notify_all();
    }

   private:
    interleave::std_backend::condition_variable cv_;
  };
};
static_assert(interleave::SyncBackend<observed_backend>);

// ---- counting_backend -----------------------------------------------------------------------

struct counted {
  // Blocks created through counting_backend and not yet destroyed, process-wide: a test
  // compares it with its own value at the start.
  static inline std::atomic<long> live_blocks{0};
};

struct counting_backend : interleave::std_backend {
  template <class T, class... Args>
  static T* create(here, Args&&... args) {
    T* p = new T(std::forward<Args>(args)...);
    ++counted::live_blocks;
    return p;
  }
  template <class T>
  static void destroy(T* p, here = here::current()) noexcept {
    if (p == nullptr) return;
    --counted::live_blocks;
    delete p;
  }
};
static_assert(interleave::SyncBackend<counting_backend>);

// Polls `done` until it holds or kNoHang passes; returns whether it held.
template <class Pred>
bool eventually(Pred done) {
  const auto deadline = std::chrono::steady_clock::now() + kNoHang;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(100us);
  }
  return true;
}

// Waits until `n` threads sleep inside observed_backend condition variables.
inline bool sleepers_reach(int n) {
  return eventually([n] { return observed::sleeping.load() >= n; });
}

// try_send into a receiver that sleeps in recv (sleepers_reach said so). Retried, because a
// receiver woken spuriously is briefly not waiting, and a rendezvous try_send then says Full.
template <class Tx, class T>
bool try_send_into_sleeping_receiver(const Tx& tx, T value) {
  return eventually([&] {
    auto r = tx.try_send(value);
    return r.has_value();
  });
}

// ---- Tracked --------------------------------------------------------------------------------

class Ledger {
 public:
  void created() { ++live_; }
  void destroyed(int id) {
    std::lock_guard lock(m_);
    ++destructions_[id];
    --live_;
  }
  // How many times the value with this id was destroyed while live.
  int destructions(int id) const {
    std::lock_guard lock(m_);
    auto it = destructions_.find(id);
    return it == destructions_.end() ? 0 : it->second;
  }
  int live() const { return live_.load(); }

 private:
  mutable std::mutex m_;
  std::map<int, int> destructions_;
  std::atomic<int> live_{0};
};

class Tracked {
 public:
  Tracked(int id, Ledger& ledger) : id_(id), ledger_(&ledger) { ledger_->created(); }
  Tracked(Tracked&& other) noexcept
      : id_(other.id_), ledger_(std::exchange(other.ledger_, nullptr)) {}
  Tracked& operator=(Tracked&& other) noexcept {
    if (this != &other) {
      release();
      id_ = other.id_;
      ledger_ = std::exchange(other.ledger_, nullptr);
    }
    return *this;
  }
  ~Tracked() { release(); }

  int id() const { return id_; }
  bool live() const { return ledger_ != nullptr; }

 private:
  void release() {
    if (ledger_ != nullptr) std::exchange(ledger_, nullptr)->destroyed(id_);
  }
  int id_;
  Ledger* ledger_;  // null once moved from
};

// ---- Fragile --------------------------------------------------------------------------------

struct MoveBomb : std::runtime_error {
  MoveBomb() : std::runtime_error("Fragile: move constructor threw") {}
};

// A value whose move constructor throws on the `fuse`-th move from now (0: never), before it
// touches the source, so the source still holds the value. Counts every move.
class Fragile {
 public:
  static inline std::atomic<int> fuse{0};
  static inline std::atomic<long> moves{0};
  static void reset() {
    fuse = 0;
    moves = 0;
  }

  explicit Fragile(int v) : v_(v) {}
  Fragile(Fragile&& other) : v_(other.v_) {
    ++moves;
    if (fuse.load() > 0 && --fuse == 0) throw MoveBomb();
    other.v_ = -1;
  }
  Fragile& operator=(Fragile&&) = delete;

  int value() const { return v_; }

 private:
  int v_;
};

}  // namespace mpsc_test
