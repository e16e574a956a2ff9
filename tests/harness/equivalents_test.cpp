// `mutate --equivalent FILE`: the declarations read, refused line by line by what is wrong, and
// matched to mutants by file, function name, operation, order and mutation.
#include <gtest/gtest.h>

#include <string>

#include "equivalents.hpp"

namespace interleave::harness {
namespace equivalents_test {

std::string refusal(const std::string& text) {
  const auto d = parse_equivalents(text, "eq.txt");
  return d ? "(read)" : d.error();
}

TEST(Equivalents, a_function_is_named_without_its_class_namespaces_templates_and_parameters) {
  EXPECT_EQ(function_name("void interleave::detail::arc_counts<Backend>::add_strong() [with "
                          "Backend = interleave::basic_relacy_backend<>]"),
            "add_strong");
  EXPECT_EQ(function_name("bool interleave::mpsc::detail::bounded_core<T, B>::try_push(U&&, "
                          "here) [with U = int; T = int; B = x::y<1, std::less<int> >]"),
            "try_push");
  EXPECT_EQ(function_name("T ns::cell<T>::load(std::source_location) const"), "load");
  EXPECT_EQ(function_name("void f()"), "f");
  EXPECT_EQ(function_name("void ns::call<std::pair<int, int> >(int (*)(int))"), "call");
  EXPECT_EQ(function_name("ns::holder<T>::holder(T)"), "holder");
  EXPECT_EQ(function_name("void ns::job::operator()() const"), "operator()");
  EXPECT_EQ(function_name("main"), "main");
}

TEST(Equivalents, declarations_are_read_with_their_reasons_and_comments_skipped) {
  const auto d = parse_equivalents(
      "# equivalent mutants\n"
      "\n"
      "lib/a.hpp try_push compare_exchange_strong:relaxed:weak  A spurious failure retries.  \n"
      "  lib/b.hpp drop fetch_or:relaxed:split After the mark nothing reads the index.\r\n",
      "eq.txt");
  ASSERT_TRUE(d) << d.error();
  ASSERT_EQ(d->size(), 2u);
  const EquivalentDeclaration& first = (*d)[0];
  EXPECT_EQ(first.file, "lib/a.hpp");
  EXPECT_EQ(first.function, "try_push");
  EXPECT_EQ(first.operation, "compare_exchange_strong");
  EXPECT_EQ(first.order, "relaxed");
  EXPECT_EQ(first.mutation, "weak");
  EXPECT_EQ(first.reason, "A spurious failure retries.");
  EXPECT_EQ(first.where, "eq.txt:3");
  EXPECT_EQ(first.change(), "lib/a.hpp try_push compare_exchange_strong:relaxed:weak");
  EXPECT_EQ((*d)[1].where, "eq.txt:4");
  EXPECT_EQ((*d)[1].reason, "After the mark nothing reads the index.");
}

TEST(Equivalents, a_bad_line_is_refused_by_its_place_and_what_is_wrong) {
  EXPECT_EQ(refusal("lib/a.hpp\n"),
            "eq.txt:1: it has 1 of the 4 fields (a line is 'FILE FUNCTION "
            "OPERATION:ORDER:MUTATION REASON')");
  EXPECT_EQ(refusal("# one\nlib/a.hpp f load:acquire:relaxed\n"),
            "eq.txt:2: it gives no reason after 'load:acquire:relaxed': say why no test could "
            "detect the change");
  EXPECT_NE(refusal("lib/a.hpp f load-acquire-relaxed why\n")
                .find("eq.txt:1: 'load-acquire-relaxed' is not OPERATION:ORDER:MUTATION"),
            std::string::npos);
  // The mutant id's own checks: an operation, an order, and a change the operation allows.
  EXPECT_NE(refusal("lib/a.hpp f lood:acquire:relaxed why\n").find("eq.txt:1: "),
            std::string::npos);
  EXPECT_NE(
      refusal("lib/a.hpp f load:relaxed:acquire why\n").find("not a mutation of a relaxed load"),
      std::string::npos);
  const auto missing = read_equivalents("/nonexistent/eq.txt");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("cannot read /nonexistent/eq.txt"), std::string::npos);
}

TEST(Equivalents, a_declaration_matches_every_field_of_a_mutant_but_its_line) {
  const auto d =
      parse_equivalents("lib/a.hpp try_push compare_exchange_strong:relaxed:weak why\n", "eq.txt");
  ASSERT_TRUE(d) << d.error();
  const Site site{"lib/a.hpp", 205,
                  42,          "compare_exchange_strong",
                  "relaxed",   "bool ns::ring<T, B>::try_push(U&&) [with U = int]"};
  const Mutant m{site, "weak"};
  EXPECT_TRUE(declares((*d)[0], m));
  EXPECT_EQ(declaration_line(m), "lib/a.hpp try_push compare_exchange_strong:relaxed:weak");
  Site moved = site;
  moved.line = 300;
  EXPECT_TRUE(declares((*d)[0], Mutant{moved, "weak"})) << "lines move; the declaration holds";
  Site other_function = site;
  other_function.function = "bool ns::ring<T, B>::try_pop()";
  EXPECT_FALSE(declares((*d)[0], Mutant{other_function, "weak"}));
  Site other_file = site;
  other_file.file = "lib/b.hpp";
  EXPECT_FALSE(declares((*d)[0], Mutant{other_file, "weak"}));
  Site other_order = site;
  other_order.order = "seq_cst";
  EXPECT_FALSE(declares((*d)[0], Mutant{other_order, "weak"}));
}

}  // namespace equivalents_test
}  // namespace interleave::harness
