#include "interleave/harness/history.hpp"

#include <cctype>
#include <charconv>
#include <string>

namespace interleave::harness {

namespace {

bool parse_uint(std::string_view s, auto& out) {
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end;
}

// Gives each distinct address in one history a stable name in order of first appearance.
class AddressNames {
 public:
  std::string name(std::string_view address) {
    for (std::size_t i = 0; i < seen_.size(); ++i)
      if (seen_[i] == address) return "@" + std::to_string(i + 1);
    seen_.emplace_back(address);
    return "@" + std::to_string(seen_.size());
  }
  // Every "0x..." in `text` replaced by its name.
  std::string rename_all(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      if (text.compare(i, 2, "0x") == 0 && i + 2 < text.size() &&
          std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        std::size_t end = i + 2;
        while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end]))) ++end;
        out += name(text.substr(i, end - i));
        i = end;
      } else {
        out += text[i++];
      }
    }
    return out;
  }

 private:
  std::vector<std::string> seen_;
};

// The text after "key=" up to the next ", ", or empty.
std::string field(std::string_view op, std::string_view key) {
  std::size_t at = 0;
  while ((at = op.find(key, at)) != std::string_view::npos) {
    if (at == 0 || op[at - 1] == ' ' || op[at - 1] == ',') break;
    at += key.size();
  }
  if (at == std::string_view::npos) return {};
  op.remove_prefix(at + key.size());
  return std::string(op.substr(0, op.find(", ")));
}

// One "[N] T: <OBJECT> text, in FUNCTION, FILE(LINE)" line; false if it is not a step.
bool parse_step(std::string_view line, Step& step, AddressNames& names) {
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
  if (open == std::string_view::npos ||
      !parse_uint(line.substr(open + 1, line.size() - open - 2), step.line))
    return false;
  const auto file_start = line.rfind(", ", open);
  if (file_start == std::string_view::npos) return false;
  step.file = std::string(line.substr(file_start + 2, open - file_start - 2));
  line = line.substr(0, file_start);

  // The operation never contains ", in "; a function name may contain ", " (templates).
  const auto in = line.find(", in ");
  if (in == std::string_view::npos) return false;
  std::string_view op = line.substr(0, in);
  if (op.size() > 2 && op.front() == '<') {
    const auto close = op.find("> ");
    if (close != std::string_view::npos) {
      step.object = names.name(op.substr(1, close - 1));
      op.remove_prefix(close + 2);
    }
  }
  step.operation = names.rename_all(op);
  step.value = field(step.operation, "value=");
  if (step.value.empty()) step.value = field(step.operation, "new=");
  step.order = field(step.operation, "order=");
  step.function = short_function_name(line.substr(in + 5));
  step.kind = classify_step(step.operation, step.file);
  return true;
}

}  // namespace

StepKind classify_step(std::string_view operation, std::string_view file) noexcept {
  const bool in_relacy = file.starts_with("/") && file.find("/relacy/") != std::string_view::npos;
  if (!in_relacy) return StepKind::program;
  const bool bracketed =
      operation.size() >= 2 && operation.front() == '[' && operation.back() == ']';
  return bracketed ? StepKind::relacy_marker : StepKind::relacy;
}

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
  AddressNames names;
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
    if (parse_step(line, s, names)) steps.push_back(std::move(s));
  }
  return steps;
}

}  // namespace interleave::harness
