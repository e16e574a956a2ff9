#include "division.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "interleave/harness/replay_input.hpp"
#include "interleave/harness/simulation_log.hpp"

namespace interleave::harness::detail {

bool divisible(const Entry& e, const SearchSettings& s, std::uint64_t divide_after) {
  if (divide_after == 0 || !s.initial_state.empty() || !s.piece.empty()) return false;
  if (e.kind == Kind::property)
    return s.reproduce.empty() && s.iterations >= 2 * property_piece_scenarios;
  if (s.scheduler == Scheduler::random)
    return s.iterations > divide_after && s.iterations >= 2 * random_piece_iterations;
  return static_cast<bool>(e.list_pieces) && (s.iterations == 0 || s.iterations > divide_after);
}

namespace {

// Whether some piece is cut at `depth` decisions: a deeper cut would divide it further. (A
// shorter piece is a whole execution that ended sooner.)
bool cut_goes_deeper(const std::vector<std::string>& pieces, const SearchSettings& s, int threads,
                     unsigned depth) {
  return std::any_of(pieces.begin(), pieces.end(), [&](const std::string& piece) {
    auto parsed = parse_replay_state(piece, s.scheduler, threads);
    if (!parsed) throw std::logic_error("a listed piece is not a state: " + parsed.error());
    return parsed->decisions.size() >= depth;
  });
}

// Numbers first..first + total - 1 in at most `target` ranges of at least `fewest`, as even as
// they divide: a random search's iterations, a property's scenarios.
std::vector<std::string> number_ranges(std::uint64_t first, std::uint64_t total,
                                       std::uint64_t fewest, std::size_t target) {
  total = std::max<std::uint64_t>(total, 1);
  const std::uint64_t count =
      std::clamp<std::uint64_t>(total / fewest, 1, std::max<std::size_t>(target, 1));
  std::vector<std::string> pieces;
  for (std::uint64_t k = 0, from = first; k < count; ++k) {
    const std::uint64_t size = total / count + (k < total % count ? 1 : 0);
    pieces.push_back(range_text({from, from + size - 1}));
    from += size;
  }
  return pieces;
}

}  // namespace

SearchOrPieces search_or_divide(const Entry& e, const SearchSettings& s, std::uint64_t divide_after,
                                std::size_t target,
                                const std::function<Verdict(const SearchSettings&)>& search) {
  if (e.kind == Kind::property)  // scenarios numbered from 1, whatever the seed
    return number_ranges(1, s.iterations, property_piece_scenarios, target);
  if (s.scheduler == Scheduler::random) {  // Relacy's seeds: the iterations' own numbers
    const IterationRange whole = random_iterations(s);
    return number_ranges(whole.first, whole.last - whole.first + 1, random_piece_iterations,
                         target);
  }
  if (divide_after > 0) {
    SearchSettings probe = s;
    probe.iterations = divide_after;
    Verdict v = search(probe);
    // Ended within the probe: a defect, the whole tree, or its time budget before divide_after
    // executions. Any of these is what the undivided search gives.
    if (!v.defect.empty() || v.search != SearchEnd::budget_exhausted || v.iterations < divide_after)
      return v;
  }
  std::vector<std::string> pieces;
  for (unsigned depth = 1; depth <= max_cut_depth; ++depth) {
    SearchPieces listed;
    try {
      listed = e.list_pieces(s, depth, max_pieces);
    } catch (const std::length_error&) {
      break;  // too many at this depth: the cut above it
    }
    // A listing stops at a defect: its pieces are all a deeper one would search first.
    const bool deeper =
        listed.listing.defect.empty() && cut_goes_deeper(listed.pieces, s, e.threads, depth);
    pieces = std::move(listed.pieces);
    if (pieces.size() >= target || !deeper) break;
  }
  if (pieces.empty()) throw std::logic_error("the search could not be cut into pieces");
  return pieces;
}

std::string piece_failure(Kind kind, std::size_t index, std::size_t count, const std::string& piece,
                          const std::string& message) {
  const char* what = kind == Kind::property ? " (scenarios "
                     : parse_range(piece)   ? " (iterations "
                                            : " (the subtree under ";
  return "piece " + std::to_string(index + 1) + " of " + std::to_string(count) + what + piece +
         "): " + message;
}

namespace {

// A joined verdict, each mutation site the pieces that count reached listed once.
std::optional<Verdict> joined_with_unique_sites(Verdict v) {
  std::sort(v.sites.begin(), v.sites.end());
  v.sites.erase(std::unique(v.sites.begin(), v.sites.end()), v.sites.end());
  return v;
}

// join_pieces for a random search or a property (see division.hpp).
std::optional<Verdict> join_ranges(std::span<const std::optional<Verdict>> pieces, Kind kind) {
  Verdict joined;
  joined.pieces = pieces.size();
  joined.search = SearchEnd::budget_exhausted;  // neither kind of search completes
  DefectTally passed;
  for (const auto& piece : pieces) {
    if (!piece) return std::nullopt;
    const Verdict& v = *piece;
    passed.add_summary(v.other_defects);
    joined.sites.insert(joined.sites.end(), v.sites.begin(), v.sites.end());
    if (!v.defect.empty()) {
      Verdict failing = v;
      failing.pieces = joined.pieces;
      failing.sites = std::move(joined.sites);
      // A random search's iteration and state are the whole search's already. A property's
      // iterations and scenarios count all it explored: the pieces before it too.
      if (kind == Kind::property) {
        failing.iterations += joined.iterations;
        failing.scenarios += joined.scenarios;
      }
      joined = std::move(failing);
      break;
    }
    joined.iterations += v.iterations;
    joined.scenarios += v.scenarios;
  }
  joined.other_defects = passed.summary();
  return joined_with_unique_sites(std::move(joined));
}

}  // namespace

std::optional<Verdict> join_pieces(std::span<const std::optional<Verdict>> pieces, Kind kind,
                                   std::uint64_t budget, Scheduler scheduler, int threads) {
  if (kind == Kind::property || scheduler == Scheduler::random) return join_ranges(pieces, kind);
  const std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();
  Verdict joined;
  joined.pieces = pieces.size();
  joined.search = SearchEnd::complete;
  std::uint64_t explored = 0;
  const auto take_along = [&](const Verdict& v) {
    joined.other_defects.insert(joined.other_defects.end(), v.other_defects.begin(),
                                v.other_defects.end());
    joined.sites.insert(joined.sites.end(), v.sites.begin(), v.sites.end());
  };
  const auto budget_spent = [&] {
    joined.iterations = budget;
    joined.search = SearchEnd::budget_exhausted;
    return joined_with_unique_sites(std::move(joined));
  };
  for (const auto& piece : pieces) {
    if (!piece) return std::nullopt;
    const Verdict& v = *piece;
    const std::uint64_t left = budget == 0 ? unlimited : budget - explored;
    if (v.iterations > left) return budget_spent();  // the undivided search stops inside it
    if (!v.defect.empty()) {
      Verdict failing = v;
      failing.iterations = explored + v.iterations;
      auto state = parse_replay_state(v.final_state, scheduler, threads);
      if (!state)
        throw std::logic_error("a piece's failing state is not a state: " + state.error());
      state->iteration = failing.iterations;
      failing.final_state = state_text(*state);
      failing.pieces = joined.pieces;
      failing.other_defects = joined.other_defects;
      failing.other_defects.insert(failing.other_defects.end(), v.other_defects.begin(),
                                   v.other_defects.end());
      failing.sites.insert(failing.sites.end(), joined.sites.begin(), joined.sites.end());
      return joined_with_unique_sites(std::move(failing));
    }
    take_along(v);
    explored += v.iterations;
    if (v.search == SearchEnd::budget_exhausted) {
      // Its iteration budget is the item's: spent exactly at what was left, the undivided
      // search ends there too. Short of it, the piece ran out of time; the others still count.
      if (budget != 0 && v.iterations == left) return budget_spent();
      joined.search = SearchEnd::budget_exhausted;
    }
  }
  joined.iterations = explored;
  return joined_with_unique_sites(std::move(joined));
}

}  // namespace interleave::harness::detail
