# Installs interleave from BUILD_DIR into a scratch prefix, builds the consumer project in
# tests/consumer/project against it with find_package(interleave), and runs its models.
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

step("configure the consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/project
     -B ${WORK_DIR}/build -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
     -DCMAKE_BUILD_TYPE=RelWithDebInfo)
step("build the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

set(verify ${WORK_DIR}/build/verify_spinlock)
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

# The control injects its fault through a backend of the user's own: it has a twin, which passes.
step("list" ${verify} list)
if(NOT last_output MATCHES "spinlock/negative/relaxed-unlock [^\n]*injects a fault")
  message(FATAL_ERROR "'verify_spinlock list' does not mark the control as injecting a fault:\n${last_output}")
endif()
step("run --prove-controls" ${verify} run --prove-controls)
if(NOT last_output MATCHES "PASS +spinlock/negative/relaxed-unlock \\[without fault\\]")
  message(FATAL_ERROR "the control's twin did not pass:\n${last_output}")
endif()
message(STATUS "consumer project verified its own spinlock:\n${run_output}\n${last_output}")
