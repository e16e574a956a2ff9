// A control over a backend that compiles faults in (`faults`) but names no sound backend: its
// twin cannot be made, and the registration is refused (every command exits 2).
#include <interleave/model.hpp>

namespace unmarked {

struct faulty_without_sound_backend : interleave::relacy_backend {
  using faults = interleave::fault_set<interleave::fault::lost_notify>;
};

template <class B>
struct suite : rl::test_suite<suite<B>, 2> {
  typename B::template cell<int> c;
  void thread(unsigned) { c.store(1); }
};

}  // namespace unmarked

INTERLEAVE_MODEL(unmarked::suite<unmarked::faulty_without_sound_backend>, "unmarked/negative/race",
                 interleave::expect::fails_with("DATA RACE"),
                 "races over an unmarked faulty backend");
