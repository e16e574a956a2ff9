// swap of Arc, Weak, Rc and RcWeak (member, and the free swap that ADL finds, as std::swap
// would be called generically): after a swap each object holds the other's allocation, every
// handle's counts stay with its value, nothing is destroyed or leaked, and a self-swap changes
// nothing. One typed test for both families: they share detail/refcount.hpp.
#include <interleave/arc.hpp>
#include <interleave/rc.hpp>

#include <atomic>
#include <concepts>
#include <optional>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "interleave_test/type_names.hpp"
#include "interleave_test/values.hpp"

namespace refcount_swap_test {

using interleave_test::Tracked;

struct ArcFamily {
  static constexpr const char* name = "Arc";
  template <class T>
  using strong = interleave::Arc<T>;
  template <class T>
  using weak = interleave::Weak<T>;
};
struct RcFamily {
  static constexpr const char* name = "Rc";
  template <class T>
  using strong = interleave::Rc<T>;
  template <class T>
  using weak = interleave::RcWeak<T>;
};

template <class Family>
class RefcountSwap : public ::testing::Test {};
using Families = ::testing::Types<ArcFamily, RcFamily>;
TYPED_TEST_SUITE(RefcountSwap, Families, interleave_test::TypeNames);

// Swaps `a` and `b` the way the test's `how` says: 0 member, 1 free (ADL, as generic code
// calls it after `using std::swap`), 2 std::ranges::swap.
template <class H>
void swap_by(int how, H& a, H& b) {
  switch (how) {
    case 0: a.swap(b); break;
    case 1: {
      using std::swap;
      swap(a, b);
      break;
    }
    default: std::ranges::swap(a, b); break;
  }
}

constexpr const char* kHow[] = {"member swap", "free swap", "std::ranges::swap"};

TYPED_TEST(RefcountSwap, strong_handles_exchange_their_values_and_each_value_keeps_its_counts) {
  using S = typename TypeParam::template strong<Tracked>;
  static_assert(noexcept(std::declval<S&>().swap(std::declval<S&>())));
  for (int how = 0; how < 3; ++how) {
    SCOPED_TRACE(kHow[how]);
    std::atomic<int> one_destroyed{0}, two_destroyed{0};
    {
      S a(Tracked(1, one_destroyed));
      S a_clone = a;  // value 1: two strong handles, no weak
      S b(Tracked(2, two_destroyed));
      auto b_weak = b.downgrade();  // value 2: one strong handle, one weak

      swap_by(how, a, b);

      EXPECT_EQ(a->value, 2);
      EXPECT_EQ(b->value, 1);
      EXPECT_TRUE(b.ptr_eq(a_clone)) << "b must hold the allocation a held";
      auto upgraded = b_weak.upgrade();
      ASSERT_TRUE(upgraded.has_value());
      EXPECT_TRUE(a.ptr_eq(*upgraded)) << "a must hold the allocation b held";
      upgraded.reset();
      EXPECT_EQ(a.strong_count(), 1u);  // value 2's counts, unchanged by the swap
      EXPECT_EQ(a.weak_count(), 1u);
      EXPECT_EQ(b.strong_count(), 2u);  // value 1's counts, unchanged by the swap
      EXPECT_EQ(b.weak_count(), 0u);
      EXPECT_EQ(a_clone.strong_count(), 2u);
      EXPECT_EQ(one_destroyed.load() + two_destroyed.load(), 0) << "a swap destroys nothing";
    }
    EXPECT_EQ(one_destroyed.load(), 1);
    EXPECT_EQ(two_destroyed.load(), 1);
  }
}

TYPED_TEST(RefcountSwap, swapping_a_strong_handle_with_itself_changes_nothing) {
  using S = typename TypeParam::template strong<Tracked>;
  for (int how = 0; how < 3; ++how) {
    SCOPED_TRACE(kHow[how]);
    std::atomic<int> destroyed{0};
    {
      S a(Tracked(7, destroyed));
      S clone = a;
      auto w = a.downgrade();
      swap_by(how, a, a);
      EXPECT_EQ(a->value, 7);
      EXPECT_TRUE(a.ptr_eq(clone));
      EXPECT_EQ(a.strong_count(), 2u);
      EXPECT_EQ(a.weak_count(), 1u);
      EXPECT_EQ(destroyed.load(), 0);
    }
    EXPECT_EQ(destroyed.load(), 1);
  }
}

TYPED_TEST(RefcountSwap, a_moved_from_strong_handle_swaps_like_any_other) {
  using S = typename TypeParam::template strong<Tracked>;
  std::atomic<int> destroyed{0};
  {
    S a(Tracked(3, destroyed));
    S gone = std::move(a);  // a is empty now
    S b(Tracked(4, destroyed));
    a.swap(b);
    EXPECT_EQ(a->value, 4);
    EXPECT_EQ(a.strong_count(), 1u);
    EXPECT_EQ(b.strong_count(), 0u) << "b took a's emptiness";
    b = gone;  // an empty handle may be assigned to
    EXPECT_EQ(b->value, 3);
    EXPECT_EQ(gone.strong_count(), 2u);
  }
  EXPECT_EQ(destroyed.load(), 2);
}

TYPED_TEST(RefcountSwap, weak_handles_exchange_their_allocations_and_counts_stay_with_them) {
  using S = typename TypeParam::template strong<int>;
  using W = typename TypeParam::template weak<int>;
  static_assert(noexcept(std::declval<W&>().swap(std::declval<W&>())));
  for (int how = 0; how < 3; ++how) {
    SCOPED_TRACE(kHow[how]);
    S one(1), two(2);
    W w1 = one.downgrade();
    W w1_clone = w1;         // value 1: two weak handles
    W w2 = two.downgrade();  // value 2: one weak handle

    swap_by(how, w1, w2);

    EXPECT_TRUE(w1.ptr_eq(two.downgrade()));
    EXPECT_TRUE(w2.ptr_eq(w1_clone));
    ASSERT_TRUE(w1.upgrade().has_value());
    EXPECT_EQ(**w1.upgrade(), 2);
    EXPECT_EQ(**w2.upgrade(), 1);
    EXPECT_EQ(w1.weak_count(), 1u);
    EXPECT_EQ(w2.weak_count(), 2u);
    EXPECT_EQ(one.weak_count(), 2u);
    EXPECT_EQ(two.weak_count(), 1u);
    EXPECT_EQ(one.strong_count(), 1u);
    EXPECT_EQ(two.strong_count(), 1u);
  }
}

TYPED_TEST(RefcountSwap, an_empty_weak_swapped_with_a_live_one_takes_it_over) {
  using S = typename TypeParam::template strong<int>;
  using W = typename TypeParam::template weak<int>;
  S v(5);
  W live = v.downgrade();
  W empty;
  swap_by(1, empty, live);
  EXPECT_FALSE(live.upgrade().has_value());
  EXPECT_EQ(live.weak_count(), 0u);
  EXPECT_EQ(live.strong_count(), 0u);
  ASSERT_TRUE(empty.upgrade().has_value());
  EXPECT_EQ(**empty.upgrade(), 5);
  EXPECT_EQ(v.weak_count(), 1u) << "still one weak handle: the swap made or dropped none";
}

TYPED_TEST(RefcountSwap, swapping_a_weak_handle_with_itself_changes_nothing) {
  using S = typename TypeParam::template strong<int>;
  using W = typename TypeParam::template weak<int>;
  for (int how = 0; how < 3; ++how) {
    SCOPED_TRACE(kHow[how]);
    S v(6);
    W w = v.downgrade();
    swap_by(how, w, w);
    ASSERT_TRUE(w.upgrade().has_value());
    EXPECT_EQ(**w.upgrade(), 6);
    EXPECT_EQ(w.weak_count(), 1u);
    EXPECT_EQ(v.weak_count(), 1u);
    EXPECT_EQ(v.strong_count(), 1u);
  }
}

}  // namespace refcount_swap_test
