// results.json back into result values: the inverse of write_json, for `interleave merge`.
// The file is outside input (another job's artifact, possibly truncated or hand-edited): every
// field is checked for its type and range, and anything else is an error naming the file.
// fuzz/results_json_fuzzer.cpp feeds parse_results_json arbitrary bytes.
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result_json.hpp"
#include "interleave/reports/report.hpp"

namespace interleave::reports {

using json = harness::result_json;
using harness::json_field::seconds;
using harness::json_field::text_or_empty;

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
      run->seconds = seconds(doc, "seconds");
      run->shard = text_or_empty(doc, "shard");
      run->interrupted =
          doc.contains("summary") ? text_or_empty(doc.at("summary"), "interrupted") : "";
      if (doc.contains("selected"))
        run->selected = doc.at("selected").get<std::vector<std::string>>();
      run->settings = text_or_empty(doc, "settings");
      run->partial = text_or_empty(doc, "partial");
      if (doc.contains("divided")) {
        if (!doc.at("divided").is_object())
          throw std::runtime_error("'divided' is not an object of ids and piece counts");
        for (const auto& [id, count] : doc.at("divided").items()) {
          const auto pieces =
              harness::json_field::whole<std::size_t>(doc.at("divided"), id.c_str());
          if (pieces == 0)
            throw std::runtime_error(fmt::format("'divided' gives '{}' no pieces", id));
          run->divided[id] = pieces;
        }
      }
      if (doc.contains("sources") && !doc.at("sources").is_null())
        run->sources = doc.at("sources").get<harness::Sources>();
    }
    const json& list = doc.at("results");
    if (!list.is_array()) throw std::runtime_error("'results' is not a list");
    std::vector<harness::Result> results;
    for (const auto& j : list) {
      if (!j.is_object()) throw std::runtime_error("a result is not a JSON object");
      results.push_back(j.get<harness::Result>());
    }
    return results;
  } catch (const json::exception& e) {  // a missing key, a wrong type, not JSON at all
    throw std::runtime_error(e.what());
  }
}

std::vector<harness::Result> read_json(const std::filesystem::path& file, RunInfo* run) {
  return harness::read_report_file(
      file, "results.json", [&](std::string_view text) { return parse_results_json(text, run); });
}

}  // namespace interleave::reports
