# The test bench_programs_verify_their_work: runs every benchmark program of this folder with
# a tiny time budget (the numbers are not the point; the verification is), expecting exit 0,
# and then interleave_bench_channels' self-test, whose two deliberately broken benchmarks
# (faulty_channel.hpp, and a direct SkipWithError) must make the program exit 1 and name both.
# Arguments: -DPROGRAMS="a;b;c" (each run with --benchmark_min_time=MIN_TIME) -DCHANNELS=path.
foreach(var PROGRAMS CHANNELS MIN_TIME)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_briefly.cmake needs -D${var}=...")
  endif()
endforeach()

foreach(program IN LISTS PROGRAMS)
  execute_process(COMMAND ${program} --benchmark_min_time=${MIN_TIME}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${program} exited ${rc}, not 0:\n${out}\n${err}")
  endif()
  message(STATUS "${program}: exit 0")
endforeach()

execute_process(COMMAND ${CMAKE_COMMAND} -E env INTERLEAVE_BENCH_SELF_TEST=1
                        ${CHANNELS} --benchmark_filter=self-test --benchmark_min_time=${MIN_TIME}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "the self-test exited ${rc}, not 1: a failed verification went unnoticed\n${out}\n${err}")
endif()
# Which of the two faults arrives first depends on the schedule; both are counted.
foreach(expected
    "loses-one-duplicates-one[^\n]*: 2 message\\(s\\) out of sequence, the first: producer [01]: "
    "self-test/skip-with-error: deliberate SkipWithError")
  if(NOT err MATCHES "${expected}")
    message(FATAL_ERROR "the self-test's failure list lacks '${expected}':\n${err}")
  endif()
endforeach()
message(STATUS "self-test: exit 1, both failures named")
