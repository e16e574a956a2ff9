// results.json back into result values: the inverse of write_json, for `interleave merge`.
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../../harness/src/scenario_json.hpp"

#include "interleave/reports/report.hpp"

namespace interleave::reports {

using json = nlohmann::json;

namespace {

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
  r.kind = j.at("kind") == "property" ? harness::Kind::property : harness::Kind::model;
  r.threads = j.at("threads").get<int>();
  r.description = text_or_empty(j, "description");
  if (j.contains("source")) {
    r.file = j.at("source").at("file").get<std::string>();
    r.line = j.at("source").at("line").get<unsigned>();
  }
  r.expected = j.at("expected_defect").is_null()
                   ? harness::Expectation::pass()
                   : harness::Expectation::fails_with(j.at("expected_defect").get<std::string>());
  r.outcome = outcome_named(j.at("outcome").get<std::string>());
  const auto scheduler = harness::parse_scheduler(j.at("scheduler").get<std::string>());
  if (!scheduler) throw std::runtime_error("unknown scheduler " + j.at("scheduler").dump());
  r.settings.scheduler = *scheduler;
  r.settings.context_bound = j.at("context_bound").get<unsigned>();
  r.settings.iterations = j.at("iteration_budget").get<std::uint64_t>();
  r.settings.seed = j.at("seed").get<std::uint64_t>();
  r.verdict.defect = j.at("defect").is_null() ? "" : j.at("defect").get<std::string>();
  r.verdict.detail = text_or_empty(j, "detail");
  r.verdict.iterations = j.at("iterations").get<std::uint64_t>();
  r.verdict.search_complete = j.at("search") == "complete";
  r.verdict.final_state = text_or_empty(j, "state");
  if (j.contains("other_defects"))
    r.verdict.other_defects = j.at("other_defects").get<std::vector<std::string>>();
  r.seconds = j.at("seconds").get<double>();
  r.replay = j.at("replay").get<std::string>();
  r.message = text_or_empty(j, "message");
  if (j.contains("scenarios")) r.verdict.scenarios = j.at("scenarios").get<std::uint64_t>();
  if (j.contains("shrink_candidates")) {
    r.verdict.shrink_candidates = j.at("shrink_candidates").get<std::uint64_t>();
    r.verdict.seconds_to_find = j.at("seconds_to_find").get<double>();
  }
  if (j.contains("scenario")) r.verdict.scenario = j.at("scenario").get<harness::ScenarioTable>();
  r.verdict.reproduce = text_or_empty(j, "reproduce");
  if (j.contains("replay_scheduler")) {
    r.verdict.replay_scheduler = harness::parse_scheduler(j.at("replay_scheduler").get<std::string>());
    r.verdict.replay_context_bound = j.at("replay_context_bound").get<unsigned>();
  }
  if (j.contains("trace"))
    for (const auto& s : j.at("trace")) {
      harness::Step step;
      step.index = s.at("step").get<std::uint64_t>();
      step.thread = s.at("thread").get<int>();
      step.operation = s.at("operation").get<std::string>();
      step.object = text_or_empty(s, "object");
      step.value = text_or_empty(s, "value");
      step.order = text_or_empty(s, "memory_order");
      step.function = text_or_empty(s, "function");
      step.file = text_or_empty(s, "file");
      step.line = s.at("line").get<unsigned>();
      r.verdict.trace.push_back(std::move(step));
    }
  return r;
}

}  // namespace

std::vector<harness::Result> read_json(const std::filesystem::path& file, RunInfo* run) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  try {
    const json doc = json::parse(in);
    if (doc.at("schema_version") != json_schema_version)
      throw std::runtime_error(fmt::format("schema_version {} (this interleave reads {})",
                                           doc.at("schema_version").dump(), json_schema_version));
    if (run) {
      run->command = text_or_empty(doc, "command");
      run->seconds = doc.at("seconds").get<double>();
      run->shard = text_or_empty(doc, "shard");
      if (doc.contains("selected")) run->selected = doc.at("selected").get<std::vector<std::string>>();
      run->settings = text_or_empty(doc, "settings");
      run->partial = text_or_empty(doc, "partial");
    }
    std::vector<harness::Result> results;
    for (const auto& j : doc.at("results")) results.push_back(result_from(j));
    return results;
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{} is not an interleave results.json: {}", file.string(), e.what()));
  }
}

}  // namespace interleave::reports
