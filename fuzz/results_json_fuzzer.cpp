// libFuzzer target: the results.json that `interleave merge` reads. Whatever the bytes: results
// whose numbers were read exactly, or a std::runtime_error saying what is wrong; never a crash,
// never undefined behaviour (a double too large for an int, say), never another exception type.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "interleave/reports/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    interleave::reports::RunInfo run;
    const auto results = interleave::reports::parse_results_json(text, &run);
    if (run.seconds < 0) std::abort();
    for (const auto& r : results)
      if (r.seconds < 0 || r.verdict.seconds_to_find < 0) std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
