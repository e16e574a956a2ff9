// Relacy suites run by early_wakeup_test.cpp (see early_wakeup_models.cpp).
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// A thread waits (with a timeout, or not) for a flag another thread sets under the lock and
// then notifies; `early` is the suite's budget of waits the tree search may end without a
// notification (relacy_backend: early_timeouts for the timed suites, spurious_wakeups for the
// untimed one).

// Fails (USER ASSERT FAILED) once wait_timeout reports a timeout although the notifier had set
// the flag and notified meanwhile: a timeout that raced its notification.
harness::Verdict run_timeout_racing_its_notify(unsigned early, const harness::SearchSettings& s);
// Condvar's fault::timeout_skips_recheck under condvar/negative/timeout-skips-recheck's suite.
harness::Verdict run_timeout_skips_recheck(unsigned early, const harness::SearchSettings& s);
// The notifier notifies after its unlock, only if the waiter is waiting, and the waiter frees
// the condition variable once it has seen the flag: ACCESS TO FREED MEMORY once the waiter
// leaves its (untimed) wait without that notify.
harness::Verdict run_waiter_frees_before_late_notify(unsigned early,
                                                     const harness::SearchSettings& s);
// As above, but the notifier notifies whether or not the waiter waits: a waiter that never
// waited frees the condition variable between the unlock and the notify (no early wake-up
// needed: Relacy's notify gives a scheduling point before it touches the condition variable).
harness::Verdict run_non_waiter_frees_before_late_notify(const harness::SearchSettings& s);

}  // namespace interleave::test
