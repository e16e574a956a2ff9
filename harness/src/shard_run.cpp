#include "shard_run.hpp"

#include <algorithm>
#include <cstdint>

namespace interleave::harness {

std::vector<std::size_t> piece_order(std::string_view id, std::size_t count) {
  const auto key = [&](std::size_t piece) {  // FNV-1a of the id, then the index's 8 bytes
    std::uint64_t h = 14695981039346656037ull;
    const auto mix = [&](unsigned char byte) { h = (h ^ byte) * 1099511628211ull; };
    for (const char c : id) mix(static_cast<unsigned char>(c));
    for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(piece >> (8 * i)));
    return h;
  };
  std::vector<std::size_t> order(count);
  for (std::size_t p = 0; p < count; ++p) order[p] = p;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(key(a), a) < std::pair(key(b), b);
  });
  return order;
}

std::vector<Unit> run_units(const std::vector<std::string>& ids,
                            const std::vector<std::size_t>& pieces) {
  std::vector<Unit> units;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (pieces[i] == 0) units.push_back({i, 0, 0});
    for (const std::size_t p : piece_order(ids[i], pieces[i])) units.push_back({i, p, pieces[i]});
  }
  return units;
}

ShardRun run_shard(const std::vector<const Entry*>& items, const Shard& shard,
                   const RunOptions& options, const std::function<void(std::size_t)>& planned) {
  // The cuts, each in a child of its own. An item that cannot be cut (not divisible, or its
  // model throws) stays whole: its owner runs it, and meets the same throw.
  std::vector<std::vector<std::string>> cuts(items.size());
  RunOptions cutting = options;
  cutting.on_result = nullptr;
  cutting.adjust = nullptr;
  cutting.wanted = nullptr;
  cutting.cut_into = pieces_per_job * static_cast<std::size_t>(shard.total);
  cutting.on_cut = [&](std::size_t i, std::vector<std::string> pieces) {
    cuts[i] = std::move(pieces);
  };
  (void)run_items(items, cutting);  // a stop received here stops the units below at once

  ShardRun out;
  std::vector<std::string> ids;
  std::vector<std::size_t> counts;
  for (std::size_t i = 0; i < items.size(); ++i) {
    ids.push_back(items[i]->id);
    counts.push_back(cuts[i].size());
    if (!cuts[i].empty()) out.divided[items[i]->id] = cuts[i].size();
  }
  const std::vector<Unit> units = run_units(ids, counts);
  std::vector<Unit> mine;
  std::vector<const Entry*> entries;
  for (std::size_t k = shard.index; k < units.size(); k += shard.total) {
    mine.push_back(units[k]);
    entries.push_back(items[units[k].item]);
  }
  if (planned) planned(mine.size());
  RunOptions running = options;
  running.adjust = [&](std::size_t k, SearchSettings& s) {
    const Unit& u = mine[k];
    if (u.pieces == 0) return;
    s.piece = cuts[u.item][u.piece];
    s.piece_index = u.piece;
    s.piece_count = u.pieces;
  };
  out.results = run_items(entries, running);
  return out;
}

}  // namespace interleave::harness
