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

// The pieces of a bound or full search cut at `depth` decisions (SearchSettings::piece), in the
// order an undivided search meets them, and the listing's own verdict: a listing that meets a
// defect stops there, and its last piece is then the failing execution's own. See
// list_search_pieces in <interleave/model.hpp>.
struct SearchPieces {
  std::vector<std::string> pieces;
  Verdict listing;
};
// Lists the pieces at `depth`; throws std::length_error when there are more than `max_pieces`.
using ListFunction =
    std::function<SearchPieces(const SearchSettings&, unsigned depth, std::size_t max_pieces)>;

// A registered item: what every result of it repeats (ItemInfo), and how to run it.
struct Entry : ItemInfo {
  SearchSettings defaults;
  RunFunction run;
  // The freed-memory probe of the translation unit that registered the item: <interleave/model.hpp>
  // gives each unit its own, compiled with that unit's flags. It must report ACCESS TO FREED
  // MEMORY, or Relacy is blind to use after free in that unit and the runner refuses to run
  // (detection.hpp). Null for an item that runs no Relacy code.
  Verdict (*freed_memory_probe)() = nullptr;
  // A negative control that injects its fault into the library (its suite runs over a backend
  // that names a sound one: <interleave/harness/without_faults.hpp>): the same search of the
  // same suite over the sound backend, which must pass. Null for every other item, and for a
  // control that is a demonstration of a bug in the model's own code. Registry::add makes it an
  // item of its own, the control's twin (and drops it from an item expected to pass), and sets
  // ItemInfo's injects_fault from it.
  RunFunction without_fault;
  // The pieces of the item's bound or full search (`run --jobs N` runs them side by side), and
  // of its twin's. Null for an item whose search cannot be divided (a property).
  ListFunction list_pieces;
  ListFunction list_pieces_without_fault;
};

// The id of a control's twin: "mutex/negative/forgets-to-lock [without fault]". Not a path, so
// no registered id can take it.
[[nodiscard]] std::string twin_id(std::string_view control_id);

// How `interleave list` names an item expected to fail: a control that injects its fault into
// the library (it has a twin), or a demonstration of a bug that lives in the model's own code
// (a misuse such as Rc shared across threads, a wait without its predicate): no twin.
inline constexpr std::string_view control_injects_fault = "injects a fault";
inline constexpr std::string_view control_demonstration = "demonstration";

// The registry. Registration never throws; problems (a duplicate id, an id that is not a
// path, an unknown expected defect) are recorded and reported by the command line, which then
// exits with status 2 naming them.
//
// An item expected to fail that carries `without_fault` gets a twin: an item of its own, with
// the id twin_id(control), expected to pass, run by that function with the control's defaults.
// Twins are not among entries() (a plain `list` or `run` does not show or run them); twins()
// has them in registration order, twin_of() finds a control's, and find() finds them by id, so
// `replay` reproduces a twin's failure like any other.
class Registry {
 public:
  bool add(Entry e);
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] const std::vector<Entry>& twins() const noexcept { return twins_; }
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] const Entry* find(std::string_view id) const noexcept;
  // The twin of `control` (an entry of this registry), or null when it has none.
  [[nodiscard]] const Entry* twin_of(const Entry& control) const noexcept;
  void record_problem(std::string p) { problems_.push_back(std::move(p)); }

 private:
  std::vector<Entry> entries_;
  std::vector<Entry> twins_;
  std::vector<std::string> problems_;
};

Registry& registry();

// Every result Relacy can report other than success, by the name Relacy prints
// (rl::test_result_str), UNTIL CONDITION HIT (a model's RL_UNTIL) included.
[[nodiscard]] const std::vector<std::string>& relacy_results();

// Every defect a model can fail with: relacy_results(), then the defects the library names
// itself under Relacy (backend/relacy.hpp, named_defect): RC USED ON ANOTHER THREAD.
[[nodiscard]] const std::vector<std::string>& model_defects();

}  // namespace interleave::harness
