// A negative control's twin is its suite with every fault-injecting backend replaced by the
// sound one it names, at any depth of the suite's template arguments, in every shape the
// project's suites take; a suite over no such backend has no twin; a backend that compiles
// faults in without naming its sound backend is caught.
#include <gtest/gtest.h>

#include <cstddef>
#include <type_traits>

#include "interleave/harness/without_faults.hpp"

namespace interleave::harness {
namespace without_faults_test {

struct sound {};
struct broken : sound {
  using sound_backend = sound;
};
struct broken_twice : broken {  // breaks a broken backend: its twin is the sound one at the end
  using sound_backend = broken;
};
template <class... F>
struct faulty : sound {
  using sound_backend = sound;
  struct faults {};
};
struct faults_but_no_sound : sound {
  struct faults {};
};
struct flavor {};
enum class how { a, b };

template <class B>
struct one {};
template <class F, class B>
struct two {};
template <class F, class B, int P, int M, bool D>
struct no_loss {};
template <class S, std::size_t N>
struct suite {};
template <class A, class B, class C, how H>
struct three_then_value {};
template <how H>
struct value_only {};

static_assert(injects_faults<broken> && injects_faults<faulty<int>> &&
              injects_faults<broken_twice>);
static_assert(!injects_faults<sound> && !injects_faults<faults_but_no_sound>);

static_assert(std::is_same_v<without_faults_t<one<broken>>, one<sound>>);
static_assert(std::is_same_v<without_faults_t<one<broken_twice>>, one<sound>>);
static_assert(std::is_same_v<without_faults_t<two<flavor, faulty<int, long>>>, two<flavor, sound>>);
static_assert(std::is_same_v<without_faults_t<no_loss<flavor, broken, 1, 2, false>>,
                             no_loss<flavor, sound, 1, 2, false>>);
static_assert(std::is_same_v<without_faults_t<suite<two<flavor, one<broken>>, 3>>,
                             suite<two<flavor, one<sound>>, 3>>);
static_assert(std::is_same_v<without_faults_t<three_then_value<flavor, flavor, broken, how::b>>,
                             three_then_value<flavor, flavor, sound, how::b>>);

static_assert(has_twin<one<broken>> && has_twin<suite<two<flavor, one<broken>>, 3>>);
static_assert(!has_twin<one<sound>> && !has_twin<no_loss<flavor, sound, 1, 2, false>>);
static_assert(!has_twin<value_only<how::a>> && !has_twin<int> && !has_twin<flavor>);

static_assert(has_faults_without_twin<one<faults_but_no_sound>>);
static_assert(has_faults_without_twin<no_loss<flavor, faults_but_no_sound, 1, 1, true>>);
static_assert(!has_faults_without_twin<one<faulty<int>>> && !has_faults_without_twin<one<sound>>);

TEST(WithoutFaults, the_twin_of_a_suite_replaces_every_broken_backend_and_nothing_else) {
  // The claims are the static_asserts above, checked when this file compiles; this test says
  // so in the test list, and checks one at run time for the record.
  EXPECT_TRUE((std::is_same_v<without_faults_t<two<broken, broken>>, two<sound, sound>>));
}

}  // namespace without_faults_test
}  // namespace interleave::harness
