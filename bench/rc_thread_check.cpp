// The classic Rc misuse on real threads, run many times, counting the runs in which something
// stopped the program: Rc's thread check (built with INTERLEAVE_RC_THREAD_CHECK=1) against
// AddressSanitizer alone (built with -fsanitize=address and the check off). Not a speed
// measurement: a detection rate over the same number of runs, for bench/README.md.
//
//   interleave_bench_rc_check [RUNS]   (default 10000)
//   interleave_bench_rc_asan  [RUNS]
//
// One run: the owner makes an Rc of a value that owns a heap block (so a second destruction of
// the value is a second free, which ASan reports as a double free), spawns two threads that
// each capture a clone, clone it again and drop both, and drops its own handle while they run.
// A lost update on the counts makes two drops destroy the value: a double free.
//
// The runs execute in child processes, many per child: a run that ends the child (abort, or
// ASan's report) counts as detected, and the next child goes on from the run after it. The
// count of runs finished is in memory shared with the parent. The first detection's message is
// shown; the others go to /dev/null.
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include <interleave/rc.hpp>

namespace {

struct owns_a_block {
  int* block;
  explicit owns_a_block(int v) : block(new int(v)) {}
  owns_a_block(const owns_a_block&) = delete;
  owns_a_block& operator=(const owns_a_block&) = delete;
  ~owns_a_block() { delete block; }
};

void classic_run() {
  std::optional<interleave::Rc<owns_a_block>> owner(interleave::make_rc<owns_a_block>(1));
  auto clone_and_drop = [mine = *owner] {
    auto again = mine;
    (void)*again->block;
  };
  std::thread a(clone_and_drop);
  std::thread b(clone_and_drop);
  owner.reset();  // the owner drops its handle while the threads run
  a.join();
  b.join();
}

struct shared_count {
  unsigned long finished;  // runs begun by children and over (ended normally or not)
};

}  // namespace

int main(int argc, char** argv) {
  const unsigned long runs = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  if (runs == 0) {
    std::fprintf(stderr, "usage: %s [RUNS > 0]\n", argv[0]);
    return 2;
  }
  void* memory = ::mmap(nullptr, sizeof(shared_count), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) {
    std::perror("mmap");
    return 2;
  }
  auto* shared = static_cast<shared_count*>(memory);
  shared->finished = 0;
  unsigned long detected = 0;
  const auto start = std::chrono::steady_clock::now();
  while (shared->finished < runs) {
    const pid_t child = ::fork();
    if (child < 0) {
      std::perror("fork");
      return 2;
    }
    if (child == 0) {
      if (detected > 0) {  // only the first detection's message is shown
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDERR_FILENO);
      }
      while (shared->finished < runs) {
        classic_run();
        ++shared->finished;
      }
      std::_Exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) break;
    ++detected;          // the child ended in a run: that run stopped the program
    ++shared->finished;  // and is over
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
#if defined(__SANITIZE_ADDRESS__)
  const char* detector = "AddressSanitizer alone (check off)";
#else
  const char* detector = INTERLEAVE_RC_THREAD_CHECK ? "Rc's thread check (no sanitizer)"
                                                    : "nothing (check off, no sanitizer)";
#endif
  std::printf("| %s | %lu | %lu | %.2f%% | %.1f s |\n", detector, runs, detected,
              100.0 * static_cast<double>(detected) / static_cast<double>(runs), seconds);
  return 0;
}
