// Rc's run-time thread check (detail/rc_thread_check.hpp) on real threads. The tests choose the
// check by backend, not by the macro, so they hold in every build type: `checked` declares it
// on, `unchecked` off. A use from another thread must end the program (a death test) with a
// message naming the defect, both threads and the line of the use; every use on the creating
// thread must not.
#include <interleave/rc.hpp>  // first: the header must compile on its own

#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

namespace rc_thread_check_test {
namespace {

using interleave::std_backend;

struct checked : std_backend {
  static constexpr bool rc_thread_check = true;
};
struct unchecked : std_backend {
  static constexpr bool rc_thread_check = false;
};

template <class T>
using CheckedRc = interleave::Rc<T, checked>;
template <class T>
using CheckedRcWeak = interleave::RcWeak<T, checked>;

// Runs f on a new thread and waits for it.
template <class F>
void on_another_thread(F f) {
  std::thread(std::move(f)).join();
}

// (A line inside EXPECT_DEATH is the line the macro starts on.)
// The start of the message, with the thread that used the handle: "... on thread 123 at
// FILE:LINE, but its value was created on thread 122 (main): ...".
std::string used_at(const char* what, int line) {
  return std::string("RC USED ON ANOTHER THREAD: ") + what +
         " on thread [0-9]+ at [^ ]*rc_thread_check_test.cpp:" + std::to_string(line) +
         ", but its value was created on thread [0-9]+ \\(main\\): an Rc and every handle";
}

class RcThreadCheck : public ::testing::Test {
 protected:
  // Death tests fork; "threadsafe" re-runs the program up to the test, so the threads of the
  // statement start in a process of their own.
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(RcThreadCheck, every_use_on_the_creating_thread_passes) {
  auto rc = interleave::make_rc<int, checked>(5);
  CheckedRc<int> clone = rc;
  CheckedRcWeak<int> weak = rc.downgrade();
  CheckedRcWeak<int> weak_clone = weak;
  EXPECT_EQ(rc.strong_count(), 2u);
  EXPECT_EQ(weak.weak_count(), 2u);
  std::optional<CheckedRc<int>> up = weak_clone.upgrade();
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(**up, 5);
  clone = rc;
  weak = weak_clone;
  up.reset();
  clone = CheckedRc<int>(6);
  EXPECT_EQ(*clone.get_mut(), 6);
  auto unwrapped = CheckedRc<int>::try_unwrap(std::move(clone));
  ASSERT_TRUE(unwrapped.has_value());
  EXPECT_EQ(*unwrapped, 6);
}

TEST_F(RcThreadCheck, a_value_created_on_another_thread_is_that_threads) {
  // Created and used wholly on one thread that is not main: no use crosses.
  on_another_thread([] {
    auto rc = interleave::make_rc<int, checked>(1);
    CheckedRc<int> clone = rc;
    EXPECT_EQ(clone.strong_count(), 2u);
  });
}

TEST_F(RcThreadCheck, a_clone_on_another_thread_stops_at_its_line) {
  auto rc = interleave::make_rc<int, checked>(1);
  const int line = __LINE__ + 1;
  EXPECT_DEATH(on_another_thread([&rc] { CheckedRc<int> clone = rc; }), used_at("Rc cloned", line));
}

TEST_F(RcThreadCheck, a_drop_on_another_thread_names_the_line_that_made_its_handle) {
  auto rc = interleave::make_rc<int, checked>(1);
  const int capture = __LINE__ + 1;
  auto worker = [clone = CheckedRc<int>(rc)] { EXPECT_EQ(*clone, 1); };
  EXPECT_DEATH(
      on_another_thread(std::move(worker)),
      "RC USED ON ANOTHER THREAD: Rc dropped on thread [0-9]+ \\(a destructor has no line; this "
      "handle was made at [^ ]*rc_thread_check_test.cpp:" +
          std::to_string(capture) + "\\), but its value was created on thread [0-9]+ \\(main\\)");
}

TEST_F(RcThreadCheck, every_counted_use_of_a_handle_on_another_thread_stops) {
  auto rc = interleave::make_rc<int, checked>(1);
  auto weak = rc.downgrade();
  int line = __LINE__ + 1;
  EXPECT_DEATH(on_another_thread([&] { (void)rc.strong_count(); }), used_at("Rc counted", line));
  line = __LINE__ + 1;
  EXPECT_DEATH(on_another_thread([&] { (void)rc.downgrade(); }), used_at("Rc downgraded", line));
  line = __LINE__ + 1;
  EXPECT_DEATH(on_another_thread([&] { (void)weak.upgrade(); }), used_at("RcWeak upgraded", line));
  line = __LINE__ + 1;
  EXPECT_DEATH(on_another_thread([&] { (void)rc.get_mut(); }),
               used_at("Rc asked for get_mut", line));
  line = __LINE__ + 1;
  EXPECT_DEATH(on_another_thread([&] { CheckedRcWeak<int> w = weak; }),
               used_at("RcWeak cloned", line));
  EXPECT_DEATH(on_another_thread([&] {
                 CheckedRc<int> other(2);
                 other = rc;
               }),
               "RC USED ON ANOTHER THREAD: Rc assigned on thread [0-9]+ \\(an assignment has no "
               "line");
}

TEST_F(RcThreadCheck, moving_a_handle_is_not_a_use) {
  // A move touches no count: only the next use of the handle is checked, where it happens.
  auto rc = interleave::make_rc<int, checked>(3);
  CheckedRc<int> moved = std::move(rc);
  CheckedRc<int> back = std::move(moved);
  EXPECT_EQ(*back, 3);
}

TEST_F(RcThreadCheck, off_it_costs_no_space_and_is_another_type) {
  static_assert(sizeof(interleave::Rc<int, unchecked>) == sizeof(void*));
  static_assert(sizeof(interleave::RcWeak<int, unchecked>) == sizeof(void*));
  static_assert(sizeof(CheckedRc<int>) == sizeof(void*) + sizeof(std::source_location));
  // Handles of translation units built with and without the check do not link together.
  static_assert(!std::is_same_v<CheckedRc<int>, interleave::Rc<int, unchecked>>);
  // The std backend follows the macro (concept.hpp: on unless NDEBUG, as assert).
  static_assert(interleave::rc_thread_check_of<std_backend> == (INTERLEAVE_RC_THREAD_CHECK != 0));
  // Off, another thread's use is not stopped (here on its own thread: nothing races).
  auto rc = interleave::make_rc<int, unchecked>(1);
  on_another_thread([&rc] { interleave::Rc<int, unchecked> clone = rc; });
  EXPECT_EQ(rc.strong_count(), 1u);
}

}  // namespace
}  // namespace rc_thread_check_test
