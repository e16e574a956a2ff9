#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "../../harness/src/scenario_json.hpp"
#include "failure_view.hpp"

#include "interleave/harness/utf8.hpp"
#include "interleave/reports/report.hpp"

namespace interleave::reports {

using json = nlohmann::ordered_json;
using harness::Outcome;

namespace {

json trace_json(const harness::Verdict& v) {
  json steps = json::array();
  for (const auto& s : v.trace)
    steps.push_back({{"step", s.index},
                     {"thread", s.thread},
                     {"operation", s.operation},
                     {"object", s.object.empty() ? json(nullptr) : json(s.object)},
                     {"value", s.value.empty() ? json(nullptr) : json(s.value)},
                     {"memory_order", s.order.empty() ? json(nullptr) : json(s.order)},
                     {"function", s.function},
                     {"file", s.file},
                     {"line", s.line}});
  return steps;
}

json result_json(const harness::Result& r) {
  const auto& s = r.settings;
  json j = {{"id", r.id},
            {"kind", harness::to_string(r.kind)},
            {"threads", r.threads},
            {"description", r.description},
            {"source", {{"file", r.file}, {"line", r.line}}},
            {"expected", r.expected.describe()},
            {"expected_defect", r.expected.expects_pass() ? json(nullptr) : json(r.expected.defect())},
            {"may_pass", r.expected.passing()},
            {"injects_fault", r.injects_fault},
            {"twin_of", r.twin_of.empty() ? json(nullptr) : json(r.twin_of)},
            {"outcome", harness::to_string(r.outcome)},
            {"defect", r.verdict.defect.empty() ? json(nullptr) : json(r.verdict.defect)},
            {"detail", r.verdict.detail},
            {"scheduler", harness::to_string(s.scheduler)},
            {"context_bound", s.context_bound},
            {"iteration_budget", s.iterations},
            {"seed", s.seed},
            {"iterations", r.verdict.iterations},
            {"search", harness::has_verdict(r.outcome) ? json(harness::to_string(r.verdict.search))
                                                       : json(nullptr)},
            {"other_defects", r.verdict.other_defects},
            {"seconds", r.seconds},
            {"replay", r.replay},
            {"message", r.message}};
  if (!r.verdict.defect.empty()) {
    j["state"] = r.verdict.final_state;
    j["trace"] = trace_json(r.verdict);
  }
  if (r.kind == harness::Kind::property) {
    j["scenarios"] = r.verdict.scenarios;
    if (!r.verdict.defect.empty()) {
      j["shrink_candidates"] = r.verdict.shrink_candidates;
      j["seconds_to_find"] = r.verdict.seconds_to_find;
    }
    if (r.verdict.scenario) j["scenario"] = *r.verdict.scenario;
    if (!r.verdict.reproduce.empty()) j["reproduce"] = r.verdict.reproduce;
    if (r.verdict.replay_scheduler) {
      j["replay_scheduler"] = harness::to_string(*r.verdict.replay_scheduler);
      j["replay_context_bound"] = r.verdict.replay_context_bound;
    }
  }
  return j;
}

}  // namespace

const std::vector<std::string_view>& available_formats() {
  static const std::vector<std::string_view> formats = {"json", "junit", "md", "html", "sarif"};
  return formats;
}

void write_json(const std::filesystem::path& dir, const RunInfo& run,
                const std::vector<harness::Result>& results) {
  json summary = {{"total", results.size()}};
  for (Outcome o : harness::all_outcomes) summary[std::string(harness::to_string(o))] = 0;
  json items = json::array();
  for (const auto& r : results) {
    summary[std::string(harness::to_string(r.outcome))] =
        summary[std::string(harness::to_string(r.outcome))].get<int>() + 1;
    items.push_back(result_json(r));
  }
  const bool ok = detail::gate_passes(results, run);
  summary["as_expected"] = ok;
  summary["interrupted"] = run.interrupted.empty() ? json(nullptr) : json(run.interrupted);
  const json doc = {{"schema_version", json_schema_version},
                    {"tool", "interleave"},
                    {"command", run.command},
                    {"shard", run.shard.empty() ? json(nullptr) : json(run.shard)},
                    {"selected", run.selected},
                    {"settings", run.settings},
                    {"partial", run.partial.empty() ? json(nullptr) : json(run.partial)},
                    {"seconds", run.seconds},
                    {"summary", summary},
                    {"results", items}};
  const auto path = dir / "results.json";
  std::ofstream out(path);
  out << doc.dump(2) << '\n';
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

void write_reports(const std::filesystem::path& dir, const std::vector<std::string>& formats,
                   const RunInfo& run, const std::vector<harness::Result>& results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw std::runtime_error(fmt::format("cannot create report directory '{}': {}", dir.string(),
                                         ec ? ec.message() : "not a directory"));
  // Every renderer gets valid UTF-8, whatever the results came from (a run, a merge, a user's
  // own code); and one renderer failing does not keep the others from writing their files.
  std::vector<harness::Result> valid = results;
  for (auto& r : valid) harness::make_valid_utf8(r);
  RunInfo info = run;
  for (auto* s : {&info.command, &info.shard, &info.interrupted}) *s = harness::valid_utf8(*s);
  std::vector<std::string> failed;
  for (const auto& f : formats) {
    try {
      if (f == "json") write_json(dir, info, valid);
      else if (f == "junit") write_junit(dir, info, valid);
      else if (f == "md") write_markdown(dir, info, valid);
      else if (f == "html") write_html(dir, info, valid);
      else if (f == "sarif") write_sarif(dir, info, valid);
      else throw std::runtime_error(fmt::format("unknown report format '{}'", f));
    } catch (const std::exception& e) {
      failed.push_back(fmt::format("{}: {}", f, e.what()));
    }
  }
  if (!failed.empty())
    throw std::runtime_error(fmt::format("could not write every report in {} ({}); the other "
                                         "formats were written",
                                         dir.string(), fmt::join(failed, "; ")));
}

}  // namespace interleave::reports
