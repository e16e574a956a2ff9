#include "interleave/reports/text.hpp"

#include "interleave/reports/escape.hpp"

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
  const std::string how =
      v.pieces > 0 ? fmt::format("{}, divided into {} pieces", scheduler_text(r.settings), v.pieces)
                   : scheduler_text(r.settings);
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

std::string source_link(const harness::Sources& sources, const harness::Step& s) {
  if (sources.url.empty() || s.file.empty() || s.file.starts_with('/') ||
      s.file.starts_with("../") || s.kind != harness::StepKind::program)
    return {};
  std::string link = sources.url + escape::url_path(s.file);
  if (s.line) link += fmt::format("#L{}", s.line);
  return link;
}

std::vector<std::size_t> racing_steps(const std::vector<harness::Step>& trace,
                                      std::string_view defect) {
  if (defect != "DATA RACE" || trace.empty()) return {};
  const auto is_store = [](const harness::Step& s) { return s.operation.starts_with("store"); };
  const int thread = trace.back().thread;
  for (std::size_t a = trace.size() - 1; a-- > 0;) {
    if (trace[a].thread != thread || trace[a].object.empty()) continue;
    for (std::size_t b = a; b-- > 0;)
      if (trace[b].thread != thread && trace[b].object == trace[a].object &&
          (is_store(trace[a]) || is_store(trace[b])))
        return {b, a};
    return {};
  }
  return {};
}

std::vector<LegendEntry> legend_of(const std::vector<const std::vector<harness::Step>*>& traces,
                                   bool marker_steps) {
  static constexpr std::string_view not_current = "[NOT CURRENT]";
  static constexpr std::array<std::string_view, 9> phases = {
      "[CTOR BEGIN]",  "[CTOR END]",  "[BEFORE BEGIN]", "[BEFORE END]", "[THREAD FINISHED]",
      "[AFTER BEGIN]", "[AFTER END]", "[DTOR BEGIN]",   "[DTOR END]"};
  const auto appears = [&](std::string_view marker) {
    for (const auto* trace : traces)
      for (const auto& s : *trace)
        if (s.operation.find(marker) != std::string::npos) return true;
    return false;
  };
  std::vector<LegendEntry> legend;
  if (appears(not_current))
    legend.push_back({std::string(not_current),
                      "an atomic load read a value older than the latest store to that object, "
                      "as its memory order allows: often where the defect begins"});
  std::vector<std::string_view> shown;
  for (const auto marker : phases)
    if (marker_steps && appears(marker)) shown.push_back(marker);
  if (!shown.empty())
    legend.push_back({fmt::format("{}", fmt::join(shown, " ")),
                      "Relacy's markers of the suite's phases: its constructor, before() (setup "
                      "on thread 0), a thread's end, after() and its destructor"});
  return legend;
}

std::string racing_text(const harness::Step& other) {
  return fmt::format("racing access (with step {})", other.index);
}

namespace {

constexpr std::size_t fold_max_period = 8;  // steps in the repeated block
constexpr std::size_t fold_min_steps = 20;  // steps between the first and last block

// What a repetition keeps the same: thread, place, kind and the operation without its digits.
bool similar(const harness::Step& a, const harness::Step& b) {
  if (a.thread != b.thread || a.line != b.line || a.kind != b.kind || a.file != b.file ||
      a.function != b.function)
    return false;
  const auto next = [](const std::string& s, std::size_t& i) {
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i < s.size() ? s[i++] : '\0';
  };
  std::size_t i = 0, j = 0;
  for (;;) {
    const char x = next(a.operation, i), y = next(b.operation, j);
    if (x != y) return false;
    if (x == '\0') return true;
  }
}

// 1990 -> "1,990".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::vector<TraceRow> trace_rows(const std::vector<harness::Step>& trace, std::string_view defect) {
  const auto racing = racing_steps(trace, defect);
  const auto must_show = [&](std::size_t from, std::size_t count) {
    if (from + count >= trace.size()) return true;  // the last step
    for (const auto r : racing)
      if (r >= from && r < from + count) return true;
    return false;
  };
  std::vector<TraceRow> rows;
  std::size_t i = 0;
  while (i < trace.size()) {
    // The repetition from i that folds the most steps: `period` steps repeated `repeats` times,
    // `folded` of them between the first and the last block.
    std::size_t period = 0, repeats = 0, folded = 0;
    for (std::size_t p = 1; p <= fold_max_period && i + 3 * p <= trace.size(); ++p) {
      std::size_t r = 1;
      for (;;) {
        const std::size_t at = i + r * p;
        if (at + p > trace.size()) break;
        bool same = true;
        for (std::size_t k = 0; k < p && same; ++k) same = similar(trace[i + k], trace[at + k]);
        if (!same) break;
        ++r;
      }
      if (r >= 3 && (r - 2) * p >= fold_min_steps && (r - 2) * p > folded)
        period = p, repeats = r, folded = (r - 2) * p;
    }
    if (folded == 0 || must_show(i + period, folded)) {
      rows.push_back({i, 0});
      ++i;
      continue;
    }
    for (std::size_t k = 0; k < period; ++k) rows.push_back({i + k, 0});
    rows.push_back({i + period, folded});
    for (std::size_t k = 0; k < period; ++k) rows.push_back({i + (repeats - 1) * period + k, 0});
    i += repeats * period;
  }
  return rows;
}

std::string fold_text(const std::vector<harness::Step>& trace, const TraceRow& fold) {
  return fmt::format("... {} similar steps ({} to {}) ...", grouped(fold.folded),
                     trace[fold.first].index, trace[fold.first + fold.folded - 1].index);
}

namespace {

// trace_text's body: `lane_text` names each step's lane, by its index.
template <class LaneText>
std::string trace_lines(const std::vector<harness::Step>& trace, std::string_view indent,
                        std::string_view defect, LaneText lane_text) {
  std::size_t width = 0, object_width = 0, lane_width = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    width = std::max(width, trace[i].operation.size());
    object_width = std::max(object_width, trace[i].object.size());
    lane_width = std::max(lane_width, lane_text(i).size());
  }
  width = std::min<std::size_t>(width, 72);
  const auto racing = racing_steps(trace, defect);
  std::string out;
  for (const auto& row : trace_rows(trace, defect)) {
    if (row.folded) {
      out += fmt::format("{}{:{}}    {}\n", indent, "", lane_width, fold_text(trace, row));
      continue;
    }
    const std::size_t i = row.first;
    const auto& s = trace[i];
    std::string line = fmt::format("{}{:>4}  {:<{}}  ", indent, s.index, lane_text(i), lane_width);
    if (object_width) line += fmt::format("{:<{}}  ", s.object, object_width);
    line += fmt::format("{:<{}}  {}{}", s.operation, width, where_text(s),
                        s.function.empty() ? "" : fmt::format(" ({})", s.function));
    if (racing.size() == 2 && (i == racing[0] || i == racing[1]))
      line += "  <- " + racing_text(trace[i == racing[0] ? racing[1] : racing[0]]);
    out += line + "\n";
  }
  for (const auto& [markers, meaning] : legend_of({&trace}))
    out += fmt::format("{}legend: {}: {}\n", indent, markers, meaning);
  return out;
}

}  // namespace

std::string trace_text(const std::vector<harness::Step>& trace, std::string_view indent,
                       std::string_view defect) {
  return trace_lines(trace, indent, defect,
                     [&](std::size_t i) { return fmt::format("T{}", trace[i].thread); });
}

std::string trace_text(const harness::Result& r, std::string_view indent) {
  const Lanes lanes = lanes_of(r);
  return trace_lines(r.verdict.trace, indent, r.verdict.defect,
                     [&](std::size_t i) { return lanes.short_names[lanes.of_step[i]]; });
}

Lanes lanes_of(const harness::Result& r) {
  const auto& trace = r.verdict.trace;
  const bool property = r.verdict.scenario.has_value();
  int threads = std::max(r.threads, 1);
  for (const auto& s : trace) threads = std::max(threads, s.thread + 1);

  // The phases, by Relacy's markers: before() up to [BEFORE END], after() from [AFTER BEGIN].
  const auto marker_at = [&](std::string_view marker) {
    for (std::size_t i = 0; i < trace.size(); ++i)
      if (trace[i].kind == harness::StepKind::relacy_marker && trace[i].operation == marker)
        return i;
    return trace.size();
  };
  const std::size_t before_end = marker_at("[BEFORE END]");
  const std::size_t after_begin = marker_at("[AFTER BEGIN]");
  const auto holds_program = [&](std::size_t from) {
    for (std::size_t i = from; i < trace.size(); ++i)
      if (trace[i].kind != harness::StepKind::relacy_marker) return true;
    return false;
  };
  const bool before_lane = property && before_end < trace.size();
  const bool after_lane = after_begin < trace.size() && (property || holds_program(after_begin));

  Lanes lanes;
  if (before_lane) {
    const bool prefix = !r.verdict.scenario->prefix.empty();
    lanes.names.push_back(prefix ? "prefix" : "setup");
    lanes.short_names.push_back(prefix ? "prefix" : "setup");
  }
  const std::size_t first_thread = lanes.names.size();
  lanes.first_thread = first_thread;
  lanes.threads = static_cast<std::size_t>(threads);
  for (int t = 0; t < threads; ++t) {
    const bool idle = property && static_cast<std::size_t>(t) >= r.verdict.scenario->threads.size();
    lanes.names.push_back(fmt::format("thread {}{}", t, idle ? " (idle)" : ""));
    lanes.short_names.push_back(fmt::format("T{}", t));
  }
  if (after_lane) {
    const bool suffix = property && !r.verdict.scenario->suffix.empty();
    lanes.names.push_back(property ? (suffix ? "suffix and check" : "check") : "after()");
    lanes.short_names.push_back(property ? (suffix ? "suffix" : "check") : "after");
  }
  lanes.of_step.reserve(trace.size());
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (before_lane && i <= before_end)
      lanes.of_step.push_back(0);
    else if (after_lane && i >= after_begin)
      lanes.of_step.push_back(lanes.names.size() - 1);
    else
      lanes.of_step.push_back(first_thread +
                              static_cast<std::size_t>(std::max(trace[i].thread, 0)));
  }
  return lanes;
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
