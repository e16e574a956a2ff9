// sarif_problems: checks a results.sarif against the rules of the SARIF 2.1.0 specification that
// a viewer depends on (no schema file is installed on the machine, so the rules are written out
// here). Shown to reject broken documents in sarif_test.cpp; used by every test program that
// writes a results.sarif.
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace interleave::reports::validation {

using json = nlohmann::json;

inline bool is_nonempty_string(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() &&
         !j[key].get<std::string>().empty();
}

inline void check_physical_location(const json& loc, const std::string& where, bool region_required,
                                    std::vector<std::string>& problems) {
  if (!loc.contains("physicalLocation") || !loc["physicalLocation"].is_object()) {
    problems.push_back(where + ": no physicalLocation");
    return;
  }
  const auto& p = loc["physicalLocation"];
  if (!p.contains("artifactLocation") || !is_nonempty_string(p["artifactLocation"], "uri"))
    problems.push_back(where + ": no artifactLocation.uri");
  if (!p.contains("region")) {
    if (region_required) problems.push_back(where + ": no region");
    return;
  }
  const auto& line = p["region"].value("startLine", json());
  if (!line.is_number_integer() || line.get<long long>() < 1)
    problems.push_back(where + ": region.startLine is not an integer >= 1");
}

inline void check_code_flows(const json& flows, const std::string& where,
                             std::vector<std::string>& problems) {
  if (!flows.is_array() || flows.empty()) {
    problems.push_back(where + ": codeFlows is not a non-empty array");
    return;
  }
  const auto& threads = flows[0].value("threadFlows", json());
  if (!threads.is_array() || threads.empty()) {
    problems.push_back(where + ": codeFlows[0].threadFlows is not a non-empty array");
    return;
  }
  std::set<std::string> ids;
  std::set<long long> orders;  // a step belongs to one thread
  for (std::size_t t = 0; t < threads.size(); ++t) {
    const auto& flow = threads[t];
    const std::string at = where + " threadFlow " + std::to_string(t);
    if (!is_nonempty_string(flow, "id"))
      problems.push_back(at + ": no id naming its thread");
    else if (!ids.insert(flow["id"].get<std::string>()).second)
      problems.push_back(at + ": a second threadFlow for thread " + flow["id"].get<std::string>());
    const auto& locs = flow.value("locations", json());
    if (!locs.is_array() || locs.empty()) {
      problems.push_back(at + ": locations is not a non-empty array");
      continue;
    }
    long long previous = -2;
    for (std::size_t i = 0; i < locs.size(); ++i) {
      const std::string step = at + " location " + std::to_string(i);
      const auto& order = locs[i].value("executionOrder", json());
      if (!order.is_number_integer()) {
        problems.push_back(step + ": no executionOrder");
      } else {
        if (order.get<long long>() <= previous)
          problems.push_back(step + ": executionOrder does not increase");
        if (!orders.insert(order.get<long long>()).second)
          problems.push_back(step + ": executionOrder shared with another thread");
        previous = order.get<long long>();
      }
      const auto& loc = locs[i].value("location", json());
      check_physical_location(loc, step, false, problems);
      if (!loc.contains("message") || !is_nonempty_string(loc["message"], "text"))
        problems.push_back(step + ": no location.message.text");
    }
  }
}

// Every rule the document breaks; empty when a SARIF viewer will take it.
inline std::vector<std::string> sarif_problems(const json& doc) {
  std::vector<std::string> problems;
  if (doc.value("version", "") != "2.1.0") problems.push_back("version is not 2.1.0");
  if (doc.value("$schema", "") != "https://json.schemastore.org/sarif-2.1.0.json")
    problems.push_back("$schema is not the SARIF 2.1.0 schema");
  if (!doc.contains("runs") || !doc["runs"].is_array() || doc["runs"].empty()) {
    problems.push_back("runs is not a non-empty array");
    return problems;
  }
  const auto& run = doc["runs"][0];
  const auto& driver = run.value("tool", json::object()).value("driver", json());
  if (!is_nonempty_string(driver, "name"))
    problems.push_back("runs[0].tool.driver.name is missing");
  // What GitHub code scanning shows of the tool and its rules (the multitool's SARIF2005 and
  // GH2012 rules; sarif_multitool_test.cpp runs the multitool itself where it is installed).
  if (!is_nonempty_string(driver, "version"))
    problems.push_back("runs[0].tool.driver.version is missing");
  if (!is_nonempty_string(driver, "informationUri") ||
      driver["informationUri"].get<std::string>().find(':') == std::string::npos)
    problems.push_back("runs[0].tool.driver.informationUri is not an absolute URI");
  std::vector<std::string> rule_ids;
  for (const auto& rule : driver.value("rules", json::array())) {
    const std::string rule_name = rule.value("id", json("?")).dump();
    for (const char* text : {"shortDescription", "fullDescription", "help"})
      if (!rule.contains(text) || !is_nonempty_string(rule[text], "text"))
        problems.push_back("rule " + rule_name + ": no " + text + ".text");
    if (!is_nonempty_string(rule, "id"))
      problems.push_back("a rule without an id");
    else if (std::find(rule_ids.begin(), rule_ids.end(), rule["id"]) != rule_ids.end())
      problems.push_back("rule " + rule["id"].get<std::string>() + " defined twice");
    else
      rule_ids.push_back(rule["id"]);
  }
  if (!run.contains("results") || !run["results"].is_array()) {
    problems.push_back("runs[0].results is not an array");
    return problems;
  }
  const auto& results = run["results"];
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    const std::string where = "result " + std::to_string(i);
    if (!is_nonempty_string(r, "ruleId")) {
      problems.push_back(where + ": no ruleId");
    } else {
      const auto rule = std::find(rule_ids.begin(), rule_ids.end(), r["ruleId"]);
      if (rule == rule_ids.end())
        problems.push_back(where + ": ruleId " + r["ruleId"].get<std::string>() +
                           " is not among the rules");
      else if (r.contains("ruleIndex") &&
               r["ruleIndex"] != static_cast<std::size_t>(rule - rule_ids.begin()))
        problems.push_back(where + ": ruleIndex does not point at its ruleId");
    }
    static const std::set<std::string> levels = {"none", "note", "warning", "error"};
    if (r.contains("level") && (!r["level"].is_string() || !levels.contains(r["level"])))
      problems.push_back(where + ": level is not one of none, note, warning, error");
    if (!r.contains("message") || !is_nonempty_string(r["message"], "text"))
      problems.push_back(where + ": no message.text");
    if (r.contains("locations")) {
      if (!r["locations"].is_array())
        problems.push_back(where + ": locations is not an array");
      else
        for (const auto& loc : r["locations"]) check_physical_location(loc, where, true, problems);
    }
    if (r.contains("codeFlows")) check_code_flows(r["codeFlows"], where, problems);
  }
  return problems;
}

}  // namespace interleave::reports::validation
