#include "id_filter.hpp"

#include <fnmatch.h>

#include <algorithm>

namespace interleave::harness {

namespace {

std::vector<std::string> patterns(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t from = 0; from <= text.size();) {
    const std::size_t colon = std::min(text.find(':', from), text.size());
    if (colon > from) out.emplace_back(text.substr(from, colon - from));
    from = colon + 1;
  }
  return out;
}

bool matches_any(const std::vector<std::string>& globs, const std::string& id) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
    return ::fnmatch(g.c_str(), id.c_str(), 0) == 0;
  });
}

// Where the negative patterns begin (the '-'), or npos.
std::size_t negatives_at(std::string_view text) {
  int brackets = 0;  // inside "[...]", a '-' is a range or a literal, never the separator
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[') ++brackets;
    if (c == ']' && brackets > 0) {
      --brackets;
      continue;
    }
    if (c != '-' || brackets > 0) continue;
    const char before = i == 0 ? ':' : text[i - 1];
    if (before == ':' || before == '*' || before == '?' || before == ']') return i;
  }
  return std::string_view::npos;
}

}  // namespace

IdFilter::IdFilter(std::string_view text) {
  const std::size_t minus = negatives_at(text);
  positive_ = patterns(text.substr(0, minus));
  if (minus != std::string_view::npos) negative_ = patterns(text.substr(minus + 1));
}

bool IdFilter::selects(const std::string& id) const {
  return (positive_.empty() || matches_any(positive_, id)) && !matches_any(negative_, id);
}

}  // namespace interleave::harness
