// A user's program with the classic mistake Rust refuses to compile: an Rc captured by a thread's
// lambda and cloned there. Built with NDEBUG (a release build), yet checked: the project sets
// INTERLEAVE_RC_THREAD_CHECK=ON before find_package(interleave). The run must stop at the clone.
#include <thread>

#include <interleave/rc.hpp>

int main() {
  auto names = interleave::make_rc<int>(42);
  std::thread worker([&names] {
    auto mine = names;  // the use the check stops: line 11
    (void)mine;
  });
  worker.join();
  return 0;
}
