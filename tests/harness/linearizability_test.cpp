// The linearizability checker on hand-made histories of a FIFO queue and a register: histories
// that some interleaving explains, and histories that none does.
#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <vector>

#include "interleave/harness/fixed_linearizability.hpp"
#include "interleave/harness/linearizability.hpp"

namespace interleave::harness {
namespace linearizability_test {

// A FIFO queue: push(v), and pop() that observed a value or "empty".
struct Queue {
  std::deque<int> items;
  friend bool operator==(const Queue&, const Queue&) = default;
};
struct QueueOp {
  enum Kind { push, pop } kind;
  std::optional<int> value;  // push: the value; pop: what it returned (nullopt: empty)
  bool apply(Queue& q) const {
    if (kind == push) {
      q.items.push_back(*value);
      return true;
    }
    if (q.items.empty()) return !value.has_value();
    if (value != q.items.front()) return false;
    q.items.pop_front();
    return true;
  }
};
QueueOp push(int v) { return {QueueOp::push, v}; }
QueueOp pop(std::optional<int> v) { return {QueueOp::pop, v}; }

TEST(Linearizability, a_pop_may_come_before_or_after_a_concurrent_push) {
  EXPECT_TRUE(linearizable(Queue{}, std::vector<std::vector<QueueOp>>{{push(1)}, {pop(1)}}));
  EXPECT_TRUE(
      linearizable(Queue{}, std::vector<std::vector<QueueOp>>{{push(1)}, {pop(std::nullopt)}}));
}

TEST(Linearizability, the_witness_keeps_each_threads_order_and_explains_every_result) {
  const std::vector<std::vector<QueueOp>> h = {{push(1), push(2)}, {pop(1), pop(2)}};
  const auto w = find_linearization(Queue{}, h);
  ASSERT_TRUE(w.has_value());
  ASSERT_EQ(w->size(), 4u);
  Queue q;
  std::vector<std::size_t> next(2, 0);
  for (auto [t, i] : *w) {
    EXPECT_EQ(i, next[t]++) << "thread order kept";
    EXPECT_TRUE(h[t][i].apply(q));
  }
}

TEST(Linearizability, a_value_never_pushed_is_not_explained) {
  EXPECT_FALSE(linearizable(Queue{}, std::vector<std::vector<QueueOp>>{{push(1)}, {pop(2)}}));
}

TEST(Linearizability, a_value_popped_twice_is_not_explained) {
  EXPECT_FALSE(
      linearizable(Queue{}, std::vector<std::vector<QueueOp>>{{push(1)}, {pop(1)}, {pop(1)}}));
}

TEST(Linearizability, one_producers_order_reversed_is_not_explained) {
  // Per-producer FIFO: thread 0 pushed 1 before 2, so no interleaving pops 2 first.
  EXPECT_FALSE(linearizable(
      Queue{}, std::vector<std::vector<QueueOp>>{{push(1), push(2)}, {pop(2), pop(1)}}));
}

TEST(Linearizability, empty_seen_after_a_push_of_the_same_thread_is_not_explained) {
  EXPECT_FALSE(
      linearizable(Queue{}, std::vector<std::vector<QueueOp>>{{push(1), pop(std::nullopt)}}));
  EXPECT_TRUE(linearizable(
      Queue{}, std::vector<std::vector<QueueOp>>{{push(1), pop(1), pop(std::nullopt)}}));
}

// A register: write(v), and read() that observed a value.
struct Register {
  int value = 0;
  friend bool operator==(const Register&, const Register&) = default;
};
struct RegisterOp {
  bool write;
  int v;
  bool apply(Register& r) const {
    if (write) r.value = v;
    return write || r.value == v;
  }
};

TEST(Linearizability, reads_that_see_writes_in_an_impossible_order_are_not_explained) {
  // Thread 0 writes 1 then 2; thread 1 reads 2 then 1: 1 was overwritten before the second read
  // could see it... unless the reads interleave as w1 r? -- no order explains r2 then r1.
  const std::vector<std::vector<RegisterOp>> bad = {{{true, 1}, {true, 2}},
                                                    {{false, 2}, {false, 1}}};
  EXPECT_FALSE(linearizable(Register{}, bad));
  const std::vector<std::vector<RegisterOp>> good = {{{true, 1}, {true, 2}},
                                                     {{false, 1}, {false, 2}}};
  EXPECT_TRUE(linearizable(Register{}, good));
}

TEST(Linearizability, forty_operations_in_three_threads_are_decided) {
  // One producer, two consumers taking alternate values: the queue's contents are fixed by how
  // many pushes and pops are placed, so memoization keeps the search polynomial, including the
  // full search that proves the broken history unexplainable.
  std::vector<std::vector<QueueOp>> h(3);
  for (int i = 0; i < 20; ++i) h[0].push_back(push(i));
  for (int i = 0; i < 20; ++i) h[1 + i % 2].push_back(pop(i));
  EXPECT_TRUE(linearizable(Queue{}, h));
  h[2].back() = pop(99);  // a value nobody pushed
  EXPECT_FALSE(linearizable(Queue{}, h));
}

// The same queue operations with real-time stamps: an operation that responded before another
// was invoked must be placed before it.
struct TimedQueueOp : QueueOp {
  int invoked = 0, responded = 0;
};
TimedQueueOp timed(QueueOp op, int invoked, int responded) { return {op, invoked, responded}; }

TEST(Linearizability, an_empty_pop_after_a_completed_push_is_not_explained) {
  // Without stamps "empty" is explained by placing the pop first; with the push completed (at
  // time 2) before the pop began (at 3), it is not.
  EXPECT_TRUE(
      linearizable(Queue{}, std::vector<std::vector<QueueOp>>{{push(1)}, {pop(std::nullopt)}}));
  const std::vector<std::vector<TimedQueueOp>> sequential = {{timed(push(1), 1, 2)},
                                                             {timed(pop(std::nullopt), 3, 4)}};
  EXPECT_FALSE(linearizable(Queue{}, sequential));
}

TEST(Linearizability, overlapping_operations_may_still_go_either_way) {
  const std::vector<std::vector<TimedQueueOp>> overlapping = {{timed(push(1), 1, 3)},
                                                              {timed(pop(std::nullopt), 2, 4)}};
  EXPECT_TRUE(linearizable(Queue{}, overlapping));
  const std::vector<std::vector<TimedQueueOp>> popped = {{timed(push(1), 1, 3)},
                                                         {timed(pop(1), 2, 4)}};
  EXPECT_TRUE(linearizable(Queue{}, popped));
}

TEST(Linearizability, real_time_order_orders_the_witness) {
  // Two pushes in two threads, the first completed before the second began: the pops must see
  // them in that order, and the witness places them so.
  const std::vector<std::vector<TimedQueueOp>> h = {
      {timed(push(1), 1, 2)}, {timed(push(2), 3, 4)}, {timed(pop(1), 5, 6), timed(pop(2), 7, 8)}};
  const auto order = find_linearization(Queue{}, h);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(*order, (Linearization{{0, 0}, {1, 0}, {2, 0}, {2, 1}}));
  auto reversed = h;
  reversed[2] = {timed(pop(2), 5, 6), timed(pop(1), 7, 8)};
  EXPECT_FALSE(linearizable(Queue{}, reversed));
}

// The allocation-free checker that generated scenarios run inside Relacy decides every history
// above as the general one does.
template <class Op>
bool fixed_linearizable(const Queue& initial, const std::vector<std::vector<Op>>& threads) {
  using checker = fixed_linearizability_checker<Queue, Op, 3, 24, 256>;
  static checker check;
  typename checker::history h{};
  typename checker::counts n{};
  for (std::size_t t = 0; t < threads.size(); ++t)
    for (const auto& op : threads[t]) h[t][n[t]++] = op;
  return check.linearizable(initial, h, n);
}

TEST(Linearizability, the_fixed_size_checker_agrees_on_every_queue_history) {
  const std::vector<std::vector<std::vector<QueueOp>>> untimed = {
      {{push(1)}, {pop(1)}},
      {{push(1)}, {pop(std::nullopt)}},
      {{push(1), push(2)}, {pop(2), pop(1)}},
      {{push(1)}, {pop(1), pop(1)}},
      {{push(1), push(2)}, {pop(1), pop(2)}},
      {{push(1)}, {pop(7)}},
  };
  for (const auto& h : untimed) EXPECT_EQ(fixed_linearizable(Queue{}, h), linearizable(Queue{}, h));
  std::vector<std::vector<QueueOp>> forty(3);
  for (int i = 0; i < 20; ++i) forty[0].push_back(push(i));
  for (int i = 0; i < 20; ++i) forty[1 + i % 2].push_back(pop(i));
  EXPECT_TRUE(fixed_linearizable(Queue{}, forty));  // 40 operations, a 256-slot table
  forty[2].back() = pop(99);
  EXPECT_FALSE(fixed_linearizable(Queue{}, forty));
  const std::vector<std::vector<TimedQueueOp>> sequential = {{timed(push(1), 1, 2)},
                                                             {timed(pop(std::nullopt), 3, 4)}};
  EXPECT_FALSE(fixed_linearizable(Queue{}, sequential));
  const std::vector<std::vector<TimedQueueOp>> overlapping = {{timed(push(1), 1, 3)},
                                                              {timed(pop(std::nullopt), 2, 4)}};
  EXPECT_TRUE(fixed_linearizable(Queue{}, overlapping));
}

}  // namespace linearizability_test
}  // namespace interleave::harness
