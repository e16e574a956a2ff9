// A three-thread failure for the HTML report tests: the interleaving of rc/double-free exactly
// as the harness parsed it from a real run (Relacy's marker steps included), so the swim lanes
// are checked on the shape they will have in practice.
#pragma once

#include <string>

#include "interleave/harness/result.hpp"

namespace interleave::reports::samples {

inline harness::Result rc_double_free() {
  using harness::Step;
  harness::Result r;
  r.id = "rc/double-free";
  r.kind = harness::Kind::model;
  r.threads = 3;
  r.expected = harness::Expectation::fails_with("DOUBLE FREE");
  r.description =
      "the classic: Rc cloned and dropped by two threads while the owner drops it; a "
      "lost increment frees the block twice";
  r.settings.scheduler = harness::Scheduler::random;
  r.settings.iterations = 100000;
  r.settings.search_for = "DOUBLE FREE";
  r.outcome = harness::Outcome::expected_failure;
  r.verdict.defect = "DOUBLE FREE";
  r.verdict.search = harness::SearchEnd::stopped;
  r.verdict.detail = "DOUBLE FREE (incorrect address passed to free() function)";
  r.verdict.iterations = 122;
  r.verdict.final_state = "122 ";
  r.verdict.other_defects = {"MEMORY LEAK in 99 iterations, first at 1"};
  r.verdict.trace = {
      Step{0, 0, "[CTOR BEGIN]", "", "", "", "fiber_proc_impl", "/usr/include/relacy/context.hpp",
           457, harness::StepKind::relacy_marker},
      Step{1, 0, "[CTOR END]", "", "", "", "fiber_proc_impl", "/usr/include/relacy/context.hpp",
           457, harness::StepKind::relacy_marker},
      Step{2, 0, "[BEFORE BEGIN]", "", "", "", "fiber_proc_impl", "/usr/include/relacy/context.hpp",
           457, harness::StepKind::relacy_marker},
      Step{3, 0, "memory allocation: addr=@1, size=120", "", "", "", "strong_ref::strong_ref",
           "lib/include/interleave/detail/refcount.hpp", 113},
      Step{4, 0, "atomic store, value=1, (prev value=0), order=relaxed", "@1", "1", "relaxed",
           "cell::cell", "models/broken_backends.hpp", 65},
      Step{5, 0, "atomic store, value=1, (prev value=0), order=relaxed", "@2", "1", "relaxed",
           "cell::cell", "models/broken_backends.hpp", 65},
      Step{6, 0, "atomic load, value=1, order=relaxed", "@1", "1", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 51},
      Step{7, 0, "atomic store, value=2, (prev value=1), order=relaxed", "@1", "2", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 53},
      Step{8, 0, "atomic load, value=2, order=relaxed", "@1", "2", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 51},
      Step{9, 0, "atomic store, value=3, (prev value=2), order=relaxed", "@1", "3", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 53},
      Step{10, 0, "[BEFORE END]", "", "", "", "fiber_proc_impl", "/usr/include/relacy/context.hpp",
           457, harness::StepKind::relacy_marker},
      Step{11, 0, "atomic load, value=3, order=relaxed", "@1", "3", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 51},
      Step{12, 0, "atomic store, value=4, (prev value=3), order=relaxed", "@1", "4", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 53},
      Step{13, 2, "atomic load, value=3 [NOT CURRENT], order=relaxed", "@1", "3 [NOT CURRENT]",
           "relaxed", "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{14, 2, "atomic store, value=2, (prev value=4), order=relaxed", "@1", "2", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{15, 2, "[THREAD FINISHED]", "", "", "", "fiber_proc_impl",
           "/usr/include/relacy/context.hpp", 457, harness::StepKind::relacy_marker},
      Step{16, 0, "atomic load, value=2, order=relaxed", "@1", "2", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{17, 0, "atomic store, value=1, (prev value=2), order=relaxed", "@1", "1", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{18, 0, "atomic load, value=1, order=relaxed", "@1", "1", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{19, 1, "atomic load, value=1, order=relaxed", "@1", "1", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 51},
      Step{20, 0, "atomic store, value=0, (prev value=1), order=relaxed", "@1", "0", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{21, 1, "atomic store, value=2, (prev value=0), order=relaxed", "@1", "2", "relaxed",
           "rc_counts::increment", "lib/include/interleave/rc.hpp", 53},
      Step{22, 0, "atomic load, value=1, order=relaxed", "@2", "1", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{23, 1, "atomic load, value=2, order=relaxed", "@1", "2", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{24, 1, "atomic store, value=1, (prev value=2), order=relaxed", "@1", "1", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{25, 1, "atomic load, value=1, order=relaxed", "@1", "1", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{26, 1, "atomic store, value=0, (prev value=1), order=relaxed", "@1", "0", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{27, 0, "atomic store, value=0, (prev value=1), order=relaxed", "@2", "0", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{28, 0, "memory deallocation: addr=@1", "", "", "", "refcount_block::deallocate",
           "lib/include/interleave/detail/refcount.hpp", 89},
      Step{29, 0, "[THREAD FINISHED]", "", "", "", "fiber_proc_impl",
           "/usr/include/relacy/context.hpp", 457, harness::StepKind::relacy_marker},
      Step{30, 1, "atomic load, value=1 [NOT CURRENT], order=relaxed", "@2", "1 [NOT CURRENT]",
           "relaxed", "rc_counts::decrement", "lib/include/interleave/rc.hpp", 57},
      Step{31, 1, "atomic store, value=0, (prev value=0), order=relaxed", "@2", "0", "relaxed",
           "rc_counts::decrement", "lib/include/interleave/rc.hpp", 58},
      Step{32, 1, "memory deallocation: addr=@1", "", "", "", "refcount_block::deallocate",
           "lib/include/interleave/detail/refcount.hpp", 89},
      Step{33, 1, "DOUBLE FREE (incorrect address passed to free() function)", "", "", "",
           "refcount_block::deallocate", "lib/include/interleave/detail/refcount.hpp", 89},
  };
  r.seconds = 0.36;
  r.replay = "./build/interleave replay rc/double-free --scheduler random --state '122 '";
  return r;
}

}  // namespace interleave::reports::samples
