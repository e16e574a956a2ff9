// libFuzzer target: `replay --reproduce` text. Whatever the bytes: a decoding that re-encodes
// to exactly the same text with every field in range, or a message; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "interleave/harness/replay_input.hpp"

namespace h = interleave::harness;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto d = h::decode_reproduce(text);
  if (!d) {
    if (d.error().find("--reproduce") == std::string::npos) std::abort();
    return 0;
  }
  if (h::encode_reproduce(*d) != text) std::abort();
  if (d->bits_used > 64 || d->size > h::max_reproduce_size) std::abort();
  if (!h::parse_reproduce(text, d->id)) std::abort();
  return 0;
}
