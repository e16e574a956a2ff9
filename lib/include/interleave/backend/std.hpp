// interleave/backend/std.hpp: the real backend, and every primitive's default.
//
// Each member forwards to the standard library and is marked always_inline; the
// `std::source_location` parameters exist only for the Relacy backend and are never read here,
// so code built on this backend compiles to the same instructions as code written directly
// against std::atomic, std::mutex and std::condition_variable (the test
// std_backend_generates_the_same_code_as_std, tests/codegen/same_code.cmake, compares the two at
// -O2).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <source_location>
#include <thread>
#include <utility>

#include <unistd.h>

#include "interleave/backend/concept.hpp"

#define INTERLEAVE_INLINE [[gnu::always_inline]] inline

namespace interleave {

struct std_backend {
  using here = std::source_location;

  template <class T>
  class atomic {
   public:
    constexpr atomic() noexcept = default;
    constexpr explicit atomic(T v) noexcept : a_(v) {}
    atomic(const atomic&) = delete;
    atomic& operator=(const atomic&) = delete;

    INTERLEAVE_INLINE T load(std::memory_order o, here = here::current()) const noexcept {
      return a_.load(o);
    }
    INTERLEAVE_INLINE void store(T v, std::memory_order o, here = here::current()) noexcept {
      a_.store(v, o);
    }
    INTERLEAVE_INLINE T exchange(T v, std::memory_order o, here = here::current()) noexcept {
      return a_.exchange(v, o);
    }
    INTERLEAVE_INLINE bool compare_exchange_weak(T& expected, T desired, std::memory_order success,
                                                 std::memory_order failure,
                                                 here = here::current()) noexcept {
      return a_.compare_exchange_weak(expected, desired, success, failure);
    }
    INTERLEAVE_INLINE bool compare_exchange_strong(T& expected, T desired,
                                                   std::memory_order success,
                                                   std::memory_order failure,
                                                   here = here::current()) noexcept {
      return a_.compare_exchange_strong(expected, desired, success, failure);
    }
    INTERLEAVE_INLINE T fetch_add(T v, std::memory_order o,
                                  here = here::current()) noexcept requires std::integral<T> {
      return a_.fetch_add(v, o);
    }
    INTERLEAVE_INLINE T fetch_sub(T v, std::memory_order o,
                                  here = here::current()) noexcept requires std::integral<T> {
      return a_.fetch_sub(v, o);
    }
    INTERLEAVE_INLINE T fetch_or(T v, std::memory_order o,
                                 here = here::current()) noexcept requires std::integral<T> {
      return a_.fetch_or(v, o);
    }
    INTERLEAVE_INLINE T fetch_and(T v, std::memory_order o,
                                  here = here::current()) noexcept requires std::integral<T> {
      return a_.fetch_and(v, o);
    }

   private:
    std::atomic<T> a_{};
  };

  template <class T>
  class cell {
   public:
    constexpr cell() = default;
    constexpr explicit cell(T v) : v_(std::move(v)) {}
    INTERLEAVE_INLINE T load(here = here::current()) const { return v_; }
    INTERLEAVE_INLINE void store(T v, here = here::current()) { v_ = std::move(v); }

   private:
    T v_{};
  };

  class mutex {
   public:
    INTERLEAVE_INLINE void lock(here = here::current()) { m_.lock(); }
    INTERLEAVE_INLINE bool try_lock(here = here::current()) noexcept { return m_.try_lock(); }
    INTERLEAVE_INLINE void unlock(here = here::current()) noexcept { m_.unlock(); }
    std::mutex& native() noexcept { return m_; }

   private:
    std::mutex m_;
  };

  class condition_variable {
   public:
    // Precondition: `m` is locked by the caller; it is locked again on return.
    INTERLEAVE_INLINE void wait(mutex& m, here = here::current()) {
      std::unique_lock<std::mutex> lock(m.native(), std::adopt_lock);
      cv_.wait(lock);
      lock.release();
    }
    template <class Rep, class Period>
    INTERLEAVE_INLINE bool wait_for(mutex& m, std::chrono::duration<Rep, Period> d,
                                    here = here::current()) {
      std::unique_lock<std::mutex> lock(m.native(), std::adopt_lock);
      const bool notified = cv_.wait_for(lock, d) == std::cv_status::no_timeout;
      lock.release();
      return notified;
    }
    INTERLEAVE_INLINE void notify_one(here = here::current()) noexcept { cv_.notify_one(); }
    INTERLEAVE_INLINE void notify_all(here = here::current()) noexcept { cv_.notify_all(); }

   private:
    std::condition_variable cv_;
  };

  // One thread of execution, as std::thread (it is one): move-only; a handle destroyed while
  // joinable ends the program (std::terminate), so join or detach it first.
  class thread {
   public:
    thread() noexcept = default;
    template <class F>
    explicit thread(F f, here = here::current()) : t_(std::move(f)) {}
    [[nodiscard]] bool joinable() const noexcept { return t_.joinable(); }
    INTERLEAVE_INLINE void join(here = here::current()) { t_.join(); }
    INTERLEAVE_INLINE void detach() noexcept { t_.detach(); }
    [[nodiscard]] std::thread::id get_id() const noexcept { return t_.get_id(); }

   private:
    std::thread t_;
  };

  INTERLEAVE_INLINE static void fence(std::memory_order o, here = here::current()) noexcept {
    std::atomic_thread_fence(o);
  }
  INTERLEAVE_INLINE static void yield(here = here::current()) noexcept {
    std::this_thread::yield();
  }
  INTERLEAVE_INLINE static int uncaught_exceptions() noexcept { return std::uncaught_exceptions(); }
  template <class T, class... Args>
  INTERLEAVE_INLINE static T* create(here, Args&&... args) {
    return new T(std::forward<Args>(args)...);
  }
  template <class T>
  INTERLEAVE_INLINE static void destroy(T* p, here = here::current()) noexcept {
    delete p;
  }
  INTERLEAVE_INLINE static std::chrono::steady_clock::time_point now() noexcept {
    return std::chrono::steady_clock::now();
  }

  // Rc's thread check (concept.hpp, rc_thread_check; compiled only where it is on). A thread is
  // its kernel id, as gdb ("LWP"), top and /proc name it; read once per thread. (A child of
  // fork keeps its parent's id for its one thread: consistent within the child, so no use is
  // misjudged; only "(main)" is then missing from its messages.)
  static long thread_tag() noexcept {
    static thread_local const long tid = ::gettid();
    return tid;
  }
  static void describe_thread(long tag, char* out, std::size_t size) noexcept {
    std::snprintf(out, size, tag == ::getpid() ? "thread %ld (main)" : "thread %ld", tag);
  }
  [[noreturn, gnu::cold]] static void stop(const char* defect, const char* message,
                                           here = here::current()) noexcept {
    std::fprintf(stderr, "interleave: %s: %s\n", defect, message);
    std::fflush(stderr);
    std::abort();
  }
};

static_assert(ThreadBackend<std_backend> && ThreadCheckingBackend<std_backend>);

}  // namespace interleave
