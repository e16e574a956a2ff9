// RapidCheck's reproduce strings, decoded and checked before a replay runs: see
// replay_input.hpp for the format. RapidCheck's own decoder trusts its input (it reads past the
// end of a short string, shifts varints past 64 bits, reserves whatever length a string
// claims), so it only ever sees strings that this one has accepted.
#include <fmt/format.h>

#include "interleave/harness/replay_input.hpp"

namespace interleave::harness {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_";

int sextet(char c) {
  const auto at = alphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::string base64(const std::vector<std::uint8_t>& data) {
  std::string out;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    int nbits = 0;
    std::uint32_t bits = 0;
    for (std::size_t j = i; j < std::min(data.size(), i + 3); ++j, nbits += 8)
      bits |= static_cast<std::uint32_t>(data[j]) << nbits;
    for (; nbits > 0; nbits -= 6, bits >>= 6) out += alphabet[bits & 0x3f];
  }
  return out;
}

// Reads the serialized bytes front to back; every read says whether the bytes were there.
class Reader {
 public:
  explicit Reader(const std::vector<std::uint8_t>& data) : data_(data) {}
  bool fixed(std::uint64_t& out, int bytes) {
    if (data_.size() - at_ < static_cast<std::size_t>(bytes)) return false;
    out = 0;
    for (int i = 0; i < bytes; ++i) out |= static_cast<std::uint64_t>(data_[at_++]) << (8 * i);
    return true;
  }
  // A 7-bit varint of at most 64 bits.
  bool compact(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ == data_.size()) return false;
      const std::uint8_t b = data_[at_++];
      const std::uint64_t part = b & 0x7f;
      if (shift == 63 && part > 1) return false;  // past 64 bits
      out |= part << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool done() const { return at_ == data_.size(); }
  std::size_t left() const { return data_.size() - at_; }
  std::uint8_t byte() { return data_[at_++]; }

 private:
  const std::vector<std::uint8_t>& data_;
  std::size_t at_ = 0;
};

void put_fixed(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_compact(std::vector<std::uint8_t>& out, std::uint64_t v) {
  do {
    const auto low = static_cast<std::uint8_t>(v & 0x7f);
    v >>= 7;
    out.push_back(v == 0 ? low : static_cast<std::uint8_t>(low | 0x80));
  } while (v != 0);
}

}  // namespace

std::string encode_reproduce(const ReproduceData& d) {
  std::vector<std::uint8_t> out;
  put_compact(out, 1);  // one entry in the map
  put_compact(out, d.id.size());
  out.insert(out.end(), d.id.begin(), d.id.end());
  for (std::uint64_t k : d.key) put_fixed(out, k, 8);
  put_compact(out, d.bits);
  put_compact(out, d.counter);
  out.push_back(d.bits_used);
  put_fixed(out, d.size, 4);
  put_compact(out, d.shrink_path.size());
  for (std::uint64_t step : d.shrink_path) put_compact(out, step);
  return base64(out);
}

Parsed<ReproduceData> decode_reproduce(std::string_view text) {
  const auto wrong = [&](const std::string& why) {
    return std::unexpected(fmt::format(
        "--reproduce is not a RapidCheck reproduce string: {} (copy it whole from the failure's "
        "replay line)",
        why));
  };
  if (text.empty()) return wrong("it is empty");
  if (text.size() > max_reproduce_chars)
    return wrong(fmt::format("it is {} characters long, more than the {} of any we accept",
                             text.size(), max_reproduce_chars));
  if (text.size() % 4 == 1) return wrong("its length cannot be RapidCheck's base64");
  std::vector<std::uint8_t> data;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int nbits = 0;
    std::uint32_t bits = 0;
    for (std::size_t j = i; j < std::min(text.size(), i + 4); ++j, nbits += 6) {
      const int x = sextet(text[j]);
      if (x < 0)
        return wrong(
            fmt::format("character {} is not in RapidCheck's base64 alphabet (A-Z a-z "
                        "0-9 + _)",
                        j + 1));
      bits |= static_cast<std::uint32_t>(x) << nbits;
    }
    for (; nbits >= 8; nbits -= 8, bits >>= 8) data.push_back(static_cast<std::uint8_t>(bits));
  }

  Reader in(data);
  ReproduceData d;
  std::uint64_t entries = 0, id_size = 0, size = 0, steps = 0;
  if (!in.compact(entries)) return wrong("it ends before its first field");
  if (entries != 1) return wrong(fmt::format("it holds {} properties, not one", entries));
  if (!in.compact(id_size) || id_size > in.left())
    return wrong("it ends inside the property's name");
  for (std::uint64_t i = 0; i < id_size; ++i) d.id += static_cast<char>(in.byte());
  for (auto& k : d.key)
    if (!in.fixed(k, 8)) return wrong("it ends inside the random generator's key");
  if (!in.compact(d.bits) || !in.compact(d.counter) || in.done())
    return wrong("it ends inside the random generator's state");
  d.bits_used = in.byte();
  if (d.bits_used > 64)
    return wrong(fmt::format("its random generator has used {} of 64 bits", d.bits_used));
  if (!in.fixed(size, 4)) return wrong("it ends before the scenario's size");
  if (size > max_reproduce_size)
    return wrong(fmt::format("its scenario size {} is past {}", size, max_reproduce_size));
  d.size = static_cast<std::uint32_t>(size);
  if (!in.compact(steps) || steps > in.left()) return wrong("it ends inside the shrink path");
  d.shrink_path.reserve(steps);
  for (std::uint64_t i = 0; i < steps; ++i) {
    std::uint64_t step = 0;
    if (!in.compact(step)) return wrong("it ends inside the shrink path");
    d.shrink_path.push_back(step);
  }
  if (!in.done()) return wrong("it has bytes after the shrink path");
  if (encode_reproduce(d) != text)
    return wrong("it is not in the form RapidCheck writes (stray bits, or a number written long)");
  return d;
}

Parsed<ReproduceData> parse_reproduce(std::string_view text, std::string_view id) {
  auto d = decode_reproduce(text);
  if (d && d->id != id)
    return std::unexpected(
        fmt::format("--reproduce is a failure of '{}', not of '{}'", d->id.substr(0, 200), id));
  return d;
}

}  // namespace interleave::harness
