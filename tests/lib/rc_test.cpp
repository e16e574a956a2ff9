// Rc<T> and RcWeak<T> on the real (std) backend, on one thread (Rc is single-threaded by
// contract): the same claims as arc_test.cpp for the same API, plus the claim that the API is
// the same. What sharing an Rc across threads does is shown by a Relacy model, not here.
#include <interleave/rc.hpp>  // first: the header must compile on its own

#include <atomic>
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include <interleave/arc.hpp>

#include "interleave_test/values.hpp"

namespace rc_test {

using interleave::make_rc;
using interleave::Rc;
using interleave::RcWeak;
using interleave_test::Pinned;
using interleave_test::Tracked;

// --- types ----------------------------------------------------------------------------------

TEST(Rc, operations_have_the_documented_types) {
  static_assert(std::is_same_v<Rc<int>::weak_type, RcWeak<int>>);
  static_assert(std::is_same_v<RcWeak<int>::strong_type, Rc<int>>);
  static_assert(std::is_same_v<decltype(std::declval<const Rc<int>&>().downgrade()), RcWeak<int>>);
  static_assert(std::is_same_v<decltype(std::declval<Rc<int>&>().get_mut()), int*>);
  static_assert(std::is_same_v<decltype(*std::declval<const Rc<int>&>()), int&>);
  static_assert(std::is_same_v<decltype(Rc<int>::try_unwrap(std::declval<Rc<int>>())),
                               std::expected<int, Rc<int>>>);
  static_assert(std::is_same_v<decltype(std::declval<const RcWeak<int>&>().upgrade()),
                               std::optional<Rc<int>>>);
  static_assert(std::is_same_v<decltype(make_rc<int>(1)), Rc<int>>);
}

TEST(Rc, is_a_distinct_type_from_arc_with_the_same_api) {
  static_assert(!std::is_same_v<Rc<int>, interleave::Arc<int>>);
  static_assert(!std::is_same_v<RcWeak<int>, interleave::Weak<int>>);
  // One template, two count policies: the same members by construction.
  // (The source_location is the caller's line, for Rc's thread check: detail/refcount.hpp.)
  using here = std::source_location;
  static_assert(std::is_same_v<decltype(&Rc<int>::strong_count),
                               std::size_t (Rc<int>::*)(here) const noexcept>);
  static_assert(std::is_same_v<decltype(&interleave::Arc<int>::strong_count),
                               std::size_t (interleave::Arc<int>::*)(here) const noexcept>);
  static_assert(std::is_copy_constructible_v<Rc<int>> &&
                std::is_nothrow_move_constructible_v<Rc<int>>);
  static_assert(std::is_nothrow_default_constructible_v<RcWeak<int>>);
  static_assert(!std::is_convertible_v<int, Rc<int>>);
}

// --- construction and access ----------------------------------------------------------------

TEST(Rc, new_rc_has_one_strong_and_no_weak_handle) {
  Rc<int> r(7);
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(r.strong_count(), 1u);
  EXPECT_EQ(r.weak_count(), 0u);
}

TEST(Rc, gives_access_through_star_and_arrow) {
  Rc<std::string> r(std::string("ab"));
  r->append("c");
  *r += "d";
  EXPECT_EQ(*r, "abcd");
  EXPECT_EQ(r->size(), 4u);
}

TEST(Rc, make_rc_constructs_in_place_from_several_arguments) {
  Rc<Pinned> r = make_rc<Pinned>(1, 'b', "c");
  EXPECT_EQ(r->a, 1);
  EXPECT_EQ(r->b, 'b');
  EXPECT_STREQ(r->c, "c");
}

TEST(Rc, holds_a_move_only_value) {
  Rc<std::unique_ptr<int>> r(std::make_unique<int>(5));
  EXPECT_EQ(**r, 5);
  auto out = Rc<std::unique_ptr<int>>::try_unwrap(std::move(r));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(**out, 5);
}

// --- clone and drop -------------------------------------------------------------------------

TEST(Rc, clone_increments_the_strong_count_and_drop_decrements_it) {
  Rc<int> a(1);
  {
    Rc<int> b = a;
    Rc<int> c(b);
    EXPECT_EQ(a.strong_count(), 3u);
    *c = 2;
    EXPECT_EQ(*a, 2);
  }
  EXPECT_EQ(a.strong_count(), 1u);
}

TEST(Rc, move_and_assignment_keep_the_counts_right) {
  std::atomic<int> destroyed_old{0};
  std::atomic<int> destroyed_new{0};
  Rc<Tracked> a(Tracked(1, destroyed_old));
  Rc<Tracked> b(Tracked(2, destroyed_new));
  Rc<Tracked> c = std::move(b);
  EXPECT_EQ(c.strong_count(), 1u);
  a = c;
  EXPECT_EQ(destroyed_old.load(), 1);
  EXPECT_EQ(c.strong_count(), 2u);
  Rc<Tracked>& alias = a;
  a = alias;
  a = std::move(alias);
  EXPECT_EQ(c.strong_count(), 2u);
  EXPECT_EQ(destroyed_new.load(), 0);
}

TEST(Rc, value_is_destroyed_exactly_once_when_the_last_strong_handle_drops) {
  std::atomic<int> destroyed{0};
  std::optional<Rc<Tracked>> a(std::in_place, Tracked(1, destroyed));
  std::optional<Rc<Tracked>> b = a;
  a.reset();
  EXPECT_EQ(destroyed.load(), 0);
  b.reset();
  EXPECT_EQ(destroyed.load(), 1);
}

// --- weak handles ---------------------------------------------------------------------------

TEST(RcWeak, default_constructed_weak_is_empty) {
  RcWeak<int> w;
  EXPECT_FALSE(w.upgrade().has_value());
  EXPECT_EQ(w.strong_count(), 0u);
  EXPECT_EQ(w.weak_count(), 0u);
}

TEST(RcWeak, downgrade_and_copy_count_weak_handles) {
  Rc<int> r(1);
  RcWeak<int> w = r.downgrade();
  RcWeak<int> w2 = w;
  EXPECT_EQ(r.weak_count(), 2u);
  EXPECT_EQ(w.weak_count(), 2u);
  EXPECT_EQ(w.strong_count(), 1u);
  RcWeak<int> w3 = std::move(w2);
  EXPECT_EQ(r.weak_count(), 2u);
  w3 = RcWeak<int>();
  EXPECT_EQ(r.weak_count(), 1u);
  EXPECT_TRUE(w.ptr_eq(r.downgrade()));
}

TEST(RcWeak, upgrade_while_a_strong_handle_lives_gives_a_new_rc) {
  Rc<int> r(3);
  RcWeak<int> w = r.downgrade();
  auto s = w.upgrade();
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->ptr_eq(r));
  EXPECT_EQ(r.strong_count(), 2u);
}

TEST(RcWeak, upgrade_after_the_last_strong_drop_gives_nullopt) {
  std::atomic<int> destroyed{0};
  RcWeak<Tracked> w;
  {
    Rc<Tracked> r(Tracked(1, destroyed));
    w = r.downgrade();
  }
  EXPECT_EQ(destroyed.load(), 1);
  EXPECT_FALSE(w.upgrade().has_value());
  EXPECT_FALSE(w.upgrade().has_value());
  EXPECT_EQ(w.strong_count(), 0u);
  EXPECT_EQ(w.weak_count(), 0u);
}

TEST(RcWeak, value_holding_a_weak_to_itself_is_destroyed_with_its_last_rc) {
  struct Node {
    RcWeak<Node> self;
    Tracked payload;
  };
  std::atomic<int> destroyed{0};
  std::optional<Rc<Node>> r(std::in_place, std::in_place, RcWeak<Node>(), Tracked(1, destroyed));
  (*r)->self = r->downgrade();
  r.reset();
  EXPECT_EQ(destroyed.load(), 1);
}

// --- get_mut, try_unwrap, ptr_eq ------------------------------------------------------------

TEST(Rc, get_mut_is_non_null_only_for_the_only_handle_with_no_weak) {
  Rc<int> a(1);
  ASSERT_NE(a.get_mut(), nullptr);
  *a.get_mut() = 2;
  EXPECT_EQ(*a, 2);
  {
    Rc<int> b = a;
    EXPECT_EQ(a.get_mut(), nullptr);
  }
  {
    RcWeak<int> w = a.downgrade();
    EXPECT_EQ(a.get_mut(), nullptr);
  }
  EXPECT_NE(a.get_mut(), nullptr);
}

TEST(Rc, try_unwrap_of_the_only_handle_moves_the_value_out) {
  std::atomic<int> destroyed{0};
  {
    Rc<Tracked> a(Tracked(5, destroyed));
    RcWeak<Tracked> w = a.downgrade();
    auto r = Rc<Tracked>::try_unwrap(std::move(a));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->value, 5);
    EXPECT_EQ(destroyed.load(), 0);
    EXPECT_FALSE(w.upgrade().has_value());  // a Weak does not stop try_unwrap; it stops upgrading
  }
  EXPECT_EQ(destroyed.load(), 1);
}

TEST(Rc, try_unwrap_of_a_shared_handle_hands_it_back_unchanged) {
  Rc<int> a(5);
  Rc<int> b = a;
  auto r = Rc<int>::try_unwrap(std::move(b));
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().ptr_eq(a));
  EXPECT_EQ(a.strong_count(), 2u);
}

TEST(Rc, ptr_eq_is_true_for_clones_and_false_for_equal_values_elsewhere) {
  Rc<int> a(1);
  Rc<int> b = a;
  Rc<int> c(1);
  EXPECT_TRUE(a.ptr_eq(b));
  EXPECT_FALSE(a.ptr_eq(c));
}

}  // namespace rc_test
