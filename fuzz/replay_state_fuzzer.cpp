// libFuzzer target: `replay --state` text. The first byte picks the scheduler and the item's
// thread count, the rest is the state. Whatever the bytes: a state whose every decision is in
// range for Relacy, or a message; never a crash, a hang, or memory beyond the state's limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "interleave/harness/replay_input.hpp"

namespace h = interleave::harness;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const h::Scheduler scheduler = data[0] % 3 == 0   ? h::Scheduler::random
                                 : data[0] % 3 == 1 ? h::Scheduler::bound
                                                    : h::Scheduler::full;
  const int threads = 1 + (data[0] / 3) % 4;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto state = h::parse_replay_state(text, scheduler, threads);
  if (!state) {
    if (state.error().find("--state") == std::string::npos) std::abort();  // names the option
    return 0;
  }
  if (scheduler == h::Scheduler::random && (!state->decisions.empty() || state->iteration == 0))
    std::abort();
  if (scheduler != h::Scheduler::random && state->decisions.empty()) std::abort();
  if (state->decisions.size() > h::max_state_decisions) std::abort();
  for (const auto& d : state->decisions) {
    if (d.index >= d.count || d.kind >= h::decision_kinds) std::abort();
    if (d.kind == h::decision_thread && d.count > static_cast<std::uint32_t>(threads)) std::abort();
  }
  return 0;
}
