// SyncBackend states every operation the primitives call on a backend: a backend that lacks one
// is refused where it is named (`Mutex<int, B>`), not deep inside a primitive's body. Checked at
// compile time, so this file has no run-time test: each backend below lacks exactly one
// operation of std_backend, which the concept accepts, and the concept must refuse it.
#include <interleave/backend/concept.hpp>
#include <interleave/backend/std.hpp>
#include <interleave/mutex.hpp>

namespace backend_concept_test {

using interleave::std_backend;
using interleave::SyncBackend;

static_assert(SyncBackend<std_backend>);
static_assert(interleave::ThreadBackend<std_backend>);

// std_backend with its atomic<T> also deriving from Name, a struct that declares one operation's
// name: a call by that name is then ambiguous between the two bases, so the operation is gone
// and every other one is still std_backend's.
template <class Name>
struct without : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T>, Name {
    using std_backend::atomic<T>::atomic;
  };
};

// The wrapper alone takes nothing away: the refusals below are the missing operation's.
struct no_name {};
static_assert(SyncBackend<without<no_name>>);

struct fetch_add_name {
  void fetch_add();
};
struct fetch_sub_name {
  void fetch_sub();
};
struct fetch_or_name {
  void fetch_or();
};
struct fetch_and_name {
  void fetch_and();
};
struct exchange_name {
  void exchange();
};
struct compare_exchange_weak_name {
  void compare_exchange_weak();
};
static_assert(!SyncBackend<without<fetch_add_name>>);
static_assert(!SyncBackend<without<fetch_sub_name>>);
static_assert(!SyncBackend<without<fetch_or_name>>);
static_assert(!SyncBackend<without<fetch_and_name>>);
static_assert(!SyncBackend<without<exchange_name>>);
static_assert(!SyncBackend<without<compare_exchange_weak_name>>);

struct without_condition_variable : std_backend {
  struct condition_variable {};
};
static_assert(!SyncBackend<without_condition_variable>);

// A primitive cannot be named over an incomplete backend.
template <class B>
concept names_a_mutex = requires {
  typename interleave::Mutex<int, B>;
};
static_assert(names_a_mutex<std_backend>);
static_assert(!names_a_mutex<without<fetch_or_name>>);

}  // namespace backend_concept_test
