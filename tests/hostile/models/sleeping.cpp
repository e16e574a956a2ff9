// Models that never finish and start a process of their own: what a stop signal must end.
// Each writes "GRANDCHILD CHILD" (process ids) into a file in $HOSTILE_PID_DIR, so that the test
// knows what is running and can check afterwards that none of it is.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <interleave/model.hpp>  // last: it brings in Relacy

namespace hostile {

struct sleeps_with_a_grandchild : rl::test_suite<sleeps_with_a_grandchild, 2> {
  void thread(unsigned i) {
    if (i != 0) return;
    const pid_t child = ::getpid();
    if (::fork() == 0) {
      if (const char* dir = std::getenv("HOSTILE_PID_DIR")) {
        char path[4096], tmp[4096 + 8];
        std::snprintf(path, sizeof path, "%s/%d", dir, static_cast<int>(::getpid()));
        std::snprintf(tmp, sizeof tmp, "%s.tmp", path);
        if (std::FILE* f = std::fopen(tmp, "w")) {
          std::fprintf(f, "%d %d\n", static_cast<int>(::getpid()), static_cast<int>(child));
          std::fclose(f);
          std::rename(tmp, path);  // whole or not at all
        }
      }
      for (;;) ::pause();
    }
    for (;;) ::pause();
  }
};

}  // namespace hostile

INTERLEAVE_MODEL(hostile::sleeps_with_a_grandchild, "hostile/sleeps/1", interleave::expect::pass(),
                 "sleeps forever beside a grandchild");
INTERLEAVE_MODEL(hostile::sleeps_with_a_grandchild, "hostile/sleeps/2", interleave::expect::pass(),
                 "sleeps forever beside a grandchild");
INTERLEAVE_MODEL(hostile::sleeps_with_a_grandchild, "hostile/sleeps/3", interleave::expect::pass(),
                 "sleeps forever beside a grandchild");
INTERLEAVE_MODEL(hostile::sleeps_with_a_grandchild, "hostile/sleeps/4", interleave::expect::pass(),
                 "sleeps forever beside a grandchild");
