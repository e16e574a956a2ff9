// bench/faulty_channel.hpp: a deliberately broken peer, so that the benchmarks' verification
// (verify.hpp) is seen to fail when it must. Registered only by the self-test
// (INTERLEAVE_BENCH_SELF_TEST=1, channels_main.cpp), never among the peers that are measured.
//
// The textbook unbounded channel behind an adapter that loses producer 0's tenth message and
// delivers producer 1's tenth twice: the consumer still gets the count it waits for, and with
// untagged values (1..n from every producer, as the drivers once sent them) the sum of what it
// received would be exactly the expected checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "channel_adapters.hpp"
#include "textbook_channel.hpp"
#include "verify.hpp"

namespace interleave_bench {

struct loses_one_duplicates_one {
  static constexpr std::string_view name = "loses-one-duplicates-one";
  using channel = textbook_queue<msg>;
  struct sender {
    channel* c;
    std::uint64_t sent = 0;
  };
  static std::unique_ptr<channel> make(std::size_t /*unbounded*/) {
    return std::make_unique<channel>();
  }
  static sender sender_for(channel& c) { return sender{&c}; }
  static void send(sender& s, msg m) {
    const std::uint64_t producer = m >> seq_bits;
    if (++s.sent == 10 && producer == 0) return;      // lost
    if (s.sent == 10 && producer == 1) s.c->send(m);  // and delivered twice
    s.c->send(m);
  }
  static msg recv(channel& c) { return c.recv(); }
};
static_assert(channel_adapter<loses_one_duplicates_one>);

}  // namespace interleave_bench
