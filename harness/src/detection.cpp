#include "interleave/harness/detection.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "interleave/harness/runner.hpp"

namespace interleave::harness {

std::string blind_unit_message(const std::string& file, const std::string& found) {
  return fmt::format(
      "{}: Relacy cannot see use after free in this translation unit (its probe read freed "
      "memory and Relacy reported {}, not ACCESS TO FREED MEMORY): GCC's lifetime dead-store "
      "elimination removed the store in rl::signature's destructor that marks an object freed. "
      "Compile {} with -fno-lifetime-dse (a CMake target that links interleave::harness gets it)",
      file, found, file);
}

std::vector<std::string> units_blind_to_freed_memory(const std::vector<const Entry*>& items,
                                                     unsigned jobs) {
  // One probe entry per distinct probe, named after the first registration that carries it.
  std::vector<Entry> probes;
  for (const Entry* e : items) {
    if (e->freed_memory_probe == nullptr) continue;
    const bool seen = std::any_of(probes.begin(), probes.end(), [&](const Entry& p) {
      return p.freed_memory_probe == e->freed_memory_probe;
    });
    if (seen) continue;
    Entry p;
    p.id = fmt::format("freed-memory-probe/{}", probes.size());
    p.expected = Expectation::fails_with("ACCESS TO FREED MEMORY");
    p.file = e->file;
    p.line = e->line;
    p.freed_memory_probe = e->freed_memory_probe;
    p.run = [probe = e->freed_memory_probe](const SearchSettings&) { return probe(); };
    probes.push_back(std::move(p));
  }
  if (probes.empty()) return {};
  std::vector<const Entry*> run;
  for (const auto& p : probes) run.push_back(&p);
  RunOptions options;
  options.jobs = jobs;
  options.timeout_seconds = 60;
  options.program = "interleave";
  std::vector<std::string> blind;
  for (const Result& r : run_items(run, options)) {
    if (r.outcome == Outcome::expected_failure) continue;
    const std::string found =
        !r.verdict.defect.empty() ? r.verdict.defect
        : r.outcome == Outcome::unexpected_pass
            ? std::string("nothing")
            : fmt::format("nothing ({}: {})", to_string(r.outcome), r.message);
    blind.push_back(blind_unit_message(r.file, found));
  }
  return blind;
}

}  // namespace interleave::harness
