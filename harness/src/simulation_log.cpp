#include "interleave/harness/simulation_log.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "interleave/harness/history.hpp"

namespace interleave::harness {

SimulationLog::SimulationLog() {
  std::string templ = (std::filesystem::temp_directory_path() / "interleave-relacy-XXXXXX").string();
  const int fd = ::mkstemp(templ.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for Relacy's output in " +
                                       std::filesystem::temp_directory_path().string());
  ::close(fd);
  path_ = templ;
  out_.open(path_, std::ios::out | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot open " + path_ + " for Relacy's output");
}

SimulationLog::~SimulationLog() {
  out_.close();
  ::unlink(path_.c_str());
}

namespace {

// The first line after the test name is Relacy's own statement of the defect,
// e.g. "DATA RACE (data race detected)" or "USER ASSERT FAILED (assertion: x == 1)".
std::string detail_line(const std::string& text, std::string_view defect) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(defect, 0) == 0) return line;
  return std::string(defect);
}

}  // namespace

void DefectTally::add(const std::string& defect, std::uint64_t iteration) {
  for (auto& s : seen_)
    if (s.defect == defect) {
      ++s.count;
      return;
    }
  seen_.push_back({defect, 1, iteration});
}

std::vector<std::string> DefectTally::summary() const {
  std::vector<std::string> out;
  for (const auto& s : seen_)
    out.push_back(s.defect + " in " + std::to_string(s.count) +
                  (s.count == 1 ? " iteration" : " iterations") + ", first at " +
                  std::to_string(s.first));
  return out;
}

namespace detail {
std::uint64_t state_iteration(const std::string& state) {
  std::istringstream in(state);
  std::uint64_t at = 0;
  in >> at;
  return in ? at : 0;
}
}  // namespace detail

Verdict SimulationLog::finish(std::string_view result, std::uint64_t stop_iteration,
                              std::string final_state, SearchEnd end) {
  out_.flush();
  Verdict v;
  v.defect = std::string(result);
  v.iterations = stop_iteration;
  v.search = end;
  if (!v.defect.empty()) {
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    v.history = text.str();
    v.trace = parse_history(v.history);
    v.detail = detail_line(v.history, v.defect);
    v.final_state = std::move(final_state);
  }
  return v;
}

}  // namespace interleave::harness
