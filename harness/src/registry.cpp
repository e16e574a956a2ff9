#include "interleave/harness/registry.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace interleave::harness {

std::string_view to_string(Kind k) noexcept { return k == Kind::model ? "model" : "property"; }

std::string_view to_string(Scheduler s) noexcept {
  switch (s) {
    case Scheduler::random: return "random";
    case Scheduler::bound: return "bound";
    case Scheduler::full: return "full";
  }
  return "?";
}

std::optional<Scheduler> parse_scheduler(std::string_view s) noexcept {
  if (s == "random") return Scheduler::random;
  if (s == "bound") return Scheduler::bound;
  if (s == "full") return Scheduler::full;
  return std::nullopt;
}

std::size_t ScenarioTable::operations() const noexcept {
  const auto chosen = [](const std::vector<ScenarioOp>& ops) {
    return static_cast<std::size_t>(
        std::count_if(ops.begin(), ops.end(), [](const ScenarioOp& o) { return !o.implicit; }));
  };
  std::size_t n = chosen(prefix) + chosen(suffix);
  for (const auto& t : threads) n += chosen(t);
  return n;
}

std::string Expectation::describe() const {
  return expects_pass() ? "pass" : fmt::format("fails with {}", defect_);
}

const std::vector<std::string>& relacy_defects() {
  // Mirrors rl::test_result_str for every failing verdict (relacy/test_result.hpp).
  static const std::vector<std::string> names = {
      "USER ASSERT FAILED", "USER INVARIANT FAILED", "DATA RACE", "ACCESS TO FREED MEMORY",
      "DOUBLE FREE", "MEMORY LEAK", "RESOURCE LEAK", "ACCESS TO UNINITIALIZED VARIABLE",
      "DEADLOCK", "LIVELOCK", "RECURSION ON NON-RECURSIVE MUTEX",
      "UNLOCKING MUTEX W/O OWNERSHIP", "DESTROYING OWNED MUTEX",
      "DOUBLE INITIALIZATION OF MUTEX", "USAGE OF NON INITIALIZED MUTEX",
      "ATTEMPT TO UPGRADE EXCLUSIVE MUTEX OWNERSHIP TO SHARED",
      "ATTEMPT TO UPGRADE SHARED MUTEX OWNERSHIP TO EXCLUSIVE",
      "DOUBLE INITIALIZATION OF CONDITION VARIABLE",
      "USAGE OF NON INITIALIZED CONDITION VARIABLE", "INCONSISTENT TEST SUITE"};
  return names;
}

namespace {

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.front() == '/' || id.back() == '/') return false;
  if (id.find("//") != std::string_view::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' ||
           c == '_' || c == '.';
  });
}

}  // namespace

bool Registry::add(Entry e) {
  const std::string where = fmt::format("{}:{}", e.file, e.line);
  if (!is_valid_id(e.id)) {
    record_problem(fmt::format(
        "{}: id '{}' is not a path of lower-case words ([a-z0-9._-] separated by '/')", where,
        e.id));
    return false;
  }
  if (const Entry* other = find(e.id)) {
    record_problem(fmt::format("{}: id '{}' is already registered at {}:{}", where, e.id,
                               other->file, other->line));
    return false;
  }
  if (e.kind == Kind::model && !e.expected.expects_pass()) {
    const auto& known = relacy_defects();
    if (std::find(known.begin(), known.end(), e.expected.defect()) == known.end()) {
      record_problem(fmt::format("{}: '{}' expects '{}', which is not a defect Relacy reports "
                                 "(one of: {})",
                                 where, e.id, e.expected.defect(), fmt::join(known, ", ")));
      return false;
    }
  }
  const SearchSettings& d = e.defaults;
  const bool property = e.kind == Kind::property;
  const std::uint64_t most = property ? max_scenarios : max_iterations;
  if (d.iterations > most || d.context_bound > max_context_bound || !(d.seconds >= 0) ||
      d.seconds > max_seconds) {
    record_problem(fmt::format(
        "{}: '{}' has default settings out of range: {} {} (at most {}), context bound {} (at "
        "most {}), {} s (0 to {})",
        where, e.id, d.iterations, property ? "scenarios" : "iterations", most, d.context_bound,
        max_context_bound, d.seconds, max_seconds));
    return false;
  }
  entries_.push_back(std::move(e));
  return true;
}

const Entry* Registry::find(std::string_view id) const noexcept {
  for (const auto& e : entries_)
    if (e.id == id) return &e;
  return nullptr;
}

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace interleave::harness
