#include "mutate.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

bool as_registered(Outcome o) { return o == Outcome::pass || o == Outcome::expected_failure; }

// A site without the function that reached it: one key per site whichever instantiation
// recorded it.
struct SiteKey {
  std::string file;
  std::uint32_t line, column;
  std::string operation, order;
  friend auto operator<=>(const SiteKey&, const SiteKey&) = default;
};

struct Reach {
  Site site;
  std::vector<std::size_t> items, controls;  // indexes into the selection
};

}  // namespace

std::string_view to_string(MutantFate f) noexcept {
  switch (f) {
    case MutantFate::killed: return "killed";
    case MutantFate::timeout: return "timeout";
    case MutantFate::crash: return "crash";
    case MutantFate::survived: return "survived";
    case MutantFate::equivalent: return "equivalent";
    case MutantFate::not_run: return "not-run";
  }
  return "not-run";
}

double Score::percent() const {
  return judged() == 0 ? 100.0
                       : 100.0 * static_cast<double>(detected()) / static_cast<double>(judged());
}

namespace {

void count(Score& s, MutantFate f) {
  ++s.mutants;
  switch (f) {
    case MutantFate::killed: ++s.killed; break;
    case MutantFate::timeout: ++s.timeouts; break;
    case MutantFate::crash: ++s.crashes; break;
    case MutantFate::survived: ++s.survived; break;
    case MutantFate::equivalent: ++s.equivalent; break;
    case MutantFate::not_run: ++s.not_run; break;
  }
}

}  // namespace

Score MutationRun::score() const {
  Score s;
  for (const auto& m : mutants) count(s, m.fate);
  return s;
}

std::vector<std::pair<std::string, Score>> MutationRun::score_per_file() const {
  std::map<std::string, Score> files;
  for (const auto& m : mutants) count(files[m.mutant.site.file], m.fate);
  return {files.begin(), files.end()};
}

MutationRun mutate(const std::vector<const Entry*>& items, const MutateOptions& options) {
  MutationRun out;

  // 1. Discovery.
  RunOptions discover = options.run;
  discover.adjust = [](std::size_t, SearchSettings& s) { s.record_sites = true; };
  out.discovery = run_items(items, discover);
  if (options.run.stop && options.run.stop->received() != 0) {
    out.stopped = true;
    return out;
  }
  std::vector<std::string> broken;
  for (const auto& r : out.discovery)
    if (!as_registered(r.outcome))
      broken.push_back(fmt::format("{} is {}{}", r.id, to_string(r.outcome),
                                   r.message.empty() ? "" : ": " + r.message));
  if (!broken.empty())
    throw std::runtime_error(fmt::format(
        "without mutants, some item does not end as registered, so no mutant can be judged by "
        "it (fix these first, or leave them out with --filter):\n  {}",
        fmt::join(broken, "\n  ")));

  // 2. Sites and their mutants.
  std::map<SiteKey, Reach> reach;
  for (std::size_t i = 0; i < items.size(); ++i)
    for (const Site& s : out.discovery[i].verdict.sites) {
      Reach& r = reach[SiteKey{s.file, s.line, s.column, s.operation, s.order}];
      if (r.items.empty() && r.controls.empty()) r.site = s;
      auto& into = items[i]->injects_fault ? r.controls : r.items;
      if (into.empty() || into.back() != i) into.push_back(i);
    }
  // Cheapest items first, so that most mutants are decided by a short run: by the iterations
  // their discovery run explored (deterministic, unlike its seconds), then registration order.
  const auto cheaper = [&](std::size_t a, std::size_t b) {
    const auto ia = out.discovery[a].verdict.iterations, ib = out.discovery[b].verdict.iterations;
    return ia != ib ? ia < ib : a < b;
  };
  for (auto& [key, r] : reach) {
    std::sort(r.items.begin(), r.items.end(), cheaper);
    std::sort(r.controls.begin(), r.controls.end(), cheaper);
  }
  if (reach.empty())
    throw std::runtime_error(
        "the selected items reach no site: no operation of the Relacy "
        "backend ran (is the selection models and properties of "
        "primitives built on the backend?)");
  struct Task {
    std::size_t mutant, item;
    bool control;
  };
  std::vector<Task> tasks;
  std::vector<const Entry*> task_items;
  std::vector<bool> declaration_used(options.equivalents.size(), false);
  for (const auto& [key, r] : reach) {
    if (r.items.empty()) {
      out.unreached.push_back(r.site);
      continue;
    }
    for (Mutant& m : mutants_of(r.site)) {
      const std::size_t position = out.all_mutants.size();
      out.all_mutants.push_back(m.id());
      std::string declared;  // every shard sees every declaration used, so none is called stale
      for (std::size_t d = 0; d < options.equivalents.size(); ++d)
        if (declares(options.equivalents[d], m)) {
          if (declared.empty()) declared = options.equivalents[d].reason;
          declaration_used[d] = true;
        }
      if (options.shard && position % options.shard->total != options.shard->index) continue;
      const std::size_t k = out.mutants.size();
      MutantResult mr;
      mr.mutant = std::move(m);
      mr.declared_equivalent = std::move(declared);
      for (std::size_t i : r.items) {
        mr.items.push_back(items[i]->id);
        tasks.push_back({k, i, false});
      }
      for (std::size_t i : r.controls) tasks.push_back({k, i, true});
      out.mutants.push_back(std::move(mr));
    }
  }
  for (std::size_t d = 0; d < options.equivalents.size(); ++d)
    if (!declaration_used[d]) {
      const EquivalentDeclaration& e = options.equivalents[d];
      out.unmatched_declarations.push_back(fmt::format("{}: {}", e.where, e.change()));
    }
  for (const auto& t : tasks) task_items.push_back(items[t.item]);
  if (options.on_planned)
    options.on_planned(reach.size() - out.unreached.size(), out.all_mutants.size(),
                       out.mutants.size());

  // 3. The mutants, a few at a time: each is reported as soon as its batch ends, and the cores
  // stay busy with the batch's tasks meanwhile. A mutant is decided by its first task, in task
  // order, whose item runs the real primitive and does not end as registered; its tasks not yet
  // started then do not run.
  std::vector<std::size_t> decided_at(out.mutants.size(), tasks.size());  // a task index
  std::vector<std::string> ids;
  for (const auto& m : out.mutants) ids.push_back(m.mutant.id());
  constexpr std::size_t batch_mutants = 8;
  for (std::size_t first = 0; first < tasks.size() && !out.stopped;) {
    const std::size_t first_mutant = tasks[first].mutant;
    std::size_t end = first;
    while (end < tasks.size() && tasks[end].mutant < first_mutant + batch_mutants) ++end;
    RunOptions batch = options.run;
    batch.adjust = [&, first](std::size_t i, SearchSettings& s) {
      s.mutant = ids[tasks[first + i].mutant];
    };
    batch.wanted = [&, first](std::size_t i) {
      return decided_at[tasks[first + i].mutant] == tasks.size();
    };
    batch.on_result = [&, first](std::size_t i, const Result& r) {
      const Task& t = tasks[first + i];
      if (!t.control && !as_registered(r.outcome))
        decided_at[t.mutant] = std::min(decided_at[t.mutant], first + i);
    };
    std::vector<Result> results =
        run_items({task_items.begin() + static_cast<std::ptrdiff_t>(first),
                   task_items.begin() + static_cast<std::ptrdiff_t>(end)},
                  batch);
    out.stopped = options.run.stop && options.run.stop->received() != 0;
    std::vector<bool> cut_short(out.mutants.size(), false);  // a task of it stopped by a signal
    for (std::size_t i = first; i < end; ++i) {
      Result& r = results[i - first];
      const Task& t = tasks[i];
      MutantResult& m = out.mutants[t.mutant];
      if (r.outcome == Outcome::not_run) {
        cut_short[t.mutant] = cut_short[t.mutant] || out.stopped;
        continue;
      }
      ++m.runs;
      m.seconds += r.seconds;
      if (t.control && !as_registered(r.outcome)) m.controls_changed.push_back(r.id);
      if (decided_at[t.mutant] == i) m.decided_by = std::move(r);
    }
    for (std::size_t k = first_mutant; k < tasks[end - 1].mutant + 1; ++k) {
      MutantResult& m = out.mutants[k];
      if (m.decided_by)
        m.fate = m.decided_by->outcome == Outcome::timeout ? MutantFate::timeout
                 : m.decided_by->outcome == Outcome::crash ? MutantFate::crash
                                                           : MutantFate::killed;
      else
        m.fate = cut_short[k]                    ? MutantFate::not_run
                 : m.declared_equivalent.empty() ? MutantFate::survived
                                                 : MutantFate::equivalent;
      if (m.fate != MutantFate::not_run && options.on_decided) options.on_decided(m);
    }
    first = end;
  }
  if (out.stopped)  // the mutants of the batches never started
    for (auto& m : out.mutants)
      if (m.runs == 0 && !m.decided_by) m.fate = MutantFate::not_run;
  return out;
}

}  // namespace interleave::harness
