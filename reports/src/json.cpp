#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result_json.hpp"
#include "interleave/harness/utf8.hpp"
#include "interleave/reports/report.hpp"
#include "interleave/reports/text.hpp"

namespace interleave::reports {

using json = harness::result_json;
using harness::Outcome;

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
    items.push_back(r);
  }
  const bool ok = text::gate_passes(results, run.partial);
  summary["as_expected"] = ok;
  summary["interrupted"] = run.interrupted.empty() ? json(nullptr) : json(run.interrupted);
  const json doc = {{"schema_version", json_schema_version},
                    {"tool", "interleave"},
                    {"command", run.command},
                    {"shard", run.shard.empty() ? json(nullptr) : json(run.shard)},
                    {"selected", run.selected},
                    {"settings", run.settings},
                    {"partial", run.partial.empty() ? json(nullptr) : json(run.partial)},
                    {"sources", run.sources.empty() ? json(nullptr) : json(run.sources)},
                    {"divided", run.divided},
                    {"seconds", run.seconds},
                    {"summary", summary},
                    {"results", items}};
  const auto path = dir / "results.json";
  std::ofstream out(path);
  out << doc.dump(2) << '\n';
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

void write_reports(const std::filesystem::path& dir, const std::vector<std::string>& formats,
                   const RunInfo& run, const std::vector<harness::Result>& results,
                   const ReportOptions& options) {
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
      if (f == "json")
        write_json(dir, info, valid);
      else if (f == "junit")
        write_junit(dir, info, valid);
      else if (f == "md")
        write_markdown_within(dir, info, valid, options.markdown_limit);
      else if (f == "html")
        write_html(dir, info, valid);
      else if (f == "sarif")
        write_sarif(dir, info, valid);
      else
        throw std::runtime_error(fmt::format("unknown report format '{}'", f));
    } catch (const std::exception& e) {
      failed.push_back(fmt::format("{}: {}", f, e.what()));
    }
  }
  if (!failed.empty())
    throw std::runtime_error(
        fmt::format("could not write every report in {} ({}); the other "
                    "formats were written",
                    dir.string(), fmt::join(failed, "; ")));
}

}  // namespace interleave::reports
