// harness/src/scenario_json.hpp (internal): a generated scenario's table as JSON, one format
// for the child's verdict pipe, the JSON report and `interleave merge`'s reading of it.
//   {"prefix": [{"operation": "send 1", "result": "Ok", "implicit": false}, ...],
//    "threads": [[...], [...]], "suffix": [...]}
#pragma once

#include <nlohmann/json.hpp>

#include "interleave/harness/registry.hpp"

namespace interleave::harness {

inline void to_json(nlohmann::json& j, const ScenarioOp& op) {
  j = {{"operation", op.operation}, {"result", op.result}, {"implicit", op.implicit}};
}
inline void from_json(const nlohmann::json& j, ScenarioOp& op) {
  op.operation = j.at("operation").get<std::string>();
  op.result = j.at("result").get<std::string>();
  op.implicit = j.at("implicit").get<bool>();
}
inline void to_json(nlohmann::json& j, const ScenarioTable& t) {
  j = {{"prefix", t.prefix}, {"threads", t.threads}, {"suffix", t.suffix},
       {"operations", t.operations()}};
}
inline void from_json(const nlohmann::json& j, ScenarioTable& t) {
  t.prefix = j.at("prefix").get<std::vector<ScenarioOp>>();
  t.threads = j.at("threads").get<std::vector<std::vector<ScenarioOp>>>();
  t.suffix = j.at("suffix").get<std::vector<ScenarioOp>>();
}

}  // namespace interleave::harness
