// The suite of yield_models.hpp. A translation unit that includes <interleave/model.hpp>
// cannot also use GoogleTest's macros, so it lives here.
#include "yield_models.hpp"

#include <optional>

#include <interleave/model.hpp>

namespace interleave::test {
namespace {

using B = relacy_backend;

struct stale_read_across_a_yield : rl::test_suite<stale_read_across_a_yield, 2> {
  std::optional<B::atomic<int>> flag[2];
  int seen[2] = {-1, -1};

  void before() {
    for (auto& f : flag) f.emplace(0);
  }
  void thread(unsigned index) {
    auto& mine = *flag[index];
    auto& other = *flag[1 - index];
    mine.store(1, std::memory_order::relaxed);
    (void)other.load(std::memory_order::relaxed);
    B::yield();
    seen[index] = other.load(std::memory_order::relaxed);
  }
  void after() { RL_ASSERT(seen[0] == 1 || seen[1] == 1); }
};

}  // namespace

harness::Verdict run_stale_read_across_a_yield(const harness::SearchSettings& settings) {
  return run_relacy_suite<stale_read_across_a_yield>(settings);
}

}  // namespace interleave::test
