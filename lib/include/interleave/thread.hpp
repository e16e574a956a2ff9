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
// - spawn(f, args...) runs f(args...) on a new thread; f, the arguments and the result must be
//   Send (<interleave/marker.hpp>), checked at compile time. An exception escaping f does not
//   terminate the process:
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
// Backend: the threads are the backend's (`spawn<B>(f)`, `scope<B>(f)`, a ThreadBackend,
// backend/concept.hpp; std_backend by default, whose thread is std::thread). Over
// relacy_backend they are a Relacy suite's dynamic threads, so models/thread.cpp explores this
// very code. `Scope` is the std backend's BasicScope.
//
// Memory ordering: everything before spawn() happens-before the thread starts, and everything
// the thread did happens-before join() returns (the backend's thread start and join, as
// std::thread's). The scope's list of threads is guarded by its mutex: a thread is started
// and entered in the list in one critical section, so join_all, which reads the list under the
// same mutex, sees a complete entry.
#pragma once

#include <exception>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "interleave/backend/std.hpp"
#include "interleave/detail/fault.hpp"
#include "interleave/marker.hpp"

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

// Holds a backend mutex for a scope, naming the caller's line to the backend.
template <class M>
class locked {
 public:
  explicit locked(M& m, std::source_location l = std::source_location::current()) : m_(m), l_(l) {
    m_.lock(l_);
  }
  ~locked() { m_.unlock(l_); }
  locked(const locked&) = delete;
  locked& operator=(const locked&) = delete;

 private:
  M& m_;
  std::source_location l_;
};

struct access;  // makes handles and scopes: their constructors are private

// What a new thread runs: f(args...), with f and the arguments moved to that thread, as
// std::thread takes them (decayed copies; std::ref passes a reference). Each must be Send
// (marker.hpp), and so must the result, which goes back to the joining thread: what Rust's
// spawn requires of its closure, whose captures these arguments are. The checks name the
// offending type in the compiler's "required from" note.
template <class F, class... Args>
using result_of_call = std::invoke_result_t<F&, Args&&...>;

template <class F, class... Args>
auto call_on_new_thread(F f, Args... args) {
  static_assert(::interleave::detail::spawned_function_must_be_send<F>::value);
  static_assert((::interleave::detail::spawned_argument_must_be_send<Args>::value && ...));
  static_assert(
      ::interleave::detail::spawned_result_must_be_send<result_of_call<F, Args...>>::value);
  if constexpr (sizeof...(Args) == 0) {
    return f;
  } else {
    return [f = std::move(f), ... args = std::move(args)]() mutable -> result_of_call<F, Args...> {
      return std::invoke(f, std::move(args)...);
    };
  }
}

}  // namespace detail

template <class R, class B = std_backend>
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
  // The thread's id, where the backend's threads have one (std::thread::id for std_backend).
  [[nodiscard]] auto id() const noexcept requires requires(const typename B::thread& t) {
    t.get_id();
  }
  { return thread_.get_id(); }

 private:
  friend struct detail::access;
  JoinHandle(typename B::thread t, std::shared_ptr<detail::packet<R>> p)
      : thread_(std::move(t)), packet_(std::move(p)) {}
  void detach() noexcept {
    if (thread_.joinable()) thread_.detach();
  }

  typename B::thread thread_;
  std::shared_ptr<detail::packet<R>> packet_;  // shared: a detached thread may outlive us
};

template <class B>
class BasicScope;
using Scope = BasicScope<std_backend>;

template <class R, class B = std_backend>
class [[nodiscard]] ScopedJoinHandle {
 public:
  // Waits for the thread; its value or its exception. The exception is then this caller's:
  // scope() will not rethrow it.
  std::expected<R, std::exception_ptr> join();
  [[nodiscard]] bool joinable() const noexcept;

 private:
  friend class BasicScope<B>;
  struct entry;
  explicit ScopedJoinHandle(entry* e) : entry_(e) {}
  entry* entry_;
};

template <class B>
class BasicScope {
 public:
  BasicScope(const BasicScope&) = delete;
  BasicScope& operator=(const BasicScope&) = delete;

  // f(args...) on a new thread of the scope (spawn, below, says how they are passed).
  template <class F, class... Args>
  auto spawn(F f, Args... args) -> ScopedJoinHandle<detail::result_of_call<F, Args...>, B> {
    using R = detail::result_of_call<F, Args...>;
    using entry = typename ScopedJoinHandle<R, B>::entry;
    auto call = detail::call_on_new_thread(std::move(f), std::move(args)...);
    // Shared by the list and the thread itself, so an entry never dies under a running thread.
    auto e = std::make_shared<entry>();
    {
      detail::locked lock(entries_mutex_);
      entries_.push_back(e);  // first: if it throws, there is no thread to undo
      try {
        e->thread = typename B::thread(
            [e, call = std::move(call)]() mutable { detail::run_into(e->packet, call); });
      } catch (...) {
        entries_.pop_back();
        throw;
      }
      spawned_.store(spawned_.load() + 1);
    }
    return ScopedJoinHandle<R, B>(e.get());
  }

 private:
  friend struct detail::access;
  template <class R, class>
  friend class ScopedJoinHandle;

  struct entry_base {
    virtual ~entry_base() = default;
    virtual std::exception_ptr join_if_needed() noexcept = 0;  // null unless it panicked
    typename B::thread thread;
  };

  BasicScope() = default;

  // Joins every thread not joined by hand; the first panic among them, or null.
  // Joins in spawn order; threads that scoped threads spawn meanwhile are joined too, since
  // the size is re-read under the lock before each step.
  std::exception_ptr join_all() noexcept {
    if constexpr (::interleave::detail::injects<B, fault::scope_skips_join>) {
      // FAULT (thread/negative/scope-skips-join): the scope returns without waiting for its
      // threads, which run on, detached; their panics are lost.
      detail::locked lock(entries_mutex_);
      for (auto& e : entries_)
        if (e->thread.joinable()) e->thread.detach();
      return nullptr;
    }
    std::exception_ptr first;
    for (std::size_t i = 0;; ++i) {
      entry_base* e = nullptr;
      {
        detail::locked lock(entries_mutex_);
        if (i >= spawned_.load()) break;
        e = entries_[i].get();
      }
      auto panic = e->join_if_needed();
      if (panic && !first) first = panic;
    }
    return first;
  }

  typename B::mutex entries_mutex_;  // guards entries_ and spawned_: a scoped thread may spawn too
  std::vector<std::shared_ptr<entry_base>> entries_;  // entries never move: handles point in
  // entries_.size() once a thread runs for each, as join_all reads it. A backend cell, so that
  // under Relacy a spawn and a join that do not both hold the lock are a DATA RACE (the vector
  // itself is memory Relacy does not see); a plain size_t with the std backend.
  typename B::template cell<std::size_t> spawned_{0};
};

template <class R, class B>
struct ScopedJoinHandle<R, B>::entry : BasicScope<B>::entry_base {
  detail::packet<R> packet;
  std::exception_ptr join_if_needed() noexcept override {
    if (!this->thread.joinable()) return nullptr;
    this->thread.join();
    return packet.panic;
  }
};

template <class R, class B>
std::expected<R, std::exception_ptr> ScopedJoinHandle<R, B>::join() {
  if (!entry_->thread.joinable()) throw std::logic_error("ScopedJoinHandle::join: already joined");
  entry_->thread.join();
  return detail::take(entry_->packet);
}

template <class R, class B>
bool ScopedJoinHandle<R, B>::joinable() const noexcept {
  return entry_->thread.joinable();
}

namespace detail {

struct access {
  template <class R, class B>
  static JoinHandle<R, B> handle(typename B::thread t, std::shared_ptr<packet<R>> p) {
    return JoinHandle<R, B>(std::move(t), std::move(p));
  }
  template <class B>
  static BasicScope<B> scope() {
    return BasicScope<B>();
  }
  template <class B>
  static std::exception_ptr join_all(BasicScope<B>& s) noexcept {
    return s.join_all();
  }
};

}  // namespace detail

// f(args...) on a new thread. f and the arguments are moved there (decayed copies, as
// std::thread's; std::ref passes a reference); each must be Send, and so must the result
// (marker.hpp): a compile error names the type that is not.
template <class B = std_backend, class F, class... Args>
  requires ThreadBackend<B>
auto spawn(F f, Args... args) -> JoinHandle<detail::result_of_call<F, Args...>, B> {
  using R = detail::result_of_call<F, Args...>;
  auto call = detail::call_on_new_thread(std::move(f), std::move(args)...);
  auto p = std::make_shared<detail::packet<R>>();
  typename B::thread t([p, call = std::move(call)]() mutable { detail::run_into(*p, call); });
  return detail::access::handle<R, B>(std::move(t), std::move(p));
}

// Runs f(scope); returns once every thread spawned through the scope has finished.
template <class B = std_backend, class F>
  requires ThreadBackend<B>
auto scope(F&& f) -> std::invoke_result_t<F&, BasicScope<B>&> {
  using R = std::invoke_result_t<F&, BasicScope<B>&>;
  BasicScope<B> s = detail::access::scope<B>();
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
  std::exception_ptr thread_panic = detail::access::join_all(s);
  if (own_panic) std::rethrow_exception(own_panic);
  if (thread_panic) std::rethrow_exception(thread_panic);
  if constexpr (!std::is_void_v<R>) return std::move(*result);
}

}  // namespace interleave::thread
