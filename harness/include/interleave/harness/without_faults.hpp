// interleave/harness/without_faults.hpp: a negative control's suite, with its fault taken out.
// Plain C++ (no Relacy): <interleave/model.hpp> and <interleave/scenario.hpp> use it.
//
// A negative control that injects its fault into the library runs the library's real code over
// a broken backend: `mutual_exclusion<forgets_to_lock_backend>`,
// `no_loss<unbounded, faulty_backend<fault::lost_notify>, 1, 2, false>`. Its claim is that the
// defect it shows comes from that fault. The claim is checked by the control's *twin*: the same
// suite over the sound backend, searched the same way, which must pass (`interleave run
// --prove-controls`). A control whose "fault" also lives in the sound code (the model's own bug,
// or a primitive that is broken anyway) fails its twin.
//
// A backend that injects faults says which sound backend it breaks, and that is the whole opt-in:
//
//   struct forgets_to_lock_backend : interleave::relacy_backend {
//     using sound_backend = interleave::relacy_backend;   // the twin runs over this one
//     class mutex { ... lock() does nothing ... };
//   };
//
// without_faults_t<T> replaces every such backend in T's template arguments, at any depth, by
// its sound_backend (and that one by its own, if it too injects faults). It sees through class
// templates whose parameters are all types, or up to three types followed by values (`no_loss<F,
// B, 1, 2, false>`, `scenario::detail::suite<S, 3>`); C++ cannot name a template of any other
// shape generically. A backend hidden from the type (a `using B = ...;` inside a non-template
// suite) is not seen: that suite has no twin and is listed as a demonstration, not as a control
// of the library. has_faults_without_twin<T> catches the one silent miss that can be caught: a
// backend in T's arguments that compiles faults in (`faults`, <interleave/detail/fault.hpp>)
// but names no sound_backend (the registration is then refused).
#pragma once

#include <type_traits>

namespace interleave::harness {

// A backend that injects faults: it names the sound backend it breaks.
template <class B>
concept injects_faults = requires {
  typename B::sound_backend;
}
&&!std::is_same_v<B, typename B::sound_backend>;

namespace detail::twin {

template <class T>
struct rebind_arguments {
  using type = T;
};
template <class T>
struct rebind {
  using type = typename rebind_arguments<T>::type;
};
template <injects_faults B>
struct rebind<B> {
  using type = typename rebind<typename B::sound_backend>::type;
};
template <class T>
using rebind_t = typename rebind<T>::type;

// The shapes without_faults_t sees through. A value pack must hold at least one value, or a
// template of types only would match two of them.
template <template <class...> class Tp, class... A>
struct rebind_arguments<Tp<A...>> {
  using type = Tp<rebind_t<A>...>;
};
template <template <class, auto, auto...> class Tp, class A, auto V, auto... W>
struct rebind_arguments<Tp<A, V, W...>> {
  using type = Tp<rebind_t<A>, V, W...>;
};
template <template <class, class, auto, auto...> class Tp, class A, class B, auto V, auto... W>
struct rebind_arguments<Tp<A, B, V, W...>> {
  using type = Tp<rebind_t<A>, rebind_t<B>, V, W...>;
};
template <template <class, class, class, auto, auto...> class Tp, class A, class B, class C, auto V,
          auto... W>
struct rebind_arguments<Tp<A, B, C, V, W...>> {
  using type = Tp<rebind_t<A>, rebind_t<B>, rebind_t<C>, V, W...>;
};

// Whether T's arguments, at any depth, hold a backend that declares `faults` and no
// sound_backend (the same shapes as above).
template <class T>
struct unmarked_faults_in_arguments : std::false_type {};
template <class T>
struct unmarked_faults
    : std::bool_constant<(requires {
  typename T::faults; } && !injects_faults<T>) ||
                         unmarked_faults_in_arguments<T>::value> {};
template <template <class...> class Tp, class... A>
struct unmarked_faults_in_arguments<Tp<A...>>
    : std::bool_constant<(unmarked_faults<A>::value || ...)> {};
template <template <class, auto, auto...> class Tp, class A, auto V, auto... W>
struct unmarked_faults_in_arguments<Tp<A, V, W...>> : unmarked_faults<A> {};
template <template <class, class, auto, auto...> class Tp, class A, class B, auto V, auto... W>
struct unmarked_faults_in_arguments<Tp<A, B, V, W...>>
    : std::bool_constant<unmarked_faults<A>::value || unmarked_faults<B>::value> {};
template <template <class, class, class, auto, auto...> class Tp, class A, class B, class C, auto V,
          auto... W>
struct unmarked_faults_in_arguments<Tp<A, B, C, V, W...>>
    : std::bool_constant<unmarked_faults<A>::value || unmarked_faults<B>::value ||
                         unmarked_faults<C>::value> {};

}  // namespace detail::twin

// T with every fault-injecting backend in its template arguments replaced by its sound one.
template <class T>
using without_faults_t = detail::twin::rebind_t<T>;

// Whether T runs over a backend that injects faults: then without_faults_t<T> is its twin.
template <class T>
inline constexpr bool has_twin = !std::is_same_v<T, without_faults_t<T>>;

// Whether T's arguments hold a backend that compiles faults in but names no sound backend.
template <class T>
inline constexpr bool has_faults_without_twin = detail::twin::unmarked_faults<T>::value;

}  // namespace interleave::harness
