#include "relacy_names.hpp"

#include <interleave/model.hpp>

namespace interleave::test {
namespace {

struct declares_until : rl::test_suite<declares_until, 2, rl::test_result_until_condition_hit> {
  void thread(unsigned) { RL_UNTIL(true); }
};

}  // namespace

std::vector<std::string> relacy_result_names() {
  std::vector<std::string> out;
  // The enum's order; the last value, test_result_thread_signal, has no name (Relacy never
  // reports it).
  for (int r = rl::test_result_until_condition_hit; r < rl::test_result_thread_signal; ++r)
    out.push_back(rl::test_result_str(static_cast<rl::test_result_e>(r)));
  return out;
}

std::vector<std::string> problems_of_a_declared_result_registered_as_pass() {
  register_model<declares_until>("until/registered-as-pass", expect::pass(), "", __FILE__, __LINE__,
                                 &harness::detail::freed_memory_probe);
  return harness::registry().problems();
}

}  // namespace interleave::test
