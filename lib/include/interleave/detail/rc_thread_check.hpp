// interleave/detail/rc_thread_check.hpp: Rc's run-time thread check (internal; rc.hpp).
//
// What Rust's type system gives its Rc (it is not Send: no handle ever reaches another thread),
// checked at run time where C++ cannot see it at compile time (a lambda's captures): the block
// records the thread that created the value, and every use of a handle to it through its counts
// (clone, drop, assignment, downgrade, upgrade, the counts, get_mut, try_unwrap) compares the
// calling thread with it. A use from another thread stops the program (std backend: a message
// on stderr, then abort) or the model's execution (Relacy: the defect below), at the use, before
// the race on the counts it would be part of. Dereferencing is not checked: it reads the value,
// not the counts, and the handle used for it had to reach the other thread by a use that is.
//
// On where the backend says so (backend/concept.hpp, rc_thread_check): the macro
// INTERLEAVE_RC_THREAD_CHECK for the std backend, always under Relacy. Off, none of this is
// compiled: the block and the handles keep their size and Rc its code (tests/codegen).
#pragma once

#include <cstddef>
#include <cstdio>
#include <source_location>

#include "interleave/backend/concept.hpp"
#include "interleave/detail/refcount.hpp"

namespace interleave::detail {

// The defect's name, in the message and, under Relacy, as the model's result.
inline constexpr const char* rc_thread_defect = "RC USED ON ANOTHER THREAD";

// The creating thread, kept in the block beside the counts.
template <ThreadCheckingBackend Backend>
class rc_owner {
 public:
  rc_owner() noexcept : tag_(Backend::thread_tag()) {}

  void check(bool weak, handle_use use, std::source_location where,
             std::source_location origin) const noexcept {
    if (const long user = Backend::thread_tag(); user != tag_) [[unlikely]]
      stop(user, weak, use, where, origin);
  }

 private:
  [[gnu::cold, gnu::noinline]] void stop(long user, bool weak, handle_use use,
                                         std::source_location where,
                                         std::source_location origin) const noexcept {
    char used_on[96], created_on[96], line[320];
    Backend::describe_thread(user, used_on, sizeof used_on);
    Backend::describe_thread(tag_, created_on, sizeof created_on);
    if (where.line() != 0)
      std::snprintf(line, sizeof line, "at %s:%u", where.file_name(), unsigned{where.line()});
    else if (origin.line() != 0)
      std::snprintf(line, sizeof line, "(%s has no line; this handle was made at %s:%u)",
                    use == handle_use::drop ? "a destructor" : "an assignment", origin.file_name(),
                    unsigned{origin.line()});
    else
      std::snprintf(line, sizeof line,
                    "(%s has no line, and this handle was made by make_rc with more than "
                    "three arguments or by an assignment)",
                    use == handle_use::drop ? "a destructor" : "an assignment");
    // One buffer for the program: under Relacy every simulated thread runs on one OS thread,
    // and on real threads the first message ends the program.
    static char message[1024];
    std::snprintf(message, sizeof message,
                  "%s %s on %s %s, but its value was created on %s: an Rc and every handle to "
                  "its value must stay on the thread that created it (Rc is not Send; share "
                  "across threads with Arc)",
                  weak ? "RcWeak" : "Rc", verb(use), used_on, line, created_on);
    // The step's line under Relacy: the use's, else the handle's origin (a drop has none).
    Backend::stop(rc_thread_defect, message, where.line() != 0 ? where : origin);
  }

  static const char* verb(handle_use use) noexcept {
    switch (use) {
      case handle_use::clone: return "cloned";
      case handle_use::drop: return "dropped";
      case handle_use::assign: return "assigned";
      case handle_use::downgrade: return "downgraded";
      case handle_use::upgrade: return "upgraded";
      case handle_use::count: return "counted";
      case handle_use::get_mut: return "asked for get_mut";
      case handle_use::try_unwrap: return "unwrapped";
    }
    return "used";
  }

  long tag_;
};

// What an Rc block keeps: its owner when Checked, else nothing (and the backend need not be a
// ThreadCheckingBackend).
struct rc_no_owner {};
template <class Backend, bool Checked>
struct rc_owner_of {
  using type = rc_no_owner;
};
template <class Backend>
struct rc_owner_of<Backend, true> {
  using type = rc_owner<Backend>;
};
template <class Backend, bool Checked>
using rc_owner_t = typename rc_owner_of<Backend, Checked>::type;

}  // namespace interleave::detail
