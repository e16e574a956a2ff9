// interleave/harness/simulation_log.hpp: where a Relacy simulation writes, and how what it
// wrote becomes a Verdict. Plain C++ (no Relacy): <interleave/model.hpp> uses it.
//
// Relacy must not write into a std::ostringstream (its buffer would grow on Relacy's heap inside
// the simulation and be freed by glibc later), so it writes into a file that has no name: a
// memfd (memfd_create), or where that is not available an O_TMPFILE file in the temporary
// directory. Nothing is ever linked into a directory, so a process that is killed or crashes
// mid-simulation leaves nothing behind.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/registry.hpp"

namespace interleave::harness {

class SimulationLog {
 public:
  SimulationLog();
  ~SimulationLog();
  SimulationLog(const SimulationLog&) = delete;
  SimulationLog& operator=(const SimulationLog&) = delete;

  std::ostream& stream() noexcept { return out_; }

  // Reads back what the simulation wrote. `result` is Relacy's test_result_str, or empty when
  // the search found nothing (success, or its budget ran out). `named`: the defect's name where
  // the library named it itself (backend/relacy.hpp, named_defect), reported instead of
  // `result`, in the verdict and in the history's words.
  Verdict finish(std::string_view result, std::uint64_t stop_iteration, std::string final_state,
                 SearchEnd end, std::string_view named = {});

 private:
  int fd_ = -1;
  std::unique_ptr<std::streambuf> buf_;  // writes to a duplicate of fd_, which it owns
  std::ostream out_{nullptr};
};

// Defects a search went past, by kind: "MEMORY LEAK in 113 iterations, first at 1".
class DefectTally {
 public:
  void add(const std::string& defect, std::uint64_t iteration);
  // Adds another search's summary() (a piece of a divided random search): counts summed, the
  // first iteration the earliest. Throws std::invalid_argument for a line summary() never wrote.
  void add_summary(const std::vector<std::string>& lines);
  [[nodiscard]] std::vector<std::string> summary() const;

 private:
  struct seen {
    std::string defect;
    std::uint64_t count = 0;
    std::uint64_t first = 0;
  };
  std::vector<seen> seen_;
};

namespace detail {
// The leading iteration index of a Relacy state string ("37 2 0 1" -> 37), or 0.
std::uint64_t state_iteration(const std::string& state);
}  // namespace detail

}  // namespace interleave::harness
