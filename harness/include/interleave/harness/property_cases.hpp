// interleave/harness/property_cases.hpp: a RapidCheck property's test cases by number, so that
// any range of them runs alone exactly as it runs within the whole search: a property divided
// by its scenarios (`run --jobs`, `run --shard`) explores the same scenarios as undivided.
//
// RapidCheck derives test case i of a search from the seed alone: its Random is the seed's
// Random split i + 1 times, its size spreads the search's cases evenly over 0..max_size. So
// case i needs no case before it. This loop makes cases first..last that way, and shrinks a
// failure as RapidCheck does (the first shrink that still fails is taken, its index appended to
// the path), so the failure's rc::detail::Reproduce replays with RapidCheck's own reader and
// names the same scenario whichever piece found it.
//
// One difference from RapidCheck's loop: a discarded case (RC_PRE, RC_DISCARD) is counted and
// not replaced, and the sizes of the cases after it do not grow. Replacing it would move every
// later case, and a piece could no longer know where its cases begin. A property whose
// generators never discard (this project's: they filter with gen::suchThat) runs exactly the
// cases RapidCheck's loop runs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include "interleave/harness/item.hpp"

namespace interleave::harness {

// The size of case `index` (from 0) of a search of `count` cases sized 0..max_size: each size
// used about as often, max_size at least once (RapidCheck's sizeFor).
[[nodiscard]] inline int case_size(int count, int max_size, int index) {
  const int sizes = max_size + 1;
  const int whole_rounds = (count / sizes) * sizes;  // cases that cycle through every size
  if (index < whole_rounds) return index % sizes;
  const int rest = count - whole_rounds;  // fewer than `sizes`: spread over 0..max_size
  return rest == 1 ? 0 : ((index % sizes) * max_size) / (rest - 1);
}

// A search's cases: `count` of them from `seed`, sized 0..max_size.
struct CaseSearch {
  std::uint64_t seed = 0;
  int count = 1;
  int max_size = 100;
};

// What running some of a search's cases found.
struct CasesRun {
  std::uint64_t discarded = 0;
  // The first failing case of the range (numbered from 1), shrunk: what replays it, and the
  // failure's description (the last shrink's).
  struct Failure {
    std::uint64_t case_number = 0;
    rc::detail::Reproduce reproduce;
    std::string description;
  };
  std::optional<Failure> failure;
};

// Runs cases `range` (numbered from 1, within 1..search.count) of the search until one fails,
// then shrinks that one. `go_on` is asked before each case; false ends the range there (a time
// budget spent); shrinking a failure already found is not stopped by it.
[[nodiscard]] inline CasesRun run_cases(const rc::detail::Property& property,
                                        const CaseSearch& search, IterationRange range,
                                        const std::function<bool()>& go_on) {
  using Type = rc::detail::CaseResult::Type;
  CasesRun out;
  rc::Random seeds(search.seed);
  for (std::uint64_t number = 1; number <= range.last; ++number) {
    const rc::Random random = seeds.split();  // every case's split, run or not: case i's is
    if (number < range.first) continue;       // the (i + 1)-th whatever the range
    if (!go_on()) break;
    const int size = case_size(search.count, search.max_size, static_cast<int>(number - 1));
    rc::Shrinkable<rc::detail::CaseDescription> found = property(random, size);
    rc::detail::CaseDescription description = found.value();  // runs the case, once
    if (description.result.type == Type::Discard) {
      ++out.discarded;
      continue;
    }
    if (description.result.type != Type::Failure) continue;
    std::vector<std::size_t> path;
    auto shrinks = found.shrinks();
    std::size_t tried = 0;
    while (auto candidate = shrinks.next()) {
      rc::detail::CaseDescription shrunk = candidate->value();  // runs the candidate, once
      if (shrunk.result.type != Type::Failure) {
        ++tried;
        continue;
      }
      found = std::move(*candidate);
      description = std::move(shrunk);
      shrinks = found.shrinks();
      path.push_back(tried);
      tried = 0;
    }
    out.failure = CasesRun::Failure{number, rc::detail::Reproduce{random, size, std::move(path)},
                                    description.result.description};
    break;
  }
  return out;
}

}  // namespace interleave::harness
