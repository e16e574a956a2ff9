// interleave/harness/sources.hpp: where the files a result names live, so that every report
// names them relative to the project's root and can link each step to its line at the analysed
// revision.
//
// A result's paths are what the compiler put in std::source_location: relative already where the
// build maps the source prefix away (the CMake package does), absolute otherwise. `run` makes
// those under the root relative (make_relative) before the console or any report sees them;
// paths elsewhere (the system's headers) stay as they are. Mutation sites keep the compiler's
// names: a mutant id must match the name the code was built with.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "interleave/harness/result.hpp"

namespace interleave::harness {

struct Sources {
  // The project's root, an absolute path without a final '/'; empty: paths stay as compiled.
  std::string root;
  // A relative path appended to `url` views that file at the analysed revision
  // ("https://github.com/o/r/blob/SHA/"); it ends in '/'. Empty: reports link relative paths
  // relative to wherever the report is read.
  std::string url;
  std::string repository;  // the repository's URI ("https://github.com/o/r"); may be empty
  std::string revision;    // the commit analysed; may be empty
  std::string branch;      // may be empty

  [[nodiscard]] bool empty() const noexcept {
    return root.empty() && url.empty() && repository.empty() && revision.empty() && branch.empty();
  }
  friend bool operator==(const Sources&, const Sources&) = default;
};

// `path` relative to `root` when it lies under it ("src/a.cpp" for "/p/src/a.cpp" under "/p"),
// else `path` unchanged. Textual: no file is looked at.
[[nodiscard]] std::string relative_to(std::string_view path, std::string_view root);

// The result's registration file and every step's file relative to `root`, and the root's
// prefix taken out of its free text (Relacy's history, its detail, the message). Nothing when
// `root` is empty.
void make_relative(Result& r, std::string_view root);

// The root a run uses when none is given: the nearest directory at or above `start` holding a
// `.git` (a work tree's top), else empty (paths stay as compiled).
[[nodiscard]] std::string find_project_root(const std::string& start);

// A directory given as the root (--source-root): made absolute against `cwd` and normalized;
// an error saying why when it is not an existing directory.
[[nodiscard]] std::expected<std::string, std::string> checked_root(const std::string& dir,
                                                                   const std::string& cwd);

// A base URL given for source links (--source-url): http, https or file, and nothing a URI
// cannot hold unencoded (a link built from it can neither leave its attribute nor run code);
// a final '/' is added. An error saying what is wrong otherwise.
[[nodiscard]] std::expected<std::string, std::string> checked_source_url(std::string_view url);

}  // namespace interleave::harness
