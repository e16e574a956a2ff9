#include "interleave/harness/result.hpp"

#include <algorithm>

#include "interleave/harness/utf8.hpp"

namespace interleave::harness {

std::size_t ScenarioTable::operations() const noexcept {
  const auto chosen = [](const std::vector<ScenarioOp>& ops) {
    return static_cast<std::size_t>(
        std::count_if(ops.begin(), ops.end(), [](const ScenarioOp& o) { return !o.implicit; }));
  };
  std::size_t n = chosen(prefix) + chosen(suffix);
  for (const auto& t : threads) n += chosen(t);
  return n;
}

std::string_view to_string(SearchEnd e) noexcept {
  switch (e) {
    case SearchEnd::complete: return "complete";
    case SearchEnd::budget_exhausted: return "budget exhausted";
    case SearchEnd::stopped: return "stopped at the first defect";
  }
  return "?";
}

std::optional<SearchEnd> parse_search_end(std::string_view s) noexcept {
  for (SearchEnd e : {SearchEnd::complete, SearchEnd::budget_exhausted, SearchEnd::stopped})
    if (s == to_string(e)) return e;
  return std::nullopt;
}

std::string_view to_string(Outcome o) noexcept {
  switch (o) {
    case Outcome::pass: return "pass";
    case Outcome::expected_failure: return "expected-failure";
    case Outcome::fail: return "fail";
    case Outcome::unexpected_pass: return "unexpected-pass";
    case Outcome::timeout: return "timeout";
    case Outcome::crash: return "crash";
    case Outcome::error: return "error";
    case Outcome::not_run: return "not-run";
  }
  return "?";
}

Outcome classify(const Expectation& expected, const Verdict& v) noexcept {
  if (explored_nothing(v)) return Outcome::error;
  if (v.defect.empty()) return expected.expects_pass() ? Outcome::pass : Outcome::unexpected_pass;
  if (!expected.expects_pass() && v.defect == expected.defect()) return Outcome::expected_failure;
  return Outcome::fail;
}

namespace {
void fix(std::string& s) {
  if (!is_valid_utf8(s)) s = valid_utf8(s);
}
void fix(std::vector<ScenarioOp>& ops) {
  for (auto& o : ops) {
    fix(o.operation);
    fix(o.result);
  }
}
}  // namespace

void make_valid_utf8(Verdict& v) {
  for (auto* s : {&v.defect, &v.detail, &v.final_state, &v.history, &v.reproduce}) fix(*s);
  for (auto& s : v.trace)
    for (auto* t : {&s.operation, &s.object, &s.value, &s.order, &s.function, &s.file}) fix(*t);
  for (auto& s : v.other_defects) fix(s);
  if (v.scenario) {
    fix(v.scenario->prefix);
    for (auto& t : v.scenario->threads) fix(t);
    fix(v.scenario->suffix);
  }
}

void make_valid_utf8(Result& r) {
  for (auto* s : {&r.id, &r.description, &r.file, &r.twin_of, &r.message, &r.replay,
                  &r.settings.initial_state, &r.settings.search_for, &r.settings.reproduce})
    fix(*s);
  if (!is_valid_utf8(r.expected.defect()))
    r.expected = Expectation::fails_with(valid_utf8(r.expected.defect()));
  make_valid_utf8(r.verdict);
}

}  // namespace interleave::harness
