// interleave/backend/mutation.hpp: mutation testing through the backend seam.
//
// Every operation of the Relacy backend (backend/relacy.hpp) carries the std::source_location
// of the line that called it: its site. A run can do two things with sites, chosen at run time
// so that no mutant needs a rebuild (`interleave mutate` sets them in each child process):
//  - record every site it reaches (operation, memory order, file, line, column, function);
//  - apply one mutant: one change at one site, e.g. that site's acquire load made relaxed, that
//    site's notify_one dropped, that site's lock and the unlock that pairs with it made no-ops.
// Both are off unless a run asks for them; then each backend operation costs one test of a flag.
// The std backend has no sites: mutants exist only under simulation.
//
// Recording happens inside the simulation, where every allocation is a branch of Relacy's search,
// so the table of sites is fixed-size and allocates nothing.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <source_location>
#include <string_view>

namespace interleave::mutation {

// What a site does. The names are the ones mutant ids and reports use (operation_name).
enum class operation : std::uint8_t {
  load,
  store,
  exchange,
  compare_exchange_weak,
  compare_exchange_strong,
  fetch_add,
  fetch_sub,
  fetch_or,
  fetch_and,
  fence,
  notify_one,
  notify_all,
  lock,
};
inline constexpr std::array<std::string_view, 13> operation_names = {"load",
                                                                     "store",
                                                                     "exchange",
                                                                     "compare_exchange_weak",
                                                                     "compare_exchange_strong",
                                                                     "fetch_add",
                                                                     "fetch_sub",
                                                                     "fetch_or",
                                                                     "fetch_and",
                                                                     "fence",
                                                                     "notify_one",
                                                                     "notify_all",
                                                                     "lock"};
constexpr std::string_view operation_name(operation op) {
  return operation_names[static_cast<int>(op)];
}

// A read-modify-write: the operations a mutant may split into a load and a store.
constexpr bool is_rmw(operation op) {
  return op == operation::exchange || op == operation::compare_exchange_weak ||
         op == operation::compare_exchange_strong || op == operation::fetch_add ||
         op == operation::fetch_sub || op == operation::fetch_or || op == operation::fetch_and;
}
// Whether a site's memory order means anything (notify and lock have none: recorded as seq_cst).
constexpr bool has_order(operation op) { return op <= operation::fence; }

// The one change a mutant makes at its site.
enum class change : std::uint8_t {
  order,       // the site's order replaced by mutant::order (always a weaker one)
  removed,     // a fence that does nothing
  dropped,     // a notify_one/notify_all that wakes nobody
  notify_one,  // a notify_all that wakes one waiter
  split,       // a read-modify-write done as a load, then a store: another thread may
               // write in between
  unlocked,    // a lock that does not lock, and the unlock that pairs with it
  weak,        // a strong compare-exchange that may fail spuriously
};
inline constexpr std::array<std::string_view, 7> change_names = {
    "order", "removed", "dropped", "notify_one", "split", "unlocked", "weak"};
constexpr std::string_view change_name(change c) { return change_names[static_cast<int>(c)]; }

// A site as a run reaches it. `file` and `function` point at the compiler's string literals.
struct site {
  const char* file = "";
  const char* function = "";
  std::uint32_t line = 0, column = 0;
  operation op = operation::load;
  std::memory_order order = std::memory_order::seq_cst;
};

inline constexpr std::size_t max_file = 512;

// One mutant: its site (file, line, column, operation and the order the site uses, so one
// template line called with two orders is two sites) and its change.
struct mutant {
  char file[max_file] = {};
  std::uint32_t line = 0, column = 0;
  operation op = operation::load;
  std::memory_order original = std::memory_order::seq_cst;
  change what = change::order;
  std::memory_order order = std::memory_order::relaxed;  // change::order: the replacement
};

namespace detail {

// The sites one run reached, without duplicates (by content: a header's line may have a
// different string literal in each unit). Fixed-size: see the header comment.
struct site_table {
  static constexpr std::size_t capacity = 4096;
  std::array<site, capacity> sites{};
  std::size_t count = 0;
  bool overflowed = false;

  void add(const std::source_location& l, operation op, std::memory_order o) noexcept {
    for (std::size_t i = 0; i < count; ++i) {
      const site& s = sites[i];
      if (s.line == l.line() && s.column == l.column() && s.op == op && s.order == o &&
          (s.file == l.file_name() || std::strcmp(s.file, l.file_name()) == 0))
        return;
    }
    if (count == capacity) {
      overflowed = true;
      return;
    }
    sites[count++] = site{l.file_name(), l.function_name(), l.line(), l.column(), op, o};
  }
};

inline bool engaged = false;  // recording, or a mutant applies
inline bool recording = false;
inline site_table reached;
inline bool has_mutant = false;
inline mutant active;

inline bool matches(const mutant& m, const std::source_location& l, operation op,
                    std::memory_order o) noexcept {
  return m.line == l.line() && m.column == l.column() && m.op == op && m.original == o &&
         std::strcmp(m.file, l.file_name()) == 0;
}

}  // namespace detail

// Set once in a child process, before its item runs (harness/src/child.cpp).
inline void record_sites() noexcept {
  detail::recording = true;
  detail::engaged = true;
}
inline void apply(const mutant& m) noexcept {
  detail::active = m;
  detail::has_mutant = true;
  detail::engaged = true;
}
inline const detail::site_table& sites_reached() noexcept { return detail::reached; }

// Called by the backend at each operation: records the site if asked, and returns the active
// mutant if it is this site's, else null.
inline const mutant* at(const std::source_location& l, operation op,
                        std::memory_order o = std::memory_order::seq_cst) noexcept {
  if (!detail::engaged) [[likely]]
    return nullptr;
  if (detail::recording) detail::reached.add(l, op, o);
  if (detail::has_mutant && detail::matches(detail::active, l, op, o)) return &detail::active;
  return nullptr;
}

// The halves of a read-modify-write's order when it is split: the load keeps its acquire
// part, the store its release part (seq_cst stays seq_cst on both).
constexpr std::memory_order load_part(std::memory_order o) {
  switch (o) {
    case std::memory_order::release: return std::memory_order::relaxed;
    case std::memory_order::acq_rel: return std::memory_order::acquire;
    default: return o;
  }
}
constexpr std::memory_order store_part(std::memory_order o) {
  switch (o) {
    case std::memory_order::acquire:
    case std::memory_order::consume: return std::memory_order::relaxed;
    case std::memory_order::acq_rel: return std::memory_order::release;
    default: return o;
  }
}

}  // namespace interleave::mutation
