// interleave/marker.hpp: Send and Sync, Rust's two markers of what may cross a thread, as far
// as C++ can check them at compile time.
//
//   static_assert(interleave::Send<interleave::Arc<int>>);     // may be moved to another thread
//   static_assert(!interleave::Send<interleave::Rc<int>>);     // never: its count is not atomic
//   static_assert(interleave::Sync<interleave::Mutex<int>>);   // may be shared between threads
//
// - Send<T>: a T may be moved to another thread and used (and dropped) there.
// - Sync<T>: a T may be used from several threads at once through references, i.e. T& is Send.
//
// The library's types give Rust's answers, each stated beside its type (rc.hpp, arc.hpp,
// mutex.hpp, rwlock.hpp, poison.hpp, mpsc.hpp): Rc and RcWeak are neither; Arc<T> and Weak<T> are
// both when T is both; Mutex<T> is both when T is Send; RwLock<T> is Send when T is Send and Sync
// when T is Send and Sync; a lock guard is never Send, and Sync when T is Sync; Sender<T>,
// SyncSender<T> and Receiver<T> are Send when T is Send (Receiver is never Sync).
//
// Every other type is both, unless marked: C++ cannot see inside a type the way Rust's compiler
// derives these markers from the fields. What it can see is followed here: a reference or a
// pointer shares its pointee, so T&, T* and std::reference_wrapper<T> are Send when T is Sync
// (and Sync then too); an array,
// std::optional, std::vector, std::array, std::pair, std::tuple, std::variant, std::expected and
// std::unique_ptr are Send (Sync) when everything they hold is; std::shared_ptr<T> is Arc<T>'s
// answer (both when T is both). A lambda's captures are invisible: a lambda is Send whatever it
// captures, so what crosses to a thread is checked only when passed as spawn's arguments.
//
// Marking your own type (in namespace interleave, as for std::hash):
//
//   template <> struct interleave::send_trait<my::Handle> : std::false_type {};
//   template <class T> struct interleave::sync_trait<my::Cell<T>> : std::false_type {};
//   template <class T>                                   // Send exactly when its T is
//   struct interleave::send_trait<my::Box<T>> : std::bool_constant<interleave::Send<T>> {};
//
// Each trait is a type with `static constexpr bool value`. The checks use the type without
// const and volatile; a reference is checked as a reference (T& by Sync<T>).
#pragma once

#include <array>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace interleave {

template <class T>
struct send_trait : std::true_type {};
template <class T>
struct sync_trait : std::true_type {};

template <class T>
concept Send = send_trait<std::remove_cv_t<T>>::value;
template <class T>
concept Sync = sync_trait<std::remove_cv_t<T>>::value;

// A reference or a pointer shares its pointee (Rust: &T is Send when T is Sync).
template <class T>
struct send_trait<T&> : std::bool_constant<Sync<T>> {};
template <class T>
struct sync_trait<T&> : std::bool_constant<Sync<T>> {};
template <class T>
struct send_trait<T&&> : std::bool_constant<Send<T>> {};
template <class T>
struct sync_trait<T&&> : std::bool_constant<Sync<T>> {};
template <class T>
struct send_trait<T*> : std::bool_constant<Sync<T>> {};
template <class T>
struct sync_trait<T*> : std::bool_constant<Sync<T>> {};

// What holds its parts by value is Send (Sync) when every part is.
template <class T, std::size_t N>
struct send_trait<T[N]> : std::bool_constant<Send<T>> {};
template <class T, std::size_t N>
struct sync_trait<T[N]> : std::bool_constant<Sync<T>> {};
template <class T, std::size_t N>
struct send_trait<std::array<T, N>> : std::bool_constant<Send<T>> {};
template <class T, std::size_t N>
struct sync_trait<std::array<T, N>> : std::bool_constant<Sync<T>> {};
template <class T>
struct send_trait<std::optional<T>> : std::bool_constant<Send<T>> {};
template <class T>
struct sync_trait<std::optional<T>> : std::bool_constant<Sync<T>> {};
template <class T, class A>
struct send_trait<std::vector<T, A>> : std::bool_constant<Send<T>> {};
template <class T, class A>
struct sync_trait<std::vector<T, A>> : std::bool_constant<Sync<T>> {};
template <class T, class D>
struct send_trait<std::unique_ptr<T, D>> : std::bool_constant<Send<T>> {};
template <class T, class D>
struct sync_trait<std::unique_ptr<T, D>> : std::bool_constant<Sync<T>> {};
template <class A, class B>
struct send_trait<std::pair<A, B>> : std::bool_constant<Send<A> && Send<B>> {};
template <class A, class B>
struct sync_trait<std::pair<A, B>> : std::bool_constant<Sync<A> && Sync<B>> {};
template <class... T>
struct send_trait<std::tuple<T...>> : std::bool_constant<(Send<T> && ...)> {};
template <class... T>
struct sync_trait<std::tuple<T...>> : std::bool_constant<(Sync<T> && ...)> {};
template <class... T>
struct send_trait<std::variant<T...>> : std::bool_constant<(Send<T> && ...)> {};
template <class... T>
struct sync_trait<std::variant<T...>> : std::bool_constant<(Sync<T> && ...)> {};
template <class T, class E>
struct send_trait<std::expected<T, E>> : std::bool_constant<Send<T> && Send<E>> {};
template <class T, class E>
struct sync_trait<std::expected<T, E>> : std::bool_constant<Sync<T> && Sync<E>> {};

template <class T>
struct send_trait<std::reference_wrapper<T>> : std::bool_constant<Sync<T>> {};
template <class T>
struct sync_trait<std::reference_wrapper<T>> : std::bool_constant<Sync<T>> {};

// Shared ownership across threads, as Arc: both when the shared value is both.
template <class T>
struct send_trait<std::shared_ptr<T>> : std::bool_constant<Send<T> && Sync<T>> {};
template <class T>
struct sync_trait<std::shared_ptr<T>> : std::bool_constant<Send<T> && Sync<T>> {};

namespace detail {

// The compile-time checks of what crosses to another thread. Each is instantiated with the
// offending type, so the compiler's "required from" note names it; the message states the rule.
template <class T>
struct spawned_function_must_be_send {
  static_assert(Send<T>,
                "interleave: a thread's function must be Send: it is moved to the new thread and "
                "run there (a type marked not Send, or a reference or pointer to one not Sync)");
  static constexpr bool value = true;
};
template <class T>
struct spawned_argument_must_be_send {
  static_assert(Send<T>,
                "interleave: every argument of spawn must be Send: it is moved to the new thread "
                "(Rc and RcWeak never are; a lock guard never is; a reference or pointer is Send "
                "only when what it points to is Sync)");
  static constexpr bool value = true;
};
template <class T>
struct spawned_result_must_be_send {
  static_assert(Send<T>,
                "interleave: a thread's result must be Send: it is moved back to the thread that "
                "joins it (Rc and RcWeak never are; a lock guard never is)");
  static constexpr bool value = true;
};
template <class T>
struct channel_value_must_be_send {
  static_assert(Send<T>,
                "interleave: a channel's value type must be Send: a value sent is received on "
                "another thread (Rc and RcWeak never are; a lock guard never is; a reference or "
                "pointer is Send only when what it points to is Sync)");
  static constexpr bool value = true;
};

}  // namespace detail

}  // namespace interleave
