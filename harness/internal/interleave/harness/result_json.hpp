// interleave/harness/result_json.hpp (internal: shared by the project's modules, not installed):
// the one JSON form of each type of the result data model (result.hpp). A child's verdict on
// the runner's pipe, results.json (reports::write_json) and its reading back for `interleave
// merge` (reports::read_json) all go through these functions, so a field is added in one place.
// The form is results.json's, as docs/json-report.md documents it:
//
//   Step           {"step", "thread", "operation", "object", "value", "memory_order", "function",
//                   "file", "line"}; object, value and memory_order are null when empty. Its
//                   kind is not written: reading a step classifies it (classify_step,
//                   history.hpp), as parsing Relacy's history does
//   ScenarioTable  {"prefix": [OP, ...], "threads": [[OP, ...], ...], "suffix": [OP, ...],
//                   "operations": N}, OP = {"operation", "result", "implicit"}
//   Verdict        {"defect" (null: none), "detail", "iterations", "search", "other_defects",
//                   "state", "trace", "scenarios", "shrink_candidates", "seconds_to_find",
//                   "scenario" (absent: none), "reproduce", "replay_scheduler" and
//                   "replay_context_bound" (absent: none), "history", "replay_misfit",
//                   "sites" (absent: none recorded)}: every field, which is what the pipe carries
//   Site           {"file", "line", "column", "operation", "order", "function"}
//   ItemInfo       {"id", "kind", "threads", "description", "source": {"file", "line"},
//                   "expected", "expected_defect", "may_pass", "injects_fault", "twin_of" (null:
//                   not a twin)}
//   Result         one flat object: its ItemInfo's fields, "outcome", its settings and the
//                   Verdict's fields a report carries (not "history" or "replay_misfit"; "state"
//                   and "trace" for a defect; the property fields for a property), in
//                   results.json's order
//   Sources        {"root", "url", "repository", "revision", "branch"}, each null when empty;
//                   reading checks "url" as --source-url is checked (it becomes a link)
//
// A Result is read back with the Verdict's reader from the same object: fields a report leaves
// out read as empty. Reading checks every field it takes for its type and range (results.json is
// outside input): a wrong one throws nlohmann::json::exception or std::runtime_error naming it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result.hpp"
#include "interleave/harness/sources.hpp"

namespace interleave::harness {

// Ordered: an object keeps the order its fields were written in.
using result_json = nlohmann::ordered_json;

void to_json(result_json& j, const Step& s);
void from_json(const result_json& j, Step& s);
void to_json(result_json& j, const ScenarioOp& op);
void from_json(const result_json& j, ScenarioOp& op);
void to_json(result_json& j, const ScenarioTable& t);
void from_json(const result_json& j, ScenarioTable& t);
void to_json(result_json& j, const Site& s);
void from_json(const result_json& j, Site& s);
void to_json(result_json& j, const Verdict& v);
void from_json(const result_json& j, Verdict& v);
void to_json(result_json& j, const ItemInfo& item);
void from_json(const result_json& j, ItemInfo& item);
void to_json(result_json& j, const Result& r);
void from_json(const result_json& j, Result& r);
void to_json(result_json& j, const Sources& s);
void from_json(const result_json& j, Sources& s);

namespace json_field {

// j[key] as a whole number that fits T exactly: never a wrapped, truncated or rounded value.
template <class T>
T whole(const result_json& j, const char* key) {
  const result_json& v = j.at(key);
  const auto out_of_range = [&] {
    return std::runtime_error(fmt::format("'{}' is {}, not a whole number from {} to {}", key,
                                          v.dump().substr(0, 40), std::numeric_limits<T>::min(),
                                          std::numeric_limits<T>::max()));
  };
  if (v.is_number_unsigned()) {
    const auto u = v.template get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw out_of_range();
    return static_cast<T>(u);
  }
  if (v.is_number_integer()) {
    const auto i = v.template get<std::int64_t>();
    if constexpr (std::is_unsigned_v<T>) {
      if (i < 0 || static_cast<std::uint64_t>(i) > std::numeric_limits<T>::max())
        throw out_of_range();
    } else {
      if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max())
        throw out_of_range();
    }
    return static_cast<T>(i);
  }
  throw out_of_range();
}

// j[key] as a duration: a finite number of seconds, not negative.
[[nodiscard]] double seconds(const result_json& j, const char* key);

// j[key] if it is a string, else "" (absent or null).
[[nodiscard]] std::string text_or_empty(const result_json& j, const char* key);
// The writing side of text_or_empty: null for an empty text.
[[nodiscard]] result_json text_or_null(const std::string& s);

// The outcome `name` names ("pass", "not-run", as to_string(Outcome) writes it); throws
// std::runtime_error for any other text.
[[nodiscard]] Outcome outcome_named(const std::string& name);

}  // namespace json_field

// A report file (results.json, mutants.json) read whole and its text handed to `parse`. A file
// that cannot be opened, or anything `parse` throws, becomes a std::runtime_error naming the
// file: "cannot read FILE", or "FILE is not an interleave KIND: why".
template <class Parse>
auto read_report_file(const std::filesystem::path& file, std::string_view kind, Parse parse) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const std::exception& e) {
    throw std::runtime_error(
        fmt::format("{} is not an interleave {}: {}", file.string(), kind, e.what()));
  }
}

}  // namespace interleave::harness
