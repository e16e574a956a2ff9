#include "interleave/harness/history.hpp"

#include <charconv>
#include <string>

namespace interleave::harness {

namespace {

bool parse_uint(std::string_view s, auto& out) {
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end;
}

// Relacy's "<0x55c0a1b2> " object prefix carries an address that changes from run to run;
// the operation text without it is what a reader (and a replay comparison) needs.
std::string_view strip_address(std::string_view op) {
  if (op.size() > 2 && op.front() == '<') {
    const auto close = op.find("> ");
    if (close != std::string_view::npos) return op.substr(close + 2);
  }
  return op;
}

// One "[N] T: text, in FUNCTION, FILE(LINE)" line; false if it is not a step.
bool parse_step(std::string_view line, Step& step) {
  if (line.size() < 4 || line.front() != '[') return false;
  const auto close = line.find("] ");
  if (close == std::string_view::npos || !parse_uint(line.substr(1, close - 1), step.index))
    return false;
  line.remove_prefix(close + 2);
  const auto colon = line.find(": ");
  if (colon == std::string_view::npos || !parse_uint(line.substr(0, colon), step.thread))
    return false;
  line.remove_prefix(colon + 2);

  // From the right: "FILE(LINE)" follows the last ", ".
  if (line.empty() || line.back() != ')') return false;
  const auto open = line.rfind('(');
  if (open == std::string_view::npos || !parse_uint(line.substr(open + 1, line.size() - open - 2), step.line))
    return false;
  const auto file_start = line.rfind(", ", open);
  if (file_start == std::string_view::npos) return false;
  step.file = std::string(line.substr(file_start + 2, open - file_start - 2));
  line = line.substr(0, file_start);

  // The operation never contains ", in "; a function name may contain ", " (templates).
  const auto in = line.find(", in ");
  if (in == std::string_view::npos) return false;
  step.operation = std::string(strip_address(line.substr(0, in)));
  step.function = short_function_name(line.substr(in + 5));
  return true;
}

}  // namespace

std::string short_function_name(std::string_view pretty) {
  // Drop GCC's " [with T = ...]" suffix, then the parameter list, then the return type.
  if (const auto with = pretty.find(" [with "); with != std::string_view::npos)
    pretty = pretty.substr(0, with);
  int depth = 0;
  std::size_t params = std::string_view::npos;
  for (std::size_t i = pretty.size(); i-- > 0;) {
    if (pretty[i] == ')') ++depth;
    if (pretty[i] == '(' && --depth == 0) {
      params = i;
      break;
    }
  }
  if (params != std::string_view::npos) pretty = pretty.substr(0, params);
  // The name starts after the last space outside template brackets.
  depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < pretty.size(); ++i) {
    if (pretty[i] == '<') ++depth;
    if (pretty[i] == '>') --depth;
    if (pretty[i] == ' ' && depth == 0) start = i + 1;
  }
  pretty = pretty.substr(start);
  // Strip namespaces but keep the class: "interleave::Mutex<T, B>::lock" -> "Mutex::lock".
  std::string out;
  depth = 0;
  for (char c : pretty) {
    if (c == '<') ++depth;
    if (depth == 0) out += c;
    if (c == '>') --depth;
  }
  const auto last = out.rfind("::");
  if (last != std::string::npos) {
    const auto prev = out.rfind("::", last == 0 ? 0 : last - 1);
    if (prev != std::string::npos && prev < last) out = out.substr(prev + 2);
  }
  return out;
}

std::vector<Step> parse_history(std::string_view text) {
  std::vector<Step> steps;
  const auto begin = text.find("execution history");
  if (begin == std::string_view::npos) return steps;
  text.remove_prefix(begin);
  text.remove_prefix(std::min(text.size(), text.find('\n') + 1));
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty()) break;  // the per-thread listings follow a blank line
    Step s;
    if (parse_step(line, s)) steps.push_back(std::move(s));
  }
  return steps;
}

}  // namespace interleave::harness
