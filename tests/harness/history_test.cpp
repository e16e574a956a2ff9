// parse_history against histories recorded from Relacy, one per defect kind.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "interleave/harness/history.hpp"

namespace interleave::harness {
namespace history_test {

std::string recorded(const std::string& name) {
  std::ifstream in(std::string(INTERLEAVE_SOURCE_DIR) + "/tests/harness/histories/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(History, data_race_steps_are_in_execution_order_with_file_and_line) {
  const auto steps = parse_history(recorded("data_race.txt"));
  ASSERT_EQ(steps.size(), 12u);  // "execution history (12)"
  for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].index, i);
  EXPECT_EQ(steps[3].operation, "atomic store, value=0, (prev value=0), order=relaxed");
  EXPECT_EQ(steps[3].order, "relaxed");
  EXPECT_EQ(steps[3].value, "0");
  EXPECT_EQ(steps.back().thread, 1);
  EXPECT_EQ(steps.back().operation, "DATA RACE (data race detected)");
  EXPECT_EQ(steps.back().file, "rec2.cpp");
  EXPECT_EQ(steps.back().line, 17u);
  EXPECT_EQ(steps.back().function, "thread");
}

TEST(History, objects_get_stable_names_in_order_of_first_appearance) {
  const auto steps = parse_history(recorded("data_race.txt"));
  EXPECT_EQ(steps[3].object, "@1");  // the atomic
  EXPECT_EQ(steps[4].object, "@2");  // the plain variable
  EXPECT_EQ(steps[9].object, "@1");
  EXPECT_EQ(steps[10].object, "@2");
  EXPECT_EQ(steps[0].object, "");
}

TEST(History, double_free_shows_both_deallocations_of_one_address) {
  const auto steps = parse_history(recorded("double_free.txt"));
  ASSERT_EQ(steps.size(), 15u);
  EXPECT_EQ(steps[3].operation, "memory allocation: addr=@1, size=4");
  EXPECT_EQ(steps[9].operation, "memory deallocation: addr=@1");
  EXPECT_EQ(steps[13].operation, "memory deallocation: addr=@1");
  EXPECT_NE(steps[9].thread, steps[13].thread);
  EXPECT_EQ(steps[8].value, "1");  // fetch_add's new value
  EXPECT_EQ(steps.back().operation, "DOUBLE FREE (incorrect address passed to free() function)");
}

TEST(History, deadlock_ends_with_both_threads_blocked) {
  const auto steps = parse_history(recorded("deadlock.txt"));
  ASSERT_EQ(steps.size(), 11u);
  EXPECT_EQ(steps[7].operation, "blocking current thread");
  EXPECT_EQ(steps[9].operation, "blocking current thread");
  EXPECT_NE(steps[7].thread, steps[9].thread);
  EXPECT_EQ(steps.back().operation, "DEADLOCK (deadlock detected)");
}

TEST(History, memory_leak_is_reported_at_the_end_of_the_execution) {
  const auto steps = parse_history(recorded("memory_leak.txt"));
  ASSERT_EQ(steps.size(), 13u);
  EXPECT_EQ(steps[3].object, "@1");  // the atomic comes first
  EXPECT_EQ(steps[5].operation, "memory allocation: addr=@2, size=4");
  EXPECT_EQ(steps.back().operation, "MEMORY LEAK (memory leak detected)");
}

TEST(History, each_step_is_classified_where_it_is_parsed) {
  const auto steps = parse_history(recorded("memory_leak.txt"));
  ASSERT_EQ(steps.size(), 13u);
  for (std::size_t i : {0, 1, 2, 4, 6, 7, 8, 9, 10, 11})
    EXPECT_EQ(steps[i].kind, StepKind::relacy_marker) << i << ": " << steps[i].operation;
  EXPECT_EQ(steps[3].kind, StepKind::program);  // rec.cpp: the model's own line
  EXPECT_EQ(steps[5].kind, StepKind::program);
  // The leak, reported on a line of Relacy's context.hpp: Relacy's, but not a marker.
  EXPECT_EQ(steps[12].kind, StepKind::relacy);
}

TEST(History, a_step_is_relacys_by_its_line_and_a_marker_by_its_brackets_as_well) {
  EXPECT_EQ(classify_step("[THREAD FINISHED]", "/usr/include/relacy/context.hpp"),
            StepKind::relacy_marker);
  EXPECT_EQ(classify_step("[THREAD FINISHED]", "/opt/relacy/include/relacy/context.hpp"),
            StepKind::relacy_marker);
  EXPECT_EQ(classify_step("atomic store, value=0", "/usr/include/relacy/atomic.hpp"),
            StepKind::relacy);
  EXPECT_EQ(classify_step("[CTOR BEGIN", "/usr/include/relacy/context.hpp"), StepKind::relacy);
  // Brackets on a line of the program, or a relative path named relacy/: the program's.
  EXPECT_EQ(classify_step("[THREAD FINISHED]", "models/mutex.cpp"), StepKind::program);
  EXPECT_EQ(classify_step("[THREAD FINISHED]", "third_party/relacy/x.hpp"), StepKind::program);
  EXPECT_EQ(classify_step("store, value=1", ""), StepKind::program);
}

TEST(History, user_assert_keeps_the_assertion_text) {
  const auto steps = parse_history(recorded("user_assert.txt"));
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back().operation,
            "USER ASSERT FAILED (assertion: x.load(rl::mo_acquire, $) == 1)");
}

TEST(History, access_to_freed_memory_follows_the_deallocation) {
  const auto steps = parse_history(recorded("access_to_freed_memory.txt"));
  ASSERT_EQ(steps.size(), 10u);
  EXPECT_EQ(steps[4].operation, "memory allocation: addr=@1, size=40");  // the atomic's block
  EXPECT_EQ(steps[6].operation, "memory deallocation: addr=@1");
  EXPECT_EQ(steps[6].thread, 0);
  EXPECT_EQ(steps[8].operation, "access to freed memory");
  EXPECT_EQ(steps[8].thread, 1);
  EXPECT_EQ(steps.back().operation, "ACCESS TO FREED MEMORY (access to freed memory)");
  EXPECT_EQ(steps.back().file, "rec3.cpp");
}

TEST(History, livelock_is_reported_by_the_scheduler_after_the_spinning_steps) {
  const auto steps = parse_history(recorded("livelock_trimmed.txt"));
  ASSERT_EQ(steps.size(), 16u);
  EXPECT_EQ(steps[14].index, 2004u);
  EXPECT_EQ(steps[14].operation, "atomic load, value=0, order=relaxed");
  EXPECT_EQ(steps.back().operation, "LIVELOCK (livelock)");
  EXPECT_EQ(steps.back().function, "sched");
  EXPECT_EQ(steps.back().file, "/usr/include/relacy/context.hpp");
}

TEST(History, per_thread_listings_after_the_interleaving_are_not_steps_twice) {
  const auto text = recorded("double_free.txt");
  EXPECT_EQ(parse_history(text).size(), 15u);
}

TEST(History, text_without_a_history_gives_no_steps) {
  EXPECT_TRUE(parse_history("").empty());
  EXPECT_TRUE(parse_history("iterations: 58\ntotal time: 1\n").empty());
}

TEST(History, malformed_lines_are_skipped_not_misread) {
  const auto steps = parse_history(
      "execution history (3):\n"
      "[0] 0: atomic load, value=1, order=acquire, in f, a.cpp(3)\n"
      "garbage line\n"
      "[x] 0: not a step, in f, a.cpp(4)\n"
      "[2] 1: store, value=2, in g, b.cpp(9)\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].file, "b.cpp");
  EXPECT_EQ(steps[1].line, 9u);
}

TEST(History, function_names_with_commas_do_not_confuse_the_file) {
  const auto steps = parse_history(
      "execution history (1):\n"
      "[0] 0: mutex: exclusive lock, in void interleave::Mutex<T, Backend>::lock() [with T = int; "
      "Backend = interleave::basic_relacy_backend<>], lib/include/interleave/mutex.hpp(90)\n");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].operation, "mutex: exclusive lock");
  EXPECT_EQ(steps[0].function, "Mutex::lock");
  EXPECT_EQ(steps[0].file, "lib/include/interleave/mutex.hpp");
  EXPECT_EQ(steps[0].line, 90u);
}

TEST(History, short_function_name_keeps_class_and_function) {
  EXPECT_EQ(short_function_name("thread"), "thread");
  EXPECT_EQ(short_function_name("void interleave::MutexGuard<T, B>::release() [with T = int]"),
            "MutexGuard::release");
  EXPECT_EQ(short_function_name("interleave::LockResult<G> interleave::Mutex<T, B>::lock()"),
            "Mutex::lock");
  EXPECT_EQ(short_function_name("static void ns::X::f(std::pair<int, int>)"), "X::f");
}

}  // namespace history_test
}  // namespace interleave::harness
