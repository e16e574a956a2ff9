// error: spawned_argument_must_be_send<std::reference_wrapper<interleave::detail::strong_ref<int, interleave::detail::rc_counts<.*spawn_reference_to_rc.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// A reference shares what it refers to: std::ref(rc) is Send only if Rc were Sync (it is not).
#include <functional>

#include <interleave/rc.hpp>
#include <interleave/thread.hpp>

int main() {
  auto owner = interleave::make_rc<int>(1);
  interleave::thread::scope([&](auto& s) {
    (void)s.spawn([](interleave::Rc<int>& r) { auto copy = r; }, std::ref(owner));
  });
}
