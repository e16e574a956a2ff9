// junit_problems: checks a junit.xml against the rules of the de-facto JUnit schema CI tools
// validate with (Jenkins' junit-10.xsd from jenkinsci/xunit-plugin, which GitLab's and GitHub's
// test-report readers also accept), plus the consistency those tools rely on: a suite's counts
// are its children's. Shown to reject broken documents in junit_test.cpp; used by every test
// program that writes a junit.xml.
#pragma once

#include <cstring>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace interleave::reports::validation {

inline bool is_count(const char* s) { return std::regex_match(s, std::regex("[0-9]+")); }
// A non-negative decimal without sign or exponent (junit-10.xsd's SUREFIRE_TIME, minus the
// thousands separators nobody should write).
inline bool is_time(const char* s) { return std::regex_match(s, std::regex("[0-9]+(\\.[0-9]+)?")); }

inline void check_time(pugi::xml_node n, std::vector<std::string>& problems) {
  if (auto t = n.attribute("time"); t && !is_time(t.value()))
    problems.push_back(std::string(n.name()) + " time '" + t.value() +
                       "' is not a non-negative decimal");
}

// Checks a required count attribute and that it equals `actual`.
inline void check_count(pugi::xml_node n, const char* attr, std::size_t actual, bool required,
                        std::vector<std::string>& problems) {
  const std::string where = std::string(n.name()) + " '" + n.attribute("name").value() + "'";
  auto a = n.attribute(attr);
  if (!a) {
    if (required) problems.push_back(where + " has no " + attr);
    return;
  }
  if (!is_count(a.value())) {
    problems.push_back(where + " " + attr + " '" + a.value() + "' is not a count");
    return;
  }
  if (a.as_ullong() != actual)
    problems.push_back(where + " says " + attr + "=" + a.value() + " but holds " +
                       std::to_string(actual));
}

// junit-10.xsd lists every attribute an element may carry; anything else fails validation.
inline void check_attributes(pugi::xml_node n, const std::set<std::string>& allowed,
                             std::vector<std::string>& problems) {
  for (auto a : n.attributes())
    if (!allowed.contains(a.name()))
      problems.push_back(std::string(n.name()) + " carries attribute '" + a.name() + "'");
}

struct Tally {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

inline Tally check_testcase(pugi::xml_node tc, std::vector<std::string>& problems) {
  Tally t;
  t.tests = 1;
  if (std::strlen(tc.attribute("name").value()) == 0) problems.push_back("testcase without a name");
  check_attributes(tc, {"name", "time", "classname", "group"}, problems);
  check_time(tc, problems);
  static const std::set<std::string> allowed = {"skipped", "error", "failure", "system-out",
                                                "system-err"};
  std::size_t verdicts = 0;
  for (auto child : tc.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string name = child.name();
    if (!allowed.contains(name)) problems.push_back("testcase holds <" + name + ">");
    if (name == "failure" || name == "error") {
      ++verdicts;
      (name == "failure" ? t.failures : t.errors) = 1;
      for (const char* attr : {"message", "type"})
        if (!child.attribute(attr)) problems.push_back("<" + name + "> without " + attr);
    }
    if (name == "skipped") ++verdicts, t.skipped = 1;
  }
  if (verdicts > 1) problems.push_back("testcase with more than one failure/error/skipped");
  return t;
}

inline Tally check_testsuite(pugi::xml_node suite, std::vector<std::string>& problems) {
  if (std::strlen(suite.attribute("name").value()) == 0)
    problems.push_back("testsuite without a name");
  check_attributes(suite,
                   {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp",
                    "hostname", "id", "package", "file", "log", "url"},
                   problems);
  check_time(suite, problems);
  Tally sum;
  for (auto child : suite.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string name = child.name();
    Tally t;
    if (name == "testcase")
      t = check_testcase(child, problems);
    else if (name == "testsuite")
      t = check_testsuite(child, problems);
    else if (name == "properties") {
      for (auto p : child.children())
        if (std::string(p.name()) != "property" || !p.attribute("name") || !p.attribute("value"))
          problems.push_back("properties holds something other than <property name value>");
    } else if (name != "system-out" && name != "system-err")
      problems.push_back("testsuite holds <" + name + ">");
    sum.tests += t.tests, sum.failures += t.failures, sum.errors += t.errors,
        sum.skipped += t.skipped;
  }
  check_count(suite, "tests", sum.tests, true, problems);
  check_count(suite, "failures", sum.failures, true, problems);
  check_count(suite, "errors", sum.errors, true, problems);
  check_count(suite, "skipped", sum.skipped, false, problems);
  return sum;
}

// Every rule the document breaks; empty when CI tools will take it.
inline std::vector<std::string> junit_problems(const pugi::xml_document& doc) {
  std::vector<std::string> problems;
  auto root = doc.document_element();
  if (std::string(root.name()) != "testsuites") {
    problems.push_back(std::string("root element is <") + root.name() + ">, not <testsuites>");
    return problems;
  }
  // `skipped` is allowed on <testsuite> but not here.
  check_attributes(root, {"name", "time", "tests", "failures", "errors"}, problems);
  check_time(root, problems);
  Tally sum;
  for (auto child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    if (std::string(child.name()) != "testsuite") {
      problems.push_back(std::string("testsuites holds <") + child.name() + ">");
      continue;
    }
    const Tally t = check_testsuite(child, problems);
    sum.tests += t.tests, sum.failures += t.failures, sum.errors += t.errors,
        sum.skipped += t.skipped;
  }
  // Optional on <testsuites>, but when present they must add up.
  check_count(root, "tests", sum.tests, false, problems);
  check_count(root, "failures", sum.failures, false, problems);
  check_count(root, "errors", sum.errors, false, problems);
  return problems;
}

}  // namespace interleave::reports::validation
