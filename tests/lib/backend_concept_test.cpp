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

struct without_fetch_add : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T> {
    using std_backend::atomic<T>::atomic;
    void fetch_add() = delete;  // hides every fetch_add of the base
  };
};
static_assert(!SyncBackend<without_fetch_add>);

struct without_fetch_sub : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T> {
    using std_backend::atomic<T>::atomic;
    void fetch_sub() = delete;  // hides every fetch_sub of the base
  };
};
static_assert(!SyncBackend<without_fetch_sub>);

struct without_fetch_or : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T> {
    using std_backend::atomic<T>::atomic;
    void fetch_or() = delete;  // hides every fetch_or of the base
  };
};
static_assert(!SyncBackend<without_fetch_or>);

struct without_fetch_and : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T> {
    using std_backend::atomic<T>::atomic;
    void fetch_and() = delete;  // hides every fetch_and of the base
  };
};
static_assert(!SyncBackend<without_fetch_and>);

struct without_exchange : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T> {
    using std_backend::atomic<T>::atomic;
    void exchange() = delete;  // hides every exchange of the base
  };
};
static_assert(!SyncBackend<without_exchange>);

struct without_compare_exchange_weak : std_backend {
  template <class T>
  struct atomic : std_backend::atomic<T> {
    using std_backend::atomic<T>::atomic;
    void compare_exchange_weak() = delete;  // hides every compare_exchange_weak of the base
  };
};
static_assert(!SyncBackend<without_compare_exchange_weak>);

struct without_condition_variable : std_backend {
  struct condition_variable {};
};
static_assert(!SyncBackend<without_condition_variable>);

// A primitive cannot be named over an incomplete backend.
template <class B>
concept names_a_mutex = requires { typename interleave::Mutex<int, B>; };
static_assert(names_a_mutex<std_backend>);
static_assert(!names_a_mutex<without_fetch_or>);

}  // namespace backend_concept_test
