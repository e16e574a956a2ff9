// Reading a written report back the way a person or a CI tool reads it: the per-item rows of
// summary.md's and report.html's results tables, their headline counts, and junit.xml's test
// cases. Independent of the writers (no shared code): a test compares what was read with the
// results it rendered, so a lost, doubled or mislabelled item shows, not only a missing file.
// Used by the report tests and by the CLI's merge test; shown to catch a missing row and a wrong
// count in report_readers_test.cpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace interleave::reports::readers {

// One item as a report shows it: its outcome word ("pass", "not-run", ...) and its id.
struct Row {
  std::string outcome;
  std::string id;
  friend bool operator==(const Row&, const Row&) = default;
};

// How many items of each outcome a report says it holds, and how many in all.
struct Counts {
  std::size_t total = 0;
  std::map<std::string, std::size_t> by_outcome;  // outcomes shown as 0 are left out
  friend bool operator==(const Counts&, const Counts&) = default;
};

inline Counts counts_of(const std::vector<Row>& rows) {
  Counts c;
  c.total = rows.size();
  for (const auto& r : rows) ++c.by_outcome[r.outcome];
  return c;
}

// Whether an outcome word is one the gate fails on (and SARIF lists as a finding).
inline bool unexpected(const std::string& outcome) {
  return outcome == "fail" || outcome == "unexpected-pass" || outcome == "timeout" ||
         outcome == "crash" || outcome == "error";
}

// What junit.xml must hold for an item of this outcome: pass and expected-failure are passing
// test cases; fail and unexpected-pass are failures; timeout, crash and error are errors;
// not-run is skipped.
inline std::string junit_verdict(const std::string& outcome) {
  if (outcome == "fail" || outcome == "unexpected-pass") return "failure";
  if (outcome == "timeout" || outcome == "crash" || outcome == "error") return "error";
  if (outcome == "not-run") return "skipped";
  return "pass";
}

// The rows junit.xml must hold for items shown as `rows`, sorted by id (junit.xml groups test
// cases into suites, so its order is not the run's).
inline std::vector<Row> junit_expected(std::vector<Row> rows) {
  for (auto& r : rows) r.outcome = junit_verdict(r.outcome);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
  return rows;
}

// Every difference between the rows a report shows and the rows expected, in order; empty when
// they agree.
inline std::vector<std::string> row_problems(const std::vector<Row>& seen,
                                             const std::vector<Row>& expected) {
  std::vector<std::string> problems;
  if (seen.size() != expected.size())
    problems.push_back("holds " + std::to_string(seen.size()) + " rows, expected " +
                       std::to_string(expected.size()));
  for (std::size_t i = 0; i < seen.size() && i < expected.size(); ++i)
    if (!(seen[i] == expected[i]))
      problems.push_back("row " + std::to_string(i) + " is " + seen[i].outcome + " " + seen[i].id +
                         ", expected " + expected[i].outcome + " " + expected[i].id);
  return problems;
}

namespace detail {

// The cells of a Markdown table row, split at pipes not escaped with a backslash, trimmed.
inline std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {  // after the leading '|'
    if (line[i] == '\\' && i + 1 < line.size()) {
      cell += line[i];
      cell += line[++i];
    } else if (line[i] == '|') {
      const auto a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
      out.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

inline std::string without_backticks(std::string s) {
  const auto a = s.find_first_not_of("` "), b = s.find_last_not_of("` ");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

inline std::string html_unescaped(std::string s) {
  static const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities)
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
      s.replace(at, std::string(from).size(), to);
  return s;
}

// "2 pass, 1 not-run" -> {pass: 2, not-run: 1}, zero counts left out.
inline std::map<std::string, std::size_t> parse_counts(const std::string& text) {
  std::map<std::string, std::size_t> out;
  static const std::regex part(R"((\d+) ([a-z-]+))");
  for (std::sregex_iterator it(text.begin(), text.end(), part), end; it != end; ++it)
    if (const auto n = std::stoul((*it)[1]); n > 0) out[(*it)[2]] = n;
  return out;
}

}  // namespace detail

// summary.md: the rows of its results tables ("| ✅ pass | `id` | ..."), in the order they read:
// the results that are not plain passes, then the plain passes in a <details> of their own.
inline std::vector<Row> markdown_rows(const std::string& md) {
  std::vector<Row> rows;
  std::istringstream in(md);
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("| outcome | id |")) {
      in_table = true;
      std::getline(in, line);  // the alignment row
      continue;
    }
    if (!in_table) continue;
    const auto c = line.starts_with("|") ? detail::cells(line) : std::vector<std::string>{};
    if (c.size() < 2) {
      in_table = false;
      continue;
    }
    const auto space = c[0].rfind(' ');  // after the ✅ / ❌ mark
    rows.push_back({c[0].substr(space + 1), detail::without_backticks(c[1])});
  }
  return rows;
}

// `rows` (in registration order) as summary.md lists them: the plain passes last.
inline std::vector<Row> passes_last(std::vector<Row> rows) {
  std::stable_partition(rows.begin(), rows.end(), [](const Row& r) { return r.outcome != "pass"; });
  return rows;
}

// summary.md: "**N results** in 1.0s: 2 pass, 1 fail".
inline Counts markdown_counts(const std::string& md) {
  static const std::regex headline(R"(\*\*(\d+) results?\*\* in [0-9.]+s: ([^\n(]*))");
  std::smatch m;
  if (!std::regex_search(md, m, headline)) return {};
  return Counts{std::stoul(m[1]), detail::parse_counts(m[2])};
}

// report.html: the rows of the results table (<tr class="result ..." data-outcome="...">), in
// order, the id taken from the row's <code>.
inline std::vector<Row> html_rows(const std::string& html) {
  std::vector<Row> rows;
  static const std::regex tr(
      R"re(<tr class="result [^"]*" data-outcome="([^"]*)">.*?<code>(.*?)</code>)re");
  for (std::sregex_iterator it(html.begin(), html.end(), tr), end; it != end; ++it)
    rows.push_back({(*it)[1], detail::html_unescaped((*it)[2])});
  return rows;
}

// report.html: the summary's count per outcome (<li ... data-outcome="pass"><span class="n">2
// </span>pass</li>, the chip inside a link where the count is not zero); total is their sum.
inline Counts html_counts(const std::string& html) {
  Counts c;
  static const std::regex li(
      R"re(data-outcome="([^"]*)">(?:<a [^>]*>)?<span class="n">(\d+)</span>)re");
  for (std::sregex_iterator it(html.begin(), html.end(), li), end; it != end; ++it) {
    const auto n = std::stoul((*it)[2]);
    c.total += n;
    if (n > 0) c.by_outcome[(*it)[1]] += n;
  }
  return c;
}

// junit.xml: one entry per <testcase>, sorted by name: its name and what it holds ("failure",
// "error", "skipped", or "pass" when none of them).
inline std::vector<Row> junit_cases(const pugi::xml_document& doc) {
  std::vector<Row> rows;
  for (const auto& x : doc.select_nodes("//testcase")) {
    const auto tc = x.node();
    std::string verdict = "pass";
    for (const char* v : {"failure", "error", "skipped"})
      if (tc.child(v)) verdict = v;
    rows.push_back({verdict, tc.attribute("name").value()});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
  return rows;
}

}  // namespace interleave::reports::readers
