# Installs interleave from BUILD_DIR into a scratch prefix, builds the consumer project
# (tests/consumer/project, as the install puts it in share/doc/interleave/examples/spinlock)
# against it with find_package(interleave), and runs its models and its generated scenarios.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE_DIR BUILD_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer_test.cmake needs -D${var}=...")
  endif()
endforeach()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
step("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
# The exported harness carries the flags every model unit needs, so a user's models get them
# (-fno-lifetime-dse: without it Relacy cannot see use after free; the run below would refuse).
file(GLOB_RECURSE targets_file ${prefix}/*/interleaveTargets.cmake)
file(READ "${targets_file}" targets)
foreach(flag -fno-sized-deallocation "CXX_COMPILER_ID:GNU>:-fno-lifetime-dse>")
  string(FIND "${targets}" "${flag}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the installed ${targets_file} does not carry ${flag}")
  endif()
endforeach()

# A Debug consumer (-O0): the package must serve one, and its Relacy units compile in a third of
# the time they take at -O2 (the package's own build type is the main build's).
# The project is the example the package installs (from tests/consumer/project).
step("configure the consumer" ${CMAKE_COMMAND} -S ${prefix}/share/doc/interleave/examples/spinlock
     -B ${WORK_DIR}/build -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
     -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
step("build the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

# Rc's thread check, switched on through the package (INTERLEAVE_RC_THREAD_CHECK before
# find_package) in a unit built with NDEBUG: the program stops at the clone on the other thread,
# naming the user's file and line.
execute_process(COMMAND ${WORK_DIR}/build/rc_crossing RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES
   "RC USED ON ANOTHER THREAD: Rc cloned on thread [0-9]+ at [^ ]*rc_crossing.cpp:11, but its value was created on thread [0-9]+ \\(main\\)")
  message(FATAL_ERROR "rc_crossing was not stopped at its foreign clone (${rc}):\n${err}")
endif()

set(verify ${WORK_DIR}/build/verify_spinlock)
# The user's program says its own name and the interleave it runs on; the installed guide is
# where the SARIF report's informationUri points by default.
step("--version" ${verify} --version)
if(NOT last_output MATCHES "^verify_spinlock \\(interleave [0-9]+\\.[0-9]+\\.[0-9]+\\)\n$")
  message(FATAL_ERROR "'verify_spinlock --version' printed '${last_output}'")
endif()
foreach(file include/interleave/version.hpp share/doc/interleave/guide.md bin/interleave-merge)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "the install has no ${file}")
  endif()
endforeach()
# The project's own suite program is not the package's (INTERLEAVE_INSTALL_SUITE, off).
if(EXISTS ${prefix}/bin/interleave)
  message(FATAL_ERROR "the install put the project's suite program in the user's prefix")
endif()
step("list" ${verify} list)
foreach(id spinlock/mutual-exclusion spinlock/negative/relaxed-unlock)
  if(NOT last_output MATCHES "${id}")
    message(FATAL_ERROR "'verify_spinlock list' does not list ${id}:\n${last_output}")
  endif()
endforeach()

step("run" ${verify} run --report-dir ${WORK_DIR}/reports)
if(NOT last_output MATCHES "EXPECTED FAILURE +spinlock/negative/relaxed-unlock +DATA RACE")
  message(FATAL_ERROR "the relaxed unlock was not reported as the expected DATA RACE:\n${last_output}")
endif()
if(NOT EXISTS ${WORK_DIR}/reports/results.json)
  message(FATAL_ERROR "no results.json in ${WORK_DIR}/reports")
endif()
set(run_output "${last_output}")

# The report holds exactly the consumer's two models, each with its outcome (and the negative
# control its defect), and a summary that counts them: read back, not just found.
file(READ ${WORK_DIR}/reports/results.json report)
function(json_expect what expected)
  string(JSON got ERROR_VARIABLE error GET "${report}" ${ARGN})
  if(error OR NOT got STREQUAL "${expected}")
    message(FATAL_ERROR "results.json: ${what} is '${got}'${error}, expected '${expected}':\n${report}")
  endif()
endfunction()
string(JSON results_length ERROR_VARIABLE error LENGTH "${report}" results)
if(error OR NOT results_length EQUAL 2)
  message(FATAL_ERROR "results.json holds ${results_length} results${error}, expected 2:\n${report}")
endif()
json_expect("the first id" spinlock/mutual-exclusion results 0 id)
json_expect("its outcome" pass results 0 outcome)
json_expect("the second id" spinlock/negative/relaxed-unlock results 1 id)
json_expect("its outcome" expected-failure results 1 outcome)
json_expect("its defect" "DATA RACE" results 1 defect)
json_expect("the total" 2 summary total)
json_expect("the passes" 1 summary pass)
json_expect("the expected failures" 1 summary expected-failure)
json_expect("the failures" 0 summary fail)
json_expect("the verdict" ON summary as_expected)
# Files as the project knows them: its own relative to its root, interleave's headers as they are
# included; the system's (Relacy's markers; std::construct_at, which builds the spinlock's atomic
# in optional::emplace) where the system has them.
string(JSON step_count LENGTH "${report}" results 1 trace)
math(EXPR last_step "${step_count} - 1")
set(files "")
foreach(i RANGE ${last_step})
  string(JSON file GET "${report}" results 1 trace ${i} file)
  list(APPEND files "${file}")
  if(file MATCHES "^/" AND NOT file MATCHES "^/usr/include/")
    message(FATAL_ERROR "results.json names '${file}', not a path relative to the project:\n${report}")
  endif()
endforeach()
foreach(file spinlock.hpp spinlock_models.cpp)
  if(NOT file IN_LIST files)
    message(FATAL_ERROR "the control's interleaving names no step in ${file}: ${files}")
  endif()
endforeach()
# No step of this project lies in interleave's headers; that they read `interleave/...` too is
# the second map the package gives every unit that links interleave::harness.
file(READ ${WORK_DIR}/build/compile_commands.json flags)
string(FIND "${flags}" "-fmacro-prefix-map=${prefix}/include/=" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the package does not map its include directory ${prefix}/include:\n${flags}")
endif()

# The control injects its fault through a backend of the user's own: it has a twin, which passes.
step("list" ${verify} list)
if(NOT last_output MATCHES "spinlock/negative/relaxed-unlock [^\n]*injects a fault")
  message(FATAL_ERROR "'verify_spinlock list' does not mark the control as injecting a fault:\n${last_output}")
endif()
step("run --prove-controls" ${verify} run --prove-controls)
if(NOT last_output MATCHES "PASS +spinlock/negative/relaxed-unlock \\[without fault\\]")
  message(FATAL_ERROR "the control's twin did not pass:\n${last_output}")
endif()
set(controls_output "${last_output}")

# Mutation testing over the user's own primitive (docs/verify-your-own-primitive.md, section 7):
# each of the spinlock's three mutants is killed by the model, and the gate holds at 100%.
step("mutate" ${verify} mutate --min-score 100)
foreach(line "killed +[^\n]*spinlock.hpp:16:26:exchange:acquire:relaxed +by spinlock/mutual-exclusion \\(DATA RACE"
             "killed +[^\n]*spinlock.hpp:16:26:exchange:acquire:split +by spinlock/mutual-exclusion"
             "killed +[^\n]*spinlock.hpp:18:30:store:release:relaxed +by spinlock/mutual-exclusion \\(DATA RACE"
             "mutation score 100.0%: 3 of 3 mutants detected")
  if(NOT last_output MATCHES "${line}")
    message(FATAL_ERROR "'verify_spinlock mutate' does not print '${line}':\n${last_output}")
  endif()
endforeach()

# Its generated scenarios: the property passes, its negative control fails as expected, and the
# control's twin passes.
set(scenarios ${WORK_DIR}/build/verify_spinlock_scenarios)
step("run the scenarios" ${scenarios} run)
set(scenarios_output "${last_output}")
step("run the scenarios --prove-controls" ${scenarios} run --prove-controls)
string(APPEND scenarios_output "${last_output}")
foreach(line "PASS +spinlock/property/counter "
             "EXPECTED FAILURE +spinlock/property/negative/relaxed-lock +DATA RACE"
             "PASS +spinlock/property/negative/relaxed-lock \\[without fault\\]")
  if(NOT scenarios_output MATCHES "${line}")
    message(FATAL_ERROR "the spinlock's scenarios did not report '${line}':\n${scenarios_output}")
  endif()
endforeach()
# interleave_discover_tests: one CTest test per item, named by its id, labelled, with the
# per-item timeout (the CTest TIMEOUT is 60 s past the run's --timeout 120).
set(ctest ${CMAKE_CTEST_COMMAND} --test-dir ${WORK_DIR}/build)
step("ctest --show-only" ${ctest} --show-only=json-v1)
set(tests_json "${last_output}")
string(JSON test_count LENGTH "${tests_json}" tests)
set(seen "")
math(EXPR last "${test_count} - 1")
foreach(i RANGE ${last})
  string(JSON name GET "${tests_json}" tests ${i} name)
  set(labels "")
  set(timeout "")
  string(JSON property_count LENGTH "${tests_json}" tests ${i} properties)
  math(EXPR last_property "${property_count} - 1")
  foreach(p RANGE ${last_property})
    string(JSON property GET "${tests_json}" tests ${i} properties ${p} name)
    if(property STREQUAL "LABELS")
      string(JSON label_count LENGTH "${tests_json}" tests ${i} properties ${p} value)
      math(EXPR last_label "${label_count} - 1")
      foreach(l RANGE ${last_label})
        string(JSON label GET "${tests_json}" tests ${i} properties ${p} value ${l})
        list(APPEND labels ${label})
      endforeach()
    elseif(property STREQUAL "TIMEOUT")
      string(JSON timeout GET "${tests_json}" tests ${i} properties ${p} value)
    endif()
  endforeach()
  list(SORT labels)
  list(JOIN labels "," labels)
  list(APPEND seen "${name}: ${labels} (${timeout} s)")
endforeach()
# TIMEOUT 120 gives CTest's 180; the mutant's call leaves it at the default 600 (CTest's 660).
foreach(expected
    "spinlock/mutual-exclusion: expect-pass,model,spinlock,spinlock-suite (180.0 s)"
    "spinlock/negative/relaxed-unlock: expect-failure,model,spinlock,spinlock-suite (180.0 s)"
    "spinlock/property/counter: expect-pass,property,spinlock,spinlock-suite (180.0 s)"
    "mutant:spinlock/mutual-exclusion: expect-pass,model,mutant,spinlock (660.0 s)")
  if(NOT expected IN_LIST seen)
    list(JOIN seen "\n  " shown)
    message(FATAL_ERROR "interleave_discover_tests made no test '${expected}'; the tests:\n  ${shown}")
  endif()
endforeach()

# Every item as expected, run in parallel; the mutant left out by its label.
step("ctest -LE mutant -j 2" ${ctest} -LE mutant -j 2 --output-on-failure)
if(NOT last_output MATCHES "100% tests passed")
  message(FATAL_ERROR "ctest did not pass every item:\n${last_output}")
endif()
# -L selects by label, -R by id.
step("ctest -L expect-failure" ${ctest} -N -L expect-failure)
if(NOT last_output MATCHES "spinlock/negative/relaxed-unlock" OR
   last_output MATCHES "spinlock/mutual-exclusion")
  message(FATAL_ERROR "ctest -L expect-failure did not select the controls alone:\n${last_output}")
endif()
step("ctest -R property" ${ctest} -N -R "^spinlock/property/")
if(NOT last_output MATCHES "Total Tests: 2")
  message(FATAL_ERROR "ctest -R '^spinlock/property/' did not select the two properties:\n${last_output}")
endif()
# A failing test prints the interleaving and the command that replays it.
execute_process(COMMAND ${ctest} -L mutant --output-on-failure RESULT_VARIABLE rc
                OUTPUT_VARIABLE mutant_output ERROR_VARIABLE mutant_error)
if(rc EQUAL 0 OR NOT mutant_output MATCHES "FAIL +spinlock/mutual-exclusion +DATA RACE" OR
   NOT mutant_output MATCHES "interleaving:" OR
   NOT mutant_output MATCHES "replay: [^\n]*verify_spinlock replay spinlock/mutual-exclusion [^\n]*--mutant")
  message(FATAL_ERROR "the mutant's test did not fail with its interleaving and replay command "
                      "(${rc}):\n${mutant_output}\n${mutant_error}")
endif()

message(STATUS "consumer project verified its own spinlock:\n${run_output}\n${controls_output}\n"
               "${scenarios_output}")
