// Relacy models that misbehave, each in one way a model can: the runner must turn every one of
// them into a result that says what happened, and every report must still be written. They are
// the items of `interleave_hostile`, an `interleave` command of their own (tests/CMakeLists.txt),
// which tests/hostile/hostile_test.cpp runs the way a user runs `interleave`.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include <interleave/model.hpp>  // last: it brings in Relacy

namespace hostile {

struct oops {};  // an exception type that is not a std::exception

// A model that does what it should: two threads add to an atomic.
struct clean : rl::test_suite<clean, 2> {
  rl::atomic<int> n;
  void before() { n.store(0, rl::mo_relaxed, $); }
  void thread(unsigned) { n.fetch_add(1, rl::mo_relaxed, $); }
  void after() { RL_ASSERT(n.load(rl::mo_relaxed, $) == 2); }
};

struct segfault : rl::test_suite<segfault, 2> {
  void thread(unsigned i) {
    volatile int* volatile nowhere = nullptr;  // volatile: the store is done, to address 0
    if (i == 1) *nowhere = 1;
  }
};

struct hangs : rl::test_suite<hangs, 2> {
  void thread(unsigned i) {
    if (i == 0)
      for (;;) ::pause();
  }
};

struct throws_in_thread : rl::test_suite<throws_in_thread, 2> {
  void thread(unsigned i) {
    if (i == 1) throw std::runtime_error("boom from thread 1");
  }
};

struct throws_in_before : rl::test_suite<throws_in_before, 2> {
  void before() { throw oops{}; }
  void thread(unsigned) {}
};

struct throws_in_after : rl::test_suite<throws_in_after, 2> {
  void thread(unsigned) {}
  void after() { throw std::logic_error("after() gave up"); }
};

// Bytes that are not UTF-8 (a lone 0xFF, a truncated sequence, a surrogate), then an abort.
struct prints_invalid_utf8 : rl::test_suite<prints_invalid_utf8, 2> {
  void thread(unsigned i) {
    if (i != 0) return;
    const char bytes[] = "bad bytes: \xff\xfe, a cut one: \xc3, a surrogate: \xed\xa0\x80.\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, bytes, sizeof bytes - 1);
    std::abort();
  }
};

// 1001 three-byte characters (the euro sign) and a newline, then an abort: the crash message
// keeps the last 2000 bytes, which begin inside a character.
struct cut_utf8_at_the_tail : rl::test_suite<cut_utf8_at_the_tail, 2> {
  void thread(unsigned i) {
    if (i != 0) return;
    static char text[3 * 1001 + 1];
    for (int c = 0; c < 1001; ++c) std::memcpy(text + 3 * c, "\xE2\x82\xAC", 3);
    text[3 * 1001] = '\n';
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, text, sizeof text);
    std::abort();
  }
};

struct exits : rl::test_suite<exits, 2> {
  void thread(unsigned i) {
    if (i == 1) ::_exit(3);
  }
};

// Allocates without bound, 16 MiB at a time and never frees. (It writes one byte of each block:
// filling them would only make the test slower; the limit is on address space, and
// tests/harness/runner_test.cpp has a child that fills what it takes.)
struct allocates_without_bound : rl::test_suite<allocates_without_bound, 2> {
  void thread(unsigned i) {
    if (i != 0) return;
    for (;;) {
      volatile char* p = new char[16 << 20];
      p[0] = 1;
    }
  }
};

// Asks for a terabyte in one go.
struct one_huge_allocation : rl::test_suite<one_huge_allocation, 2> {
  void thread(unsigned i) {
    if (i != 0) return;
    char* p = new char[std::size_t{1} << 40];
    p[0] = 1;
    delete[] p;
  }
};

}  // namespace hostile

using interleave::expect::pass;
INTERLEAVE_MODEL(hostile::clean, "hostile/outcome/clean", pass(), "two threads add to an atomic");
INTERLEAVE_MODEL(hostile::segfault, "hostile/outcome/segfault", pass(),
                 "thread 1 writes through null");
INTERLEAVE_MODEL(hostile::hangs, "hostile/outcome/hangs", pass(), "thread 0 never returns");
INTERLEAVE_MODEL(hostile::throws_in_thread, "hostile/outcome/throws-in-thread", pass(),
                 "thread 1 throws a std::runtime_error");
INTERLEAVE_MODEL(hostile::throws_in_before, "hostile/outcome/throws-in-before", pass(),
                 "before() throws a type that is not a std::exception");
INTERLEAVE_MODEL(hostile::throws_in_after, "hostile/outcome/throws-in-after", pass(),
                 "after() throws a std::logic_error");
INTERLEAVE_MODEL(hostile::prints_invalid_utf8, "hostile/outcome/prints-invalid-utf8", pass(),
                 "prints bytes that are not UTF-8 (café in Latin-1), then aborts");
INTERLEAVE_MODEL(hostile::cut_utf8_at_the_tail, "hostile/outcome/cut-utf8-at-the-tail", pass(),
                 "prints 1001 euro signs, then aborts");
INTERLEAVE_MODEL(hostile::exits, "hostile/outcome/exits", pass(), "thread 1 calls _exit(3)");
INTERLEAVE_MODEL(hostile::allocates_without_bound, "hostile/outcome/allocates-without-bound",
                 pass(), "thread 0 allocates 16 MiB after 16 MiB and never frees");
INTERLEAVE_MODEL(hostile::one_huge_allocation, "hostile/outcome/one-huge-allocation", pass(),
                 "thread 0 asks for a terabyte");
// A time budget that is over before the first execution: the search explores nothing.
static interleave::harness::SearchSettings over_before_it_starts() {
  interleave::harness::SearchSettings s;
  s.seconds = 1e-9;
  return s;
}
INTERLEAVE_MODEL(hostile::clean, "hostile/outcome/explores-nothing", pass(),
                 "a search whose time budget ends before its first execution",
                 over_before_it_starts());
