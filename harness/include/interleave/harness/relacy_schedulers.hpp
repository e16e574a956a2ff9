// interleave/harness/relacy_schedulers.hpp (internal to <interleave/model.hpp>, which includes it
// after Relacy): Relacy's tree searches (context-bound and full), with one defect of theirs
// repaired. Every bound and full search of a model or property runs on these.
//
// The defect: a thread that parks lets the others run first (Relacy's "yield priority": each
// other thread, blocked or not, holds a priority over the parked one, and the parked one
// counts as blocked until each has run once). A thread that is itself blocked never runs, so the
// priority it holds lasts until no thread can run, when Relacy drops every priority (in the
// yield and deadlock paths). The path where a thread *finishes* leaving no thread running but a
// timed waiter does not drop them. The timed waiter then cannot be woken by its timeout (it is
// still blocked by the priority), and the scheduler picks a thread from past the end of its
// list of running ones: the thread that just finished, whose body Relacy runs again until the
// count of finished threads reaches the suite's, and then runs after() with threads still
// blocked. Seen as a channel property whose after() found a send that never returned (a nap,
// a parked sender, the last running thread ending); it could as well let a deadlock pass.
//
// The repair is Relacy's own rule, applied on that path too: when a thread finishes and no
// thread is running, priorities are dropped (purge_blocked_threads), so the timed waiter can
// time out. Searches where that never happens explore the same executions as before.
// tests/relacy/finished_thread_test.cpp shows the defect gone.
//
// Division (search_division): one bound or full search cut into pieces, the subtrees under the
// paths of its first decisions, each searched on its own (by another process or machine). The
// tree is Relacy's stree_: one node per decision an execution made, with the number of choices
// there, the one taken and its kind (a thread switch or the program's own choice). An undivided
// search backtracks over every node; a piece fixes its first nodes (the initial state) and
// backtracks only below them, so the pieces' executions are exactly the whole search's, each
// once.
//
// It includes nothing: Relacy #defines `new` and `delete`, so what it needs comes before Relacy
// (<vector>, <cstdint>, harness/replay_input.hpp's Decision: model.hpp).
#pragma once

namespace interleave::harness::detail {

// How the next simulation divides its search. Set by model.hpp around one rl::simulate call, in
// the one process that runs it; read by repaired_tree_scheduler.
struct search_division {
  // Listing the pieces: each execution's first `list_depth` decisions (all of them where it ends
  // sooner) are one piece, appended to `pieces` (`piece_lengths` its count of decisions); the
  // search backtracks among those decisions only, so it makes one execution per piece and meets
  // them in the order an undivided search does. 0: not listing.
  static inline unsigned list_depth = 0;
  static inline std::vector<Decision>* pieces = nullptr;
  static inline std::vector<unsigned>* piece_lengths = nullptr;
  // Searching one piece, whose decisions are the initial state: no decision above `floor` is
  // backtracked, so the search is complete when the piece's subtree is. 0: the whole tree.
  static inline unsigned floor = 0;
  // For tests: each execution's decisions hashed (FNV-1a over its nodes), appended. The vectors
  // are reserved by the caller: the scheduler runs inside Relacy's context, where an allocation
  // would count as the model's, so what does not fit sets `overflowed` instead.
  static inline std::vector<std::uint64_t>* explored = nullptr;
  static inline bool overflowed = false;

  template <class T>
  static void record(std::vector<T>* into, const T& value) {
    if (into == nullptr) return;
    if (into->size() == into->capacity()) {
      overflowed = true;
      return;
    }
    into->push_back(value);
  }
};

// Relacy's tree_search_scheduler with the repair, and the switching policy of Relacy's
// rl::context_bound_scheduler or rl::full_search_scheduler, as Derived's bounded() says (one
// copy of the policy for the searches and the checked replay, relacy_replay.hpp). Derived
// calls begin_bound() at the start of each execution.
template <class Derived, rl::thread_id_t N>
class repaired_tree_scheduler
    : public rl::tree_search_scheduler<Derived, rl::context_bound_scheduler_thread_info<N>, N> {
 public:
  using base_t = rl::tree_search_scheduler<Derived, rl::context_bound_scheduler_thread_info<N>, N>;
  using thread_info_t = typename base_t::thread_info_t;
  using shared_context_t = typename base_t::shared_context_t;

  repaired_tree_scheduler(rl::test_params& params, shared_context_t& ctx,
                          rl::thread_id_t dynamic_thread_count)
      : base_t(params, ctx, dynamic_thread_count) {}

  // Called by Relacy once the finishing thread counts as finished, before it decides whether the
  // execution ended, deadlocked, or goes on with another thread.
  void thread_finished_impl() {
    if (this->running_threads_count == 0) this->purge_blocked_threads();
  }

  // A switch away from a running thread spends one of the bound's preemptions; the full
  // search's policy has none to spend.
  bool can_switch(thread_info_t& t) {
    if (!Derived::bounded()) return true;
    t.sched_count_ += 1;
    return switches_remain_ != 0;
  }
  void on_switch(thread_info_t& t) {
    if (!Derived::bounded()) return;
    if (t.state_ != rl::thread_state_running)
      t.forced_context_switch_count_ += 1;
    else if (switches_remain_ != 0)  // a replay's misfit may switch past the bound
      switches_remain_ -= 1;
  }
  // For Relacy's progress lines only (the harness prints none).
  double iteration_count_approx() { return 1.0; }

  // Relacy's backtracking (tree_search_scheduler::iteration_end_impl: the deepest decision with
  // a choice left takes its next one, the decisions below it are forgotten), bounded above by
  // the division: a listing backtracks only its first decisions, a piece none above its own.
  bool iteration_end_impl() {
    using division = search_division;
    auto& tree = this->stree_;
    if (division::explored != nullptr) {
      std::uint64_t h = 14695981039346656037ull;
      for (const auto& n : tree)
        for (unsigned part : {n.count_, n.index_, static_cast<unsigned>(n.type_)})
          h = (h ^ part) * 1099511628211ull;
      division::record(division::explored, h);
    }
    std::size_t floor = division::floor;
    if (division::list_depth != 0) {
      if (tree.size() > division::list_depth) tree.resize(division::list_depth);
      for (const auto& n : tree)
        division::record(division::pieces,
                         Decision{n.count_, n.index_, static_cast<std::uint32_t>(n.type_)});
      division::record(division::piece_lengths, static_cast<unsigned>(tree.size()));
      floor = 0;
    }
    for (std::size_t i = tree.size(); i > floor; --i) {
      auto& n = tree[i - 1];
      if (n.index_ + 1 != n.count_) {
        tree.resize(i);
        n.index_ += 1;
        return false;
      }
    }
    return true;
  }

 protected:
  void begin_bound() { switches_remain_ = this->params_.context_bound; }

 private:
  unsigned switches_remain_ = 0;
};

// The search of rl::context_bound_scheduler (Bounded) or rl::full_search_scheduler, repaired.
template <rl::thread_id_t N, bool Bounded>
class search_scheduler : public repaired_tree_scheduler<search_scheduler<N, Bounded>, N> {
 public:
  using base_t = repaired_tree_scheduler<search_scheduler<N, Bounded>, N>;
  using base_t::base_t;

  static constexpr bool bounded() { return Bounded; }
  rl::thread_id_t iteration_begin_impl() {
    this->begin_bound();
    return base_t::iteration_begin_impl();
  }
};

}  // namespace interleave::harness::detail
