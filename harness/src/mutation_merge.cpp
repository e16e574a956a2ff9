#include "mutation_merge.hpp"

#include <map>

#include <fmt/format.h>

#include "shard_set.hpp"

namespace interleave::harness {

MergedMutation merge_mutant_shards(const std::vector<MutantShard>& shards, bool allow_partial) {
  std::vector<ShardFile> files;
  for (const auto& s : shards) {
    ShardFile f{s.file, s.info.shard, s.info.selected, s.info.settings, s.run.all_mutants, {}, {}};
    for (const auto& m : s.run.mutants) f.held.push_back(m.mutant.id());
    files.push_back(std::move(f));
  }
  ShardSet set(allow_partial, "mutants");
  const std::vector<std::string> order = set.check(files);
  const MutantShard& first = shards.front();
  for (const auto& s : shards)
    if (s.run.unreached != first.run.unreached) {
      set.refuse(fmt::format(
          "mixed shard sets: {} and {} found different sites reached only by negative controls "
          "(another build of the library or the models)",
          first.file, s.file));
      break;
    }

  // The run's order; a mutant in two reports (a partial set) keeps the first file's result.
  std::map<std::string, const MutantResult*> by_id;
  for (const auto& s : shards)
    for (const auto& m : s.run.mutants) by_id.emplace(m.mutant.id(), &m);
  MergedMutation out;
  for (const auto& id : order) {
    if (auto it = by_id.find(id); it != by_id.end()) {
      out.run.mutants.push_back(*it->second);
      continue;
    }
    // In no report: its shard's was missing. What its id says is all that is known of it.
    const auto mutant = parse_mutant_id(id);
    if (!mutant) throw MergeRefused(fmt::format("{}: {}", first.file, mutant.error()));
    MutantResult m;
    m.mutant = *mutant;
    m.fate = MutantFate::not_run;
    out.run.mutants.push_back(std::move(m));
  }
  out.run.all_mutants = order;
  out.run.unreached = first.run.unreached;
  out.run.unmatched_declarations = first.run.unmatched_declarations;
  out.info.settings = first.info.settings;
  out.info.selected = first.info.selected;
  out.info.partial = set.partial();
  return out;
}

}  // namespace interleave::harness
