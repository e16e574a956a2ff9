# Every negative control holds in a Debug build: installs the main build's package, builds the
# project's models and properties in Debug (-O0) against it (controls/debug_project), then runs
# `run --prove-controls --profile quick` with that program. Each control must fail with its
# expected defect (a DOUBLE FREE that only -O2 showed would be an unexpected pass here), each twin
# must pass, and the results must hold every control `list` names: an empty or partial run is not
# a pass. The Debug program must list exactly the items of the main build's `interleave`.
# -D: SOURCE_DIR, BUILD_DIR (the main build), WORK_DIR, GENERATOR, JOBS; LAUNCHER (optional: a
# compiler launcher, e.g. ccache).
foreach(var SOURCE_DIR BUILD_DIR WORK_DIR GENERATOR JOBS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "debug_build.cmake needs -D${var}=...")
  endif()
endforeach()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(build ${WORK_DIR}/build)
set(prefix ${WORK_DIR}/prefix)
set(launcher "")
if(LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
string(TIMESTAMP started "%s")
file(REMOVE_RECURSE ${prefix})
step("install the package" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
step("configure the Debug build" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/controls/debug_project
     -B ${build} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH=${prefix}
     -DINTERLEAVE_SOURCE_DIR=${SOURCE_DIR} ${launcher})
file(STRINGS ${build}/CMakeCache.txt build_type REGEX "^CMAKE_BUILD_TYPE:")
if(NOT build_type MATCHES "=Debug$")
  message(FATAL_ERROR "the build is not a Debug build: ${build_type}")
endif()
step("build the models in Debug" ${CMAKE_COMMAND} --build ${build} -j ${JOBS})
string(TIMESTAMP built "%s")
math(EXPR build_seconds "${built} - ${started}")

# One list item per line of a listing, sorted (the order of registration is the link order).
function(sorted_lines text out)
  string(REPLACE ";" "," text "${text}")  # descriptions hold ';', CMake's list separator
  string(REPLACE "\n" ";" lines "${text}")
  list(SORT lines)
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()
step("list of the main build" ${BUILD_DIR}/interleave list)
set(main_listing "${last_output}")
sorted_lines("${main_listing}" main_items)
set(interleave ${build}/interleave_debug)
step("list" ${interleave} list)
sorted_lines("${last_output}" debug_items)
if(NOT debug_items STREQUAL main_items)
  message(FATAL_ERROR "the Debug program does not list the main build's items (a unit of models/ "
                      "or properties/scenarios/ not built?):\n${last_output}\nmain build:\n"
                      "${main_listing}")
endif()
string(REPLACE ";" "," listing "${last_output}")  # descriptions hold ';', CMake's list separator
string(REGEX MATCHALL "[^\n]*  injects a fault  [^\n]*" injecting "${listing}")
string(REGEX MATCHALL "[^\n]*  demonstration  [^\n]*" demonstrations "${listing}")
list(LENGTH injecting injecting_count)
list(LENGTH demonstrations demonstration_count)
math(EXPR controls "${injecting_count} + ${demonstration_count}")
if(injecting_count EQUAL 0)
  message(FATAL_ERROR "'interleave list' marks no control as injecting a fault:\n${last_output}")
endif()

set(reports ${WORK_DIR}/reports)
file(REMOVE_RECURSE ${reports})
execute_process(COMMAND ${interleave} run --prove-controls --profile quick --jobs ${JOBS}
                        --quiet --report-dir ${reports}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(TIMESTAMP ran "%s")
math(EXPR run_seconds "${ran} - ${built}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "in the Debug build, some control did not fail with its expected defect or "
                      "some twin did not pass (exit ${rc}):\n${out}\n${err}")
endif()
file(READ ${reports}/results.json doc)
string(JSON total GET "${doc}" summary total)
string(JSON failures GET "${doc}" summary expected-failure)
string(JSON passes GET "${doc}" summary pass)
math(EXPR expected_total "${controls} + ${injecting_count}")
if(NOT failures EQUAL controls OR NOT passes EQUAL injecting_count OR NOT total EQUAL expected_total)
  message(FATAL_ERROR "the Debug run is not every control and every twin: list names ${controls} "
                      "controls (${injecting_count} with a twin), the run has ${failures} expected "
                      "failures and ${passes} passes of ${total} results:\n${out}")
endif()
message(STATUS "Debug build: ${controls} controls fail with their expected defect and "
               "${injecting_count} twins pass; build ${build_seconds} s, run ${run_seconds} s")
