// harness/src/mutants.hpp (internal): the mutants of a site, and a mutant's id.
//
// A mutant is one change at one site (result.hpp's Site; the backend applies it:
// lib/include/interleave/backend/mutation.hpp). Its id names both, and is what a child process
// is given and what a replay line carries (`--mutant ID`):
//
//   FILE:LINE:COLUMN:OPERATION:ORDER:MUTATION
//   lib/include/interleave/mpsc/unbounded.hpp:171:38:load:acquire:relaxed
//
// ORDER is the order the site uses; MUTATION is the order that replaces it (relaxed, acquire,
// release, acq_rel) or one of: removed (a fence), dropped (a notify), notify_one (a notify_all
// that wakes one), split (a read-modify-write as a load and a store), unlocked (a lock and its
// unlock made no-ops), weak (a strong compare-exchange made weak).
#pragma once

#include <expected>
#include <string>
#include <vector>

#include <interleave/backend/mutation.hpp>

#include "interleave/harness/result.hpp"

namespace interleave::harness {

struct Mutant {
  Site site;
  std::string mutation;  // the id's last field
  [[nodiscard]] std::string id() const;
  friend auto operator<=>(const Mutant&, const Mutant&) = default;
};

// Every mutant of a site, in a fixed order: the order weakened one step and all the way to
// relaxed (as the operation allows), then the other changes the operation allows.
[[nodiscard]] std::vector<Mutant> mutants_of(const Site& s);

// A site as recorded by the backend, in the harness's form.
[[nodiscard]] Site site_of(const mutation::site& s);

// The mutant an id names (its site without the function, which the id does not carry), or what
// in the id is wrong: a mutation that mutants_of would not give such a site is refused.
[[nodiscard]] std::expected<Mutant, std::string> parse_mutant_id(const std::string& id);
// The same for the backend.
[[nodiscard]] std::expected<mutation::mutant, std::string> parse_mutant(const std::string& id);

[[nodiscard]] std::string_view order_name(std::memory_order o);

}  // namespace interleave::harness
