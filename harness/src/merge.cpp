#include "interleave/harness/merge.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "division.hpp"
#include "interleave/harness/runner.hpp"
#include "shard_run.hpp"
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

// The settings of a piece as those of its whole item.
SearchSettings whole_settings(SearchSettings s) {
  s.piece.clear();
  s.piece_index = 0;
  s.piece_count = 0;
  return s;
}

// The units a report's run planned (shard_run.hpp): its selection, each divided item as its
// pieces in dealing order.
std::vector<std::string> units_of(const reports::RunInfo& run) {
  std::vector<std::size_t> counts;
  for (const auto& id : run.selected) {
    const auto it = run.divided.find(id);
    counts.push_back(it == run.divided.end() ? 0 : it->second);
  }
  std::vector<std::string> units;
  for (const Unit& u : run_units(run.selected, counts)) {
    SearchSettings piece;
    piece.piece_index = u.piece;
    piece.piece_count = u.pieces;
    units.push_back(unit_name(run.selected[u.item], piece));
  }
  return units;
}

// One item's result from every piece of its divided search, in listing order: what its
// undivided search reports (division.hpp, join_pieces). A piece without a verdict (a crash, a
// timeout, an error, not run) is the item's result, naming the piece.
Result joined(const std::vector<const Result*>& pieces) {
  const Result& first = *pieces.front();
  Result r = first;
  r.settings = whole_settings(first.settings);
  r.seconds = 0;
  for (const Result* p : pieces) r.seconds += p->seconds;  // the search's time, over the shards
  for (const Result* p : pieces)
    if (!has_verdict(p->outcome)) {
      r.outcome = p->outcome;
      r.verdict = Verdict{};
      r.message = detail::piece_failure(r.kind, p->settings.piece_index, pieces.size(),
                                        p->settings.piece, p->message);
      r.replay = p->replay;
      return r;
    }
  std::vector<std::optional<Verdict>> verdicts;
  for (const Result* p : pieces) verdicts.emplace_back(p->verdict);
  auto v =
      detail::join_pieces(verdicts, r.kind, r.settings.iterations, r.settings.scheduler, r.threads);
  if (!v) throw std::logic_error("every piece is in, yet the join is undecided");
  r.verdict = std::move(*v);
  r.outcome = classify(r.expected, r.verdict);
  r.message = explored_nothing(r.verdict) ? std::string(nothing_explored) : "";
  if (!r.verdict.defect.empty()) {
    // The failing piece's replay, its state numbered in the whole search.
    for (const Result* p : pieces) {
      if (p->verdict.defect.empty()) continue;
      r.replay = p->replay;
      const std::string old_state = shell_quote(p->verdict.final_state);
      if (const auto at = r.replay.rfind(old_state); at != std::string::npos)
        r.replay.replace(at, old_state.size(), shell_quote(r.verdict.final_state));
      break;
    }
  }
  return r;
}

}  // namespace

MergedRun merge_shards(const std::vector<ShardReport>& shards, bool allow_partial) {
  std::vector<ShardFile> files;
  for (const auto& s : shards) {
    ShardFile f{s.file,          s.run.shard, s.run.selected,        s.run.settings,
                units_of(s.run), {},          s.run.sources.revision};
    for (const auto& r : s.results) f.held.push_back(unit_name(r.id, r.settings));
    files.push_back(std::move(f));
  }
  ShardSet set(allow_partial, "items");
  const std::vector<std::string> order = set.check(files);

  // Registration order; a unit in two reports (a partial set) keeps the first file's result.
  std::map<std::string, const Result*> by_unit;
  for (const auto& s : shards)
    for (const auto& r : s.results) by_unit.emplace(unit_name(r.id, r.settings), &r);
  const auto& divided = shards.front().run.divided;
  MergedRun out;
  for (const auto& id : shards.front().run.selected) {
    const auto cut = divided.find(id);
    if (cut == divided.end()) {
      if (auto it = by_unit.find(id); it != by_unit.end())
        out.results.push_back(*it->second);
      else
        out.results.push_back(not_run(id, "its shard's report was not among the merged files"));
      continue;
    }
    std::vector<const Result*> pieces;
    std::vector<std::string> missing;
    SearchSettings piece;
    piece.piece_count = cut->second;
    for (piece.piece_index = 0; piece.piece_index < cut->second; ++piece.piece_index) {
      const auto it = by_unit.find(unit_name(id, piece));
      if (it == by_unit.end())
        missing.push_back(std::to_string(piece.piece_index + 1));
      else
        pieces.push_back(it->second);
    }
    if (missing.empty()) {
      out.results.push_back(joined(pieces));
      continue;
    }
    Result r = pieces.empty() ? not_run(id, "") : *pieces.front();
    if (!pieces.empty()) r.settings = whole_settings(r.settings);
    r.outcome = Outcome::not_run;
    r.verdict = Verdict{};
    r.message = fmt::format(
        "pieces {} of {} are missing: their shards' reports were not among "
        "the merged files",
        fmt::join(missing, ", "), cut->second);
    out.results.push_back(std::move(r));
  }
  // Items a mixed set adds beyond the first report's selection (a partial merge), in file order.
  for (const auto& unit : order)
    if (auto it = by_unit.find(unit); it != by_unit.end()) {
      const std::string& id = it->second->id;
      const bool placed = std::any_of(out.results.begin(), out.results.end(),
                                      [&](const Result& r) { return r.id == id; });
      if (!placed) out.results.push_back(*it->second);
    }

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
