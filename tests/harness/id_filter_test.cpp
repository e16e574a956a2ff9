// --filter's syntax (harness/src/id_filter.hpp): GoogleTest's, over ids that contain '-'.
#include "id_filter.hpp"

#include <gtest/gtest.h>

namespace id_filter_test {
namespace {

using interleave::harness::IdFilter;

TEST(IdFilter, empty_selects_everything) {
  EXPECT_TRUE(IdFilter("").selects("rc/double-free"));
  EXPECT_TRUE(IdFilter("").selects("channel/property/unbounded"));
}

TEST(IdFilter, a_glob_whose_star_crosses_slashes) {
  const IdFilter f("channel/*");
  EXPECT_TRUE(f.selects("channel/unbounded/two-producers-no-loss"));
  EXPECT_FALSE(f.selects("rc/double-free"));
}

TEST(IdFilter, positive_patterns_separated_by_colons) {
  const IdFilter f("rc/*:mutex/mutual-exclusion");
  EXPECT_TRUE(f.selects("rc/double-free"));
  EXPECT_TRUE(f.selects("mutex/mutual-exclusion"));
  EXPECT_FALSE(f.selects("mutex/negative/forgets-to-lock"));
  EXPECT_EQ(f.positive().size(), 2u);
  EXPECT_TRUE(f.negative().empty());
}

TEST(IdFilter, a_hyphen_inside_an_id_is_part_of_the_pattern) {
  const IdFilter f("rc/double-free");
  EXPECT_TRUE(f.selects("rc/double-free"));
  EXPECT_FALSE(f.selects("rc/double"));
  EXPECT_TRUE(f.negative().empty());
  EXPECT_TRUE(IdFilter("*/two-producers-no-loss").selects("channel/bounded/two-producers-no-loss"));
}

TEST(IdFilter, negatives_begin_at_a_hyphen_after_a_wildcard_a_colon_or_the_start) {
  const IdFilter after_star("a*:b*-c*");
  EXPECT_EQ(after_star.positive(), (std::vector<std::string>{"a*", "b*"}));
  EXPECT_EQ(after_star.negative(), (std::vector<std::string>{"c*"}));
  EXPECT_TRUE(after_star.selects("a/x"));
  EXPECT_FALSE(after_star.selects("c/x"));
  EXPECT_FALSE(IdFilter("b*-*x").selects("b/x"));

  const IdFilter models_only("*-*/property/*");
  EXPECT_TRUE(models_only.selects("channel/unbounded/two-producers-no-loss"));
  EXPECT_FALSE(models_only.selects("channel/property/unbounded"));

  const IdFilter only_negative("-*/negative/*:rc/*");
  EXPECT_TRUE(only_negative.positive().empty());
  EXPECT_TRUE(only_negative.selects("mutex/mutual-exclusion"));
  EXPECT_FALSE(only_negative.selects("mutex/negative/forgets-to-lock"));
  EXPECT_FALSE(only_negative.selects("rc/double-free"));

  const IdFilter after_colon("rc/*:-rc/double-free");
  EXPECT_TRUE(after_colon.selects("rc/lost-update-leaks"));
  EXPECT_FALSE(after_colon.selects("rc/double-free"));
}

TEST(IdFilter, a_bracketed_hyphen_is_literal) {
  const IdFilter f("rc/*[-]free");
  EXPECT_TRUE(f.negative().empty());
  EXPECT_TRUE(f.selects("rc/double-free"));
  const IdFilter range("x/[a-c]*");
  EXPECT_TRUE(range.negative().empty());
  EXPECT_TRUE(range.selects("x/b1"));
}

}  // namespace
}  // namespace id_filter_test
