// Searches for division_test.cpp, in a unit of their own (Relacy #defines `new`, `delete` and `$`
// for what follows it): each model searched whole and divided into pieces, with every execution's
// hash (harness/relacy_schedulers.hpp, search_division).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// One search as the test compares it: its verdict and the hash of each execution it explored.
struct Explored {
  harness::Verdict verdict;
  std::vector<std::uint64_t> executions;
};

// A model of three threads over interleave::Mutex (relacy_backend) that passes, one whose
// threads race on a plain cell, and two threads on one atomic (small enough for a full search).
enum class DivisionModel { counter_under_mutex, racing_cell, two_adders };

Explored search_whole(DivisionModel m, const harness::SearchSettings& s);
// The pieces at `depth`; `listing` gets the listing's own verdict.
std::vector<std::string> list_pieces(DivisionModel m, const harness::SearchSettings& s,
                                     unsigned depth, harness::Verdict* listing = nullptr);
Explored search_piece(DivisionModel m, harness::SearchSettings s, const std::string& piece);
// The model as a registered item: run by run_relacy_suite, divided by list_search_pieces.
harness::Entry entry_of(DivisionModel m, harness::Expectation expected);
// The checked replay of one failing execution's state, as `interleave replay --state` runs it.
harness::Verdict replay(DivisionModel m, harness::SearchSettings s, const std::string& state);

}  // namespace interleave::test
