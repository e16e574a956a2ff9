# The test fuzz_parsers_briefly: builds fuzz/ (its own project, with clang and libFuzzer) and runs
# each fuzzer for SECONDS on its committed seed corpus. New inputs go into WORK_DIR, never into
# the corpus. A crash, a sanitizer report, a failed check, a hang past 10 s on one input or a
# run past 2 GiB fails the test, with the fuzzer's output (it names the input it saved).
# Variables: SOURCE_DIR, WORK_DIR, GENERATOR, COMPILER, LAUNCHER (may be empty), SECONDS.
set(launcher "")
if(LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/fuzz -B ${WORK_DIR}/build -G ${GENERATOR}
          -DCMAKE_CXX_COMPILER=${COMPILER} -DCMAKE_BUILD_TYPE=RelWithDebInfo ${launcher}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
  message(FATAL_ERROR "configuring fuzz/ with ${COMPILER} failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
  message(FATAL_ERROR "building fuzz/ failed:\n${out}")
endif()
foreach(target replay_state reproduce results_json)
  set(found ${WORK_DIR}/found-${target})
  file(REMOVE_RECURSE ${found})
  file(MAKE_DIRECTORY ${found})
  execute_process(
    COMMAND ${WORK_DIR}/build/${target}_fuzzer -max_total_time=${SECONDS} -timeout=10
            -rss_limit_mb=2048 -artifact_prefix=${WORK_DIR}/${target}- ${found}
            ${SOURCE_DIR}/fuzz/corpus/${target}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc)
    message(FATAL_ERROR "${target}_fuzzer found a failing input (exit ${rc}):\n${out}")
  endif()
  string(REGEX MATCH "Done [0-9]+ runs" runs "${out}")
  message(STATUS "${target}_fuzzer: ${runs} in ${SECONDS} s, no failure")
endforeach()
