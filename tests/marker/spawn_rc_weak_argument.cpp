// error: spawned_argument_must_be_send<interleave::detail::weak_ref<int, interleave::detail::rc_counts<.*spawn_rc_weak_argument.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// RcWeak shares the block's non-atomic counts as Rc does.
#include <interleave/rc.hpp>
#include <interleave/thread.hpp>

int main() {
  auto owner = interleave::make_rc<int>(1);
  auto h = interleave::thread::spawn([](interleave::RcWeak<int> w) { (void)w; }, owner.downgrade());
  (void)h;
}
