# The project's files never send a reader outside the repository: users have only the
# repository (and the installed docs). Fails, naming each place, unless in every Markdown file,
# CMake file and script
#  - no text names the workplace's folders beside the repository (the parent's `shared` or
#    `.library`), and
#  - every relative Markdown link names a file or folder of the repository.
# -D: SOURCE_DIR.
cmake_minimum_required(VERSION 3.25)
file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR}
     ${SOURCE_DIR}/*.md ${SOURCE_DIR}/CMakeLists.txt ${SOURCE_DIR}/*.cmake ${SOURCE_DIR}/*.cmake.in
     ${SOURCE_DIR}/scripts/* ${SOURCE_DIR}/.ci/* ${SOURCE_DIR}/.github/*)
set(problems "")
foreach(file IN LISTS files)
  if(file MATCHES "^(build|tools/sarif/node_modules)" OR file MATCHES "/build[^/]*/")
    continue()
  endif()
  file(READ ${SOURCE_DIR}/${file} text)
  string(REPLACE ";" "," text "${text}")
  string(REPLACE "[" "<" text "${text}")
  string(REPLACE "]" ">" text "${text}")
  if(text MATCHES "\\.\\./(shared|\\.library)")
    string(APPEND problems "  ${file} names ../${CMAKE_MATCH_1}, outside the repository\n")
  endif()
  if(NOT file MATCHES "\\.md$")
    continue()
  endif()
  get_filename_component(dir ${file} DIRECTORY)
  # A link's target: a path with an extension or a folder ("](docs/guide.md#x)", "](../bench/)");
  # code such as `v[i](x)` is not one.
  set(path "[A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)*(\\.[A-Za-z]+|/)")
  string(REGEX MATCHALL ">\\(${path}[)#]" links "${text}")
  foreach(link IN LISTS links)
    string(REGEX REPLACE "^>\\((.*)[)#]$" "\\1" target "${link}")
    if(target MATCHES "^[a-z]+:")  # https:, mailto:, file:
      continue()
    endif()
    get_filename_component(resolved ${SOURCE_DIR}/${dir}/${target} ABSOLUTE)
    string(FIND "${resolved}/" "${SOURCE_DIR}/" inside)
    if(NOT inside EQUAL 0)
      string(APPEND problems "  ${file} links ${target}, outside the repository\n")
    elseif(NOT EXISTS ${resolved})
      string(APPEND problems "  ${file} links ${target}, which does not exist\n")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "files that point outside the repository or at nothing:\n${problems}")
endif()
list(LENGTH files count)
message(STATUS "${count} files point only inside the repository")
