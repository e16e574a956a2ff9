# Compiles tests/codegen/${OPS}.cpp twice, with -D${VIA}=1 (through the library) and -D${VIA}=0
# (by hand), and fails unless the generated instructions are identical and at least
# MIN_FUNCTIONS functions were compared. With DIFFERS_WITH (flags), the library's build with them
# must differ from the hand-written one: the comparison can fail.
# -D: COMPILER, SOURCE_DIR, WORK_DIR, OPS, VIA, MIN_FUNCTIONS, optional FLAGS and DIFFERS_WITH
# (each a ;-list).
set(ops ${SOURCE_DIR}/tests/codegen/${OPS}.cpp)
file(MAKE_DIRECTORY ${WORK_DIR})

# The instructions and function labels of ops built with `via` and `flags`, in `out`.
function(compiled_code via flags out)
  set(asm ${WORK_DIR}/${OPS}-via${via}.s)
  execute_process(
    COMMAND ${COMPILER} -std=c++23 -O2 -fno-asynchronous-unwind-tables -S -o ${asm}
            -D${VIA}=${via} ${flags} -I${SOURCE_DIR}/lib/include ${ops}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling ${OPS} with ${VIA}=${via} ${flags} failed:\n${err}")
  endif()
  # Keep instructions and the function labels; drop directives, local labels and comments.
  file(STRINGS ${asm} lines)
  set(code "")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    if(line MATCHES "^\\." OR line STREQUAL "" OR line MATCHES "^#")
      continue()
    endif()
    string(APPEND code "${line}\n")
  endforeach()
  set(${out} "${code}" PARENT_SCOPE)
endfunction()

compiled_code(0 "${FLAGS}" by_hand)
compiled_code(1 "${FLAGS}" via_library)
if(NOT by_hand STREQUAL via_library)
  file(WRITE ${WORK_DIR}/${OPS}-by_hand.txt "${by_hand}")
  file(WRITE ${WORK_DIR}/${OPS}-via_library.txt "${via_library}")
  message(FATAL_ERROR "the library changes the generated code of ${OPS}: diff "
                      "${WORK_DIR}/${OPS}-by_hand.txt ${WORK_DIR}/${OPS}-via_library.txt")
endif()
string(REGEX MATCHALL "\n[a-z_]+:" functions "\n${via_library}")
list(LENGTH functions n)
if(n LESS MIN_FUNCTIONS)
  message(FATAL_ERROR "expected ${MIN_FUNCTIONS} functions in the compared code, found ${n}")
endif()
if(DEFINED DIFFERS_WITH)
  compiled_code(1 "${DIFFERS_WITH}" otherwise)
  if(otherwise STREQUAL by_hand)
    message(FATAL_ERROR "${OPS} built with ${DIFFERS_WITH} is the same code as by hand: "
                        "the comparison cannot tell")
  endif()
endif()
message(STATUS "identical code for ${n} functions of ${OPS}")
