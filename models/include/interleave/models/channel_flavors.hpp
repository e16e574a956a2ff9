// interleave/models/channel_flavors.hpp: the three channel flavors as types, for code written
// once for every flavor: the Relacy models (models/channel_scenarios.hpp), the generated
// scenarios (properties/scenarios/channel.cpp) and the unit tests (tests/lib). Shared through
// models/include (target interleave_verification_support; not installed).
#pragma once

#include <cstddef>

#include "interleave/backend/std.hpp"
#include "interleave/mpsc.hpp"

namespace interleave::models {

// make<T, B>() returns the channel's (sender, receiver) pair over backend B.
struct unbounded_flavor {
  static constexpr const char* name = "unbounded";
  static constexpr int capacity = -1;    // no bound
  static constexpr bool buffers = true;  // a send returns before anyone receives
  template <class T, class B = std_backend>
  static auto make() {
    return mpsc::channel<T, B>();
  }
};

template <int N>
struct bounded_flavor {
  static_assert(N >= 0);
  static constexpr const char* name = N == 0 ? "rendezvous" : "bounded";
  static constexpr int capacity = N;
  static constexpr bool buffers = N > 0;  // capacity 0: a send returns once a receive took it
  template <class T, class B = std_backend>
  static auto make() {
    return mpsc::sync_channel<T, B>(static_cast<std::size_t>(N));
  }
};

using rendezvous_flavor = bounded_flavor<0>;

template <class Flavor, class T, class B>
using sender_t = decltype(Flavor::template make<T, B>().first);
template <class Flavor, class T, class B>
using receiver_t = decltype(Flavor::template make<T, B>().second);

}  // namespace interleave::models
