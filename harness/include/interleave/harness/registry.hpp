// interleave/harness/registry.hpp: what a verification item is, and the process-wide list of
// them. Plain C++: safe to include anywhere (it does not include Relacy).
//
// An item is a Relacy model (a test suite over backend-instrumented code) or a property, with
// an id ("mutex/poison-seen-after-panic"), a thread count, an expected outcome (`pass`, or
// `fails with <DEFECT>`), a description and default search settings. Items register themselves
// during static initialisation, normally through INTERLEAVE_MODEL in <interleave/model.hpp>.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/item.hpp"
#include "interleave/harness/result.hpp"

namespace interleave::harness {

using RunFunction = std::function<Verdict(const SearchSettings&)>;

// A registered item: what every result of it repeats (ItemInfo), and how to run it.
struct Entry : ItemInfo {
  SearchSettings defaults;
  RunFunction run;
  // The freed-memory probe of the translation unit that registered the item: <interleave/model.hpp>
  // gives each unit its own, compiled with that unit's flags. It must report ACCESS TO FREED
  // MEMORY, or Relacy is blind to use after free in that unit and the runner refuses to run
  // (detection.hpp). Null for an item that runs no Relacy code.
  Verdict (*freed_memory_probe)() = nullptr;
};

// The registry. Registration never throws; problems (a duplicate id, an id that is not a
// path, an unknown expected defect) are recorded and reported by the command line, which then
// exits with status 2 naming them.
class Registry {
 public:
  bool add(Entry e);
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] const Entry* find(std::string_view id) const noexcept;
  void record_problem(std::string p) { problems_.push_back(std::move(p)); }

 private:
  std::vector<Entry> entries_;
  std::vector<std::string> problems_;
};

Registry& registry();

// Every result Relacy can report other than success, by the name Relacy prints
// (rl::test_result_str), UNTIL CONDITION HIT (a model's RL_UNTIL) included.
[[nodiscard]] const std::vector<std::string>& relacy_results();

}  // namespace interleave::harness
