// harness/src/equivalents.hpp (internal): mutants declared equivalent (`mutate --equivalent
// FILE`), each with the reason no test could detect it.
//
// An equivalent mutant changes nothing any execution can show (a strong compare-exchange made
// weak in a loop that retries a spurious failure as it retries a lost race). It survives every
// suite, so a score that counts it can never reach 100%. A declaration takes it out of the
// score's denominator, never out of the run: the mutant still runs against its items, and one
// that some item detects is counted as detected and reported as a wrong declaration.
//
// The file, one declaration a line; blank lines and lines starting with `#` are ignored:
//
//   FILE FUNCTION OPERATION:ORDER:MUTATION REASON...
//   lib/include/interleave/mpsc/bounded.hpp try_push compare_exchange_strong:relaxed:weak A spurious failure reloads the tail and tries again.
//
// FILE as mutants.json names sites; FUNCTION is the function's own name (`try_push`, not its
// class, namespace, template arguments or parameters), so a declaration stays true while lines
// move; OPERATION, ORDER and MUTATION as a mutant's id spells them (mutants.hpp). A
// declaration may match several mutants (the same change of the same operation at two lines of
// one function); one that matches no mutant of the run is reported, as a stale declaration.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "mutants.hpp"

namespace interleave::harness {

struct EquivalentDeclaration {
  std::string file, function, operation, order, mutation;
  std::string reason;
  std::string where;  // "FILE:LINE" of the declaration, for messages
  // "FILE FUNCTION OPERATION:ORDER:MUTATION": the line without its reason.
  [[nodiscard]] std::string change() const;
};

// The declarations of `text` (read from `source`, which messages name), or what is wrong with
// the first bad line: its place, what it lacks, and the form a line takes.
[[nodiscard]] std::expected<std::vector<EquivalentDeclaration>, std::string> parse_equivalents(
    std::string_view text, std::string_view source);

// The same from a file; the error also covers a file that cannot be read.
[[nodiscard]] std::expected<std::vector<EquivalentDeclaration>, std::string> read_equivalents(
    const std::string& path);

// A function's own name from the compiler's spelling of it (a site's `function`):
// "void ns::counts<B>::add_strong() [with B = x]" -> "add_strong".
[[nodiscard]] std::string function_name(std::string_view pretty);

// The declaration of `m` without its reason, as a survivor's report suggests it.
[[nodiscard]] std::string declaration_line(const Mutant& m);

[[nodiscard]] bool declares(const EquivalentDeclaration& d, const Mutant& m);

}  // namespace interleave::harness
