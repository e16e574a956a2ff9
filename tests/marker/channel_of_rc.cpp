// error: channel_value_must_be_send<interleave::detail::strong_ref<int, interleave::detail::rc_counts<.*channel_of_rc.cpp:[0-9]+:[0-9]+:   required from here.*a channel's value type must be Send
// Rust: Sender<Rc<i32>> is not Send, so no other thread can ever send on it; the channel's
// purpose is another thread, so the channel of a value that is not Send is refused.
#include <interleave/mpsc.hpp>
#include <interleave/rc.hpp>

int main() {
  auto [tx, rx] = interleave::mpsc::channel<interleave::Rc<int>>();
  (void)tx;
  (void)rx;
}
