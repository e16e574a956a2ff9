// What `replay` is given, checked before it runs: Relacy states and RapidCheck reproduce strings.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <rapidcheck/detail/Configuration.h>

#include "interleave/harness/replay_input.hpp"

namespace interleave::harness {
namespace replay_input_test {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string state_error(std::string_view text, Scheduler s = Scheduler::bound, int threads = 2) {
  const auto r = parse_replay_state(text, s, threads);
  return r ? "(accepted)" : r.error();
}

TEST(ReplayState, accepts_the_states_relacy_writes) {
  // from `interleave run`: mutex/negative/forgets-to-lock, channel/negative/lost-notify
  const auto a = parse_replay_state("1 3 2 0 0 2 0 0 2 0 0 ", Scheduler::bound, 2);
  ASSERT_TRUE(a) << a.error();
  EXPECT_EQ(a->iteration, 1u);
  EXPECT_EQ(a->decisions, (std::vector<Decision>{{2, 0, 0}, {2, 0, 0}, {2, 0, 0}}));
  const auto b = parse_replay_state(
      "137 13 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 1 0 2 1 0 2 0 1 2 1 0 2 1 0 ",
      Scheduler::full, 2);
  ASSERT_TRUE(b) << b.error();
  EXPECT_EQ(b->decisions[10], (Decision{2, 0, 1}));
  const auto c = parse_replay_state("5 ", Scheduler::random, 2);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->iteration, 5u);
  EXPECT_TRUE(parse_replay_state("18446744073709551615", Scheduler::random, 2));
}

TEST(ReplayState, rejects_what_relacy_would_crash_or_hang_on_naming_the_fault) {
  EXPECT_TRUE(has(state_error("1 3 5 0 0 2 0 0 2 0 0"),
                  "decision 1 chooses among 5 threads; this item has 2"));
  EXPECT_TRUE(has(state_error("1 2 2 0 0 2 7 0"), "decision 2 takes alternative 7 of 2"));
  EXPECT_TRUE(has(state_error("1 99999999999"), "announces 99999999999 decisions"));
  EXPECT_TRUE(has(state_error("1 2 2 0 0"), "announces 2 decisions and carries 3 numbers"));
  EXPECT_TRUE(has(state_error("1 1 2 0 9"), "kind 9"));
  EXPECT_TRUE(has(state_error("1 1 0 0 0"), "alternative 0 of 0"));
  EXPECT_TRUE(has(state_error("1 1 2 0 1"), "first decision is not which thread starts"));
  EXPECT_TRUE(has(state_error("1 2 2 0 0 3 0 1"), "decision 2 (load choice) has 3 alternatives"));
  EXPECT_TRUE(has(state_error("1 1 4294967296 0 0"), "larger than 2^32 - 1"));
  EXPECT_TRUE(has(state_error("18446744073709551616 1 2 0 0"), "larger than 2^64 - 1"));
  EXPECT_TRUE(has(state_error("1 0"), "no decisions"));
  EXPECT_TRUE(has(state_error("7"), "a random scheduler's state?"));
  EXPECT_TRUE(has(state_error("1 3 2 0 0 2 0 0 2 0 0", Scheduler::random),
                  "a bound or full search's state?"));
  EXPECT_TRUE(has(state_error("0", Scheduler::random), "numbered from 1"));
  EXPECT_TRUE(has(state_error(""), "it is empty"));
  EXPECT_TRUE(has(state_error("   "), "it is empty"));
  EXPECT_TRUE(has(state_error("1 1 2 0 -0"), "character 9 is not a digit"));
  EXPECT_TRUE(has(state_error("not a state"), "character 1 is not a digit"));
  // long states: the parser is linear and bounded (a 40,000-character state once overflowed the
  // stack of a std::regex)
  std::string many = "1 20000";
  for (int i = 0; i < 20000; ++i) many += " 2 0 0";
  EXPECT_TRUE(parse_replay_state(many, Scheduler::bound, 2));
  std::string too_many = "1 70000";
  for (int i = 0; i < 70000; ++i) too_many += " 2 0 0";
  EXPECT_TRUE(has(state_error(too_many), "more than 65536 decisions"));
  EXPECT_TRUE(has(state_error(std::string(max_state_chars + 1, ' ')), "characters long"));
}

// Any text: a state whose every decision is in range, or a message; never a crash.
RC_GTEST_PROP(ReplayStateProperty, any_text_is_a_valid_state_or_a_message, ()) {
  const auto text = *rc::gen::oneOf(
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("0123 \t9-x"))),
      rc::gen::arbitrary<std::string>());
  const auto scheduler = *rc::gen::element(Scheduler::random, Scheduler::bound, Scheduler::full);
  const int threads = *rc::gen::inRange(1, 5);
  const auto r = parse_replay_state(text, scheduler, threads);
  if (!r) {
    RC_ASSERT(has(r.error(), "--state"));
    return;
  }
  for (const auto& d : r->decisions) {
    RC_ASSERT(d.index < d.count);
    RC_ASSERT(d.kind < decision_kinds);
    if (d.kind == decision_thread) RC_ASSERT(d.count <= static_cast<std::uint32_t>(threads));
  }
}

// --- reproduce strings ---------------------------------------------------------------------

// RapidCheck's own text for a failure of `id` (what scenario.hpp's reproduce_string extracts).
std::string rapidcheck_text(const std::string& id, const rc::detail::Reproduce& r) {
  rc::detail::Configuration c;
  c.reproduce[id] = r;
  const std::string text = rc::detail::configToMinimalString(c);
  const auto from = text.find("reproduce=") + 10;
  return text.substr(from, text.find(' ', from) - from);
}

TEST(Reproduce, reads_a_string_from_a_real_failure) {
  const std::string text =
      "BUyYoFmbuVGbvAncvBXZyRXev4WZnFGdpZXZvw2bzRXLu9GdpZWeBAAAAAAAAAQAAAAAAAAAAEAAAAAAAAAABAAAAA"
      "AAAAABAMQBAAAAEAwACQA";
  const auto d = parse_reproduce(text, "channel/property/negative/lost-notify");
  ASSERT_TRUE(d) << d.error();
  EXPECT_EQ(d->size, 5u);
  EXPECT_EQ(encode_reproduce(*d), text);
  EXPECT_TRUE(has(parse_reproduce(text, "mutex/property/negative/forgets-to-lock").error(),
                  "is a failure of 'channel/property/negative/lost-notify', not of "
                  "'mutex/property/negative/forgets-to-lock'"));
}

RC_GTEST_PROP(ReproduceProperty, decodes_exactly_what_rapidcheck_encodes, ()) {
  rc::detail::Reproduce r;
  r.random = rc::Random(*rc::gen::arbitrary<std::uint64_t>());
  for (bool right : *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>()))
    r.random = right ? r.random.split() : (r.random.split(), r.random);
  for (int i = *rc::gen::inRange(0, 9); i > 0; --i) r.random.next();
  r.size = *rc::gen::inRange(0, 1001);
  r.shrinkPath = *rc::gen::container<std::vector<std::size_t>>(rc::gen::arbitrary<std::size_t>());
  const std::string id = *rc::gen::nonEmpty(rc::gen::arbitrary<std::string>());
  const std::string text = rapidcheck_text(id, r);
  if (text.size() > max_reproduce_chars) RC_DISCARD("longer than we accept");
  const auto d = parse_reproduce(text, id);
  RC_ASSERT(d.has_value());
  RC_ASSERT(d->id == id);
  RC_ASSERT(d->size == static_cast<std::uint32_t>(r.size));
  RC_ASSERT(std::vector<std::uint64_t>(r.shrinkPath.begin(), r.shrinkPath.end()) == d->shrink_path);
  RC_ASSERT(encode_reproduce(*d) == text);
  // and RapidCheck reads back what this encodes
  const auto back = rc::detail::configFromString("reproduce=" + encode_reproduce(*d)).reproduce;
  RC_ASSERT(back.at(id) == r);
}

// A valid string with one character changed, cut or extended: rejected, or (rarely) another
// string RapidCheck writes in exactly that form. Never a decode that re-encodes differently.
RC_GTEST_PROP(ReproduceProperty, damaged_strings_are_rejected_or_exact, ()) {
  const std::string good =
      "BUyYoFmbuVGbvAncvBXZyRXev4WZnFGdpZXZvw2bzRXLu9GdpZWeBAAAAAAAAAQAAAAAAAAAAEAAAAAAAAAABAAAAA"
      "AAAAABAMQBAAAAEAwACQA";
  std::string text = good;
  const int how = *rc::gen::inRange(0, 3);
  const auto at = *rc::gen::inRange<std::size_t>(0, good.size());
  if (how == 0) text[at] = *rc::gen::arbitrary<char>();
  if (how == 1) text.resize(at);
  if (how == 2) text += *rc::gen::arbitrary<std::string>();
  const auto d = decode_reproduce(text);
  if (d)
    RC_ASSERT(encode_reproduce(*d) == text);
  else
    RC_ASSERT(has(d.error(), "--reproduce"));
}

TEST(Reproduce, rejects_strings_rapidcheck_would_misread) {
  rc::detail::Reproduce r;
  r.random = rc::Random(7);
  r.size = 3;
  const std::string good = rapidcheck_text("a/b", r);
  ASSERT_TRUE(parse_reproduce(good, "a/b"));
  EXPECT_TRUE(has(decode_reproduce("").error(), "it is empty"));
  EXPECT_TRUE(has(decode_reproduce("abc de").error(), "character 4"));
  EXPECT_TRUE(has(decode_reproduce("abcde").error(), "length"));
  EXPECT_TRUE(has(decode_reproduce(good + "AAAA").error(), "bytes after the shrink path"));
  EXPECT_TRUE(has(decode_reproduce(good.substr(0, good.size() - 4)).error(), "ends"));
  EXPECT_TRUE(
      has(decode_reproduce(std::string(max_reproduce_chars + 4, 'A')).error(), "characters long"));
  r.size = 1001;  // past any size RapidCheck gives these properties
  EXPECT_TRUE(has(decode_reproduce(rapidcheck_text("a/b", r)).error(), "size 1001"));
  // two properties in one string: RapidCheck would replay one and run the other from scratch
  rc::detail::Configuration c;
  c.reproduce["a/b"] = c.reproduce["c/d"] = rc::detail::Reproduce{rc::Random(1), 0, {}};
  const std::string config = rc::detail::configToMinimalString(c);
  const auto from = config.find("reproduce=") + 10;
  const std::string two = config.substr(from, config.find(' ', from) - from);
  EXPECT_TRUE(has(decode_reproduce(two).error(), "holds 2 properties"));
  // the random generator's bit index is 0..64; past it RapidCheck shifts by more than 63
  ReproduceData d = *decode_reproduce(good);
  d.bits_used = 65;
  EXPECT_TRUE(has(decode_reproduce(encode_reproduce(d)).error(), "used 65 of 64 bits"));
}

TEST(StateText, writes_the_state_parse_replay_state_reads) {
  const ReplayState s{7, {{3, 1, 0}, {2, 0, 1}, {2, 1, 4}}};
  EXPECT_EQ(state_text(s), "7 3 3 1 0 2 0 1 2 1 4 ");
  const auto back = parse_replay_state(state_text(s), Scheduler::bound, 3);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->iteration, 7u);
  EXPECT_EQ(back->decisions, s.decisions);
}

}  // namespace replay_input_test
}  // namespace interleave::harness
