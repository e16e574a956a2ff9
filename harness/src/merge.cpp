#include "interleave/harness/merge.hpp"

#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

struct ShardPosition {
  unsigned index = 0, total = 1;
};

// A report's "I/N", or 0/1 for a run that was not sharded. The text was written by write_json
// from a validated shard, so anything else means the file was edited or is not ours.
ShardPosition position_of(const ShardReport& s) {
  if (s.run.shard.empty()) return {};
  unsigned index = 0, total = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(s.run.shard.c_str(), "%u%c%u%c", &index, &slash, &total, &extra) != 3 ||
      slash != '/' || total == 0 || index >= total)
    throw MergeRefused(
        fmt::format("{}: shard '{}' is not of the form I/N with 0 <= I < N", s.file, s.run.shard));
  return {index, total};
}

std::string shard_name(ShardPosition p) { return fmt::format("{}/{}", p.index, p.total); }

// The ids shard `p` of `selected` runs: the run's own rule (every N-th, from the I-th).
std::vector<std::string> ids_of_shard(const std::vector<std::string>& selected, ShardPosition p) {
  std::vector<std::string> ids;
  for (std::size_t i = p.index; i < selected.size(); i += p.total) ids.push_back(selected[i]);
  return ids;
}

Result not_run(const std::string& id, std::string why) {
  Result r;
  r.id = id;
  r.outcome = Outcome::not_run;
  r.message = std::move(why);
  return r;
}

}  // namespace

MergedRun merge_shards(const std::vector<ShardReport>& shards, bool allow_partial) {
  if (shards.empty()) throw MergeRefused("no shard reports to merge");
  std::vector<std::string> problems;
  const auto refuse = [&](std::string why) {
    if (!allow_partial)
      throw MergeRefused(why +
                         "; merge only whole runs, or pass --allow-partial (the gate then fails)");
    problems.push_back(std::move(why));
  };

  for (const auto& s : shards)
    if (s.run.selected.empty() && !s.results.empty())
      refuse(fmt::format("{} does not say what its run selected (written by an older interleave?)",
                         s.file));

  // Mixed: every report must be a shard of the same run.
  const ShardReport& first = shards.front();
  const ShardPosition first_position = position_of(first);
  for (const auto& s : shards) {
    const ShardPosition p = position_of(s);
    if (p.total != first_position.total)
      refuse(fmt::format("mixed shard sets: {} is shard {} but {} is shard {}", first.file,
                         shard_name(first_position), s.file, shard_name(p)));
    else if (s.run.selected != first.run.selected)
      refuse(
          fmt::format("mixed shard sets: {} and {} selected different items (another --filter, "
                      "or another build of the models)",
                      first.file, s.file));
    else if (s.run.settings != first.run.settings)
      refuse(fmt::format("mixed shard sets: {} ran with '{}' but {} with '{}'", first.file,
                         first.run.settings, s.file, s.run.settings));
  }

  // Overlapping: a shard twice, or an id in two reports.
  std::map<unsigned, const ShardReport*> by_index;
  std::map<std::string, const Result*> by_id;
  std::map<std::string, std::string> file_of;
  for (const auto& s : shards) {
    const ShardPosition p = position_of(s);
    if (auto [it, fresh] = by_index.emplace(p.index, &s); !fresh && p.total == first_position.total)
      refuse(fmt::format("overlapping shards: shard {} is both {} and {}", shard_name(p),
                         it->second->file, s.file));
    // Each report holds exactly its shard's items: otherwise it is not that shard of this run.
    if (p.total == first_position.total && s.run.selected == first.run.selected) {
      std::vector<std::string> held;
      for (const auto& r : s.results) held.push_back(r.id);
      if (held != ids_of_shard(s.run.selected, p))
        refuse(fmt::format("{} says it is shard {} but does not hold exactly that shard's items",
                           s.file, shard_name(p)));
    }
    for (const auto& r : s.results)
      if (auto [it, fresh] = file_of.emplace(r.id, s.file); !fresh)
        refuse(
            fmt::format("overlapping shards: '{}' is in both {} and {}", r.id, it->second, s.file));
      else
        by_id.emplace(r.id, &r);
  }

  // Incomplete: every shard of the run present.
  std::vector<std::string> missing;
  for (unsigned i = 0; i < first_position.total; ++i)
    if (!by_index.contains(i)) missing.push_back(shard_name({i, first_position.total}));
  if (!missing.empty())
    refuse(fmt::format("incomplete shard set: {} {} missing", fmt::join(missing, ", "),
                       missing.size() == 1 ? "is" : "are"));

  // Registration order: the selection's, then anything a mixed set added, in file order.
  MergedRun out;
  std::set<std::string> placed;
  const auto place = [&](const std::string& id) {
    if (!placed.insert(id).second) return;
    if (auto it = by_id.find(id); it != by_id.end())
      out.results.push_back(*it->second);
    else
      out.results.push_back(not_run(id, "its shard's report was not among the merged files"));
  };
  for (const auto& id : first.run.selected) place(id);
  for (const auto& s : shards) {
    for (const auto& id : s.run.selected) place(id);
    for (const auto& r : s.results) place(r.id);
  }

  out.run.selected = first.run.selected;
  out.run.settings = first.run.settings;
  for (const auto& s : shards) {
    out.run.seconds = std::max(out.run.seconds, s.run.seconds);
    // A shard stopped by a signal holds not-run items; the merged report says so as the shard's
    // did.
    if (out.run.interrupted.empty() && !s.run.interrupted.empty())
      out.run.interrupted = s.run.interrupted;
  }
  if (!problems.empty()) out.run.partial = fmt::format("{}", fmt::join(problems, "; "));
  return out;
}

}  // namespace interleave::harness
