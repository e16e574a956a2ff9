// interleave/harness/replay_input.hpp: what `interleave replay` is given, checked before anything
// runs. Plain C++ (neither Relacy nor RapidCheck): the fuzz targets in fuzz/ call these too.
//
// A replay takes a Relacy scheduler state (--state, from a failure's replay line) and, for a
// property, RapidCheck's reproduce string (--reproduce). Both are outside input: a state typed
// by hand, cut short by a terminal, or copied from another item's failure must end as a usage
// error (exit 2) naming what is wrong, never as a crash, a hang, or a verdict about some other
// execution. What can be checked without running is checked here; what only the execution can
// tell (whether each recorded decision is the one this item's execution asks for) is checked
// while replaying (<interleave/model.hpp>), and an execution that ends without a defect is
// reported as "does not reproduce a failure", never as a pass.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/parse.hpp"
#include "interleave/harness/registry.hpp"

namespace interleave::harness {

// --- Relacy's scheduler state ---------------------------------------------------------------
//
// As Relacy writes it (context.hpp simulate(), *_scheduler.hpp get_state_impl), decimal
// numbers separated by blanks:
//   random:      ITERATION                       (the iteration's index; it seeds the schedule)
//   bound, full: ITERATION SIZE then SIZE decisions, each COUNT INDEX KIND: at the decision's
//                point the execution chose alternative INDEX of COUNT, of KIND (rl::sched_type:
//                0 which thread runs, 1 which store a load reads, 2 a spurious CAS failure,
//                3 a deferred free, 4 a user choice, a timed wait or a spurious wake-up).
// Relacy reads this with no checks (an index past its count picks a thread that does not
// exist; a SIZE of 10^12 grows memory until the process dies), hence these.

struct Decision {
  std::uint32_t count = 0;
  std::uint32_t index = 0;
  std::uint32_t kind = 0;
  friend bool operator==(const Decision&, const Decision&) = default;
};
inline constexpr std::uint32_t decision_kinds = 5;   // rl::sched_type_sched .. sched_type_user
inline constexpr std::uint32_t decision_thread = 0;  // rl::sched_type_sched

struct ReplayState {
  std::uint64_t iteration = 0;
  std::vector<Decision> decisions;  // bound and full only
};

// Relacy ends an execution after 2000 scheduling points (a LIVELOCK); each takes a few
// decisions. The limits are well above what a real state reaches, and bound the memory a
// malformed one can take.
inline constexpr std::size_t max_state_decisions = 65536;
inline constexpr std::size_t max_state_chars = 1 << 21;

// A bound or full search's state as Relacy writes and reads it: "ITERATION SIZE COUNT INDEX
// KIND ... " (the inverse of parse_replay_state).
[[nodiscard]] std::string state_text(const ReplayState& s);

// Checks `text` as a state of `scheduler` for an item of `threads` threads.
[[nodiscard]] Parsed<ReplayState> parse_replay_state(std::string_view text, Scheduler scheduler,
                                                     int threads);

// --- RapidCheck's reproduce string ----------------------------------------------------------
//
// What follows `reproduce=` in RC_PARAMS: RapidCheck's base64 (alphabet A-Z a-z 0-9 + _, six
// bits per character, least significant first) of a map from test id to Reproduce, serialized
// as rapidcheck/detail/Serialization.hpp does: counts and most numbers as 7-bit varints, the
// random key as four 8-byte little-endian words, the size as 4 bytes.
struct ReproduceData {
  std::string id;                          // the property it reproduces
  std::array<std::uint64_t, 4> key{};      // rc::Random's key
  std::uint64_t bits = 0;                  // rc::Random's path bits
  std::uint64_t counter = 0;               // rc::Random's counter
  std::uint8_t bits_used = 0;              // rc::Random's bit index, 0..64
  std::uint32_t size = 0;                  // the generation size
  std::vector<std::uint64_t> shrink_path;  // indexes of the accepted shrinks
  friend bool operator==(const ReproduceData&, const ReproduceData&) = default;
};

inline constexpr std::size_t max_reproduce_chars = 4096;
// RapidCheck's sizes run 0..100 (max_size) plus one per ten scenarios discarded in a row.
inline constexpr std::uint32_t max_reproduce_size = 1000;

// Decodes `text`; accepts it only if it is exactly what RapidCheck writes for one property
// (re-encoding gives the same text: no trailing or stray bits) with fields in their ranges.
[[nodiscard]] Parsed<ReproduceData> decode_reproduce(std::string_view text);
// The same, and the string must be for property `id`.
[[nodiscard]] Parsed<ReproduceData> parse_reproduce(std::string_view text, std::string_view id);
// RapidCheck's text for `data` (used to check decoding is exact, and by the tests).
[[nodiscard]] std::string encode_reproduce(const ReproduceData& data);

}  // namespace interleave::harness
