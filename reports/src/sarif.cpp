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
#include "interleave/version.hpp"

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

// What each rule means, for the viewer's rule list: a one-line summary, what the finding says
// about the program, and where its cause usually lies. Relacy's defects by the names it prints
// (relacy/test_result.hpp), the library's own (RC USED ON ANOTHER THREAD), then the outcomes
// without a defect. A property's own failure names fall back to generic words.
struct RuleText {
  std::string_view summary;  // shortDescription
  std::string_view meaning;  // fullDescription, after the summary
  std::string_view cause;    // help: where to look first
};

// Null for a rule this table does not know (a property's own failure name).
const RuleText* known_rule(const std::string& id) {
  static const std::map<std::string, RuleText, std::less<>> known = {
      {"DATA-RACE",
       {"Two threads access a plain memory cell without happens-before, one writing",
        "In some interleaving two threads accessed the same non-atomic cell and nothing ordered "
        "the accesses (no lock held by both, no release/acquire pair between them).",
        "The last step is the second access; the earlier access to the same object on another "
        "thread is the first. Look for a missing lock, or an atomic whose memory order is too "
        "weak to publish what the other thread then reads."}},
      {"USER-ASSERT-FAILED",
       {"An assertion of the model failed in some interleaving",
        "A check the model (or a generated scenario's specification) makes saw a state that no "
        "correct interleaving allows.",
        "The message says which check failed and what it saw; the steps before it show how the "
        "threads got there."}},
      {"USER-INVARIANT-FAILED",
       {"An invariant of the model failed in some interleaving",
        "The model's invariant, checked between steps, was false after the last step.",
        "The last step broke the invariant; read the steps of each thread up to it."}},
      {"ACCESS-TO-FREED-MEMORY",
       {"Memory is read or written after it was freed",
        "A thread used an object after another step freed it (a use after free).",
        "Find the free among the steps and ask what should have kept the object alive: usually "
        "a reference count decremented too early or read without acquire."}},
      {"DOUBLE-FREE",
       {"Memory is freed twice, or an address that was not allocated is freed",
        "Two steps freed the same object, typically two owners that each saw themselves as the "
        "last one.",
        "Look for a reference count updated without a read-modify-write (a lost update), or "
        "one shared by threads that is not atomic."}},
      {"MEMORY-LEAK",
       {"Memory allocated in the model is never freed",
        "When every thread had finished, some memory allocated during the execution was still "
        "allocated.",
        "Look for a count that never reached zero (a lost decrement) or an owner that forgot to "
        "drop what it held."}},
      {"RESOURCE-LEAK",
       {"A synchronization object created in the model is never destroyed",
        "An atomic, mutex or condition variable made in the execution was never destroyed.",
        "Look for the object that owns it and why it was not destroyed."}},
      {"ACCESS-TO-UNINITIALIZED-VARIABLE",
       {"A memory cell is read before anything was stored",
        "A thread read a cell that no step had written yet.",
        "Look for a publication that lets the reader see the object before its construction."}},
      {"DEADLOCK",
       {"Every live thread is blocked",
        "In some interleaving no thread could run: each waited for a lock, a notification or a "
        "join that nothing left would give.",
        "Read each thread's last step: what it waits for and who should have provided it (a "
        "notification sent before the wait began, a lock never released, a lock order "
        "inversion)."}},
      {"LIVELOCK",
       {"Threads keep running without any making progress",
        "The threads took steps indefinitely without the execution moving forward.",
        "Look for a retry loop that no other thread's step can end (a spin without a yield or "
        "a backoff that waits for itself)."}},
      {"RECURSION-ON-NON-RECURSIVE-MUTEX",
       {"A thread locks a mutex it already holds",
        "A thread asked for a lock it held, which blocks it forever.",
        "The last step is the second lock; look for a call path that locks twice."}},
      {"UNLOCKING-MUTEX-W-O-OWNERSHIP",
       {"A thread unlocks a mutex it does not hold",
        "A thread released a lock that it did not hold.",
        "Look for an unlock on a path that did not lock, or a guard moved to another thread."}},
      {"DESTROYING-OWNED-MUTEX",
       {"A mutex is destroyed while a thread holds it", "A mutex was destroyed while locked.",
        "Look for the owner's destruction racing with a thread still inside its critical "
        "section."}},
      {"RC-USED-ON-ANOTHER-THREAD",
       {"A non-atomic Rc is used on a thread other than the one that created its value",
        "Rc's counts are plain memory for one thread only; a clone, drop or other use of its "
        "counts on a second thread races with the first.",
        "The message names both threads and the line of the use; use Arc where a value is "
        "shared by threads."}},
      {"UNEXPECTED-PASS",
       {"A model expected to fail (a negative control) found no defect",
        "A negative control injects a fault the suite must catch; its search found nothing, so "
        "the suite can no longer show that this defect is caught.",
        "Check that the fault is still injected where the code under test uses it, and that "
        "the search still reaches it (its budget and scheduler)."}},
      {"TIMEOUT",
       {"The item's process ran past the timeout and was killed",
        "The search did not finish in the time the run allowed it.",
        "Raise --timeout, or lower the search (bound, iterations) for a quicker verdict."}},
      {"CRASH",
       {"The item's process died on a signal or exited without a verdict",
        "The item's process ended without reporting a result: a signal, an abort or a memory "
        "limit.",
        "Run the replay command on its own to see the process's error output."}},
      {"ERROR",
       {"The item threw or could not be run", "The item could not be run to a verdict.",
        "The message says what went wrong."}},
  };
  const auto it = known.find(id);
  return it == known.end() ? nullptr : &it->second;
}

// "DATA-RACE" -> "DataRace": the rule's friendly name, one Pascal-case identifier.
std::string rule_name(const std::string& id) {
  std::string name;
  bool start = true;
  for (char c : id) {
    if (c == '-') {
      start = true;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    name += static_cast<char>(start ? std::toupper(u) : std::tolower(u));
    start = false;
  }
  return name;
}

json rule_json(const std::string& id, const harness::Result& r) {
  static const RuleText unknown = {
      "", "A check of a generated scenario saw a result no correct interleaving allows.",
      "The message says which check failed; the scenario and the steps show how."};
  const RuleText* known = known_rule(id);
  const RuleText& text = known ? *known : unknown;
  // A property's own failure name is its summary.
  const std::string summary = known                      ? std::string(text.summary)
                              : r.verdict.defect.empty() ? id
                                                         : r.verdict.defect;
  const std::string act =
      "Each result's code flow is the interleaving: one thread flow per thread, every step in "
      "execution order with its file and line. The result's message ends with the command that "
      "replays it exactly and prints the steps.";
  json rule = {{"id", id},
               {"shortDescription", {{"text", summary}}},
               {"fullDescription", {{"text", fmt::format("{}. {}", summary, text.meaning)}}},
               {"help",
                {{"text", fmt::format("{} {} {}", text.meaning, text.cause, act)},
                 {"markdown", fmt::format("{}\n\n**Where to look.** {}\n\n**How to read it.** {}",
                                          text.meaning, text.cause, act)}}},
               {"defaultConfiguration", {{"level", "error"}}}};
  // A one-word id's name would differ only in case, which SARIF counts as the same: left out.
  if (id.find('-') != std::string::npos) rule["name"] = rule_name(id);
  return rule;
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

// Relative paths are relative to the project's root (harness/sources.hpp), the base id that
// GitHub's code scanning resolves against the repository's checkout.
constexpr std::string_view source_root_id = "%SRCROOT%";

json physical_location(const harness::Step& s) {
  json artifact = {{"uri", file_uri(s.file)}};
  if (!s.file.starts_with('/')) artifact["uriBaseId"] = source_root_id;
  json p = {{"artifactLocation", std::move(artifact)}};
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
    if (added) rules.push_back(rule_json(id, r));
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
  const json driver = {{"name", "interleave"},
                       {"version", interleave::version},
                       {"semanticVersion", interleave::version},
                       {"informationUri", interleave::homepage_url},
                       {"rules", std::move(rules)}};
  json sarif_run = {{"tool", {{"driver", driver}}},
                    {"invocations", json::array({invocation})},
                    {"results", items}};
  // Where the root was and which revision of which repository it held: a viewer resolves the
  // relative locations with these (SARIF 3.14.14, 3.14.28, 3.23).
  if (!run.sources.root.empty())
    sarif_run["originalUriBaseIds"] = {
        {source_root_id, {{"uri", file_uri(run.sources.root + "/")}}}};
  if (!run.sources.repository.empty()) {
    json details = {{"repositoryUri", run.sources.repository}};
    if (!run.sources.revision.empty()) details["revisionId"] = run.sources.revision;
    if (!run.sources.branch.empty()) details["branch"] = run.sources.branch;
    details["mappedTo"] = {{"uriBaseId", source_root_id}};
    sarif_run["versionControlProvenance"] = json::array({details});
  }
  const json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                    {"version", "2.1.0"},
                    {"runs", json::array({sarif_run})}};
  const auto path = dir / "results.sarif";
  std::ofstream out(path);
  out << doc.dump(2) << '\n';
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace interleave::reports
