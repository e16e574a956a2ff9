// error: spawned_argument_must_be_send<interleave::detail::strong_ref<int, interleave::detail::rc_counts<.*spawn_rc_argument.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// Rust: `thread::spawn(move || drop(rc))` does not compile: Rc<i32> cannot be sent between
// threads safely. The same Rc handed to spawn as an argument.
#include <interleave/rc.hpp>
#include <interleave/thread.hpp>

int main() {
  auto owner = interleave::make_rc<int>(1);
  auto h = interleave::thread::spawn([](interleave::Rc<int> mine) { return *mine; }, owner);
  (void)h;
}
