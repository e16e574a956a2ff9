// results.sarif: the run's unexpected results as SARIF 2.1.0, the static-analysis format GitHub
// code scanning and IDE viewers read.
//
//   runs[0].tool.driver   name "interleave", one rule per kind of finding in the file
//   runs[0].results       ONE RESULT PER UNEXPECTED RESULT (fail, unexpected-pass, timeout,
//                         crash, error); passes and expected failures are what was asked for
//                         and produce none, so an empty list means the run is as expected
//
// Rule ids are the defect in upper case with '-' for anything else ("DATA-RACE",
// "USER-ASSERT-FAILED"), or the outcome for a result without a defect ("UNEXPECTED-PASS",
// "TIMEOUT", "CRASH", "ERROR"). No '/': SARIF reads a '/' in a ruleId as a sub-rule.
//
// A failure with an interleaving points at its failing step (the last step with a file and a
// line) and carries the interleaving as one codeFlow with one threadFlow per thread; each
// threadFlowLocation's executionOrder is the step's index in the execution, which is how a viewer
// puts the threads' steps back in one order. A result without a trace (an unexpected pass, a
// crash, a timeout) points at the line that registered the item.
//
// An interrupted run (SIGINT, SIGTERM) is not a finding but a run that did not finish: its
// invocation says executionSuccessful false with the signal's name, and one
// toolExecutionNotification per item it did not run (`not-run` results make no result).
#include <cctype>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result_json.hpp"
#include "interleave/reports/report.hpp"
#include "interleave/reports/text.hpp"

namespace interleave::reports {

using json = harness::result_json;
using harness::Outcome;

namespace {

std::string rule_id(const harness::Result& r) {
  std::string name = r.outcome == Outcome::fail && !r.verdict.defect.empty()
                         ? r.verdict.defect
                         : std::string(harness::to_string(r.outcome));
  std::string id;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      id += static_cast<char>(std::toupper(u));
    else if (!id.empty() && id.back() != '-')
      id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "FAIL" : id;
}

// What each rule means, for the viewer's rule list. Relacy's defects by the names it prints
// (relacy/test_result.hpp); a property's own failure names fall back to the name itself.
std::string rule_description(const std::string& id, const harness::Result& r) {
  static const std::map<std::string, std::string, std::less<>> known = {
      {"DATA-RACE", "Two threads access a plain memory cell without happens-before, one writing"},
      {"USER-ASSERT-FAILED", "An assertion of the model failed in some interleaving"},
      {"USER-INVARIANT-FAILED", "An invariant of the model failed in some interleaving"},
      {"ACCESS-TO-FREED-MEMORY", "Memory is read or written after it was freed"},
      {"DOUBLE-FREE", "Memory is freed twice, or an address that was not allocated is freed"},
      {"MEMORY-LEAK", "Memory allocated in the model is never freed"},
      {"RESOURCE-LEAK", "A synchronization object created in the model is never destroyed"},
      {"ACCESS-TO-UNINITIALIZED-VARIABLE", "A memory cell is read before anything was stored"},
      {"DEADLOCK", "Every live thread is blocked"},
      {"LIVELOCK", "Threads keep running without any making progress"},
      {"RECURSION-ON-NON-RECURSIVE-MUTEX", "A thread locks a mutex it already holds"},
      {"UNLOCKING-MUTEX-W-O-OWNERSHIP", "A thread unlocks a mutex it does not hold"},
      {"DESTROYING-OWNED-MUTEX", "A mutex is destroyed while a thread holds it"},
      {"UNEXPECTED-PASS", "A model expected to fail (a negative control) found no defect"},
      {"TIMEOUT", "The item's process ran past the timeout and was killed"},
      {"CRASH", "The item's process died on a signal or exited without a verdict"},
      {"ERROR", "The item threw or could not be run"},
  };
  if (auto it = known.find(id); it != known.end()) return it->second;
  return r.verdict.defect.empty() ? id : r.verdict.defect;
}

// A step's file as a URI reference: a relative path stays relative (to the project root, where
// code scanning resolves it); an absolute one becomes a file: URI. Characters a URI cannot hold
// are percent-encoded.
std::string file_uri(const std::string& file) {
  constexpr std::string_view allowed = "-._~/!$&'()*+,;=:@";
  std::string out = file.starts_with('/') ? "file://" : "";
  for (char c : file) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || allowed.find(c) != std::string_view::npos)
      out += c;
    else
      out += fmt::format("%{:02X}", u);
  }
  return out;
}

// Steps on Relacy's own lines (its markers, [CTOR BEGIN], [THREAD FINISHED], ..., and what it
// does or reports there: harness::StepKind) name a line of Relacy, not anything the user wrote:
// they are left out of locations and flows. (The JSON and JUnit reports keep them; they are part
// of the history.)
bool locatable(const harness::Step& s) {
  return !s.file.empty() && s.kind == harness::StepKind::program;
}

json physical_location(const harness::Step& s) {
  json p = {{"artifactLocation", {{"uri", file_uri(s.file)}}}};
  if (s.line >= 1) p["region"] = {{"startLine", s.line}};
  return p;
}

json location(const harness::Step& s, bool with_message) {
  json l = {{"physicalLocation", physical_location(s)}};
  if (with_message) l["message"] = {{"text", s.operation}};
  if (!s.function.empty())
    l["logicalLocations"] = json::array({{{"fullyQualifiedName", s.function}}});
  return l;
}

// The interleaving as one codeFlow: a threadFlow per thread (in thread order), each step in
// execution order with its index as executionOrder.
json code_flows(const harness::Result& r) {
  std::map<int, json> threads;
  for (const auto& s : r.verdict.trace) {
    if (!locatable(s)) continue;
    auto& flow = threads[s.thread];
    if (flow.is_null())
      flow = {{"id", fmt::format("T{}", s.thread)},
              {"message", {{"text", fmt::format("thread {}", s.thread)}}},
              {"locations", json::array()}};
    flow["locations"].push_back({{"location", location(s, true)}, {"executionOrder", s.index}});
  }
  if (threads.empty()) return nullptr;
  json flows = json::array();
  for (auto& [thread, flow] : threads) flows.push_back(std::move(flow));
  const json message = {{"text", fmt::format("the interleaving that shows {}", r.verdict.defect)}};
  return json::array({{{"message", message}, {"threadFlows", std::move(flows)}}});
}

std::string message_text(const harness::Result& r) {
  const auto& v = r.verdict;
  std::string what;
  switch (r.outcome) {
    case Outcome::fail:
      what = fmt::format("{}, expected {} ({})", text::defect_and_detail(v), r.expected.describe(),
                         text::search_text(r));
      break;
    case Outcome::unexpected_pass: what = text::unexpected_pass_text(r); break;
    default: what = fmt::format("{}: {}", harness::to_string(r.outcome), r.message);
  }
  return fmt::format("{}: {}. Replay: {}", r.id, what, r.replay);
}

json result_json(const harness::Result& r, const std::string& rule, std::size_t rule_index) {
  json j = {{"ruleId", rule},
            {"ruleIndex", rule_index},
            {"level", "error"},
            {"message", {{"text", message_text(r)}}}};
  // The failing step: the last one that names a line of the user's code.
  const harness::Step* at = nullptr;
  for (const auto& s : r.verdict.trace)
    if (locatable(s) && s.line >= 1) at = &s;
  if (at) {
    j["locations"] = json::array({location(*at, false)});
  } else if (!r.file.empty()) {
    harness::Step registration;
    registration.file = r.file;
    registration.line = r.line;
    j["locations"] = json::array({location(registration, false)});
  }
  if (auto flows = code_flows(r); !flows.is_null()) j["codeFlows"] = std::move(flows);
  j["properties"] = {{"id", r.id},
                     {"kind", harness::to_string(r.kind)},
                     {"outcome", harness::to_string(r.outcome)},
                     {"expected", r.expected.describe()},
                     {"scheduler", harness::to_string(r.settings.scheduler)},
                     {"replay", r.replay}};
  if (!r.verdict.final_state.empty()) j["properties"]["state"] = r.verdict.final_state;
  if (r.verdict.scenario) j["properties"]["scenario"] = *r.verdict.scenario;
  if (!r.verdict.reproduce.empty()) j["properties"]["reproduce"] = r.verdict.reproduce;
  return j;
}

}  // namespace

void write_sarif(const std::filesystem::path& dir, const RunInfo& run,
                 const std::vector<harness::Result>& results) {
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  json items = json::array();
  for (const auto& r : results) {
    if (harness::as_expected(r.outcome) || r.outcome == Outcome::not_run) continue;
    const std::string id = rule_id(r);
    auto [it, added] = rule_index.try_emplace(id, rules.size());
    if (added)
      rules.push_back({{"id", id},
                       {"shortDescription", {{"text", rule_description(id, r)}}},
                       {"defaultConfiguration", {{"level", "error"}}}});
    items.push_back(result_json(r, id, it->second));
  }
  // A run that was stopped, or a merge of a set that is not one whole run, did not execute
  // everything it was asked to: SARIF's executionSuccessful is false and the notes say why.
  json invocation = {{"commandLine", run.command},
                     {"executionSuccessful", run.interrupted.empty() && run.partial.empty()}};
  json notes = json::array();
  if (!run.interrupted.empty()) {
    invocation["exitSignalName"] = run.interrupted;
    notes.push_back({{"level", "error"},
                     {"message", {{"text", text::interrupted_text(run.interrupted, results)}}}});
  }
  if (!run.partial.empty())
    notes.push_back({{"level", "error"}, {"message", {{"text", "partial merge: " + run.partial}}}});
  if (!notes.empty()) {
    for (const auto& r : results)
      if (r.outcome == Outcome::not_run)
        notes.push_back(
            {{"level", "warning"},
             {"message", {{"text", fmt::format("{}: not run: {}", r.id, r.message)}}},
             {"properties", {{"id", r.id}, {"outcome", harness::to_string(r.outcome)}}}});
    invocation["toolExecutionNotifications"] = std::move(notes);
  }
  if (!run.shard.empty()) invocation["properties"]["shard"] = run.shard;
  if (!run.partial.empty()) invocation["properties"]["partial"] = run.partial;
  const json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({{{"tool", {{"driver", {{"name", "interleave"}, {"rules", rules}}}}},
                             {"invocations", json::array({invocation})},
                             {"results", items}}})}};
  const auto path = dir / "results.sarif";
  std::ofstream out(path);
  out << doc.dump(2) << '\n';
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace interleave::reports
