// interleave/reports/report.hpp: renderers, from result values to files.
//
// Each renderer takes the run's results (already structured: no renderer parses text) and
// writes one file into the report directory. The formats a run can ask for are listed by
// available_formats(); the JSON schema is documented in docs/json-report.md.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/result.hpp"
#include "interleave/harness/sources.hpp"

namespace interleave::reports {

struct RunInfo {
  std::string command;  // the command line that produced the results
  double seconds = 0;   // wall time of the whole run
  std::string shard;    // "I/N" when the run was one shard, else empty
  // The signal that stopped the run early ("SIGINT", "SIGTERM"), else empty: the results of
  // the items it did not finish are `not-run`.
  std::string interrupted{};
  // What `interleave merge` checks a shard against (harness/merge.hpp): every id the run
  // selected before sharding, in registration order, and the search settings it was given.
  std::vector<std::string> selected;
  std::string settings;
  // A merge of a set that was not one whole run (--allow-partial): what was wrong with it.
  // Empty for a run, and for the merge of a whole one.
  std::string partial;
  // Where the results' files live: the root their relative paths start from, and where a link
  // to a line can point (HTML, Markdown, SARIF).
  harness::Sources sources{};
  // A sharded run (`run --shard`): the items of the whole run whose search is divided among the
  // shards, each with its number of pieces (every shard cuts them alike; merge checks it).
  std::map<std::string, std::size_t> divided{};
};

// 2: a run records its selection, settings and any interruption, a merge whether it was partial;
// `search` may be "stopped at the first defect" or null; results carry `may_pass`. A version 1
// file cannot be merged (it does not say what its run selected), so readers refuse it.
inline constexpr int json_schema_version = 2;

[[nodiscard]] const std::vector<std::string_view>& available_formats();

// GitHub's limits on Markdown: a step summary ($GITHUB_STEP_SUMMARY) holds at most 1 MiB, a
// pull-request comment 65,536 characters. summary.md is never longer than its limit, which is
// at least min_markdown_limit (the headline and a short table).
inline constexpr std::size_t step_summary_limit = 1024 * 1024;
inline constexpr std::size_t pull_request_comment_limit = 65536;
inline constexpr std::size_t min_markdown_limit = 1024;

// Each writes one file into `dir` (which exists) and throws std::runtime_error naming the file
// when it cannot.
void write_json(const std::filesystem::path& dir, const RunInfo& run,
                const std::vector<harness::Result>& results);  // results.json
void write_junit(const std::filesystem::path& dir, const RunInfo& run,
                 const std::vector<harness::Result>& results);  // junit.xml
// summary.md of at most `limit` characters (bytes): less detail until it fits (markdown.cpp).
// write_markdown is this with step_summary_limit.
void write_markdown_within(const std::filesystem::path& dir, const RunInfo& run,
                           const std::vector<harness::Result>& results, std::size_t limit);
void write_markdown(const std::filesystem::path& dir, const RunInfo& run,
                    const std::vector<harness::Result>& results);
void write_html(const std::filesystem::path& dir, const RunInfo& run,
                const std::vector<harness::Result>& results);  // report.html
void write_sarif(const std::filesystem::path& dir, const RunInfo& run,
                 const std::vector<harness::Result>& results);  // results.sarif

// Reads a results.json written by write_json back into result values (for `interleave merge`).
// Throws std::runtime_error naming the file and what is wrong with it.
[[nodiscard]] std::vector<harness::Result> read_json(const std::filesystem::path& file,
                                                     RunInfo* run = nullptr);
// The same from the file's text (what read_json does once it has read it): throws
// std::runtime_error saying what is wrong. Any bytes at all give results or that error.
[[nodiscard]] std::vector<harness::Result> parse_results_json(std::string_view text,
                                                              RunInfo* run = nullptr);

// How the reports are written, beyond what the run was.
struct ReportOptions {
  std::size_t markdown_limit = step_summary_limit;  // summary.md's most characters
};

// Writes every format in `formats` (each one of available_formats()) into `dir`, creating it.
// Each format is written even when another fails; then it throws std::runtime_error naming
// every file that could not be written and why. Text in `results` need not be valid UTF-8: each
// renderer gets it made valid (harness::make_valid_utf8).
void write_reports(const std::filesystem::path& dir, const std::vector<std::string>& formats,
                   const RunInfo& run, const std::vector<harness::Result>& results,
                   const ReportOptions& options = {});

}  // namespace interleave::reports
