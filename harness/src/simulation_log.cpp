#include "interleave/harness/simulation_log.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <ext/stdio_filebuf.h>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "interleave/harness/history.hpp"

namespace interleave::harness {

namespace {

// A file with no name (see the header): a memfd, else an O_TMPFILE file in the temporary
// directory. Either way it disappears when its last descriptor is closed, however the process
// ends.
int unnamed_file() {
  if (const int fd = ::memfd_create("interleave-relacy", MFD_CLOEXEC); fd >= 0) return fd;
  const int memfd_errno = errno;
  const std::string dir = std::filesystem::temp_directory_path().string();
  if (const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600); fd >= 0) return fd;
  throw std::runtime_error("cannot create an unnamed file for Relacy's output (memfd_create: " +
                           std::string(std::strerror(memfd_errno)) + "; O_TMPFILE in " + dir +
                           ": " + std::strerror(errno) + ")");
}

}  // namespace

SimulationLog::SimulationLog() : fd_(unnamed_file()) {
  // The buffer is allocated here, before the simulation: nothing allocates while it writes.
  auto buf = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(::dup(fd_), std::ios::out);
  if (!buf->is_open()) {
    ::close(fd_);
    throw std::runtime_error("cannot open a stream for Relacy's output");
  }
  buf_ = std::move(buf);
  out_.rdbuf(buf_.get());
}

SimulationLog::~SimulationLog() {
  out_.rdbuf(nullptr);
  buf_.reset();  // closes its duplicate
  ::close(fd_);
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

void DefectTally::add_summary(const std::vector<std::string>& lines) {
  for (const auto& line : lines) {
    // "DEFECT in N iteration(s), first at K", as summary() writes it.
    const auto in = line.rfind(" in ");
    const auto at = line.rfind(", first at ");
    std::uint64_t count = 0, first = 0;
    const auto number = [](const char* from, const char* to, std::uint64_t& out) {
      const auto [end, error] = std::from_chars(from, to, out);
      return error == std::errc{} && end != from;
    };
    if (in == std::string::npos || at == std::string::npos || at < in ||
        !number(line.data() + in + 4, line.data() + at, count) ||
        !number(line.data() + at + 11, line.data() + line.size(), first))
      throw std::invalid_argument("not a tally of defects: " + line);
    const std::string defect = line.substr(0, in);
    auto s =
        std::find_if(seen_.begin(), seen_.end(), [&](const seen& x) { return x.defect == defect; });
    if (s == seen_.end()) {
      seen_.push_back({defect, count, first});
    } else {
      s->count += count;
      s->first = std::min(s->first, first);
    }
  }
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

namespace {

// Every "RESULT (" in text made "NAME (": the failing event's line and the statement of the
// defect, where Relacy wrote its result for a defect the library names itself.
std::string renamed(std::string text, std::string_view result, std::string_view name) {
  const std::string from = std::string(result) + " (";
  const std::string to = std::string(name) + " (";
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

Verdict SimulationLog::finish(std::string_view result, std::uint64_t stop_iteration,
                              std::string final_state, SearchEnd end, std::string_view named) {
  out_.flush();
  Verdict v;
  v.defect = std::string(named.empty() ? result : named);
  v.iterations = stop_iteration;
  v.search = end;
  if (!v.defect.empty()) {
    std::string text;
    char chunk[65536];
    for (off_t at = 0;;) {
      const ssize_t n = ::pread(fd_, chunk, sizeof chunk, at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      text.append(chunk, static_cast<std::size_t>(n));
      at += n;
    }
    v.history = named.empty() ? std::move(text) : renamed(std::move(text), result, named);
    v.trace = parse_history(v.history);
    v.detail = detail_line(v.history, v.defect);
    v.final_state = std::move(final_state);
  }
  return v;
}

}  // namespace interleave::harness
