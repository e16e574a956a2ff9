#include "interleave/reports/text.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace interleave::reports::text {

using harness::Outcome;

std::array<std::size_t, outcome_count> count_outcomes(const std::vector<harness::Result>& results) {
  std::array<std::size_t, outcome_count> n{};
  for (const auto& r : results)
    for (std::size_t i = 0; i < outcome_count; ++i)
      if (r.outcome == harness::all_outcomes[i]) ++n[i];
  return n;
}

std::size_t count_unexpected(const std::vector<harness::Result>& results) {
  return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), [](const auto& r) {
    return !harness::as_expected(r.outcome);
  }));
}

std::string outcome_label(Outcome o) {
  std::string label(harness::to_string(o));
  for (char& c : label)
    c = c == '-' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return label;
}

std::string counts_text(const std::vector<harness::Result>& results) {
  const auto n = count_outcomes(results);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < outcome_count; ++i)
    if (n[i] > 0 || harness::all_outcomes[i] == Outcome::pass)
      parts.push_back(fmt::format("{} {}", n[i], harness::to_string(harness::all_outcomes[i])));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string results_count_text(std::size_t n) {
  return fmt::format("{} result{}", n, n == 1 ? "" : "s");
}

std::string summary_text(const std::vector<harness::Result>& results, double seconds) {
  return fmt::format("{} in {:.1f}s: {}", results_count_text(results.size()), seconds,
                     counts_text(results));
}

bool gate_passes(const std::vector<harness::Result>& results, std::string_view partial) {
  return count_unexpected(results) == 0 && partial.empty();
}

std::string_view gate_word(bool passes) { return passes ? "OK" : "FAILED"; }

std::string partial_text(std::string_view partial) {
  return fmt::format("partial merge: {}", partial);
}

std::string verdict_text(const std::vector<harness::Result>& results, std::string_view partial) {
  const auto bad = count_unexpected(results);
  if (bad == 0 && !partial.empty()) return partial_text(partial);
  if (bad == 0) return "every result is what it was expected to be";
  return fmt::format("{} result{} not what {} expected to be", bad, bad == 1 ? " is" : "s are",
                     bad == 1 ? "it was" : "they were");
}

std::string interrupted_text(std::string_view signal, const std::vector<harness::Result>& results) {
  if (signal.empty()) return {};
  const auto not_run = std::count_if(results.begin(), results.end(),
                                     [](const auto& r) { return r.outcome == Outcome::not_run; });
  return fmt::format("interrupted by {}: {} of {} item{} not run", signal, not_run, results.size(),
                     results.size() == 1 ? "" : "s");
}

std::string scheduler_text(const harness::SearchSettings& s) {
  return s.scheduler == harness::Scheduler::bound ? fmt::format("bound {}", s.context_bound)
                                                  : std::string(harness::to_string(s.scheduler));
}

std::string search_end_text(harness::SearchEnd e) {
  return fmt::format("search {}", harness::to_string(e));
}

std::string search_text(const harness::Result& r) {
  const auto& v = r.verdict;
  if (r.kind == harness::Kind::property && (v.scenarios > 0 || !v.defect.empty())) {
    if (v.defect.empty())
      return fmt::format("{} scenarios, each searched at bounds 0-{} and randomly, {} iterations",
                         v.scenarios, r.settings.context_bound, v.iterations);
    const std::string how = v.replay_scheduler == harness::Scheduler::random
                                ? std::string("random search")
                                : fmt::format("{} preemption{}", v.replay_context_bound,
                                              v.replay_context_bound == 1 ? "" : "s");
    return fmt::format(
        "found in scenario {} after {:.2f}s ({}), shrunk to {} operations ({} candidates), {}",
        v.scenarios, v.seconds_to_find, search_end_text(v.search),
        v.scenario ? v.scenario->operations() : 0, v.shrink_candidates, how);
  }
  const std::string how = scheduler_text(r.settings);
  if (!r.verdict.defect.empty())
    return fmt::format("{}, found at iteration {}, {}", how, r.verdict.iterations,
                       search_end_text(r.verdict.search));
  switch (r.outcome) {
    case Outcome::timeout:
    case Outcome::crash:
    case Outcome::error:
    case Outcome::not_run: return how;
    default: break;
  }
  return fmt::format("{}, {} iteration{}, {}", how, r.verdict.iterations,
                     r.verdict.iterations == 1 ? "" : "s", search_end_text(r.verdict.search));
}

std::string other_defects_text(const harness::Verdict& v) {
  return fmt::format("{}", fmt::join(v.other_defects, "; "));
}

std::string defect_text(const harness::Result& r) {
  if (!r.verdict.defect.empty()) return r.verdict.defect;
  if (r.outcome == Outcome::unexpected_pass) return "none found";
  return r.message;
}

std::string defect_and_detail(const harness::Verdict& v) {
  if (v.detail.empty() || v.detail.starts_with(v.defect))
    return v.detail.empty() ? v.defect : v.detail;
  return fmt::format("{}: {}", v.defect, v.detail);
}

std::string unexpected_pass_text(const harness::Result& r) {
  return fmt::format("expected to fail with {}, but found nothing ({})", r.expected.defect(),
                     search_text(r));
}

std::vector<const harness::Result*> sections_in_order(const std::vector<harness::Result>& results) {
  std::vector<const harness::Result*> out;
  for (const auto& r : results)
    if (!harness::as_expected(r.outcome)) out.push_back(&r);
  for (const auto& r : results)
    if (harness::as_expected(r.outcome) && r.outcome != Outcome::pass) out.push_back(&r);
  return out;
}

std::string where_text(const harness::Step& s) {
  if (s.file.empty()) return {};
  return s.line ? fmt::format("{}:{}", s.file, s.line) : s.file;
}

std::string trace_text(const std::vector<harness::Step>& trace, std::string_view indent) {
  std::size_t width = 0;
  for (const auto& s : trace) width = std::max(width, s.operation.size());
  width = std::min<std::size_t>(width, 72);
  std::string out;
  for (const auto& s : trace)
    out +=
        fmt::format("{}{:>4}  T{}  {:<{}}  {}{}\n", indent, s.index, s.thread, s.operation, width,
                    where_text(s), s.function.empty() ? "" : fmt::format(" ({})", s.function));
  return out;
}

ScenarioGrid grid_of(const harness::ScenarioTable& t, std::string_view arrow) {
  ScenarioGrid g;
  std::vector<const std::vector<harness::ScenarioOp>*> columns;
  const auto add = [&](std::string head, const std::vector<harness::ScenarioOp>& ops) {
    if (ops.empty()) return;
    g.heads.push_back(std::move(head));
    columns.push_back(&ops);
  };
  add("prefix", t.prefix);
  for (std::size_t i = 0; i < t.threads.size(); ++i) add(fmt::format("thread {}", i), t.threads[i]);
  add("suffix", t.suffix);
  std::size_t rows = 0;
  for (const auto* c : columns) rows = std::max(rows, c->size());
  for (std::size_t r = 0; r < rows; ++r) {
    auto& row = g.rows.emplace_back();
    for (const auto* c : columns)
      row.push_back(r < c->size() ? fmt::format("{}{}{}", (*c)[r].operation, arrow, (*c)[r].result)
                                  : "");
  }
  return g;
}

}  // namespace interleave::reports::text
