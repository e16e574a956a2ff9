// Arc<T> and Weak<T> on the real (std) backend: counts, clone and drop, weak upgrade, get_mut,
// try_unwrap, ptr_eq, in-place construction, move-only values, and handles cloned, dropped and
// upgraded on several threads at once. Rc has the same API and its own file (rc_test.cpp).
#include <interleave/arc.hpp>  // first: the header must compile on its own

#include <atomic>
#include <cstddef>
#include <expected>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <interleave/mutex.hpp>

#include "interleave_test/values.hpp"

namespace arc_test {

using interleave::Arc;
using interleave::make_arc;
using interleave::Weak;
using interleave_test::Pinned;
using interleave_test::Tracked;

// --- types ----------------------------------------------------------------------------------

TEST(Arc, operations_have_the_documented_types) {
  static_assert(std::is_same_v<Arc<int>::weak_type, Weak<int>>);
  static_assert(std::is_same_v<Weak<int>::strong_type, Arc<int>>);
  static_assert(std::is_same_v<decltype(std::declval<const Arc<int>&>().downgrade()), Weak<int>>);
  static_assert(std::is_same_v<decltype(std::declval<Arc<int>&>().get_mut()), int*>);
  static_assert(std::is_same_v<decltype(*std::declval<const Arc<int>&>()), int&>);
  static_assert(std::is_same_v<decltype(Arc<int>::try_unwrap(std::declval<Arc<int>>())),
                               std::expected<int, Arc<int>>>);
  static_assert(std::is_same_v<decltype(std::declval<const Weak<int>&>().upgrade()),
                               std::optional<Arc<int>>>);
  static_assert(std::is_same_v<decltype(make_arc<int>(1)), Arc<int>>);
  static_assert(
      std::is_same_v<decltype(std::declval<const Arc<int>&>().strong_count()), std::size_t>);
}

TEST(Arc, handles_are_copyable_and_nothrow_movable) {
  static_assert(std::is_copy_constructible_v<Arc<int>> && std::is_copy_assignable_v<Arc<int>>);
  static_assert(std::is_nothrow_move_constructible_v<Arc<int>>);
  static_assert(std::is_nothrow_move_assignable_v<Arc<int>>);
  static_assert(std::is_nothrow_default_constructible_v<Weak<int>>);
  static_assert(std::is_copy_constructible_v<Weak<int>> && std::is_copy_assignable_v<Weak<int>>);
  static_assert(std::is_nothrow_move_constructible_v<Weak<int>>);
  static_assert(!std::is_convertible_v<int, Arc<int>>);  // Arc(T) is explicit
}

// --- construction and access ----------------------------------------------------------------

TEST(Arc, new_arc_has_one_strong_and_no_weak_handle) {
  Arc<int> a(7);
  EXPECT_EQ(*a, 7);
  EXPECT_EQ(a.strong_count(), 1u);
  EXPECT_EQ(a.weak_count(), 0u);
}

TEST(Arc, gives_access_through_star_and_arrow) {
  Arc<std::string> a(std::string("abc"));
  EXPECT_EQ(a->size(), 3u);
  a->append("d");
  *a += "e";
  EXPECT_EQ(*a, "abcde");
}

TEST(Arc, make_arc_constructs_in_place_from_several_arguments) {
  // Pinned can be neither copied nor moved: only in-place construction compiles.
  Arc<Pinned> a = make_arc<Pinned>(1, 'b', "c");
  EXPECT_EQ(a->a, 1);
  EXPECT_EQ(a->b, 'b');
  EXPECT_STREQ(a->c, "c");
  Arc<std::string> s(std::in_place, 3, 'x');
  EXPECT_EQ(*s, "xxx");
}

TEST(Arc, holds_a_move_only_value) {
  Arc<std::unique_ptr<int>> a(std::make_unique<int>(5));
  EXPECT_EQ(**a, 5);
  auto out = Arc<std::unique_ptr<int>>::try_unwrap(std::move(a));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(**out, 5);
}

TEST(Arc, shares_a_mutex_between_clones) {
  auto a = make_arc<interleave::Mutex<int>>(0);
  auto b = a;
  **b->lock() += 2;
  EXPECT_EQ(**a->lock(), 2);
}

// --- clone and drop -------------------------------------------------------------------------

TEST(Arc, clone_increments_the_strong_count_and_drop_decrements_it) {
  Arc<int> a(1);
  {
    Arc<int> b = a;
    EXPECT_EQ(a.strong_count(), 2u);
    EXPECT_EQ(b.strong_count(), 2u);
    {
      Arc<int> c(b);
      EXPECT_EQ(a.strong_count(), 3u);
    }
    EXPECT_EQ(a.strong_count(), 2u);
  }
  EXPECT_EQ(a.strong_count(), 1u);
}

TEST(Arc, clones_share_one_value) {
  Arc<int> a(1);
  Arc<int> b = a;
  *b = 2;
  EXPECT_EQ(*a, 2);
  EXPECT_EQ(&*a, &*b);
}

TEST(Arc, move_transfers_the_handle_without_changing_the_count) {
  Arc<int> a(1);
  Arc<int> b = a;
  Arc<int> c = std::move(b);
  EXPECT_EQ(a.strong_count(), 2u);
  EXPECT_EQ(b.strong_count(), 0u);  // NOLINT(bugprone-use-after-move): moved-from reads as empty
  Arc<int> d(9);
  d = std::move(c);
  EXPECT_EQ(*d, 1);
  EXPECT_EQ(a.strong_count(), 2u);
}

TEST(Arc, copy_assignment_releases_the_old_value_and_shares_the_new) {
  std::atomic<int> destroyed_old{0};
  std::atomic<int> destroyed_new{0};
  Arc<Tracked> a(Tracked(1, destroyed_old));
  Arc<Tracked> b(Tracked(2, destroyed_new));
  a = b;
  EXPECT_EQ(destroyed_old.load(), 1);
  EXPECT_EQ(a->value, 2);
  EXPECT_EQ(b.strong_count(), 2u);
}

TEST(Arc, self_assignment_keeps_the_value_and_the_count) {
  Arc<int> a(4);
  Arc<int>& alias = a;
  a = alias;
  EXPECT_EQ(*a, 4);
  EXPECT_EQ(a.strong_count(), 1u);
  a = std::move(alias);
  EXPECT_EQ(*a, 4);
  EXPECT_EQ(a.strong_count(), 1u);
}

TEST(Arc, value_is_destroyed_exactly_once_when_the_last_strong_handle_drops) {
  std::atomic<int> destroyed{0};
  std::optional<Arc<Tracked>> a(std::in_place, Tracked(1, destroyed));
  std::optional<Arc<Tracked>> b = a;
  a.reset();
  EXPECT_EQ(destroyed.load(), 0);
  b.reset();
  EXPECT_EQ(destroyed.load(), 1);
}

// --- weak handles ---------------------------------------------------------------------------

TEST(Weak, default_constructed_weak_is_empty) {
  Weak<int> w;
  EXPECT_FALSE(w.upgrade().has_value());
  EXPECT_EQ(w.strong_count(), 0u);
  EXPECT_EQ(w.weak_count(), 0u);
  EXPECT_TRUE(w.ptr_eq(Weak<int>()));
}

TEST(Weak, downgrade_counts_weak_handles_and_leaves_the_strong_count) {
  Arc<int> a(1);
  Weak<int> w = a.downgrade();
  EXPECT_EQ(a.strong_count(), 1u);
  EXPECT_EQ(a.weak_count(), 1u);
  EXPECT_EQ(w.strong_count(), 1u);
  EXPECT_EQ(w.weak_count(), 1u);
  Weak<int> w2 = w;  // copy = clone
  EXPECT_EQ(a.weak_count(), 2u);
  Weak<int> w3 = std::move(w2);  // move: no new handle
  EXPECT_EQ(a.weak_count(), 2u);
  w3 = Weak<int>();
  EXPECT_EQ(a.weak_count(), 1u);
}

TEST(Weak, upgrade_while_a_strong_handle_lives_gives_a_new_arc_to_the_same_value) {
  Arc<int> a(3);
  Weak<int> w = a.downgrade();
  std::optional<Arc<int>> b = w.upgrade();
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->ptr_eq(a));
  EXPECT_EQ(a.strong_count(), 2u);
}

TEST(Weak, upgrade_after_the_last_strong_drop_gives_nullopt) {
  std::optional<Arc<int>> a(std::in_place, 3);
  Weak<int> w = a->downgrade();
  a.reset();
  EXPECT_FALSE(w.upgrade().has_value());
  EXPECT_FALSE(w.upgrade().has_value());  // and stays so: zero is final
  EXPECT_EQ(w.strong_count(), 0u);
  EXPECT_EQ(w.weak_count(), 0u);  // as Rust: no strong handle left, so 0
}

TEST(Weak, weak_handles_do_not_keep_the_value_alive) {
  std::atomic<int> destroyed{0};
  std::optional<Arc<Tracked>> a(std::in_place, Tracked(1, destroyed));
  Weak<Tracked> w1 = a->downgrade();
  Weak<Tracked> w2 = w1;
  a.reset();
  EXPECT_EQ(destroyed.load(), 1);
  EXPECT_FALSE(w2.upgrade().has_value());
}

TEST(Weak, ptr_eq_compares_the_allocation) {
  Arc<int> a(1);
  Arc<int> b(1);
  EXPECT_TRUE(a.downgrade().ptr_eq(a.downgrade()));
  EXPECT_FALSE(a.downgrade().ptr_eq(b.downgrade()));
}

TEST(Weak, value_holding_a_weak_to_itself_is_destroyed_with_its_last_arc) {
  struct Node {
    Weak<Node> self;
    Tracked payload;
  };
  std::atomic<int> destroyed{0};
  std::optional<Arc<Node>> a(std::in_place, std::in_place, Weak<Node>(), Tracked(1, destroyed));
  (*a)->self = a->downgrade();
  EXPECT_EQ(a->weak_count(), 1u);
  a.reset();  // destroys the Node, whose destructor drops the last Weak: the block is freed
  EXPECT_EQ(destroyed.load(), 1);
}

// --- get_mut, try_unwrap, ptr_eq ------------------------------------------------------------

TEST(Arc, get_mut_gives_the_value_when_this_is_the_only_handle) {
  Arc<int> a(1);
  int* p = a.get_mut();
  ASSERT_NE(p, nullptr);
  *p = 2;
  EXPECT_EQ(*a, 2);
}

TEST(Arc, get_mut_is_null_while_another_strong_handle_exists) {
  Arc<int> a(1);
  {
    Arc<int> b = a;
    EXPECT_EQ(a.get_mut(), nullptr);
    EXPECT_EQ(b.get_mut(), nullptr);
  }
  EXPECT_NE(a.get_mut(), nullptr);
}

TEST(Arc, get_mut_is_null_while_a_weak_handle_exists) {
  Arc<int> a(1);
  {
    Weak<int> w = a.downgrade();
    EXPECT_EQ(a.get_mut(), nullptr);
    EXPECT_EQ(a.weak_count(), 1u);  // the check leaves the count as it was
  }
  EXPECT_NE(a.get_mut(), nullptr);
  EXPECT_EQ(a.weak_count(), 0u);
}

TEST(Arc, try_unwrap_of_the_only_handle_moves_the_value_out_and_destroys_nothing_else) {
  std::atomic<int> destroyed{0};
  {
    Arc<Tracked> a(Tracked(5, destroyed));
    auto r = Arc<Tracked>::try_unwrap(std::move(a));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->value, 5);
    EXPECT_EQ(destroyed.load(), 0);  // the value lives on in r; the moved-from husk counts nothing
  }
  EXPECT_EQ(destroyed.load(), 1);
}

TEST(Arc, try_unwrap_of_a_shared_handle_hands_it_back_unchanged) {
  Arc<int> a(5);
  Arc<int> b = a;
  auto r = Arc<int>::try_unwrap(std::move(b));
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().ptr_eq(a));
  EXPECT_EQ(a.strong_count(), 2u);
}

TEST(Arc, try_unwrap_succeeds_despite_weak_handles_which_then_cannot_upgrade) {
  Arc<int> a(5);
  Weak<int> w = a.downgrade();
  auto r = Arc<int>::try_unwrap(std::move(a));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 5);
  EXPECT_FALSE(w.upgrade().has_value());
  EXPECT_EQ(w.strong_count(), 0u);
}

TEST(Arc, ptr_eq_is_true_for_clones_and_false_for_equal_values_elsewhere) {
  Arc<int> a(1);
  Arc<int> b = a;
  Arc<int> c(1);
  EXPECT_TRUE(a.ptr_eq(b));
  EXPECT_FALSE(a.ptr_eq(c));
}

// --- threads --------------------------------------------------------------------------------

TEST(ArcThreads, four_threads_cloning_and_dropping_destroy_the_value_exactly_once) {
  constexpr int threads = 4;
  constexpr int rounds = 10000;
  std::atomic<int> destroyed{0};
  std::optional<Arc<Tracked>> a(std::in_place, Tracked(1, destroyed));
  std::latch start(threads + 1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&start, mine = *a] {
      start.arrive_and_wait();
      for (int i = 0; i < rounds; ++i) {
        Arc<Tracked> c = mine;
        Arc<Tracked> d = c;
        EXPECT_EQ(d->value, 1);
      }
    });
  }
  a.reset();  // the last drop happens on whichever worker finishes last
  start.arrive_and_wait();
  for (auto& w : workers) w.join();
  EXPECT_EQ(destroyed.load(), 1);
}

TEST(ArcThreads, weak_upgrades_racing_the_last_drop_never_reach_a_destroyed_value) {
  constexpr int threads = 4;
  std::atomic<int> destroyed{0};
  std::optional<Arc<Tracked>> a(std::in_place, Tracked(42, destroyed));
  std::latch start(threads + 1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&start, &destroyed, w = a->downgrade()] {
      start.arrive_and_wait();
      for (;;) {
        std::optional<Arc<Tracked>> s = w.upgrade();
        if (!s) break;
        EXPECT_EQ(destroyed.load(), 0);  // an upgraded handle keeps the value alive
        EXPECT_EQ((*s)->value, 42);
      }
      EXPECT_FALSE(w.upgrade().has_value());  // once gone, gone for good
    });
  }
  start.arrive_and_wait();
  a.reset();
  for (auto& w : workers) w.join();
  EXPECT_EQ(destroyed.load(), 1);
}

// The race Rust's Arc::is_unique locks the weak count against: the only other strong handle is
// on another thread, which downgrades it and then drops it, keeping the Weak. Before the drop
// the strong count is 2; after it a Weak exists. So get_mut must be null at every moment of a
// round, whatever the interleaving: a get_mut that reads "no Weak" before the downgrade and
// "one strong" after the drop would hand out a value the Weak can still upgrade to.
// Each round also checks the two halves separately once the other thread has dropped its
// handle: a Weak alone must keep get_mut null, and without it get_mut must succeed.
TEST(ArcThreads, get_mut_stays_null_while_another_thread_downgrades_and_drops_the_other_handle) {
  constexpr int rounds = 2000;
  int non_null = 0, null_without_weak = 0;
  for (int round = 0; round < rounds; ++round) {
    Arc<int> a(round);
    Arc<int> b = a;  // the only other handle: moved into the thread, never copied
    std::atomic<bool> dropped{false}, checked{false};
    std::thread other([b = std::move(b), &dropped, &checked]() mutable {
      Weak<int> w = b.downgrade();
      { Arc<int> gone = std::move(b); }
      dropped.store(true, std::memory_order::release);
      while (!checked.load(std::memory_order::acquire)) std::this_thread::yield();
      // `w` lives until here: a get_mut that succeeded meanwhile would race this upgrade.
      EXPECT_TRUE(w.upgrade().has_value());
    });
    // Yields between looks: a get_mut holds the weak count locked for a moment, and a loop
    // without pause could keep the downgrade waiting on a busy machine.
    while (!dropped.load(std::memory_order::acquire)) {
      if (a.get_mut() != nullptr) ++non_null;
      std::this_thread::yield();
    }
    if (a.get_mut() != nullptr) ++non_null;  // one strong handle and one Weak: still null
    EXPECT_EQ(a.strong_count(), 1u);
    EXPECT_EQ(a.weak_count(), 1u);
    checked.store(true, std::memory_order::release);
    other.join();
    if (a.get_mut() == nullptr) ++null_without_weak;  // the Weak is gone: unique now
  }
  EXPECT_EQ(non_null, 0) << "get_mut handed out the value while another handle could reach it";
  EXPECT_EQ(null_without_weak, 0) << "get_mut stayed null with no other handle left";
}

}  // namespace arc_test
