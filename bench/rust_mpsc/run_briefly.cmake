# The test bench_rust_mpsc_verifies_its_work: builds the Rust std::mpsc peer (main.rs) as
# scripts/bench does, runs it with tiny message counts and a tiny time budget (the numbers are
# not the point), and requires exit 0 and well-formed results: every benchmark of both shapes,
# all three flavors and the memory scenario, once per repetition, each with items_per_second
# (and the memory counters where they belong) and none failed. Then its self-test, whose
# deliberately broken channel must make it exit 1 and report the failure as an error entry.
# Where rustc is not on PATH it prints "rustc not found" and stops: the test's
# SKIP_REGULAR_EXPRESSION makes that a skip. Arguments: -DSOURCE=main.rs -DBINARY_DIR=dir.
foreach(var SOURCE BINARY_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_briefly.cmake needs -D${var}=...")
  endif()
endforeach()

find_program(rustc rustc)
if(NOT rustc)
  message(STATUS "rustc not found: the Rust std::mpsc peer is skipped")
  return()
endif()
set(program ${BINARY_DIR}/rust_mpsc)
execute_process(COMMAND ${rustc} -O --edition 2021 -o ${program} ${SOURCE}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rustc failed (${rc}):\n${err}")
endif()

set(repetitions 2)
execute_process(COMMAND ${program} --repetitions ${repetitions} --min-time 0.001 --batch 64
                        --rendezvous-batch 16 --memory-messages 100,1000 --memory-buffered 10,100
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rust_mpsc exited ${rc}, not 0:\n${out}\n${err}")
endif()

set(expected "")
foreach(shape spsc mpsc4)
  foreach(flavor unbounded bounded1024 rendezvous)
    list(APPEND expected "throughput/${shape}/${flavor}/rust/real_time")
  endforeach()
endforeach()
foreach(flavor unbounded bounded1024)
  foreach(m 100 1000)
    foreach(k 10 100)
      list(APPEND expected "memory/${flavor}/rust/M:${m}/k:${k}")
    endforeach()
  endforeach()
endforeach()

string(JSON count ERROR_VARIABLE json_error LENGTH "${out}" benchmarks)
if(json_error)
  message(FATAL_ERROR "rust_mpsc printed no results document (${json_error}):\n${out}")
endif()
set(seen "")
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON name GET "${out}" benchmarks ${i} name)
  # Absent, the value is ...-NOTFOUND, which if() takes as false; JSON's true reads as ON.
  string(JSON error ERROR_VARIABLE absent GET "${out}" benchmarks ${i} error_occurred)
  if(error)
    message(FATAL_ERROR "${name} failed:\n${out}")
  endif()
  set(fields items_per_second)
  if(name MATCHES "^memory/")
    list(APPEND fields peak_heap_bytes bytes_per_buffered retained_bytes)
  endif()
  foreach(field IN LISTS fields)
    string(JSON type ERROR_VARIABLE absent TYPE "${out}" benchmarks ${i} ${field})
    if(NOT type STREQUAL "NUMBER")
      message(FATAL_ERROR "${name} has no number ${field}:\n${out}")
    endif()
  endforeach()
  list(APPEND seen "${name}")
endforeach()
foreach(name IN LISTS expected)
  set(runs ${seen})
  list(FILTER runs INCLUDE REGEX "^${name}$")
  list(LENGTH runs n)
  if(NOT n EQUAL repetitions)
    message(FATAL_ERROR "rust_mpsc reported ${name} ${n} times, not ${repetitions}:\n${out}")
  endif()
  list(FILTER seen EXCLUDE REGEX "^${name}$")
endforeach()
if(seen)
  message(FATAL_ERROR "rust_mpsc reported benchmarks it should not have: ${seen}")
endif()
message(STATUS "rust_mpsc: exit 0, ${count} well-formed results")

execute_process(COMMAND ${program} --self-test --batch 64 --min-time 0.001
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR
    "the self-test exited ${rc}, not 1: a failed verification went unnoticed\n${out}\n${err}")
endif()
string(JSON error ERROR_VARIABLE json_error GET "${out}" benchmarks 0 error_message)
set(expected "2 message\\(s\\) out of sequence, the first: producer [01]: ")
if(json_error OR NOT error MATCHES "${expected}" OR NOT err MATCHES "${expected}")
  message(FATAL_ERROR "the self-test's error lacks '${expected}':\n${out}\n${err}")
endif()
message(STATUS "self-test: exit 1, the failure reported as an error")
