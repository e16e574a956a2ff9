#include "repeated_search_models.hpp"

#include <interleave/model.hpp>

namespace interleave::test {
namespace {

struct node {
  rl::var<int> v;
};

struct reads_freed_memory : rl::test_suite<reads_freed_memory, 3> {
  node* n = nullptr;
  void before() {
    n = new node;
    n->v($) = 1;
  }
  void thread(unsigned index) {
    if (index != 0) return;
    node* freed = n;
    delete freed;
    __asm__ volatile("" : "+r"(freed) : : "memory");
    (void)freed->v($).load();
  }
};

}  // namespace

harness::Verdict run_search_passing_a_defect_every_iteration(std::uint64_t iterations) {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::random;
  s.iterations = iterations;
  s.search_for = "DATA RACE";
  s.passing = {"ACCESS TO FREED MEMORY"};
  return run_relacy_suite<reads_freed_memory>(s);
}

}  // namespace interleave::test
