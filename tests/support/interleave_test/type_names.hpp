// interleave_test/type_names.hpp (tests/support): typed tests named after their type's `name`
// (GoogleTest's name generator: `TYPED_TEST_SUITE(Suite, Types, interleave_test::TypeNames)`),
// so a test reads `MpscStress/rendezvous.…` rather than `MpscStress/2.…`.
#pragma once

#include <string>

namespace interleave_test {

struct TypeNames {
  template <class T>
  static std::string GetName(int) {
    return T::name;
  }
};

}  // namespace interleave_test
