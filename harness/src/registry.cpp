#include "interleave/harness/registry.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "interleave/detail/rc_thread_check.hpp"

#include "interleave/harness/utf8.hpp"

namespace interleave::harness {

const std::vector<std::string>& relacy_results() {
  // rl::test_result_str for every rl::test_result_e but success, in the enum's order
  // (relacy/test_result.hpp); tests/relacy_results checks the two agree. (test_result_thread_signal
  // has no name: Relacy never reports it.)
  static const std::vector<std::string> names = {
      "UNTIL CONDITION HIT",
      "INCONSISTENT TEST SUITE",
      "USER ASSERT FAILED",
      "USER INVARIANT FAILED",
      "DATA RACE",
      "ACCESS TO FREED MEMORY",
      "DOUBLE FREE",
      "MEMORY LEAK",
      "RESOURCE LEAK",
      "ACCESS TO UNINITIALIZED VARIABLE",
      "DEADLOCK",
      "LIVELOCK",
      "RECURSION ON NON-RECURSIVE MUTEX",
      "UNLOCKING MUTEX W/O OWNERSHIP",
      "DESTROYING OWNED MUTEX",
      "DOUBLE INITIALIZATION OF MUTEX",
      "USAGE OF NON INITIALIZED MUTEX",
      "ATTEMPT TO UPGRADE EXCLUSIVE MUTEX OWNERSHIP TO SHARED",
      "ATTEMPT TO UPGRADE SHARED MUTEX OWNERSHIP TO EXCLUSIVE",
      "DOUBLE INITIALIZATION OF CONDITION VARIABLE",
      "USAGE OF NON INITIALIZED CONDITION VARIABLE",
      "DOUBLE INITIALIZATION OF SEMAPHORE",
      "USAGE OF NON INITIALIZED SEMAPHORE",
      "DOUBLE INITIALIZATION OF EVENT",
      "USAGE OF NON INITIALIZED EVENT"};
  return names;
}

const std::vector<std::string>& model_defects() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all = relacy_results();
    all.emplace_back(::interleave::detail::rc_thread_defect);
    return all;
  }();
  return names;
}

namespace {

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.front() == '/' || id.back() == '/') return false;
  if (id.find("//") != std::string_view::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
           c == '.';
  });
}

}  // namespace

bool Registry::add(Entry e) {
  const std::string where = fmt::format("{}:{}", e.file, e.line);
  if (!is_valid_id(e.id)) {
    record_problem(
        fmt::format("{}: id '{}' is not a path of lower-case words ([a-z0-9._-] separated by '/')",
                    where, e.id));
    return false;
  }
  if (!is_valid_utf8(e.description)) {  // it goes into every report and the listing as it is
    record_problem(fmt::format("{}: the description of '{}' is not valid UTF-8", where, e.id));
    return false;
  }
  if (const Entry* other = find(e.id)) {
    record_problem(fmt::format("{}: id '{}' is already registered at {}:{}", where, e.id,
                               other->file, other->line));
    return false;
  }
  const auto& known = model_defects();
  const auto is_model_defect = [&](const std::string& name) {
    return std::find(known.begin(), known.end(), name) != known.end();
  };
  if (e.kind == Kind::model && !e.expected.expects_pass() &&
      !is_model_defect(e.expected.defect())) {
    record_problem(
        fmt::format("{}: '{}' expects '{}', which is not a defect a model reports "
                    "(one of: {})",
                    where, e.id, e.expected.defect(), fmt::join(known, ", ")));
    return false;
  }
  for (const auto& passed : e.expected.passing()) {
    // A property explores with Relacy too: what it passes on the way is a model's defect.
    const char* wrong = passed == e.expected.defect() ? "it is the expected defect itself"
                        : !is_model_defect(passed)    ? "it is not a defect a model reports"
                                                      : nullptr;
    if (wrong) {
      record_problem(
          fmt::format("{}: '{}' may pass '{}', but {} (the defects a search may pass "
                      "on its way to the expected one are a model's defects: {})",
                      where, e.id, passed, wrong, fmt::join(known, ", ")));
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
  // An item over a broken backend that is expected to pass claims the fault does not show
  // there: it is no control, and has no twin.
  if (e.expected.expects_pass()) {
    e.without_fault = nullptr;
    e.list_pieces_without_fault = nullptr;
  }
  e.injects_fault = static_cast<bool>(e.without_fault);
  if (e.without_fault) {
    // The twin is the control's item but for its id, expectation and description.
    Entry t;
    static_cast<ItemInfo&>(t) = e;
    t.id = twin_id(e.id);
    t.expected = Expectation::pass();
    t.description = fmt::format(
        "the twin of '{}': the same search over the sound backend, "
        "which must pass",
        e.id);
    t.injects_fault = false;
    t.twin_of = e.id;
    t.defaults = e.defaults;
    t.run = e.without_fault;
    t.list_pieces = e.list_pieces_without_fault;
    t.freed_memory_probe = e.freed_memory_probe;
    twins_.push_back(std::move(t));
  }
  entries_.push_back(std::move(e));
  return true;
}

const Entry* Registry::find(std::string_view id) const noexcept {
  for (const auto* list : {&entries_, &twins_})
    for (const auto& e : *list)
      if (e.id == id) return &e;
  return nullptr;
}

const Entry* Registry::twin_of(const Entry& control) const noexcept {
  if (!control.without_fault) return nullptr;
  for (const auto& t : twins_)
    if (t.twin_of == control.id) return &t;
  return nullptr;
}

std::string twin_id(std::string_view control_id) {
  return fmt::format("{} [without fault]", control_id);
}

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace interleave::harness
