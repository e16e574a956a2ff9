// harness/src/scenario_json.hpp (internal): a generated scenario's table as JSON, one format
// for the child's verdict pipe, the JSON report and `interleave merge`'s reading of it.
//   {"prefix": [{"operation": "send 1", "result": "Ok", "implicit": false}, ...],
//    "threads": [[...], [...]], "suffix": [...]}
#pragma once

#include <nlohmann/json.hpp>

#include "interleave/harness/registry.hpp"

namespace interleave::harness {

template <class Json>  // nlohmann::json or ordered_json
void to_json(Json& j, const ScenarioOp& op) {
  j = {{"operation", op.operation}, {"result", op.result}, {"implicit", op.implicit}};
}
template <class Json>
void from_json(const Json& j, ScenarioOp& op) {
  op.operation = j.at("operation").template get<std::string>();
  op.result = j.at("result").template get<std::string>();
  op.implicit = j.at("implicit").template get<bool>();
}
template <class Json>
void to_json(Json& j, const ScenarioTable& t) {
  j = {{"prefix", t.prefix}, {"threads", t.threads}, {"suffix", t.suffix},
       {"operations", t.operations()}};
}
template <class Json>
void from_json(const Json& j, ScenarioTable& t) {
  t.prefix = j.at("prefix").template get<std::vector<ScenarioOp>>();
  t.threads = j.at("threads").template get<std::vector<std::vector<ScenarioOp>>>();
  t.suffix = j.at("suffix").template get<std::vector<ScenarioOp>>();
}

}  // namespace interleave::harness
