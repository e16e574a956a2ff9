// interleave/thread.hpp: spawn and scope, with panics (exceptions) as values, as Rust's
// std::thread.
//
//   auto h = interleave::thread::spawn([] { return 6 * 7; });
//   std::expected<int, std::exception_ptr> r = h.join();      // 42, or the thrown exception
//
//   interleave::thread::scope([&](auto& s) {                  // borrows locals safely:
//     (void)s.spawn([&] { use(local); });                     // every thread is joined
//   });                                                       // before scope returns
//
// - spawn(f) runs f on a new OS thread. An exception escaping f does not terminate the process:
//   join() returns it as the error. Dropping a JoinHandle without joining detaches the thread
//   (Rust's behaviour); its result is discarded.
// - scope(f) calls f(scope&); threads spawned through the scope may borrow anything that
//   outlives the scope call. After f returns (or throws), scope joins every thread not yet
//   joined, then rethrows: f's own exception first, else the first panic (in spawn order) of a
//   thread that was not joined by hand. A thread joined by hand reports its panic to that
//   join() only, as in Rust. Otherwise scope returns f's result.
// - A scoped thread may itself spawn through the scope (the scope's list is locked).
// - Misuse: join() twice throws std::logic_error.
//
// Memory ordering: everything the thread did happens-before join() returns (std::thread::join),
// and everything before spawn() happens-before the thread starts.
#pragma once

#include <exception>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace interleave::thread {

namespace detail {

// The slot a thread writes its outcome into; read only after the thread is joined.
template <class R>
struct packet {
  std::optional<std::conditional_t<std::is_void_v<R>, std::monostate, R>> value;
  std::exception_ptr panic;
};

template <class R, class F>
void run_into(packet<R>& p, F& f) noexcept {
  try {
    if constexpr (std::is_void_v<R>) {
      std::invoke(f);
      p.value.emplace();
    } else {
      p.value.emplace(std::invoke(f));
    }
  } catch (...) {
    p.panic = std::current_exception();
  }
}

template <class R>
std::expected<R, std::exception_ptr> take(packet<R>& p) {
  if (p.panic) return std::unexpected(p.panic);
  if constexpr (std::is_void_v<R>) {
    return {};
  } else {
    return std::move(*p.value);
  }
}

}  // namespace detail

template <class R>
class [[nodiscard]] JoinHandle {
 public:
  JoinHandle(JoinHandle&&) noexcept = default;
  JoinHandle& operator=(JoinHandle&& other) noexcept {
    if (this != &other) {
      detach();
      thread_ = std::move(other.thread_);
      packet_ = std::move(other.packet_);
    }
    return *this;
  }
  ~JoinHandle() { detach(); }

  // Waits for the thread; its return value, or the exception that escaped it.
  std::expected<R, std::exception_ptr> join() {
    if (!thread_.joinable()) throw std::logic_error("JoinHandle::join: already joined or detached");
    thread_.join();
    return detail::take(*packet_);
  }
  [[nodiscard]] bool joinable() const noexcept { return thread_.joinable(); }
  [[nodiscard]] std::thread::id id() const noexcept { return thread_.get_id(); }

 private:
  template <class F>
  friend auto spawn(F f) -> JoinHandle<std::invoke_result_t<F&>>;

  JoinHandle(std::thread t, std::shared_ptr<detail::packet<R>> p)
      : thread_(std::move(t)), packet_(std::move(p)) {}
  void detach() noexcept {
    if (thread_.joinable()) thread_.detach();
  }

  std::thread thread_;
  std::shared_ptr<detail::packet<R>> packet_;  // shared: a detached thread may outlive us
};

template <class F>
auto spawn(F f) -> JoinHandle<std::invoke_result_t<F&>> {
  using R = std::invoke_result_t<F&>;
  auto p = std::make_shared<detail::packet<R>>();
  std::thread t([p, f = std::move(f)]() mutable { detail::run_into(*p, f); });
  return JoinHandle<R>(std::move(t), std::move(p));
}

class Scope;

template <class R>
class [[nodiscard]] ScopedJoinHandle {
 public:
  // Waits for the thread; its value or its exception. The exception is then this caller's:
  // scope() will not rethrow it.
  std::expected<R, std::exception_ptr> join();
  [[nodiscard]] bool joinable() const noexcept;

 private:
  friend class Scope;
  struct entry;
  explicit ScopedJoinHandle(entry* e) : entry_(e) {}
  entry* entry_;
};

class Scope {
 public:
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

  template <class F>
  auto spawn(F f) -> ScopedJoinHandle<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    auto owned = std::make_unique<typename ScopedJoinHandle<R>::entry>();
    auto* e = owned.get();
    {
      std::lock_guard<std::mutex> lock(entries_mutex_);
      entries_.push_back(std::move(owned));  // before the thread exists: nothing to undo
    }
    e->thread = std::thread([e, f = std::move(f)]() mutable { detail::run_into(e->packet, f); });
    return ScopedJoinHandle<R>(e);
  }

 private:
  template <class F>
  friend auto scope(F&& f) -> std::invoke_result_t<F&, Scope&>;

  struct entry_base {
    virtual ~entry_base() = default;
    virtual std::exception_ptr join_if_needed() noexcept = 0;  // null unless it panicked
    std::thread thread;
  };
  template <class R>
  friend class ScopedJoinHandle;

  Scope() = default;

  // Joins every thread not joined by hand; the first panic among them, or null.
  // Joins in spawn order; threads that scoped threads spawn meanwhile are joined too, since
  // the size is re-read under the lock before each step.
  std::exception_ptr join_all() noexcept {
    std::exception_ptr first;
    for (std::size_t i = 0;; ++i) {
      entry_base* e = nullptr;
      {
        std::lock_guard<std::mutex> lock(entries_mutex_);
        if (i >= entries_.size()) break;
        e = entries_[i].get();
      }
      auto panic = e->join_if_needed();
      if (panic && !first) first = panic;
    }
    return first;
  }

  std::mutex entries_mutex_;  // guards entries_: a scoped thread may spawn too
  std::vector<std::unique_ptr<entry_base>> entries_;  // entries never move: handles point in
};

template <class R>
struct ScopedJoinHandle<R>::entry : Scope::entry_base {
  detail::packet<R> packet;
  std::exception_ptr join_if_needed() noexcept override {
    if (!thread.joinable()) return nullptr;
    thread.join();
    return packet.panic;
  }
};

template <class R>
std::expected<R, std::exception_ptr> ScopedJoinHandle<R>::join() {
  if (!entry_->thread.joinable())
    throw std::logic_error("ScopedJoinHandle::join: already joined");
  entry_->thread.join();
  return detail::take(entry_->packet);
}

template <class R>
bool ScopedJoinHandle<R>::joinable() const noexcept {
  return entry_->thread.joinable();
}

// Runs f(scope); returns once every thread spawned through the scope has finished.
template <class F>
auto scope(F&& f) -> std::invoke_result_t<F&, Scope&> {
  using R = std::invoke_result_t<F&, Scope&>;
  Scope s;
  std::exception_ptr own_panic;
  std::optional<std::conditional_t<std::is_void_v<R>, std::monostate, R>> result;
  try {
    if constexpr (std::is_void_v<R>) {
      f(s);
      result.emplace();
    } else {
      result.emplace(f(s));
    }
  } catch (...) {
    own_panic = std::current_exception();
  }
  std::exception_ptr thread_panic = s.join_all();
  if (own_panic) std::rethrow_exception(own_panic);
  if (thread_panic) std::rethrow_exception(thread_panic);
  if constexpr (!std::is_void_v<R>) return std::move(*result);
}

}  // namespace interleave::thread
