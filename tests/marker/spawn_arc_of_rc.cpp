// error: spawned_argument_must_be_send<interleave::detail::strong_ref<interleave::detail::strong_ref<int, interleave::detail::rc_counts<.*interleave::detail::arc_counts<.*spawn_arc_of_rc.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// Rust: Arc<T> is Send only when T is Send and Sync; wrapping an Rc in an Arc does not make it so.
#include <interleave/arc.hpp>
#include <interleave/rc.hpp>
#include <interleave/thread.hpp>

int main() {
  auto shared = interleave::make_arc<interleave::Rc<int>>(interleave::make_rc<int>(1));
  auto h =
      interleave::thread::spawn([](interleave::Arc<interleave::Rc<int>> a) { (void)a; }, shared);
  (void)h;
}
