// tests/lib/mpsc_fates.hpp: a ledger of every value's fate, for the mpsc stress tests.
//
// Each value is named by (producer, seq). The producer says when it is about to send it
// (`sending`) and whether send took it (`accepted`); whoever ends the value's life says how
// (`fate`). When the run is over, `problems()` holds every way the channel broke conservation:
//
//   - every value tried has exactly one fate: received, handed back in the send's error, or
//     destroyed inside the channel after the receiver began to leave. Nothing is lost (no fate),
//     nothing duplicated (two);
//   - a value destroyed while the receiver was still alive is lost, whichever thread did it;
//   - received or destroyed by the receiver's departure only if its send returned Ok; handed
//     back only if its send failed;
//   - a send that began after the receiver's drop had returned must fail and hand its value
//     back (it cannot be "buffered" in a channel nobody can read);
//   - a channel that does not buffer (rendezvous) never destroys a value at all;
//   - per producer: accepted == received + destroyed by the drop, and
//     handed back == tried - accepted.
//
// The ledger itself is shown to report each of these in mpsc_fates_test.cpp.
//
// Memory ordering: `receiver_leaving` / `receiver_gone` are seq_cst stores made by the receiver's
// thread right before and right after the Receiver's destruction; a value's destructor and a
// producer read them with seq_cst loads. A buffered value destroyed by the drop (or by the
// channel's last party afterwards) is destroyed after the receiver's destruction began, so
// after the `receiver_leaving` store; a send that begins after a load saw `receiver_gone`
// begins after the drop returned.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mpsc_test {

enum class Fate : int { received, handed_back, destroyed_by_drop, destroyed_while_receiver_lived };
inline constexpr int kFates = 4;

class FateLedger {
 public:
  FateLedger(std::uint32_t producers, std::uint32_t per_producer, bool channel_buffers)
      : producers_(producers),
        per_producer_(per_producer),
        buffers_(channel_buffers),
        entries_(std::make_unique<Entry[]>(std::size_t(producers) * per_producer)),
        tried_(producers) {}

  // --- the producer's side ---

  // Before the send of (p, seq). Notes whether the receiver was already gone.
  void sending(std::uint32_t p, std::uint32_t seq) {
    at(p, seq).began_after_receiver_gone.store(gone_.load(std::memory_order::seq_cst),
                                               std::memory_order::relaxed);
    tried_[p].store(seq + 1, std::memory_order::relaxed);
  }
  // The send of (p, seq) returned Ok.
  void accepted(std::uint32_t p, std::uint32_t seq) {
    at(p, seq).accepted.store(true, std::memory_order::relaxed);
  }

  // --- any thread: how the value (p, seq) ended ---
  void fate(std::uint32_t p, std::uint32_t seq, Fate f) {
    at(p, seq).fates[int(f)].fetch_add(1, std::memory_order::relaxed);
  }
  // What a value destroyed inside the channel right now has met.
  [[nodiscard]] Fate destroyed_in_channel() const {
    return leaving_.load(std::memory_order::seq_cst) ? Fate::destroyed_by_drop
                                                     : Fate::destroyed_while_receiver_lived;
  }

  // --- the receiver's thread, around the Receiver's destruction ---
  void receiver_leaving() { leaving_.store(true, std::memory_order::seq_cst); }
  void receiver_gone() { gone_.store(true, std::memory_order::seq_cst); }

  // --- after every thread is joined ---

  [[nodiscard]] std::uint32_t tried(std::uint32_t p) const {
    return tried_[p].load(std::memory_order::relaxed);
  }
  [[nodiscard]] long count(Fate f) const {
    long n = 0;
    for (std::size_t i = 0; i < std::size_t(producers_) * per_producer_; ++i)
      n += entries_[i].fates[int(f)].load(std::memory_order::relaxed);
    return n;
  }

  // Every broken rule, with the first few values that broke it; empty when every value is
  // accounted for exactly once and rightly.
  [[nodiscard]] std::vector<std::string> problems() const {
    Report report;
    for (std::uint32_t p = 0; p < producers_; ++p) check_producer(p, report);
    return std::move(report).lines();
  }

 private:
  struct Entry {
    std::atomic<std::uint8_t> fates[kFates] = {};
    std::atomic<bool> accepted{false};
    std::atomic<bool> began_after_receiver_gone{false};
  };

  // Problems by rule: a count and up to three examples each.
  class Report {
   public:
    void add(const std::string& rule, std::uint32_t p, std::uint32_t seq) {
      for (auto& r : rules_) {
        if (r.rule != rule) continue;
        if (++r.count <= 3)
          r.examples += " (" + std::to_string(p) + "," + std::to_string(seq) + ")";
        return;
      }
      rules_.push_back({rule, 1, " (" + std::to_string(p) + "," + std::to_string(seq) + ")"});
    }
    void line(std::string text) { extra_.push_back(std::move(text)); }
    std::vector<std::string> lines() && {
      std::vector<std::string> out;
      for (const auto& r : rules_)
        out.push_back(r.rule + ": " + std::to_string(r.count) + " value(s), e.g. (producer,seq)" +
                      r.examples);
      for (auto& e : extra_) out.push_back(std::move(e));
      return out;
    }

   private:
    struct Rule {
      std::string rule;
      long count;
      std::string examples;
    };
    std::vector<Rule> rules_;
    std::vector<std::string> extra_;
  };

  Entry& at(std::uint32_t p, std::uint32_t seq) {
    return entries_[std::size_t(p) * per_producer_ + seq];
  }
  const Entry& at(std::uint32_t p, std::uint32_t seq) const {
    return entries_[std::size_t(p) * per_producer_ + seq];
  }

  void check_producer(std::uint32_t p, Report& report) const {
    const std::uint32_t tried = this->tried(p);
    long accepted = 0, by_fate[kFates] = {};
    for (std::uint32_t seq = 0; seq < per_producer_; ++seq) {
      const Entry& e = at(p, seq);
      int n[kFates], total = 0;
      for (int f = 0; f < kFates; ++f) total += n[f] = e.fates[f].load(std::memory_order::relaxed);
      const bool ok = e.accepted.load(std::memory_order::relaxed);
      if (seq >= tried) {
        if (total != 0 || ok) report.add("a fate for a value never sent", p, seq);
        continue;
      }
      accepted += ok;
      for (int f = 0; f < kFates; ++f) by_fate[f] += n[f];
      if (total == 0) report.add("lost (no fate at all)", p, seq);
      if (total > 1) report.add("duplicated (more than one fate)", p, seq);
      if (n[int(Fate::destroyed_while_receiver_lived)] != 0)
        report.add("destroyed inside the channel while the receiver lived", p, seq);
      if (n[int(Fate::received)] != 0 && !ok) report.add("received, but its send failed", p, seq);
      if (n[int(Fate::handed_back)] != 0 && ok)
        report.add("handed back, but its send returned Ok", p, seq);
      if (n[int(Fate::destroyed_by_drop)] != 0 && !ok)
        report.add("destroyed by the receiver's drop, but its send failed", p, seq);
      if (n[int(Fate::destroyed_by_drop)] != 0 && !buffers_)
        report.add("destroyed by a channel that buffers nothing", p, seq);
      if (e.began_after_receiver_gone.load(std::memory_order::relaxed) && ok)
        report.add("send returned Ok though it began after the receiver was gone", p, seq);
    }
    const auto name = "producer " + std::to_string(p) + ": ";
    const long received = by_fate[int(Fate::received)],
               dropped = by_fate[int(Fate::destroyed_by_drop)];
    if (accepted != received + dropped)
      report.line(name + "accepted " + std::to_string(accepted) + " != received " +
                  std::to_string(received) + " + destroyed by the drop " + std::to_string(dropped));
    if (by_fate[int(Fate::handed_back)] != long(tried) - accepted)
      report.line(name + "handed back " + std::to_string(by_fate[int(Fate::handed_back)]) +
                  " != tried " + std::to_string(tried) + " - accepted " + std::to_string(accepted));
  }

  std::uint32_t producers_, per_producer_;
  bool buffers_;
  std::unique_ptr<Entry[]> entries_;
  std::vector<std::atomic<std::uint32_t>> tried_;  // per producer: values tried so far
  std::atomic<bool> leaving_{false};               // the receiver's destruction has begun
  std::atomic<bool> gone_{false};                  // ... and returned
};

// A message that tells the ledger how it ended. Settled by whoever takes it out of the channel
// (the receiver, or the producer it was handed back to); an unsettled token destroyed is a
// value destroyed inside the channel.
class Token {
 public:
  Token(std::uint32_t producer, std::uint32_t seq, FateLedger& ledger)
      : producer_(producer), seq_(seq), ledger_(&ledger) {}
  Token(Token&& other) noexcept
      : producer_(other.producer_),
        seq_(other.seq_),
        ledger_(std::exchange(other.ledger_, nullptr)) {}
  Token& operator=(Token&&) = delete;
  ~Token() {
    if (ledger_ != nullptr) ledger_->fate(producer_, seq_, ledger_->destroyed_in_channel());
  }
  // Records how the value ended; false (and nothing recorded) for a moved-from token, which a
  // channel must never hand out.
  [[nodiscard]] bool settle(Fate f) {
    if (ledger_ == nullptr) return false;
    std::exchange(ledger_, nullptr)->fate(producer_, seq_, f);
    return true;
  }
  std::uint32_t producer() const { return producer_; }
  std::uint32_t seq() const { return seq_; }

 private:
  std::uint32_t producer_, seq_;
  FateLedger* ledger_;  // null once moved from or settled
};

}  // namespace mpsc_test
