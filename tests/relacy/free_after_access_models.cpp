// The suites of free_after_access_models.hpp. A translation unit that includes
// <interleave/model.hpp> cannot also use GoogleTest's macros, so they live here.
#include "free_after_access_models.hpp"

#include <optional>
#include <source_location>

#include <interleave/model.hpp>

namespace interleave::test {
namespace {

using B = relacy_backend;

struct block {
  B::atomic<int> value{0};
  B::atomic<int> count{2};
};

template <bool AcquireBeforeFree>
struct free_after_access : rl::test_suite<free_after_access<AcquireBeforeFree>, 2> {
  block* shared = nullptr;

  void before() { shared = B::create<block>(std::source_location::current()); }
  void thread(unsigned index) {
    block* b = shared;
    b->value.store(int(index) + 1, std::memory_order::relaxed);
    if (b->count.fetch_sub(1, std::memory_order::release) != 1) return;
    if constexpr (AcquireBeforeFree) B::fence(std::memory_order::acquire);
    B::destroy(b);
  }
};

struct use_of_unpublished_block : rl::test_suite<use_of_unpublished_block, 2> {
  std::optional<B::atomic<block*>> handoff;

  void before() { handoff.emplace(nullptr); }
  void thread(unsigned index) {
    if (index == 0) {
      handoff->store(B::create<block>(std::source_location::current()), std::memory_order::relaxed);
      return;
    }
    block* b = nullptr;
    while ((b = handoff->load(std::memory_order::relaxed)) == nullptr) B::yield();
    (void)b->value.load(std::memory_order::relaxed);
  }
  void after() { B::destroy(handoff->load(std::memory_order::relaxed)); }
};

}  // namespace

harness::Verdict run_free_after_access(bool acquire_before_free,
                                       const harness::SearchSettings& settings) {
  return acquire_before_free ? run_relacy_suite<free_after_access<true>>(settings)
                             : run_relacy_suite<free_after_access<false>>(settings);
}

harness::Verdict run_use_of_unpublished_block(const harness::SearchSettings& settings) {
  return run_relacy_suite<use_of_unpublished_block>(settings);
}

}  // namespace interleave::test
