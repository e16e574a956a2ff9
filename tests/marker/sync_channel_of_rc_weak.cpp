// error: channel_value_must_be_send<interleave::detail::weak_ref<int, interleave::detail::rc_counts<.*sync_channel_of_rc_weak.cpp:[0-9]+:[0-9]+:   required from here.*a channel's value type must be Send
// The same for a bounded or rendezvous channel's SyncSender.
#include <interleave/mpsc.hpp>
#include <interleave/rc.hpp>

int main() {
  auto [tx, rx] = interleave::mpsc::sync_channel<interleave::RcWeak<int>>(0);
  (void)tx;
  (void)rx;
}
