#include "shard_set.hpp"

#include <cstdio>
#include <map>
#include <set>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

struct ShardPosition {
  unsigned index = 0, total = 1;
};

// A report's "I/N", or 0/1 for a run that was not sharded. The text was written from a
// validated shard, so anything else means the file was edited or is not ours.
ShardPosition position_of(const ShardFile& s) {
  if (s.shard.empty()) return {};
  unsigned index = 0, total = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(s.shard.c_str(), "%u%c%u%c", &index, &slash, &total, &extra) != 3 ||
      slash != '/' || total == 0 || index >= total)
    throw MergeRefused(
        fmt::format("{}: shard '{}' is not of the form I/N with 0 <= I < N", s.file, s.shard));
  return {index, total};
}

std::string shard_name(ShardPosition p) { return fmt::format("{}/{}", p.index, p.total); }

// The ids shard `p` of a run holds: the run's own rule (every N-th, from the I-th).
std::vector<std::string> ids_of_shard(const std::vector<std::string>& whole, ShardPosition p) {
  std::vector<std::string> ids;
  for (std::size_t i = p.index; i < whole.size(); i += p.total) ids.push_back(whole[i]);
  return ids;
}

// Where a shard's ids part from what it should hold: ": 'X' is missing", ": 'Y' is not its",
// or nothing when only their order differs.
std::string first_difference(const std::vector<std::string>& expected,
                             const std::vector<std::string>& held) {
  const std::set<std::string> want(expected.begin(), expected.end());
  const std::set<std::string> have(held.begin(), held.end());
  for (const auto& id : expected)
    if (!have.contains(id)) return fmt::format(": '{}' is missing", id);
  for (const auto& id : held)
    if (!want.contains(id)) return fmt::format(": '{}' is not its", id);
  return "";
}

}  // namespace

void ShardSet::refuse(std::string why) {
  if (!allow_partial_)
    throw MergeRefused(why +
                       "; merge only whole runs, or pass --allow-partial (the gate then fails)");
  problems_.push_back(std::move(why));
}

std::string ShardSet::partial() const { return fmt::format("{}", fmt::join(problems_, "; ")); }

std::vector<std::string> ShardSet::check(const std::vector<ShardFile>& files) {
  if (files.empty()) throw MergeRefused("no shard reports to merge");
  for (const auto& s : files)
    if (s.selected.empty() && !s.held.empty())
      refuse(fmt::format("{} does not say what its run selected (written by an older interleave?)",
                         s.file));

  // Mixed: every report must be a shard of the same run.
  const ShardFile& first = files.front();
  const ShardPosition first_position = position_of(first);
  for (const auto& s : files) {
    const ShardPosition p = position_of(s);
    if (p.total != first_position.total)
      refuse(fmt::format("mixed shard sets: {} is shard {} but {} is shard {}", first.file,
                         shard_name(first_position), s.file, shard_name(p)));
    else if (s.selected != first.selected)
      refuse(
          fmt::format("mixed shard sets: {} and {} selected different items (another --filter, "
                      "or another build of the models)",
                      first.file, s.file));
    else if (s.settings != first.settings)
      refuse(fmt::format("mixed shard sets: {} ran with '{}' but {} with '{}'", first.file,
                         first.settings, s.file, s.settings));
    else if (!s.revision.empty() && !first.revision.empty() && s.revision != first.revision)
      refuse(fmt::format("mixed shard sets: {} ran on revision {} but {} on {}", first.file,
                         first.revision, s.file, s.revision));
    else if (s.whole != first.whole)  // the same selection and settings planned other mutants
      refuse(fmt::format(
          "mixed shard sets: {} and {} found different {} to run (another build of the library "
          "or the models, or a discovery search cut short by its time budget)",
          first.file, s.file, held_what_));
  }

  // Overlapping: a shard twice, or an id in two reports.
  std::map<unsigned, const ShardFile*> by_index;
  std::map<std::string, std::string> file_of;
  for (const auto& s : files) {
    const ShardPosition p = position_of(s);
    if (auto [it, fresh] = by_index.emplace(p.index, &s); !fresh && p.total == first_position.total)
      refuse(fmt::format("overlapping shards: shard {} is both {} and {}", shard_name(p),
                         it->second->file, s.file));
    // Each report holds exactly its shard's ids: otherwise it is not that shard of this run.
    if (p.total == first_position.total && s.whole == first.whole) {
      const std::vector<std::string> expected = ids_of_shard(s.whole, p);
      if (s.held != expected)
        refuse(fmt::format("{} says it is shard {} but does not hold exactly that shard's {}{}",
                           s.file, shard_name(p), held_what_, first_difference(expected, s.held)));
    }
    for (const auto& id : s.held)
      if (auto [it, fresh] = file_of.emplace(id, s.file); !fresh)
        refuse(
            fmt::format("overlapping shards: '{}' is in both {} and {}", id, it->second, s.file));
  }

  // Incomplete: every shard of the run present.
  std::vector<std::string> missing;
  for (unsigned i = 0; i < first_position.total; ++i)
    if (!by_index.contains(i)) missing.push_back(shard_name({i, first_position.total}));
  if (!missing.empty())
    refuse(fmt::format("incomplete shard set: {} {} missing", fmt::join(missing, ", "),
                       missing.size() == 1 ? "is" : "are"));

  // The whole run's order, then anything a mixed set added, in file order.
  std::vector<std::string> order;
  std::set<std::string> placed;
  const auto place = [&](const std::string& id) {
    if (placed.insert(id).second) order.push_back(id);
  };
  for (const auto& id : first.whole) place(id);
  for (const auto& s : files) {
    for (const auto& id : s.whole) place(id);
    for (const auto& id : s.held) place(id);
  }
  return order;
}

}  // namespace interleave::harness
