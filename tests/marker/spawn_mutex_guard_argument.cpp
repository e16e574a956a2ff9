// error: spawned_argument_must_be_send<interleave::MutexGuard<int.*spawn_mutex_guard_argument.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// Rust: MutexGuard is not Send: a lock is released by the thread that took it.
#include <utility>

#include <interleave/mutex.hpp>
#include <interleave/thread.hpp>

int main() {
  interleave::Mutex<int> m(0);
  auto guard = *m.lock();
  auto h = interleave::thread::spawn([](interleave::MutexGuard<int> g) { ++*g; }, std::move(guard));
  (void)h;
}
