# interleave_discover_tests: one CTest test per model and property of a program linked with
# interleave::harness, as GoogleTest's gtest_discover_tests does for its tests.
#
#   interleave_discover_tests(TARGET
#                             [TIMEOUT seconds]      # per item; default 600, as `run`'s --timeout
#                             [LABELS label...]      # added to every test's own labels
#                             [FILTER pattern]       # `run --filter`'s syntax; default every item
#                             [TEST_PREFIX prefix]   # before each test's name; default none
#                             [EXTRA_ARGS arg...])   # appended to each test's `run` command
#
# After each build of TARGET, `TARGET list --format json --filter FILTER` names its items, and
# CTest reads one test per item (the script interleaveDiscoverTestsScript.cmake writes them):
#   - named by the item's id (`ctest -R 'spinlock/'`),
#   - running `TARGET run --filter ID --jobs 1 --timeout TIMEOUT EXTRA_ARGS...`: it passes when the
#     item's result is as its registration expects (a negative control must fail with its
#     defect); a failing test's output is the run's: the interleaving step by step and the
#     command that replays it,
#   - labelled with the item's kind (`model`, `property`), its primitive (the id's first part),
#     its expectation (`expect-pass`, `expect-failure`) and LABELS (`ctest -L model`),
#   - with CTest's TIMEOUT 60 s past TIMEOUT, so the run's own timeout reports first.
# A listing that fails (a FILTER that selects nothing, a registration problem) fails the build
# with the program's message.
include_guard(GLOBAL)

set(_interleave_discover_script ${CMAKE_CURRENT_LIST_DIR}/interleaveDiscoverTestsScript.cmake)

function(interleave_discover_tests target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT;FILTER;TEST_PREFIX" "LABELS;EXTRA_ARGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "interleave_discover_tests(${target}): unknown arguments "
                        "'${arg_UNPARSED_ARGUMENTS}' (it takes TIMEOUT, LABELS, FILTER, "
                        "TEST_PREFIX and EXTRA_ARGS)")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "interleave_discover_tests: '${target}' is not a target of this project")
  endif()
  if(NOT DEFINED arg_TIMEOUT)
    set(arg_TIMEOUT 600)
  elseif(NOT arg_TIMEOUT MATCHES "^[0-9]+$" OR arg_TIMEOUT EQUAL 0)
    message(FATAL_ERROR "interleave_discover_tests(${target}): TIMEOUT '${arg_TIMEOUT}' is not a "
                        "whole number of seconds greater than 0")
  endif()
  if(NOT DEFINED arg_FILTER)
    set(arg_FILTER "*")
  endif()

  # One set of files per call: a target may be discovered twice (different filters, prefixes).
  get_property(calls TARGET ${target} PROPERTY INTERLEAVE_DISCOVER_CALLS)
  if(NOT calls)
    set(calls 0)
  endif()
  math(EXPR calls "${calls} + 1")
  set_property(TARGET ${target} PROPERTY INTERLEAVE_DISCOVER_CALLS ${calls})
  set(base ${CMAKE_CURRENT_BINARY_DIR}/${target}_interleave_${calls})
  set(params_file ${base}_params.cmake)
  set(tests_file ${base}_tests.cmake)
  set(include_file ${base}_include.cmake)

  # The settings travel in a file, each value a bracket argument: lists, quotes, ';' and spaces
  # survive as written.
  set(params "")
  foreach(name TIMEOUT FILTER TEST_PREFIX)
    string(APPEND params "set(${name} [==[${arg_${name}}]==])\n")
  endforeach()
  foreach(name LABELS EXTRA_ARGS)
    string(APPEND params "set(${name})\n")
    foreach(value IN LISTS arg_${name})
      string(APPEND params "list(APPEND ${name} [==[${value}]==])\n")
    endforeach()
  endforeach()
  string(APPEND params "set(TESTS_FILE [==[${tests_file}]==])\n")
  file(WRITE ${params_file} "${params}")

  add_custom_command(TARGET ${target} POST_BUILD
    BYPRODUCTS ${tests_file}
    COMMAND ${CMAKE_COMMAND} -D "EXECUTABLE=$<TARGET_FILE:${target}>" -D "PARAMS_FILE=${params_file}"
            -P ${_interleave_discover_script}
    COMMENT "Listing the interleave items of ${target}"
    VERBATIM)

  file(WRITE ${include_file}
    "if(EXISTS [==[${tests_file}]==])\n"
    "  include([==[${tests_file}]==])\n"
    "else()\n"
    "  add_test([==[${target}_NOT_BUILT]==] [==[${target}_NOT_BUILT]==])\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
endfunction()
