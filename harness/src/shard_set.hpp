// harness/src/shard_set.hpp (internal): whether the reports of shards are one whole run, by the
// rules merge.hpp states, for `interleave merge` of results.json (merge.cpp: a shard holds
// items) and of mutants.json (mutation_merge.cpp: a shard holds mutants) alike, so both refuse
// the same sets in the same words.
//
// A shard I of N holds the ids at positions I, I+N, I+2N, ... of its whole run's ids (`run`'s
// items in registration order, `mutate`'s mutants in site order).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/merge.hpp"

namespace interleave::harness {

// What the rules look at in one shard's report.
struct ShardFile {
  std::string file;                   // where it was read from, for messages
  std::string shard;                  // "I/N", or empty: the run was not sharded
  std::vector<std::string> selected;  // the ids the run selected, before sharding
  std::string settings;               // describe(SearchOverrides)
  std::vector<std::string> whole;     // every id of the whole run, in its order
  std::vector<std::string> held;      // the ids this report holds, in its order
  std::string revision;               // the commit it ran on (Sources), or empty: not known
};

class ShardSet {
 public:
  // `held_what` names what a shard holds, for messages: "items", "mutants".
  ShardSet(bool allow_partial, std::string_view held_what)
      : allow_partial_(allow_partial), held_what_(held_what) {}

  // Applies the rules to `files` (not empty) and returns every id in merged order: the first
  // file's whole run, then any id a mixed set adds, in file order. Each rule broken is refused.
  [[nodiscard]] std::vector<std::string> check(const std::vector<ShardFile>& files);

  // A set that is not one whole run, `why` saying how: throws MergeRefused with `why` and the
  // way out, unless partial sets are allowed, when it is recorded instead.
  void refuse(std::string why);

  // What was wrong with the set, every refusal recorded ("; " between them); "" for a whole run.
  [[nodiscard]] std::string partial() const;

 private:
  bool allow_partial_;
  std::string held_what_;
  std::vector<std::string> problems_;
};

}  // namespace interleave::harness
