// error: spawned_result_must_be_send<interleave::detail::strong_ref<int, interleave::detail::rc_counts<.*spawn_returns_rc.cpp:[0-9]+:[0-9]+:   required from here.*a thread's result must be Send
// Rust: spawn's closure must return a Send value: it is handed to the thread that joins.
#include <interleave/rc.hpp>
#include <interleave/thread.hpp>

int main() {
  auto h = interleave::thread::spawn([] { return interleave::make_rc<int>(1); });
  (void)h;
}
