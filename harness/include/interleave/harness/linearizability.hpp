// interleave/harness/linearizability.hpp: is a concurrent history explained by a sequential
// specification? (Herlihy & Wing's linearizability, checked by Wing & Gong's search with
// Lowe's memoization of visited configurations.)
//
// A history here is, per thread, the operations it completed in program order, each carrying the
// result it observed. Any order that keeps each thread's order is admissible, unless the
// operations carry real-time stamps: an Op with members `invoked` and `responded` (any ordered
// type) must then also be placed after every operation that responded before it was invoked.
// Under Relacy's cooperative fibers a counter bumped at each invocation and response is such a
// clock; a sequential prefix or suffix is then just a "thread" whose stamps come before or
// after everyone else's.
//
//   struct Op { bool apply(Spec& s) const; };   // performs the operation on the sequential
//                                              // spec; false if the recorded result differs
//   bool ok = interleave::harness::linearizable(Spec{}, threads);
//
// Spec must be copyable and equality-comparable (visited configurations are remembered as
// (position per thread, spec state) pairs, so each is explored once). Cost: prod(n_i + 1)
// positions for threads of n_i operations, times the distinct spec states reachable at each.
// That second factor is what makes the problem NP-complete in general: two threads pushing
// into one queue reach a different queue for every interleaving of their pushes. Histories of
// the short scenarios this serves (2-3 threads of a few operations) stay small;
// bench/linearizability.cpp measures 10, 20 and 40 operations.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace interleave::harness {

// One linearization: (thread, index within that thread) in the order found.
using Linearization = std::vector<std::pair<std::size_t, std::size_t>>;

template <class Spec, class Op>
  requires requires(const Op& op, Spec& s, const Spec& a, const Spec& b) {
    { op.apply(s) } -> std::convertible_to<bool>;
    { a == b } -> std::convertible_to<bool>;
  }
[[nodiscard]] std::optional<Linearization> find_linearization(
    const Spec& initial, const std::vector<std::vector<Op>>& threads) {
  struct Configuration {
    std::vector<std::size_t> done;  // operations of each thread already placed
    Spec spec;
  };
  std::map<std::vector<std::size_t>, std::vector<Spec>> visited;  // spec states per position
  const auto seen = [&](const Configuration& c) {
    auto& states = visited[c.done];
    for (const auto& s : states)
      if (s == c.spec) return true;
    states.push_back(c.spec);
    return false;
  };
  std::size_t total = 0;
  for (const auto& t : threads) total += t.size();

  // Real time: the next operation of thread t may go next only if no other thread's next
  // operation responded before it was invoked (each thread's later operations respond later).
  const auto real_time_allows = [&](const Configuration& c, std::size_t t) {
    if constexpr (requires(const Op& o) { o.responded < o.invoked; }) {
      const Op& o = threads[t][c.done[t]];
      for (std::size_t u = 0; u < threads.size(); ++u)
        if (u != t && c.done[u] < threads[u].size() && threads[u][c.done[u]].responded < o.invoked)
          return false;
    }
    return true;
  };

  Linearization path;
  // Depth-first: extend the current prefix by the next operation of some thread whose recorded
  // result the spec reproduces; back out when no thread can go on.
  const auto search = [&](auto& self, const Configuration& c) -> bool {
    if (path.size() == total) return true;
    if (seen(c)) return false;
    for (std::size_t t = 0; t < threads.size(); ++t) {
      if (c.done[t] == threads[t].size() || !real_time_allows(c, t)) continue;
      Configuration next = c;
      if (!threads[t][c.done[t]].apply(next.spec)) continue;
      path.emplace_back(t, c.done[t]);
      ++next.done[t];
      if (self(self, next)) return true;
      path.pop_back();
    }
    return false;
  };
  if (search(search, Configuration{std::vector<std::size_t>(threads.size(), 0), initial}))
    return path;
  return std::nullopt;
}

template <class Spec, class Op>
[[nodiscard]] bool linearizable(const Spec& initial, const std::vector<std::vector<Op>>& threads) {
  return find_linearization(initial, threads).has_value();
}

}  // namespace interleave::harness
