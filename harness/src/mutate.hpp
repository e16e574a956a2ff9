// harness/src/mutate.hpp (internal): `interleave mutate`, mutation testing of the items' sites.
//
// 1. Discovery: every selected item runs once, recording the sites it reaches (mutation.hpp).
//    Each must end as registered: a suite that fails without mutants cannot judge them.
// 2. Every site reached by an item that runs the real primitive (not a negative control, which
//    injects a fault) gets its mutants (mutants.hpp). A site reached only by negative controls
//    is "unreached": no item that could catch a change there runs it.
// 3. Each mutant runs against the items that reached its site, each in its own child process,
//    as `run` runs them. The mutant is killed when such an item's result is other than its
//    registration (a defect where it expects a pass, another defect, a pass where it expects a
//    defect, an error); it timed out or crashed when an item did; it survived when every item
//    ended as registered (a survivor declared equivalent is `equivalent`, out of the score). Once decided, its items not yet started are not run. Negative
//    controls reaching the site run too, while it is undecided; a change in their outcome is
//    reported apart and never kills.
//
// Each mutant's items run cheapest first (by the iterations of their discovery run, then in
// registration order), so that most mutants are decided by a short run. Deterministic: mutants
// in site order; the item that decides a mutant is the first, in that order, that decides it
// (items start in that order, so every earlier one ran).
//
// Sharded (`--shard I/N`): every shard makes the whole discovery (deterministic, so each plans
// the same mutants in the same order) and then runs only the mutants at positions I, I+N,
// I+2N, ... of that order, as `run` shards its items; the others are not in its MutationRun at
// all (not even as not-run), and `all_mutants` lists every shard's, for the merge to check
// that the shards are one run and hold each mutant once (mutation_merge.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interleave/harness/parse.hpp"
#include "interleave/harness/runner.hpp"
#include "equivalents.hpp"
#include "mutants.hpp"

namespace interleave::harness {

// killed, timeout and crash are detected; equivalent: survived, and declared equivalent
// (equivalents.hpp); not-run: the run was stopped before it was decided.
enum class MutantFate { killed, timeout, crash, survived, equivalent, not_run };
inline constexpr MutantFate all_fates[] = {MutantFate::killed,     MutantFate::timeout,
                                           MutantFate::crash,      MutantFate::survived,
                                           MutantFate::equivalent, MutantFate::not_run};
[[nodiscard]] std::string_view to_string(MutantFate f) noexcept;
[[nodiscard]] constexpr bool detected(MutantFate f) noexcept {
  return f == MutantFate::killed || f == MutantFate::timeout || f == MutantFate::crash;
}

struct MutantResult {
  Mutant mutant;
  MutantFate fate = MutantFate::survived;
  std::optional<Result> decided_by;  // the result that killed it, timed out or crashed
  std::vector<std::string> items;    // the items (not controls) that reach its site
  std::size_t runs = 0;              // item runs made under it, controls included
  // Negative controls whose outcome under this mutant was not their registration's.
  std::vector<std::string> controls_changed;
  double seconds = 0;  // the child processes' time under this mutant, summed
  // The reason it was declared equivalent (--equivalent), or empty. A declared mutant that was
  // detected keeps its detected fate: the declaration is wrong, and the reports say so.
  std::string declared_equivalent;
  [[nodiscard]] bool wrongly_declared() const {
    return !declared_equivalent.empty() && fate != MutantFate::equivalent &&
           fate != MutantFate::not_run;
  }
};

struct Score {
  std::size_t mutants = 0, killed = 0, timeouts = 0, crashes = 0, survived = 0, equivalent = 0,
              not_run = 0;
  [[nodiscard]] std::size_t detected() const { return killed + timeouts + crashes; }
  // The mutants the score is of: decided, and not declared equivalent.
  [[nodiscard]] std::size_t judged() const { return mutants - not_run - equivalent; }
  // Percent of the judged mutants that were detected (100 when there are none).
  [[nodiscard]] double percent() const;
};

struct MutationRun {
  std::vector<Result> discovery;      // the items' runs without a mutant
  std::vector<MutantResult> mutants;  // in site order; a shard's: its own only
  // Every mutant's id in site order, every shard's: the whole run's mutants.
  std::vector<std::string> all_mutants;
  std::vector<Site> unreached;  // reached only by negative controls
  // Equivalence declarations that match none of the run's mutants (every shard's), each as
  // "WHERE: FILE FUNCTION OPERATION:ORDER:MUTATION": stale, or of sites the selection misses.
  std::vector<std::string> unmatched_declarations;
  bool stopped = false;  // a stop signal ended it
  [[nodiscard]] Score score() const;
  [[nodiscard]] std::vector<std::pair<std::string, Score>> score_per_file() const;
};

struct MutateOptions {
  RunOptions run;              // search (its profile), jobs, timeout, memory limit, program, stop
  std::optional<Shard> shard;  // run only this shard's mutants
  std::vector<EquivalentDeclaration> equivalents;       // --equivalent
  std::function<void(const MutantResult&)> on_decided;  // as each mutant is decided
  // Once discovery is done: the sites reached by items that run the real primitive, their
  // mutants, and how many of those this run runs (all but a shard's others).
  std::function<void(std::size_t sites, std::size_t mutants, std::size_t to_run)> on_planned;
};

// Discovery then the mutants. Throws std::runtime_error naming the items when discovery does
// not end as registered, or when no item that runs the real primitive reaches a site.
[[nodiscard]] MutationRun mutate(const std::vector<const Entry*>& items,
                                 const MutateOptions& options);

}  // namespace interleave::harness
