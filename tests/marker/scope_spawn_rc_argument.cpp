// error: spawned_argument_must_be_send<interleave::detail::strong_ref<int, interleave::detail::rc_counts<.*scope_spawn_rc_argument.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// Scope::spawn moves its arguments to the new thread as spawn does.
#include <interleave/rc.hpp>
#include <interleave/thread.hpp>

int main() {
  auto owner = interleave::make_rc<int>(1);
  interleave::thread::scope([&](auto& s) { (void)s.spawn([](interleave::Rc<int>) {}, owner); });
}
