// interleave::thread on the real (std) backend: spawn/JoinHandle and scope/ScopedJoinHandle,
// with panics (exceptions) coming back as values.
//
// Synchronisation in these tests uses std::latch / std::promise (not the primitives under test,
// and never sleeps): "the thread still completes after its handle is dropped" is proved by the
// thread reporting back, and "scope joins before returning" by threads that cannot finish before
// f has returned.

#include <interleave/thread.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <expected>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "interleave_test/values.hpp"

namespace thread_test {

namespace thread = interleave::thread;

using interleave_test::Boom;

// The message of the std::exception inside `e`, or "" when it holds something else.
std::string message_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "";
  }
}

// --- spawn / JoinHandle -----------------------------------------------------------------------

TEST(Thread, join_returns_the_threads_value) {
  auto h = thread::spawn([] { return 6 * 7; });
  static_assert(std::is_same_v<decltype(h.join()), std::expected<int, std::exception_ptr>>);
  auto r = h.join();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 42);
}

TEST(Thread, join_returns_a_move_only_value) {
  auto h = thread::spawn([] { return std::make_unique<std::string>("moved"); });
  auto r = h.join();
  ASSERT_TRUE(r.has_value());
  ASSERT_NE(*r, nullptr);
  EXPECT_EQ(**r, "moved");
}

TEST(Thread, join_of_a_void_thread_succeeds_and_its_writes_are_visible) {
  int written = 0;
  auto h = thread::spawn([&] { written = 1; });
  static_assert(std::is_same_v<decltype(h.join()), std::expected<void, std::exception_ptr>>);
  auto r = h.join();
  EXPECT_TRUE(r.has_value());
  EXPECT_EQ(written, 1);  // everything the thread did happens-before join() returns
}

TEST(Thread, spawned_thread_sees_what_happened_before_spawn) {
  std::vector<int> before{1, 2, 3};
  auto h = thread::spawn([&] { return before.size(); });
  EXPECT_EQ(*h.join(), 3u);
}

TEST(Thread, exception_escaping_the_thread_comes_back_from_join) {
  auto h = thread::spawn([]() -> int { throw Boom("from the thread"); });
  auto r = h.join();  // the process is still alive
  ASSERT_FALSE(r.has_value());
  ASSERT_TRUE(r.error());
  EXPECT_THROW(std::rethrow_exception(r.error()), Boom);
  EXPECT_EQ(message_of(r.error()), "from the thread");
}

TEST(Thread, exception_of_any_type_comes_back_from_join_of_a_void_thread) {
  auto h = thread::spawn([] { throw 17; });
  auto r = h.join();
  ASSERT_FALSE(r.has_value());
  try {
    std::rethrow_exception(r.error());
  } catch (int v) {
    EXPECT_EQ(v, 17);
  } catch (...) {
    ADD_FAILURE() << "wrong exception type";
  }
}

TEST(Thread, join_twice_throws_logic_error) {
  auto h = thread::spawn([] { return 1; });
  EXPECT_TRUE(h.joinable());
  (void)h.join();
  EXPECT_FALSE(h.joinable());
  EXPECT_THROW((void)h.join(), std::logic_error);
}

TEST(Thread, spawned_thread_runs_on_another_os_thread_named_by_id) {
  auto h = thread::spawn([] { return std::this_thread::get_id(); });
  const std::thread::id id = h.id();
  EXPECT_NE(id, std::this_thread::get_id());
  auto r = h.join();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, id);
}

TEST(Thread, dropping_an_unjoined_handle_detaches_and_the_thread_still_completes) {
  // Shared state owned jointly: the detached thread may outlive this test's stack frame.
  struct State {
    std::promise<void> go;
    std::promise<int> done;
  };
  auto state = std::make_shared<State>();
  auto go = state->go.get_future();
  auto done = state->done.get_future();
  {
    auto h = thread::spawn([state, go = std::move(go)]() mutable {
      go.wait();  // cannot finish before the handle is gone
      state->done.set_value(42);
    });
    EXPECT_TRUE(h.joinable());
  }  // dropped unjoined: detached, not std::terminate
  state->go.set_value();
  EXPECT_EQ(done.get(), 42);
}

TEST(Thread, moved_handle_joins_the_same_thread) {
  auto h = thread::spawn([] { return 5; });
  auto moved = std::move(h);
  EXPECT_FALSE(h.joinable());  // NOLINT(bugprone-use-after-move): the claim under test
  EXPECT_THROW((void)h.join(), std::logic_error);
  EXPECT_EQ(*moved.join(), 5);
}

TEST(Thread, move_assignment_detaches_the_thread_it_replaces) {
  auto done = std::make_shared<std::promise<int>>();
  auto done_future = done->get_future();
  auto go = std::make_shared<std::promise<void>>();
  auto h = thread::spawn([done, released = go->get_future().share()] {
    released.wait();
    done->set_value(1);
  });
  h = thread::spawn([] {});  // the first thread is detached, not terminated
  go->set_value();
  EXPECT_EQ(done_future.get(), 1);
  EXPECT_TRUE(h.join().has_value());
}

// --- scope ------------------------------------------------------------------------------------

TEST(Scope, joins_every_thread_before_returning_and_threads_may_borrow_locals) {
  constexpr int kThreads = 4;
  std::vector<int> squares(kThreads, -1);  // borrowed, written without any lock
  std::latch f_returning(1);
  thread::scope([&](thread::Scope& s) {
    for (int i = 0; i < kThreads; ++i) {
      (void)s.spawn([&, i] {
        f_returning.wait();  // no thread can finish before f is done
        squares[i] = i * i;
      });
    }
    f_returning.count_down();
  });
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(squares[i], i * i) << "thread " << i;
}

TEST(Scope, returns_the_value_of_f) {
  int borrowed = 20;
  int r = thread::scope([&](thread::Scope& s) {
    auto h = s.spawn([&] { return borrowed + 1; });
    return *h.join() * 2;
  });
  EXPECT_EQ(r, 42);
}

TEST(Scope, returns_a_move_only_value_of_f) {
  auto r = thread::scope([](thread::Scope&) { return std::make_unique<int>(3); });
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(*r, 3);
}

TEST(Scope, scoped_join_returns_value_and_void) {
  thread::scope([](thread::Scope& s) {
    auto with_value = s.spawn([] { return std::string("v"); });
    auto without = s.spawn([] {});
    auto v = with_value.join();
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(*v, "v");
    static_assert(
        std::is_same_v<decltype(without.join()), std::expected<void, std::exception_ptr>>);
    EXPECT_TRUE(without.join().has_value());
  });
}

TEST(Scope, scoped_join_twice_throws_logic_error) {
  thread::scope([](thread::Scope& s) {
    auto h = s.spawn([] { return 1; });
    EXPECT_TRUE(h.joinable());
    EXPECT_EQ(*h.join(), 1);
    EXPECT_FALSE(h.joinable());
    EXPECT_THROW((void)h.join(), std::logic_error);
  });
}

// Counts `done` down when the calling thread exits, after its thread function has returned:
// for a scoped thread, after the scope's wrapper has stored the thread's panic.
void count_down_at_thread_exit(std::latch& done) {
  struct Signal {
    std::latch* done = nullptr;
    ~Signal() {
      if (done != nullptr) done->count_down();
    }
  };
  thread_local Signal signal;
  signal.done = &done;
}

// Spawn order is not time order here: the thread spawned first panics only after the thread
// spawned second has panicked and exited, so a scope that kept the earliest panic in time
// would rethrow the second one. The survivor, still running after both panics, must be joined
// before the rethrow.
TEST(Scope, rethrows_the_first_panic_in_spawn_order_not_in_time_order_after_joining_every_thread) {
  std::latch second_exited(1), first_exited(1);
  std::atomic<bool> survivor_finished{false};
  try {
    thread::scope([&](thread::Scope& s) {
      (void)s.spawn([&] {
        count_down_at_thread_exit(first_exited);
        second_exited.wait();
        throw Boom("spawned first, panics last");
      });
      (void)s.spawn([&] {
        count_down_at_thread_exit(second_exited);
        throw Boom("spawned second, panics first");
      });
      (void)s.spawn([&] {
        first_exited.wait();  // both panics are in by now
        for (int i = 0; i < 1000; ++i) std::this_thread::yield();
        survivor_finished = true;
      });
    });
    ADD_FAILURE() << "scope returned normally";
  } catch (const Boom& e) {
    EXPECT_STREQ(e.what(), "spawned first, panics last");
    EXPECT_TRUE(survivor_finished.load()) << "rethrown before every thread was joined";
  }
}

TEST(Scope, thread_joined_by_hand_reports_its_panic_only_to_that_join) {
  bool saw_panic = false;
  EXPECT_NO_THROW(thread::scope([&](thread::Scope& s) {
    auto h = s.spawn([]() -> int { throw Boom("mine"); });
    auto r = h.join();
    saw_panic = !r.has_value() && message_of(r.error()) == "mine";
  }));
  EXPECT_TRUE(saw_panic);
}

TEST(Scope, hand_joined_panic_does_not_hide_a_later_unjoined_panic) {
  try {
    thread::scope([&](thread::Scope& s) {
      auto joined = s.spawn([] { throw Boom("joined by hand"); });
      (void)s.spawn([] { throw Boom("left to scope"); });
      (void)joined.join();
    });
    ADD_FAILURE() << "scope returned normally";
  } catch (const Boom& e) {
    EXPECT_STREQ(e.what(), "left to scope");
  }
}

TEST(Scope, exception_of_f_takes_precedence_and_every_thread_is_still_joined) {
  std::latch f_throwing(1);
  bool survivor_finished = false;
  try {
    thread::scope([&](thread::Scope& s) {
      (void)s.spawn([] { throw Boom("thread"); });
      (void)s.spawn([&] {
        f_throwing.wait();
        survivor_finished = true;
      });
      f_throwing.count_down();
      throw std::logic_error("f");
    });
    ADD_FAILURE() << "scope returned normally";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "f");
  } catch (const Boom&) {
    ADD_FAILURE() << "a thread's panic replaced f's own exception";
  }
  EXPECT_TRUE(survivor_finished);
}

TEST(Scope, a_scope_with_no_threads_returns_f_value) {
  EXPECT_EQ(thread::scope([](thread::Scope&) { return 7; }), 7);
}

}  // namespace thread_test
