#include "interleave/harness/result_json.hpp"

#include <cmath>
#include <vector>

#include "interleave/harness/history.hpp"

namespace interleave::harness {

namespace json_field {

double seconds(const result_json& j, const char* key) {
  const result_json& v = j.at(key);
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
    throw std::runtime_error(
        fmt::format("'{}' is {}, not a number of seconds", key, v.dump().substr(0, 40)));
  return v.get<double>();
}

std::string text_or_empty(const result_json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

Outcome outcome_named(const std::string& name) {
  for (Outcome o : all_outcomes)
    if (to_string(o) == name) return o;
  throw std::runtime_error(fmt::format("unknown outcome '{}'", name));
}

result_json text_or_null(const std::string& s) {
  return s.empty() ? result_json(nullptr) : result_json(s);
}

}  // namespace json_field

using json_field::outcome_named;
using json_field::text_or_empty;
using json_field::text_or_null;
using json_field::whole;

void to_json(result_json& j, const Step& s) {
  j = {{"step", s.index},
       {"thread", s.thread},
       {"operation", s.operation},
       {"object", text_or_null(s.object)},
       {"value", text_or_null(s.value)},
       {"memory_order", text_or_null(s.order)},
       {"function", s.function},
       {"file", s.file},
       {"line", s.line}};
}

void from_json(const result_json& j, Step& s) {
  s.index = whole<std::uint64_t>(j, "step");
  s.thread = whole<int>(j, "thread");
  s.operation = j.at("operation").get<std::string>();
  s.object = text_or_empty(j, "object");
  s.value = text_or_empty(j, "value");
  s.order = text_or_empty(j, "memory_order");
  s.function = text_or_empty(j, "function");
  s.file = text_or_empty(j, "file");
  s.line = whole<unsigned>(j, "line");
  s.kind = classify_step(s.operation, s.file);  // not written: read as parse_history reads it
}

void to_json(result_json& j, const ScenarioOp& op) {
  j = {{"operation", op.operation}, {"result", op.result}, {"implicit", op.implicit}};
}

void from_json(const result_json& j, ScenarioOp& op) {
  op.operation = j.at("operation").get<std::string>();
  op.result = j.at("result").get<std::string>();
  op.implicit = j.at("implicit").get<bool>();
}

void to_json(result_json& j, const ScenarioTable& t) {
  j = {{"prefix", t.prefix},
       {"threads", t.threads},
       {"suffix", t.suffix},
       {"operations", t.operations()}};
}

void from_json(const result_json& j, ScenarioTable& t) {
  t.prefix = j.at("prefix").get<std::vector<ScenarioOp>>();
  t.threads = j.at("threads").get<std::vector<std::vector<ScenarioOp>>>();
  t.suffix = j.at("suffix").get<std::vector<ScenarioOp>>();
}

void to_json(result_json& j, const Site& s) {
  j = {{"file", s.file},           {"line", s.line},   {"column", s.column},
       {"operation", s.operation}, {"order", s.order}, {"function", s.function}};
}

void from_json(const result_json& j, Site& s) {
  s.file = j.at("file").get<std::string>();
  s.line = whole<std::uint32_t>(j, "line");
  s.column = whole<std::uint32_t>(j, "column");
  s.operation = j.at("operation").get<std::string>();
  s.order = j.at("order").get<std::string>();
  s.function = text_or_empty(j, "function");
}

void to_json(result_json& j, const Verdict& v) {
  j = {{"defect", text_or_null(v.defect)},
       {"detail", v.detail},
       {"iterations", v.iterations},
       {"search", to_string(v.search)},
       {"other_defects", v.other_defects},
       {"state", v.final_state},
       {"trace", v.trace},
       {"scenarios", v.scenarios},
       {"shrink_candidates", v.shrink_candidates},
       {"seconds_to_find", v.seconds_to_find}};
  if (v.scenario) j["scenario"] = *v.scenario;
  j["reproduce"] = v.reproduce;
  if (v.replay_scheduler) {
    j["replay_scheduler"] = to_string(*v.replay_scheduler);
    j["replay_context_bound"] = v.replay_context_bound;
  }
  j["history"] = v.history;
  j["replay_misfit"] = v.replay_misfit;
  if (!v.sites.empty()) j["sites"] = v.sites;
  if (v.pieces > 0) j["pieces"] = v.pieces;
}

void from_json(const result_json& j, Verdict& v) {
  v.defect = j.at("defect").is_null() ? "" : j.at("defect").get<std::string>();
  v.detail = text_or_empty(j, "detail");
  v.iterations = whole<std::uint64_t>(j, "iterations");
  if (!j.at("search").is_null()) {  // null: no verdict (a result's timeout, crash, error)
    const auto search = parse_search_end(j.at("search").get<std::string>());
    if (!search) throw std::runtime_error("unknown search end " + j.at("search").dump());
    v.search = *search;
  }
  v.final_state = text_or_empty(j, "state");
  if (j.contains("other_defects"))
    v.other_defects = j.at("other_defects").get<std::vector<std::string>>();
  if (j.contains("scenarios")) v.scenarios = whole<std::uint64_t>(j, "scenarios");
  if (j.contains("shrink_candidates")) {
    v.shrink_candidates = whole<std::uint64_t>(j, "shrink_candidates");
    v.seconds_to_find = json_field::seconds(j, "seconds_to_find");
  }
  if (j.contains("scenario")) v.scenario = j.at("scenario").get<ScenarioTable>();
  v.reproduce = text_or_empty(j, "reproduce");
  if (j.contains("replay_scheduler")) {
    v.replay_scheduler = parse_scheduler(j.at("replay_scheduler").get<std::string>());
    v.replay_context_bound = whole<unsigned>(j, "replay_context_bound");
  }
  if (j.contains("trace"))
    for (const auto& s : j.at("trace")) v.trace.push_back(s.get<Step>());
  v.history = text_or_empty(j, "history");
  v.replay_misfit = text_or_empty(j, "replay_misfit");
  if (j.contains("sites")) v.sites = j.at("sites").get<std::vector<Site>>();
  if (j.contains("pieces")) v.pieces = whole<std::uint64_t>(j, "pieces");
}

void to_json(result_json& j, const ItemInfo& item) {
  const Expectation& e = item.expected;
  j = {{"id", item.id},
       {"kind", to_string(item.kind)},
       {"threads", item.threads},
       {"description", item.description},
       {"source", {{"file", item.file}, {"line", item.line}}},
       {"expected", e.describe()},
       {"expected_defect", e.expects_pass() ? result_json(nullptr) : result_json(e.defect())},
       {"may_pass", e.passing()},
       {"injects_fault", item.injects_fault},
       {"twin_of", text_or_null(item.twin_of)}};
}

void from_json(const result_json& j, ItemInfo& item) {
  item.id = j.at("id").get<std::string>();
  const std::string kind = j.at("kind").get<std::string>();
  if (kind != "model" && kind != "property")
    throw std::runtime_error(fmt::format("unknown kind '{}'", kind.substr(0, 40)));
  item.kind = kind == "property" ? Kind::property : Kind::model;
  item.threads = whole<int>(j, "threads");
  item.description = text_or_empty(j, "description");
  if (j.contains("source")) {
    item.file = j.at("source").at("file").get<std::string>();
    item.line = whole<unsigned>(j.at("source"), "line");
  }
  item.expected = j.at("expected_defect").is_null()
                      ? Expectation::pass()
                      : Expectation::fails_with(j.at("expected_defect").get<std::string>(),
                                                j.value("may_pass", std::vector<std::string>{}));
  if (j.contains("injects_fault")) {  // absent in a results.json older than the field
    if (!j.at("injects_fault").is_boolean())
      throw std::runtime_error("'injects_fault' is not true or false");
    item.injects_fault = j.at("injects_fault").get<bool>();
  }
  item.twin_of = text_or_empty(j, "twin_of");
}

void to_json(result_json& j, const Result& r) {
  // The verdict's fields, placed among the result's in results.json's order; what a report does
  // not carry stays behind in `v`.
  result_json v = r.verdict;
  const auto take = [&](const char* key) { j[key] = std::move(v.at(key)); };
  const bool defect = !r.verdict.defect.empty();
  const SearchSettings& s = r.settings;
  j = static_cast<const ItemInfo&>(r);
  j["outcome"] = to_string(r.outcome);
  take("defect");
  take("detail");
  j["scheduler"] = to_string(s.scheduler);
  j["context_bound"] = s.context_bound;
  j["iteration_budget"] = s.iterations;
  j["seed"] = s.seed;
  take("iterations");
  j["search"] = has_verdict(r.outcome) ? std::move(v.at("search")) : result_json(nullptr);
  take("other_defects");
  if (r.verdict.pieces > 0) take("pieces");
  if (s.piece_count > 0)
    j["piece"] = {{"index", s.piece_index}, {"count", s.piece_count}, {"state", s.piece}};
  j["seconds"] = r.seconds;
  j["replay"] = r.replay;
  j["message"] = r.message;
  if (defect) {
    take("state");
    take("trace");
  }
  if (r.kind == Kind::property) {
    take("scenarios");
    if (defect) {
      take("shrink_candidates");
      take("seconds_to_find");
    }
    if (r.verdict.scenario) take("scenario");
    if (!r.verdict.reproduce.empty()) take("reproduce");
    if (r.verdict.replay_scheduler) {
      take("replay_scheduler");
      take("replay_context_bound");
    }
  }
}

void from_json(const result_json& j, Result& r) {
  static_cast<ItemInfo&>(r) = j.get<ItemInfo>();
  r.outcome = outcome_named(j.at("outcome").get<std::string>());
  const auto scheduler = parse_scheduler(j.at("scheduler").get<std::string>());
  if (!scheduler) throw std::runtime_error("unknown scheduler " + j.at("scheduler").dump());
  r.settings.scheduler = *scheduler;
  r.settings.context_bound = whole<unsigned>(j, "context_bound");
  r.settings.iterations = whole<std::uint64_t>(j, "iteration_budget");
  r.settings.seed = whole<std::uint64_t>(j, "seed");
  if (j.contains("piece")) {
    const result_json& piece = j.at("piece");
    r.settings.piece_index = whole<std::size_t>(piece, "index");
    r.settings.piece_count = whole<std::size_t>(piece, "count");
    r.settings.piece = piece.at("state").get<std::string>();
    if (r.settings.piece_count == 0 || r.settings.piece_index >= r.settings.piece_count)
      throw std::runtime_error("'piece' is not piece INDEX of COUNT with INDEX < COUNT");
  }
  r.verdict = j.get<Verdict>();
  r.seconds = json_field::seconds(j, "seconds");
  r.replay = j.at("replay").get<std::string>();
  r.message = text_or_empty(j, "message");
}

void to_json(result_json& j, const Sources& s) {
  j = {{"root", text_or_null(s.root)},
       {"url", text_or_null(s.url)},
       {"repository", text_or_null(s.repository)},
       {"revision", text_or_null(s.revision)},
       {"branch", text_or_null(s.branch)}};
}

void from_json(const result_json& j, Sources& s) {
  if (!j.is_object()) throw std::runtime_error("'sources' is not a JSON object");
  s.root = text_or_empty(j, "root");
  s.url = text_or_empty(j, "url");
  if (!s.url.empty()) {
    auto url = checked_source_url(s.url);
    if (!url) throw std::runtime_error(url.error());
    s.url = *url;
  }
  s.repository = text_or_empty(j, "repository");
  s.revision = text_or_empty(j, "revision");
  s.branch = text_or_empty(j, "branch");
}

}  // namespace interleave::harness
