// results.json back into result values: the inverse of write_json, for `interleave merge`.
// The file is outside input (another job's artifact, possibly truncated or hand-edited): every
// field is checked for its type and range, and anything else is an error naming the file.
// fuzz/results_json_fuzzer.cpp feeds parse_results_json arbitrary bytes.
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../../harness/src/scenario_json.hpp"

#include "interleave/reports/report.hpp"

namespace interleave::reports {

using json = nlohmann::json;

namespace {

// A whole number that fits T exactly: never a wrapped, truncated or rounded value.
template <class T>
T whole(const json& j, const char* key) {
  const json& v = j.at(key);
  const auto out_of_range = [&] {
    return std::runtime_error(fmt::format("'{}' is {}, not a whole number from {} to {}", key,
                                          v.dump().substr(0, 40), std::numeric_limits<T>::min(),
                                          std::numeric_limits<T>::max()));
  };
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw out_of_range();
    return static_cast<T>(u);
  }
  if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if constexpr (std::is_unsigned_v<T>) {
      if (i < 0 || static_cast<std::uint64_t>(i) > std::numeric_limits<T>::max()) throw out_of_range();
    } else {
      if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max()) throw out_of_range();
    }
    return static_cast<T>(i);
  }
  throw out_of_range();
}

// A duration: a finite number of seconds, not negative.
double seconds_in(const json& j, const char* key) {
  const json& v = j.at(key);
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
    throw std::runtime_error(fmt::format("'{}' is {}, not a number of seconds", key, v.dump().substr(0, 40)));
  return v.get<double>();
}

std::string text_or_empty(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

harness::Outcome outcome_named(const std::string& name) {
  for (harness::Outcome o : harness::all_outcomes)
    if (harness::to_string(o) == name) return o;
  throw std::runtime_error(fmt::format("unknown outcome '{}'", name));
}

harness::Result result_from(const json& j) {
  harness::Result r;
  r.id = j.at("id").get<std::string>();
  const std::string kind = j.at("kind").get<std::string>();
  if (kind != "model" && kind != "property")
    throw std::runtime_error(fmt::format("unknown kind '{}'", kind.substr(0, 40)));
  r.kind = kind == "property" ? harness::Kind::property : harness::Kind::model;
  r.threads = whole<int>(j, "threads");
  r.description = text_or_empty(j, "description");
  if (j.contains("source")) {
    r.file = j.at("source").at("file").get<std::string>();
    r.line = whole<unsigned>(j.at("source"), "line");
  }
  r.expected = j.at("expected_defect").is_null()
                   ? harness::Expectation::pass()
                   : harness::Expectation::fails_with(
                         j.at("expected_defect").get<std::string>(),
                         j.value("may_pass", std::vector<std::string>{}));
  if (j.contains("injects_fault")) {
    if (!j.at("injects_fault").is_boolean())
      throw std::runtime_error("'injects_fault' is not true or false");
    r.injects_fault = j.at("injects_fault").get<bool>();
  }
  r.twin_of = text_or_empty(j, "twin_of");
  r.outcome = outcome_named(j.at("outcome").get<std::string>());
  const auto scheduler = harness::parse_scheduler(j.at("scheduler").get<std::string>());
  if (!scheduler) throw std::runtime_error("unknown scheduler " + j.at("scheduler").dump());
  r.settings.scheduler = *scheduler;
  r.settings.context_bound = whole<unsigned>(j, "context_bound");
  r.settings.iterations = whole<std::uint64_t>(j, "iteration_budget");
  r.settings.seed = whole<std::uint64_t>(j, "seed");
  r.verdict.defect = j.at("defect").is_null() ? "" : j.at("defect").get<std::string>();
  r.verdict.detail = text_or_empty(j, "detail");
  r.verdict.iterations = whole<std::uint64_t>(j, "iterations");
  if (!j.at("search").is_null()) {  // null: no verdict (timeout, crash, error)
    const auto search = harness::parse_search_end(j.at("search").get<std::string>());
    if (!search) throw std::runtime_error("unknown search end " + j.at("search").dump());
    r.verdict.search = *search;
  }
  r.verdict.final_state = text_or_empty(j, "state");
  if (j.contains("other_defects"))
    r.verdict.other_defects = j.at("other_defects").get<std::vector<std::string>>();
  r.seconds = seconds_in(j, "seconds");
  r.replay = j.at("replay").get<std::string>();
  r.message = text_or_empty(j, "message");
  if (j.contains("scenarios")) r.verdict.scenarios = whole<std::uint64_t>(j, "scenarios");
  if (j.contains("shrink_candidates")) {
    r.verdict.shrink_candidates = whole<std::uint64_t>(j, "shrink_candidates");
    r.verdict.seconds_to_find = seconds_in(j, "seconds_to_find");
  }
  if (j.contains("scenario")) r.verdict.scenario = j.at("scenario").get<harness::ScenarioTable>();
  r.verdict.reproduce = text_or_empty(j, "reproduce");
  if (j.contains("replay_scheduler")) {
    r.verdict.replay_scheduler = harness::parse_scheduler(j.at("replay_scheduler").get<std::string>());
    r.verdict.replay_context_bound = whole<unsigned>(j, "replay_context_bound");
  }
  if (j.contains("trace"))
    for (const auto& s : j.at("trace")) {
      harness::Step step;
      step.index = whole<std::uint64_t>(s, "step");
      step.thread = whole<int>(s, "thread");
      step.operation = s.at("operation").get<std::string>();
      step.object = text_or_empty(s, "object");
      step.value = text_or_empty(s, "value");
      step.order = text_or_empty(s, "memory_order");
      step.function = text_or_empty(s, "function");
      step.file = text_or_empty(s, "file");
      step.line = whole<unsigned>(s, "line");
      r.verdict.trace.push_back(std::move(step));
    }
  return r;
}

}  // namespace

std::vector<harness::Result> parse_results_json(std::string_view text, RunInfo* run) {
  try {
    const json doc = json::parse(text);
    if (!doc.is_object()) throw std::runtime_error("it is not a JSON object");
    if (doc.at("schema_version") != json_schema_version)
      throw std::runtime_error(fmt::format("schema_version {} (this interleave reads {})",
                                           doc.at("schema_version").dump().substr(0, 40),
                                           json_schema_version));
    if (run) {
      run->command = text_or_empty(doc, "command");
      run->seconds = seconds_in(doc, "seconds");
      run->shard = text_or_empty(doc, "shard");
      run->interrupted = doc.contains("summary") ? text_or_empty(doc.at("summary"), "interrupted") : "";
      if (doc.contains("selected")) run->selected = doc.at("selected").get<std::vector<std::string>>();
      run->settings = text_or_empty(doc, "settings");
      run->partial = text_or_empty(doc, "partial");
    }
    const json& list = doc.at("results");
    if (!list.is_array()) throw std::runtime_error("'results' is not a list");
    std::vector<harness::Result> results;
    for (const auto& j : list) {
      if (!j.is_object()) throw std::runtime_error("a result is not a JSON object");
      results.push_back(result_from(j));
    }
    return results;
  } catch (const json::exception& e) {  // a missing key, a wrong type, not JSON at all
    throw std::runtime_error(e.what());
  }
}

std::vector<harness::Result> read_json(const std::filesystem::path& file, RunInfo* run) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse_results_json(text.str(), run);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{} is not an interleave results.json: {}", file.string(), e.what()));
  }
}

}  // namespace interleave::reports
