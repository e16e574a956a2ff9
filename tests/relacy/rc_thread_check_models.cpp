// The suites of rc_thread_check_models.hpp. A translation unit that includes
// <interleave/model.hpp> cannot also use GoogleTest's macros, so they live here.
#include "rc_thread_check_models.hpp"

#include <optional>

#include <interleave/rc.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::test {
namespace {

using B = relacy_backend;

struct rc_on_its_own_threads : rl::test_suite<rc_on_its_own_threads, 2> {
  std::optional<Rc<int, B>> setups;
  Rc<int, B> kept{make_rc<int, B>(7)};  // made by the constructor, dropped by the destructor

  void before() { setups.emplace(make_rc<int, B>(1)); }
  void thread(unsigned index) {
    auto mine = make_rc<int, B>(static_cast<int>(index));
    Rc<int, B> clone = mine;
    RcWeak<int, B> weak = clone.downgrade();
    RL_ASSERT(weak.upgrade().has_value());
    RL_ASSERT(mine.strong_count() == 2);
  }
  void after() {
    Rc<int, B> clone = *setups;
    RL_ASSERT(setups->strong_count() == 2 && *kept == 7);
  }
};

template <class Backend>
struct rc_cloned_on_two_threads : rl::test_suite<rc_cloned_on_two_threads<Backend>, 2> {
  std::optional<Rc<int, Backend>> shared;

  void before() { shared.emplace(make_rc<int, Backend>(1)); }
  void thread(unsigned) { Rc<int, Backend> clone = *shared; }
};

}  // namespace

harness::Verdict run_rc_on_its_own_threads(const harness::SearchSettings& settings) {
  return run_relacy_suite<rc_on_its_own_threads>(settings);
}

harness::Verdict run_rc_cloned_on_two_threads(bool checked,
                                              const harness::SearchSettings& settings) {
  return checked
             ? run_relacy_suite<rc_cloned_on_two_threads<B>>(settings)
             : run_relacy_suite<rc_cloned_on_two_threads<models::plain_memory_backend>>(settings);
}

}  // namespace interleave::test
