# Run after each build of a target that interleave_discover_tests names
# (interleaveDiscoverTests.cmake): lists its items and writes one CTest test per item into
# TESTS_FILE. -D EXECUTABLE (the program) and PARAMS_FILE (the call's settings).
cmake_minimum_required(VERSION 3.25)
include(${PARAMS_FILE})

execute_process(COMMAND ${EXECUTABLE} list --format json --filter ${FILTER}
                RESULT_VARIABLE status OUTPUT_VARIABLE listing ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  file(REMOVE ${TESTS_FILE})
  message(FATAL_ERROR "interleave_discover_tests: '${EXECUTABLE} list --format json --filter "
                      "${FILTER}' failed (exit status ${status}):\n${error}")
endif()
string(JSON count ERROR_VARIABLE json_error LENGTH "${listing}" items)
if(json_error)
  message(FATAL_ERROR "interleave_discover_tests: the listing of '${EXECUTABLE}' is not the JSON "
                      "expected (${json_error}):\n${listing}")
endif()

# A word of CMake code that stays one argument whatever it holds.
function(bracket out value)
  set(${out} "[==[${value}]==]" PARENT_SCOPE)
endfunction()

math(EXPR ctest_timeout "${TIMEOUT} + 60")
bracket(program "${EXECUTABLE}")
set(extra "")
foreach(arg IN LISTS EXTRA_ARGS)
  bracket(word "${arg}")
  string(APPEND extra " ${word}")
endforeach()
set(script "# Written by interleave_discover_tests from `${EXECUTABLE} list`; do not edit.\n")
if(count GREATER 0)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON id GET "${listing}" items ${i} id)
    string(JSON kind GET "${listing}" items ${i} kind)
    string(JSON expected_defect TYPE "${listing}" items ${i} expected_defect)
    string(REGEX REPLACE "/.*" "" primitive "${id}")
    if(expected_defect STREQUAL "NULL")
      set(expectation expect-pass)
    else()
      set(expectation expect-failure)
    endif()
    set(labels ${kind} ${primitive} ${expectation} ${LABELS})
    list(REMOVE_DUPLICATES labels)
    bracket(name "${TEST_PREFIX}${id}")
    bracket(filter "${id}")
    bracket(label_list "${labels}")
    string(APPEND script
      "add_test(${name} ${program} run --filter ${filter} --jobs 1 --timeout ${TIMEOUT}${extra})\n"
      "set_tests_properties(${name} PROPERTIES LABELS ${label_list} TIMEOUT ${ctest_timeout})\n")
  endforeach()
endif()
file(WRITE ${TESTS_FILE} "${script}")
