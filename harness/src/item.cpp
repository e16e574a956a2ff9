#include "interleave/harness/item.hpp"

#include <fmt/format.h>

namespace interleave::harness {

std::string unit_name(std::string_view id, const SearchSettings& s) {
  if (s.piece_count == 0) return std::string(id);
  return std::string(id) + " [piece " + std::to_string(s.piece_index + 1) + " of " +
         std::to_string(s.piece_count) + "]";
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
