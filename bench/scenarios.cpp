// interleave_bench_scenarios: what generated concurrent scenarios cost, at the default settings.
//
// This program contains every registered item of the `interleave` command (the same model and
// property sources). For each generated-scenario property it runs the property once per
// benchmark iteration, in this process, exactly as `interleave run` runs it in a child:
//
//  - a property of a correct primitive: wall time of the whole run and scenarios/s (counter
//    `scenarios_per_s`; each scenario explored at context bounds 0..2 and randomly);
//  - a negative control: time to find the defect from scratch (`seconds_to_find`, counted from
//    the start of the run to the first failing scenario), the scenarios generated until then,
//    the shrink candidates explored after it, and the size of the shrunk scenario; the
//    benchmark's own time is find + shrink.
//
// The peer, in the same run: the hand-written model of the same negative control, the id
// without "property/" (`channel/negative/unbounded/lost-notify` for
// `channel/property/negative/unbounded/lost-notify`; none when no model has that id), run by its
// own default search. Its time is `peer/<model id>`; bench/README.md gives the ratios.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "interleave/harness/registry.hpp"
#include "interleave/harness/runner.hpp"
#include "verify.hpp"

namespace {

using interleave::harness::Entry;
using interleave::harness::Kind;
using interleave::harness::SearchSettings;
using interleave::harness::Verdict;

// The item's own search, as `interleave run` runs it (the defect searched for and the ones it
// may pass come from its expectation).
SearchSettings defaults_of(const Entry& e) {
  return interleave::harness::effective_settings(e, {});
}

// The hand-written model a generated negative control corresponds to, if there is one.
const Entry* peer_of(const Entry& e) {
  const std::string marker = "/property/negative/";
  const auto at = e.id.find(marker);
  if (at == std::string::npos) return nullptr;
  return interleave::harness::registry().find(e.id.substr(0, at) + "/negative/" +
                                              e.id.substr(at + marker.size()));
}

void run_property(benchmark::State& state, const Entry* e) {
  const SearchSettings s = defaults_of(*e);
  Verdict v;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    v = e->run(s);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const bool as_expected =
      e->expected.expects_pass() ? v.defect.empty() : v.defect == e->expected.defect();
  if (!as_expected)
    interleave_bench::fail(state,
                           "not as expected: " + (v.defect.empty() ? "no defect" : v.defect));
  state.counters["scenarios"] = static_cast<double>(v.scenarios);
  state.counters["iterations"] = static_cast<double>(v.iterations);
  if (e->expected.expects_pass()) {
    state.counters["scenarios_per_s"] = static_cast<double>(v.scenarios) / seconds;
  } else {
    state.counters["seconds_to_find"] = v.seconds_to_find;
    state.counters["shrink_candidates"] = static_cast<double>(v.shrink_candidates);
    state.counters["operations"] = v.scenario ? static_cast<double>(v.scenario->operations()) : -1;
  }
}

void run_model(benchmark::State& state, const Entry* e) {
  const SearchSettings s = defaults_of(*e);
  Verdict v;
  for (auto _ : state) v = e->run(s);
  if (v.defect != e->expected.defect())
    interleave_bench::fail(state,
                           "not as expected: " + (v.defect.empty() ? "no defect" : v.defect));
  state.counters["iterations"] = static_cast<double>(v.iterations);
}

}  // namespace

int main(int argc, char** argv) {
  for (const auto& e : interleave::harness::registry().entries()) {
    if (e.kind != Kind::property) continue;
    benchmark::RegisterBenchmark(("scenarios/" + e.id).c_str(), run_property, &e)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kSecond);
    if (const Entry* peer = peer_of(e))
      benchmark::RegisterBenchmark(("peer/" + peer->id).c_str(), run_model, peer)
          ->Iterations(1)
          ->UseRealTime()
          ->Unit(benchmark::kSecond);
  }
  return interleave_bench::run_checked(argc, argv);
}
