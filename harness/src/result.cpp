#include "interleave/harness/result.hpp"

namespace interleave::harness {

std::string_view to_string(Outcome o) noexcept {
  switch (o) {
    case Outcome::pass: return "pass";
    case Outcome::expected_failure: return "expected-failure";
    case Outcome::fail: return "fail";
    case Outcome::unexpected_pass: return "unexpected-pass";
    case Outcome::timeout: return "timeout";
    case Outcome::crash: return "crash";
    case Outcome::error: return "error";
    case Outcome::not_run: return "not-run";
  }
  return "?";
}

Outcome classify(const Expectation& expected, const Verdict& v) noexcept {
  if (v.defect.empty()) return expected.expects_pass() ? Outcome::pass : Outcome::unexpected_pass;
  if (!expected.expects_pass() && v.defect == expected.defect()) return Outcome::expected_failure;
  return Outcome::fail;
}

}  // namespace interleave::harness
