# docs/map.md stays true as files come and go. Fails, naming each problem, unless
#  - every backquoted path in the map (text that ends in a file extension or in "/") and every
#    relative link names a file or folder of the repository, and
#  - the map names every header under lib/include/interleave/, every file of models/ and
#    properties/, and every test of tests/lib/ (its full path, backquoted).
# Ids such as `mutex/mutual-exclusion` end in neither and are not paths. -D: SOURCE_DIR.
cmake_minimum_required(VERSION 3.25)
set(map_file ${SOURCE_DIR}/docs/map.md)
file(READ ${map_file} map)
# A ";" would split a list item in two, and a "[" stops CMake splitting a list at all.
string(REPLACE ";" "," map "${map}")
string(REPLACE "[" "<" map "${map}")
string(REPLACE "]" ">" map "${map}")
set(problems "")

string(REGEX MATCHALL "`[^`\n]+`" quoted "${map}")
set(named "")
foreach(q IN LISTS quoted)
  string(REGEX REPLACE "^`(.*)`$" "\\1" text "${q}")
  if(NOT text MATCHES "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*(/|\\.[A-Za-z]+)$")
    continue()
  endif()
  list(APPEND named "${text}")
endforeach()
list(REMOVE_DUPLICATES named)
foreach(path IN LISTS named)
  if(NOT EXISTS ${SOURCE_DIR}/${path})
    string(APPEND problems "  `${path}` does not exist\n")
  elseif(path MATCHES "/$" AND NOT IS_DIRECTORY ${SOURCE_DIR}/${path})
    string(APPEND problems "  `${path}` is not a folder\n")
  endif()
endforeach()

# Relative links only: a scheme's ":" ends the match before the ")" or "#" it needs.
string(REGEX MATCHALL ">\\([^)#: ]+[)#]" links "${map}")
foreach(link IN LISTS links)
  string(REGEX REPLACE "^>\\((.*).$" "\\1" target "${link}")
  if(NOT EXISTS ${SOURCE_DIR}/docs/${target})
    string(APPEND problems "  the link (${target}) leads nowhere\n")
  endif()
endforeach()

file(GLOB_RECURSE headers RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/lib/include/interleave/*.hpp)
file(GLOB_RECURSE verification RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/models/*.cpp
     ${SOURCE_DIR}/models/*.hpp ${SOURCE_DIR}/properties/*.cpp)
file(GLOB unit_tests RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/tests/lib/*_test.cpp)
set(required ${headers} ${verification} ${unit_tests})
foreach(path IN LISTS required)
  if(NOT path IN_LIST named)
    string(APPEND problems "  `${path}` is not in the map\n")
  endif()
endforeach()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "docs/map.md is out of date:\n${problems}")
endif()
list(LENGTH named n)
list(LENGTH required r)
message(STATUS "docs/map.md: ${n} paths, all present; all ${r} required files named")
