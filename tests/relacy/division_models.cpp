#include "division_models.hpp"

#include <optional>

#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

namespace interleave::test {
namespace {

// Each thread adds to a counter under the lock; the first also reads an atomic flag the last
// one sets, so the tree has decisions of more than one kind of object.
struct counter_under_mutex : rl::test_suite<counter_under_mutex, 3> {
  std::optional<Mutex<relacy_backend::cell<int>, relacy_backend>> counter;
  std::optional<relacy_backend::atomic<int>> flag;
  void before() {
    counter.emplace();
    flag.emplace(0);
  }
  void thread(unsigned index) {
    if (index == 2) flag->store(1, std::memory_order::release);
    auto g = *counter->lock();
    g->store(g->load() + 1);
    if (index == 0) (void)flag->load(std::memory_order::acquire);
  }
  void after() { RL_ASSERT((*counter->lock())->load() == 3); }
};

// Thread 0 writes a plain cell; thread 1 writes it too, but only when it counted first, and
// nothing orders the two writes: a DATA RACE in the executions where thread 1 increments before
// thread 0, which a depth-first search meets only after many that pass.
struct racing_cell : rl::test_suite<racing_cell, 3> {
  std::optional<relacy_backend::cell<int>> cell;
  std::optional<relacy_backend::atomic<int>> turns;
  void before() {
    cell.emplace(0);
    turns.emplace(0);
  }
  void thread(unsigned index) {
    const int turn = turns->fetch_add(1, std::memory_order::relaxed);
    if (index == 0 || (index == 1 && turn == 0)) cell->store(static_cast<int>(index));
  }
};

// Two threads each add to an atomic twice: small enough for a full search.
struct two_adders : rl::test_suite<two_adders, 2> {
  std::optional<relacy_backend::atomic<int>> sum;
  void before() { sum.emplace(0); }
  void thread(unsigned) {
    for (int i = 0; i < 2; ++i) sum->fetch_add(1, std::memory_order::acq_rel);
  }
  void after() { RL_ASSERT(sum->load(std::memory_order::relaxed) == 4); }
};

using division = harness::detail::search_division;

// Runs `f` with every execution's hash recorded.
template <class F>
Explored recorded(F&& f) {
  Explored e;
  e.executions.reserve(std::size_t{1} << 20);
  division::explored = &e.executions;
  division::overflowed = false;
  e.verdict = f();
  division::explored = nullptr;
  if (division::overflowed) e.verdict.defect = "(the test's record of executions overflowed)";
  return e;
}

template <class F>
auto with_model(DivisionModel m, F&& f) {
  switch (m) {
    case DivisionModel::racing_cell: return f(static_cast<racing_cell*>(nullptr));
    case DivisionModel::two_adders: return f(static_cast<two_adders*>(nullptr));
    case DivisionModel::counter_under_mutex: break;
  }
  return f(static_cast<counter_under_mutex*>(nullptr));
}

}  // namespace

Explored search_whole(DivisionModel m, const harness::SearchSettings& s) {
  return with_model(
      m, [&]<class Suite>(Suite*) { return recorded([&] { return run_relacy_suite<Suite>(s); }); });
}

std::vector<std::string> list_pieces(DivisionModel m, const harness::SearchSettings& s,
                                     unsigned depth, harness::Verdict* listing) {
  return with_model(m, [&]<class Suite>(Suite*) {
    SearchPieces p = list_search_pieces<Suite>(s, depth);
    if (listing) *listing = p.listing;
    return p.pieces;
  });
}

Explored search_piece(DivisionModel m, harness::SearchSettings s, const std::string& piece) {
  s.piece = piece;
  return search_whole(m, s);
}

harness::Entry entry_of(DivisionModel m, harness::Expectation expected) {
  return with_model(m, [&]<class Suite>(Suite*) {
    harness::Entry e;
    e.id = "division/model";
    e.threads = static_cast<int>(Suite::params::thread_count);
    e.expected = std::move(expected);
    e.run = &run_relacy_suite<Suite>;
    e.list_pieces = &list_search_pieces<Suite>;
    return e;
  });
}

harness::Verdict replay(DivisionModel m, harness::SearchSettings s, const std::string& state) {
  s.initial_state = state;
  return with_model(m, [&]<class Suite>(Suite*) { return run_relacy_suite<Suite>(s); });
}

}  // namespace interleave::test
