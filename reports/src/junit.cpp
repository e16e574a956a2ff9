// junit.xml: the run as JUnit XML, the test-report format GitLab, Jenkins and GitHub's
// test-report actions read.
//
// The shape follows Jenkins' junit-10.xsd (jenkinsci/xunit-plugin), the strictest of the
// de-facto schemas those tools accept:
//
//   <testsuites name="interleave" tests failures errors time>
//     <testsuite name="mutex" tests failures errors skipped time>   one per top-level id component
//       <properties><property name="kind" value="model"/>...</properties>
//       <testcase name="mutex/negative/forgets-to-lock" classname="mutex.negative" time>
//         <failure type="DATA RACE" message="...">the interleaving and the replay command</failure>
//
// One suite per top-level id component ("mutex", "condvar", "rc"), because ids are laid out by
// primitive: CI tools show a suite as a group with its own counts, so a regression reads as
// "rwlock: 1 failure" at a glance, and the suite name is stable across runs and shards. Models and
// properties of one primitive go into separate suites ("mutex", "mutex (properties)") so each
// suite's `kind` property is one value; junit-10.xsd has no <properties> inside a <testcase>.
// `classname` is the id's folder with '.' for '/', which Jenkins splits into package and class.
//
// Outcomes: pass and expected-failure are passing test cases (an expected failure carries its
// defect, interleaving and replay command in <system-out>, so the proof that the negative
// control bites stays visible); fail and unexpected-pass are <failure>s; timeout, crash and
// error are <error>s; not-run (the run was interrupted before the item finished) is <skipped>,
// and each suite of an interrupted run carries the property `interrupted` (the signal).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "interleave/reports/escape.hpp"
#include "interleave/reports/report.hpp"
#include "interleave/reports/text.hpp"

namespace interleave::reports {

using harness::Outcome;

namespace {

// Seconds as the xsd's SUREFIRE_TIME: a plain non-negative decimal, no sign, no exponent.
std::string junit_time(double seconds) {
  return fmt::format("{:.3f}", std::isfinite(seconds) && seconds > 0 ? seconds : 0.0);
}

std::string top_component(const std::string& id) { return id.substr(0, id.find('/')); }

std::string classname(const std::string& id) {
  const auto slash = id.rfind('/');
  std::string folder = slash == std::string::npos ? id : id.substr(0, slash);
  for (char& c : folder)
    if (c == '/') c = '.';
  return folder;
}

// The body every defect shares: what Relacy said, where else the search stopped, the
// interleaving and how to replay it.
std::string defect_text(const harness::Result& r) {
  std::string out =
      fmt::format("{}\n{}\n", text::defect_and_detail(r.verdict), text::search_text(r));
  for (const auto& other : r.verdict.other_defects)
    out += fmt::format("searched past: {}\n", other);
  if (r.verdict.scenario) {
    out += "scenario:\n";
    const auto g = text::grid_of(*r.verdict.scenario);
    for (std::size_t c = 0; c < g.heads.size(); ++c) {
      out += fmt::format("  {}:\n", g.heads[c]);
      for (const auto& row : g.rows)
        if (!row[c].empty()) out += fmt::format("    {}\n", row[c]);
    }
  }
  if (!r.verdict.trace.empty()) out += "interleaving:\n" + text::trace_text(r, "  ");
  out += fmt::format("replay: {}\n", r.replay);
  return out;
}

void set_text(pugi::xml_node node, const std::string& text) {
  node.text().set(escape::xml(text).c_str());
}

void add_testcase(pugi::xml_node suite, const harness::Result& r) {
  auto tc = suite.append_child("testcase");
  tc.append_attribute("name").set_value(escape::xml(r.id).c_str());
  tc.append_attribute("classname").set_value(escape::xml(classname(r.id)).c_str());
  tc.append_attribute("time").set_value(junit_time(r.seconds).c_str());

  auto add = [&](const char* element, const std::string& type, const std::string& message,
                 const std::string& text) {
    auto n = tc.append_child(element);
    n.append_attribute("type").set_value(escape::xml(type).c_str());
    n.append_attribute("message").set_value(escape::xml(message).c_str());
    set_text(n, text);
  };
  switch (r.outcome) {
    case Outcome::pass: break;
    case Outcome::expected_failure:
      set_text(tc.append_child("system-out"),
               fmt::format("failed as expected with {}\n{}", r.verdict.defect, defect_text(r)));
      break;
    case Outcome::fail:
      add("failure", r.verdict.defect,
          r.expected.expects_pass() ? text::defect_and_detail(r.verdict)
                                    : fmt::format("expected {}, got {}", r.expected.defect(),
                                                  text::defect_and_detail(r.verdict)),
          defect_text(r));
      break;
    case Outcome::unexpected_pass:
      add("failure", "UNEXPECTED PASS", text::unexpected_pass_text(r),
          fmt::format("expected: {}\n{}\nreplay: {}\n", r.expected.describe(), text::search_text(r),
                      r.replay));
      break;
    case Outcome::timeout:
    case Outcome::crash:
    case Outcome::error: {
      add("error", text::outcome_label(r.outcome), r.message,
          fmt::format("{}\nreplay: {}\n", r.message, r.replay));
      break;
    }
    case Outcome::not_run:
      tc.append_child("skipped").append_attribute("message").set_value(
          escape::xml(r.message).c_str());
      break;
  }
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  void add(const harness::Result& r) {
    ++tests;
    failures += r.outcome == Outcome::fail || r.outcome == Outcome::unexpected_pass;
    errors +=
        r.outcome == Outcome::timeout || r.outcome == Outcome::crash || r.outcome == Outcome::error;
    skipped += r.outcome == Outcome::not_run;
    seconds += r.seconds;
  }
  // junit-10.xsd allows `skipped` on <testsuite> but not on <testsuites>.
  void set(pugi::xml_node n, double seconds_shown, bool with_skipped) const {
    n.append_attribute("tests").set_value(static_cast<unsigned long long>(tests));
    n.append_attribute("failures").set_value(static_cast<unsigned long long>(failures));
    n.append_attribute("errors").set_value(static_cast<unsigned long long>(errors));
    if (with_skipped)
      n.append_attribute("skipped").set_value(static_cast<unsigned long long>(skipped));
    n.append_attribute("time").set_value(junit_time(seconds_shown).c_str());
  }
};

}  // namespace

void write_junit(const std::filesystem::path& dir, const RunInfo& run,
                 const std::vector<harness::Result>& results) {
  // Suites in order of first appearance, so the file follows registration order.
  std::vector<std::pair<std::string, harness::Kind>> order;
  std::map<std::pair<std::string, harness::Kind>, std::vector<const harness::Result*>> suites;
  Counts all;
  for (const auto& r : results) {
    const auto key = std::make_pair(top_component(r.id), r.kind);
    if (!suites.contains(key)) order.push_back(key);
    suites[key].push_back(&r);
    all.add(r);
  }

  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  auto root = doc.append_child("testsuites");
  root.append_attribute("name").set_value("interleave");
  all.set(root, run.seconds,
          false);  // the run's wall time: with --jobs, less than the sum of its items

  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& [top, kind] = order[i];
    const auto& members = suites[order[i]];
    Counts c;
    for (const auto* r : members) c.add(*r);
    auto suite = root.append_child("testsuite");
    suite.append_attribute("name").set_value(
        escape::xml(kind == harness::Kind::model ? top : top + " (properties)").c_str());
    c.set(suite, c.seconds, true);
    suite.append_attribute("id").set_value(static_cast<unsigned long long>(i));
    auto props = suite.append_child("properties");
    auto prop = [&](const char* name, const std::string& value) {
      auto p = props.append_child("property");
      p.append_attribute("name").set_value(name);
      p.append_attribute("value").set_value(escape::xml(value).c_str());
    };
    prop("kind", std::string(harness::to_string(kind)));
    prop("command", run.command);
    if (!run.shard.empty()) prop("shard", run.shard);
    if (!run.interrupted.empty()) prop("interrupted", run.interrupted);
    if (!run.partial.empty()) prop("partial", run.partial);
    for (const auto* r : members) add_testcase(suite, *r);
  }

  const auto path = dir / "junit.xml";
  if (!doc.save_file(path.c_str(), "  ", pugi::format_default | pugi::format_no_declaration,
                     pugi::encoding_utf8))
    throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace interleave::reports
