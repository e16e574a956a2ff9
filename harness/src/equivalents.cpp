#include "equivalents.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

constexpr std::string_view line_form = "FILE FUNCTION OPERATION:ORDER:MUTATION REASON";

// The next word of `rest` (up to a space), taken off its front.
std::string_view next_word(std::string_view& rest) {
  const auto start = rest.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(start);
  const auto end = rest.find_first_of(" \t");
  const std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  return word;
}

std::string_view trimmed(std::string_view s) {
  const auto start = s.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(start, end - start + 1);
}

std::expected<EquivalentDeclaration, std::string> parse_line(std::string_view line) {
  std::string_view rest = line;
  EquivalentDeclaration d;
  d.file = next_word(rest);
  d.function = next_word(rest);
  const std::string change(next_word(rest));
  d.reason = trimmed(rest);
  if (change.empty())
    return std::unexpected(fmt::format("it has {} of the 4 fields (a line is '{}')",
                                       d.function.empty() ? 1 : 2, line_form));
  if (d.reason.empty())
    return std::unexpected(fmt::format(
        "it gives no reason after '{}': say why no test could detect the change", change));
  const auto first = change.find(':'), second = change.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos ||
      change.find(':', second + 1) != std::string::npos)
    return std::unexpected(fmt::format(
        "'{}' is not OPERATION:ORDER:MUTATION (e.g. compare_exchange_strong:relaxed:weak)",
        change));
  d.operation = change.substr(0, first);
  d.order = change.substr(first + 1, second - first - 1);
  d.mutation = change.substr(second + 1);
  // The mutant id's own check of an operation, its order and the mutation they allow.
  if (const auto m = parse_mutant_id(fmt::format("{}:1:1:{}", d.file, change)); !m)
    return std::unexpected(m.error());
  return d;
}

// From `close`, the index of the `open` that matches it, going backwards (npos: none).
std::size_t matching_open(std::string_view s, std::size_t close, char open, char closing) {
  int depth = 0;
  for (std::size_t i = close + 1; i-- > 0;) {
    if (s[i] == closing)
      ++depth;
    else if (s[i] == open && --depth == 0)
      return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::expected<std::vector<EquivalentDeclaration>, std::string> parse_equivalents(
    std::string_view text, std::string_view source) {
  std::vector<EquivalentDeclaration> out;
  std::size_t number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trimmed(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (line.empty() || line.front() == '#') continue;
    auto d = parse_line(line);
    if (!d) return std::unexpected(fmt::format("{}:{}: {}", source, number, d.error()));
    d->where = fmt::format("{}:{}", source, number);
    out.push_back(std::move(*d));
  }
  return out;
}

std::expected<std::vector<EquivalentDeclaration>, std::string> read_equivalents(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_equivalents(text.str(), path);
}

std::string function_name(std::string_view pretty) {
  std::string_view s = pretty.substr(0, pretty.find(" [with "));
  // Without the parameter list and what follows it (const, noexcept, ...).
  if (const auto close = s.rfind(')'); close != std::string_view::npos)
    if (const auto open = matching_open(s, close, '(', ')'); open != std::string_view::npos)
      s = s.substr(0, open);
  // Without the function's own template arguments.
  if (!s.empty() && s.back() == '>' && !s.ends_with("operator>") && !s.ends_with("operator->"))
    if (const auto open = matching_open(s, s.size() - 1, '<', '>'); open != std::string_view::npos)
      s = s.substr(0, open);
  // After its class and namespaces (whose template arguments may hold ':' and ' ').
  int depth = 0;
  for (std::size_t i = s.size(); i-- > 0;) {
    if (s[i] == '>')
      ++depth;
    else if (s[i] == '<' && depth > 0)
      --depth;
    else if (depth == 0 && (s[i] == ':' || s[i] == ' '))
      return std::string(s.substr(i + 1));
  }
  return std::string(s);
}

std::string EquivalentDeclaration::change() const {
  return fmt::format("{} {} {}:{}:{}", file, function, operation, order, mutation);
}

std::string declaration_line(const Mutant& m) {
  return fmt::format("{} {} {}:{}:{}", m.site.file, function_name(m.site.function),
                     m.site.operation, m.site.order, m.mutation);
}

bool declares(const EquivalentDeclaration& d, const Mutant& m) {
  return d.file == m.site.file && d.operation == m.site.operation && d.order == m.site.order &&
         d.mutation == m.mutation && d.function == function_name(m.site.function);
}

}  // namespace interleave::harness
