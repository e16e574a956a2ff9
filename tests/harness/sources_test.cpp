// Where the files a result names live (sources.hpp): paths made relative to the project's root,
// the root found from a work tree, and the root and source URL a user gives checked, hostile
// values among them. The command line that reads them is in options_test.cpp; a whole run of a
// program built with absolute paths is in tests/cli/source_paths_test.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "interleave/harness/sources.hpp"

namespace interleave::harness {
namespace sources_test {

namespace fs = std::filesystem;

TEST(RelativeTo, takes_the_root_off_paths_under_it_and_leaves_every_other_path_alone) {
  EXPECT_EQ(relative_to("/p/src/a.cpp", "/p"), "src/a.cpp");
  EXPECT_EQ(relative_to("/p/a.cpp", "/p"), "a.cpp");
  EXPECT_EQ(relative_to("/p2/a.cpp", "/p"), "/p2/a.cpp");  // a sibling with a longer name
  EXPECT_EQ(relative_to("/p", "/p"), "/p");                // the root itself names no file
  EXPECT_EQ(relative_to("/p/", "/p"), "/p/");
  EXPECT_EQ(relative_to("/usr/include/c++/12/atomic", "/p"), "/usr/include/c++/12/atomic");
  EXPECT_EQ(relative_to("src/a.cpp", "/p"), "src/a.cpp");  // relative already
  EXPECT_EQ(relative_to("/p/src/a.cpp", ""), "/p/src/a.cpp");
  EXPECT_EQ(relative_to("/p/src/a.cpp", "/"), "/p/src/a.cpp");  // "/" would make all relative
}

TEST(MakeRelative, covers_the_registration_every_step_and_the_free_text) {
  Result r;
  r.file = "/p/models/m.cpp";
  r.verdict.trace = {Step{1, 0, "store", "@1", "1", "", "f", "/p/lib/x.hpp", 4},
                     Step{2, 1, "load", "@1", "1", "", "g", "/usr/include/atomic", 9},
                     Step{3, 1, "load", "@1", "1", "", "g", "models/m.cpp", 12}};
  r.verdict.history = "[1] 0: store /p/lib/x.hpp(4)\n[2] 1: load /usr/include/atomic(9)\n";
  r.verdict.detail = "assert at /p/models/m.cpp:12";
  r.message = "threw at /p/models/m.cpp:3";
  Result same_elsewhere = r;
  make_relative(r, "/p");
  EXPECT_EQ(r.file, "models/m.cpp");
  EXPECT_EQ(r.verdict.trace[0].file, "lib/x.hpp");
  EXPECT_EQ(r.verdict.trace[1].file, "/usr/include/atomic");
  EXPECT_EQ(r.verdict.trace[2].file, "models/m.cpp");
  EXPECT_EQ(r.verdict.history, "[1] 0: store lib/x.hpp(4)\n[2] 1: load /usr/include/atomic(9)\n");
  EXPECT_EQ(r.verdict.detail, "assert at models/m.cpp:12");
  EXPECT_EQ(r.message, "threw at models/m.cpp:3");
  Result again = r;
  make_relative(again, "/p");  // idempotent: a merge may apply it to relative results
  EXPECT_EQ(again.verdict.trace, r.verdict.trace);
  make_relative(same_elsewhere, "");
  EXPECT_EQ(same_elsewhere.file, "/p/models/m.cpp");
}

struct TempTree {
  fs::path top = fs::temp_directory_path() / ("interleave-sources-" + std::to_string(::getpid()));
  TempTree() {
    fs::remove_all(top);
    fs::create_directories(top / "work/.git");
    fs::create_directories(top / "work/src/deep");
    fs::create_directories(top / "plain/dir");
    fs::create_directories(top / "worktree/sub");
    std::ofstream(top / "worktree/.git") << "gitdir: /elsewhere/.git/worktrees/w\n";  // a file
  }
  ~TempTree() { fs::remove_all(top); }
};

TEST(FindProjectRoot, is_the_nearest_work_tree_top_and_nothing_outside_one) {
  const TempTree t;
  const std::string top = fs::canonical(t.top).string();
  EXPECT_EQ(find_project_root((t.top / "work/src/deep").string()), top + "/work");
  EXPECT_EQ(find_project_root((t.top / "work").string()), top + "/work");
  EXPECT_EQ(find_project_root((t.top / "worktree/sub").string()), top + "/worktree");
  // The temporary directory lies in no work tree on a machine that runs these tests; if it did,
  // the answer would be that tree's top, never "plain/dir" itself.
  const std::string outside = find_project_root((t.top / "plain/dir").string());
  EXPECT_TRUE(outside.empty() || !outside.starts_with(top)) << outside;
}

TEST(CheckedRoot, is_an_existing_directory_made_absolute_and_normalized) {
  const TempTree t;
  const std::string top = fs::canonical(t.top).string();
  EXPECT_EQ(checked_root(top + "/work/", "/").value(), top + "/work");
  EXPECT_EQ(checked_root("work/src/../src", top).value(), top + "/work/src");
  EXPECT_EQ(checked_root(top + "/nope", "/").error(),
            "the source root '" + top + "/nope' is not a directory");
  std::ofstream(t.top / "file") << "x";
  EXPECT_EQ(checked_root("file", top).error(), "the source root 'file' is not a directory");
  EXPECT_EQ(checked_root("", top).error(), "the source root is empty");
}

TEST(CheckedSourceUrl, takes_web_and_file_urls_and_refuses_what_could_break_out_of_a_link) {
  EXPECT_EQ(checked_source_url("https://github.com/o/r/blob/abc").value(),
            "https://github.com/o/r/blob/abc/");
  EXPECT_EQ(checked_source_url("HTTP://h/x/").value(), "HTTP://h/x/");
  EXPECT_EQ(checked_source_url("file:///home/me/proj").value(), "file:///home/me/proj/");
  EXPECT_EQ(checked_source_url("https://h/a%20b/").value(), "https://h/a%20b/");
  for (const char* bad :
       {"javascript:alert(1)", "data:text/html,x", "ftp://h/", "github.com/o/r", "", "https:/h"})
    EXPECT_EQ(checked_source_url(bad).error(),
              fmt::format("the source URL '{}' is not an http://, https:// or file:// URL", bad))
        << bad;
  for (const char* bad :
       {"https://h/\"><script>", "https://h/a b", "https://h/a'b", "https://h/(x)", "https://h/a<b",
        "https://h/a\nb", "https://h/\x7f", "https://h/\xC3\xA9"})
    EXPECT_TRUE(checked_source_url(bad).error().contains("a URL cannot hold unencoded")) << bad;
  EXPECT_TRUE(checked_source_url("https://h/x?a=1").error().contains("query or fragment"));
  EXPECT_TRUE(checked_source_url("https://h/x#L1").error().contains("query or fragment"));
}

}  // namespace sources_test
}  // namespace interleave::harness
