// The stress tests' FateLedger (mpsc_fates.hpp) can fail: each way a channel can break
// conservation, played by hand, is reported under its own rule, and a clean run reports nothing.
#include "mpsc_fates.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mpsc_fates_test {

using mpsc_test::Fate;
using mpsc_test::FateLedger;
using mpsc_test::Token;

// Two producers, three values each; each producer sends all three.
struct Played {
  FateLedger ledger{2, 3, /*channel_buffers=*/true};
  void send_all(bool ok) {
    for (std::uint32_t p = 0; p < 2; ++p)
      for (std::uint32_t s = 0; s < 3; ++s) {
        ledger.sending(p, s);
        if (ok) ledger.accepted(p, s);
      }
  }
  std::string problems() const {
    std::string all;
    for (const auto& line : ledger.problems()) all += line + "\n";
    return all;
  }
};

bool says(const std::string& problems, const std::string& what) {
  return problems.find(what) != std::string::npos;
}

TEST(MpscFateLedger, a_clean_run_has_no_problems) {
  Played run;
  run.send_all(true);
  for (std::uint32_t s = 0; s < 3; ++s) run.ledger.fate(0, s, Fate::received);
  run.ledger.fate(1, 0, Fate::received);
  run.ledger.receiver_leaving();
  run.ledger.fate(1, 1, run.ledger.destroyed_in_channel());
  run.ledger.fate(1, 2, run.ledger.destroyed_in_channel());
  run.ledger.receiver_gone();
  EXPECT_EQ(run.problems(), "");
  EXPECT_EQ(run.ledger.count(Fate::destroyed_by_drop), 2);
}

TEST(MpscFateLedger, a_value_with_no_fate_is_lost) {
  Played run;
  run.send_all(true);
  for (std::uint32_t s = 0; s < 3; ++s) run.ledger.fate(0, s, Fate::received);
  run.ledger.fate(1, 0, Fate::received);
  run.ledger.fate(1, 2, Fate::received);
  const auto p = run.problems();
  EXPECT_TRUE(says(p, "lost (no fate at all): 1 value(s), e.g. (producer,seq) (1,1)")) << p;
  EXPECT_TRUE(says(p, "producer 1: accepted 3 != received 2 + destroyed by the drop 0")) << p;
}

TEST(MpscFateLedger, a_value_with_two_fates_is_duplicated) {
  Played run;
  run.send_all(true);
  for (std::uint32_t p = 0; p < 2; ++p)
    for (std::uint32_t s = 0; s < 3; ++s) run.ledger.fate(p, s, Fate::received);
  run.ledger.fate(0, 2, Fate::received);
  const auto p = run.problems();
  EXPECT_TRUE(says(p, "duplicated (more than one fate): 1 value(s), e.g. (producer,seq) (0,2)"))
      << p;
}

// The hole the old accounting had: any destruction inside the channel counted as "destroyed
// buffered", so a channel that threw a value away while the receiver lived passed.
TEST(MpscFateLedger, a_value_destroyed_while_the_receiver_lives_is_lost) {
  Played run;
  run.send_all(true);
  for (std::uint32_t p = 0; p < 2; ++p)
    for (std::uint32_t s = 0; s < 3; ++s)
      if (p != 1 || s != 1) run.ledger.fate(p, s, Fate::received);
  { Token thrown_away(1, 1, run.ledger); }  // destroyed unsettled, receiver alive
  const auto p = run.problems();
  EXPECT_TRUE(says(p,
                   "destroyed inside the channel while the receiver lived: 1 value(s), e.g. "
                   "(producer,seq) (1,1)"))
      << p;
}

TEST(MpscFateLedger, fates_must_match_what_send_returned) {
  Played run;
  for (std::uint32_t s = 0; s < 3; ++s) run.ledger.sending(0, s);  // all three sends fail
  run.ledger.fate(0, 0, Fate::received);
  run.ledger.fate(0, 1, Fate::handed_back);
  run.ledger.receiver_leaving();
  run.ledger.fate(0, 2, run.ledger.destroyed_in_channel());
  run.ledger.sending(1, 0);
  run.ledger.accepted(1, 0);
  run.ledger.fate(1, 0, Fate::handed_back);  // Ok, and handed back too
  const auto p = run.problems();
  EXPECT_TRUE(says(p, "received, but its send failed: 1 value(s), e.g. (producer,seq) (0,0)")) << p;
  EXPECT_TRUE(says(p, "destroyed by the receiver's drop, but its send failed: 1 value(s)")) << p;
  EXPECT_TRUE(
      says(p, "handed back, but its send returned Ok: 1 value(s), e.g. (producer,seq) (1,0)"))
      << p;
  EXPECT_TRUE(says(p, "producer 0: handed back 1 != tried 3 - accepted 0")) << p;
  EXPECT_TRUE(says(p, "producer 1: accepted 1 != received 0 + destroyed by the drop 0")) << p;
}

// A channel that "accepts" sends after its receiver left and destroys them later: each value
// has one fate, destroyed after the receiver began to leave, and still it is a loss.
TEST(MpscFateLedger, a_send_that_begins_after_the_receiver_is_gone_must_fail) {
  Played run;
  run.ledger.receiver_leaving();
  run.ledger.receiver_gone();
  run.send_all(true);
  for (std::uint32_t p = 0; p < 2; ++p)
    for (std::uint32_t s = 0; s < 3; ++s) run.ledger.fate(p, s, run.ledger.destroyed_in_channel());
  const auto p = run.problems();
  EXPECT_TRUE(says(p, "send returned Ok though it began after the receiver was gone: 6 value(s)"))
      << p;
}

TEST(MpscFateLedger, a_rendezvous_channel_destroys_nothing) {
  FateLedger ledger(1, 1, /*channel_buffers=*/false);
  ledger.sending(0, 0);
  ledger.accepted(0, 0);
  ledger.receiver_leaving();
  ledger.fate(0, 0, ledger.destroyed_in_channel());
  std::string p;
  for (const auto& line : ledger.problems()) p += line + "\n";
  EXPECT_TRUE(says(p, "destroyed by a channel that buffers nothing: 1 value(s)")) << p;
}

TEST(MpscFateLedger, a_fate_for_a_value_never_sent_is_reported) {
  Played run;
  run.ledger.sending(0, 0);
  run.ledger.fate(0, 0, Fate::handed_back);
  run.ledger.fate(0, 2, Fate::received);  // (0,2) was never tried
  const auto p = run.problems();
  EXPECT_TRUE(says(p, "a fate for a value never sent: 1 value(s), e.g. (producer,seq) (0,2)")) << p;
}

TEST(MpscFateLedger, a_moved_from_token_cannot_be_settled) {
  FateLedger ledger(1, 1, true);
  Token t(0, 0, ledger);
  Token moved = std::move(t);
  EXPECT_FALSE(t.settle(Fate::received));  // NOLINT(bugprone-use-after-move): the point
  EXPECT_TRUE(moved.settle(Fate::received));
  EXPECT_FALSE(moved.settle(Fate::received)) << "settled twice";
}

}  // namespace mpsc_fates_test
