#include "interleave/harness/item.hpp"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace interleave::harness {

std::string unit_name(std::string_view id, const SearchSettings& s) {
  if (s.piece_count == 0) return std::string(id);
  return std::string(id) + " [piece " + std::to_string(s.piece_index + 1) + " of " +
         std::to_string(s.piece_count) + "]";
}

std::string range_text(IterationRange r) { return fmt::format("{}-{}", r.first, r.last); }

std::optional<IterationRange> parse_range(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  IterationRange r;
  const auto number = [](std::string_view digits, std::uint64_t& out) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return !digits.empty() && error == std::errc{} && end == digits.data() + digits.size();
  };
  if (!number(text.substr(0, dash), r.first) || !number(text.substr(dash + 1), r.last) ||
      r.first == 0 || r.last < r.first)
    return std::nullopt;
  return r;
}

IterationRange random_iterations(const SearchSettings& s) {
  if (!s.piece.empty()) {
    const auto range = parse_range(s.piece);
    if (!range) throw std::invalid_argument("not a piece of a random search: " + s.piece);
    return *range;
  }
  const std::uint64_t first = s.seed == 0 ? 1 : s.seed;
  return {first, first + (s.iterations == 0 ? 1 : s.iterations) - 1};
}

std::string_view to_string(Kind k) noexcept { return k == Kind::model ? "model" : "property"; }

std::string_view to_string(Scheduler s) noexcept {
  switch (s) {
    case Scheduler::random: return "random";
    case Scheduler::bound: return "bound";
    case Scheduler::full: return "full";
  }
  return "?";
}

std::optional<Scheduler> parse_scheduler(std::string_view s) noexcept {
  if (s == "random") return Scheduler::random;
  if (s == "bound") return Scheduler::bound;
  if (s == "full") return Scheduler::full;
  return std::nullopt;
}

bool Expectation::may_pass(std::string_view defect) const noexcept {
  return std::find(passing_.begin(), passing_.end(), defect) != passing_.end();
}

std::string Expectation::describe() const {
  if (expects_pass()) return "pass";
  if (passing_.empty()) return fmt::format("fails with {}", defect_);
  return fmt::format("fails with {} (may pass {})", defect_, fmt::join(passing_, ", "));
}

}  // namespace interleave::harness
