// Relacy scheduler states, checked before a replay runs: see replay_input.hpp for the format.
#include <charconv>

#include <fmt/format.h>

#include "interleave/harness/replay_input.hpp"

namespace interleave::harness {

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The blank-separated numbers of `text`, or the message saying why it is not such a list.
struct Tokens {
  std::vector<std::string_view> items;
  std::string error;
};

Tokens tokens(std::string_view text) {
  Tokens t;
  for (std::size_t i = 0; i < text.size();) {
    if (blank(text[i])) {
      ++i;
      continue;
    }
    const std::size_t from = i;
    while (i < text.size() && !blank(text[i])) {
      if (text[i] < '0' || text[i] > '9') {
        t.error = fmt::format("character {} is not a digit or a blank", i + 1);
        return t;
      }
      ++i;
    }
    t.items.push_back(text.substr(from, i - from));
    // 3 numbers a decision, 2 in front: past that it cannot be a state we accept
    if (t.items.size() > 2 + 3 * max_state_decisions) {
      t.error = fmt::format("it has more than {} decisions", max_state_decisions);
      return t;
    }
  }
  return t;
}

template <class T>
bool number(std::string_view digits, T& out) {
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && end == digits.data() + digits.size();
}

const char* kind_name(std::uint32_t kind) {
  static const char* const names[] = {"thread choice", "load choice", "CAS failure",
                                      "deferred free", "user choice"};
  return kind < decision_kinds ? names[kind] : "?";
}

}  // namespace

std::string state_text(const ReplayState& s) {
  std::string out = fmt::format("{} {} ", s.iteration, s.decisions.size());
  for (const auto& d : s.decisions) out += fmt::format("{} {} {} ", d.count, d.index, d.kind);
  return out;
}

Parsed<ReplayState> parse_replay_state(std::string_view text, Scheduler scheduler, int threads) {
  const auto wrong = [&](const std::string& why) {
    return std::unexpected(fmt::format(
        "--state is not a Relacy {} scheduler state for this item: {} (copy it whole from the "
        "failure's replay line, with the --scheduler it names)",
        to_string(scheduler), why));
  };
  if (text.size() > max_state_chars)
    return wrong(fmt::format("it is {} characters long, more than the {} of any state", text.size(),
                             max_state_chars));
  const Tokens t = tokens(text);
  if (!t.error.empty()) return wrong(t.error);
  if (t.items.empty()) return wrong("it is empty");
  ReplayState s;
  if (!number(t.items[0], s.iteration))
    return wrong(fmt::format("its iteration {} is larger than 2^64 - 1", t.items[0].substr(0, 30)));

  if (scheduler == Scheduler::random) {
    if (t.items.size() != 1)
      return wrong(
          fmt::format("a random scheduler's state is one number, the iteration; this has "
                      "{} (a bound or full search's state?)",
                      t.items.size()));
    if (s.iteration == 0) return wrong("iterations are numbered from 1");
    return s;
  }

  if (t.items.size() < 2)
    return wrong(
        "it has the iteration but not the number of decisions (a random scheduler's "
        "state?)");
  std::uint64_t size = 0;
  const std::size_t given = (t.items.size() - 2) / 3;
  if (!number(t.items[1], size) || size != given || (t.items.size() - 2) % 3 != 0)
    return wrong(
        fmt::format("it announces {} decisions and carries {} numbers after that, "
                    "which is not 3 per decision",
                    t.items[1].substr(0, 30), t.items.size() - 2));
  if (size == 0)
    return wrong("it has no decisions (every execution makes one: which thread starts)");
  s.decisions.reserve(given);
  for (std::size_t i = 0; i < given; ++i) {
    Decision d;
    const auto at = [&](std::size_t k) { return t.items[2 + 3 * i + k]; };
    if (!number(at(0), d.count) || !number(at(1), d.index) || !number(at(2), d.kind))
      return wrong(fmt::format("decision {} has a number larger than 2^32 - 1", i + 1));
    if (d.kind >= decision_kinds)
      return wrong(fmt::format("decision {} is of kind {}; Relacy's kinds are 0 to {}", i + 1,
                               d.kind, decision_kinds - 1));
    if (d.count == 0 || d.index >= d.count)
      return wrong(fmt::format("decision {} takes alternative {} of {} (it must be less)", i + 1,
                               d.index, d.count));
    if (d.kind == decision_thread && d.count > static_cast<std::uint32_t>(threads))
      return wrong(fmt::format("decision {} chooses among {} threads; this item has {}", i + 1,
                               d.count, threads));
    if (d.kind != decision_thread && d.kind != decision_kinds - 1 && d.count != 2)
      return wrong(
          fmt::format("decision {} ({}) has {} alternatives; Relacy's {} search gives "
                      "that kind 2",
                      i + 1, kind_name(d.kind), d.count, to_string(scheduler)));
    if (i == 0 && d.kind != decision_thread)
      return wrong("its first decision is not which thread starts");
    s.decisions.push_back(d);
  }
  return s;
}

}  // namespace interleave::harness
