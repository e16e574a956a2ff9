// interleave/harness/fixed_linearizability.hpp: the linearizability search of
// linearizability.hpp for histories of bounded size, allocating nothing.
//
// Why a second one: generated scenarios check every execution Relacy explores from inside the
// simulation (after()), and every allocation and free there is a branch point of Relacy's
// search. With the map-and-vector checker, a context-bound search spent its whole budget
// exploring the checker's own frees. This one keeps the history, the search path and the
// visited configurations in fixed arrays owned by the checker object (make it static: the
// table is large).
//
// Same contract as find_linearization: Op has `bool apply(Spec&) const`; with members
// `invoked`/`responded` real-time order is honoured too. Spec is copyable and ==. Visited
// configurations are remembered (position per part + spec state) in an open-addressing table;
// when it is full the search goes on without remembering more, which costs time, not
// correctness.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace interleave::harness {

template <class Spec, class Op, std::size_t Parts, std::size_t Depth, std::size_t Table = 4096>
class fixed_linearizability_checker {
 public:
  using history = std::array<std::array<Op, Depth>, Parts>;
  using counts = std::array<std::size_t, Parts>;

  // Whether some order of ops[p][0..n[p]) for every part p, keeping each part's order (and
  // real time), is explained by the specification starting from `initial`.
  bool linearizable(const Spec& initial, const history& ops, const counts& n) {
    ops_ = &ops;
    n_ = &n;
    total_ = 0;
    for (std::size_t p = 0; p < Parts; ++p) total_ += n[p];
    if (++generation_ == 0) {  // wrapped: forget every slot explicitly
      for (auto& s : table_) s.generation = 0;
      generation_ = 1;
    }
    positions done{};
    return search(done, initial, 0);
  }

 private:
  using positions = std::array<std::uint8_t, Parts>;
  struct slot {
    std::uint32_t generation = 0;
    positions done{};
    Spec spec{};
  };

  bool real_time_allows(const positions& done, std::size_t p) const {
    if constexpr (requires(const Op& o) { o.responded < o.invoked; }) {
      const Op& o = (*ops_)[p][done[p]];
      for (std::size_t q = 0; q < Parts; ++q)
        if (q != p && done[q] < (*n_)[q] && (*ops_)[q][done[q]].responded < o.invoked) return false;
    }
    return true;
  }

  // Marks (done, spec) visited; false if it already was.
  bool first_visit(const positions& done, const Spec& spec) {
    std::size_t h = 1469598103934665603ull;
    for (auto d : done) h = (h ^ d) * 1099511628211ull;
    for (std::size_t probe = 0; probe < 64; ++probe) {
      slot& s = table_[(h + probe) % Table];
      if (s.generation != generation_) {
        s.generation = generation_;
        s.done = done;
        s.spec = spec;
        return true;
      }
      if (s.done == done && s.spec == spec) return false;
    }
    return true;  // table crowded here: search on without remembering
  }

  bool search(positions& done, const Spec& spec, std::size_t placed) {
    if (placed == total_) return true;
    if (!first_visit(done, spec)) return false;
    for (std::size_t p = 0; p < Parts; ++p) {
      if (done[p] == (*n_)[p] || !real_time_allows(done, p)) continue;
      Spec next = spec;
      if (!(*ops_)[p][done[p]].apply(next)) continue;
      ++done[p];
      const bool found = search(done, next, placed + 1);
      --done[p];
      if (found) return true;
    }
    return false;
  }

  const history* ops_ = nullptr;
  const counts* n_ = nullptr;
  std::size_t total_ = 0;
  std::uint32_t generation_ = 0;
  std::array<slot, Table> table_{};
};

}  // namespace interleave::harness
