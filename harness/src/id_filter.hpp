// The --filter of list, run and mutate: GoogleTest's syntax over item ids.
//
//   POSITIVE[:POSITIVE...][-NEGATIVE[:NEGATIVE...]]
//
// An id is selected when it matches some positive pattern (none given: every id) and no
// negative one. Each pattern is an fnmatch glob in which '*' also matches '/'. Ids contain '-'
// ("rc/double-free"), so a '-' begins the negative patterns only where a pattern begins: at the
// start of the filter, after a ':', or right after a pattern's closing wildcard ('*', '?' or
// ']'), as in "channel/*-*/property/*"; a '-' elsewhere is part of the pattern, and "[-]" is a
// literal '-' anywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interleave::harness {

class IdFilter {
 public:
  explicit IdFilter(std::string_view text);

  [[nodiscard]] bool selects(const std::string& id) const;
  [[nodiscard]] const std::vector<std::string>& positive() const noexcept { return positive_; }
  [[nodiscard]] const std::vector<std::string>& negative() const noexcept { return negative_; }

 private:
  std::vector<std::string> positive_, negative_;
};

}  // namespace interleave::harness
