#include "interleave/harness/merge.hpp"

#include <map>

#include "shard_set.hpp"

namespace interleave::harness {

namespace {

Result not_run(const std::string& id, std::string why) {
  Result r;
  r.id = id;
  r.outcome = Outcome::not_run;
  r.message = std::move(why);
  return r;
}

}  // namespace

MergedRun merge_shards(const std::vector<ShardReport>& shards, bool allow_partial) {
  std::vector<ShardFile> files;
  for (const auto& s : shards) {
    ShardFile f{s.file,         s.run.shard, s.run.selected,        s.run.settings,
                s.run.selected, {},          s.run.sources.revision};
    for (const auto& r : s.results) f.held.push_back(r.id);
    files.push_back(std::move(f));
  }
  ShardSet set(allow_partial, "items");
  const std::vector<std::string> order = set.check(files);

  // Registration order; an id in two reports (a partial set) keeps the first file's result.
  std::map<std::string, const Result*> by_id;
  for (const auto& s : shards)
    for (const auto& r : s.results) by_id.emplace(r.id, &r);
  MergedRun out;
  for (const auto& id : order)
    if (auto it = by_id.find(id); it != by_id.end())
      out.results.push_back(*it->second);
    else
      out.results.push_back(not_run(id, "its shard's report was not among the merged files"));

  const ShardReport& first = shards.front();
  out.run.selected = first.run.selected;
  out.run.settings = first.run.settings;
  out.run.sources = first.run.sources;
  for (const auto& s : shards) {
    out.run.seconds = std::max(out.run.seconds, s.run.seconds);
    // A shard stopped by a signal holds not-run items; the merged report says so as the shard's
    // did.
    if (out.run.interrupted.empty() && !s.run.interrupted.empty())
      out.run.interrupted = s.run.interrupted;
  }
  out.run.partial = set.partial();
  return out;
}

}  // namespace interleave::harness
