// error: spawned_argument_must_be_send<app::Session>.*spawn_user_type_not_send.cpp:[0-9]+:[0-9]+:   required from here.*every argument of spawn must be Send
// A user's own type, marked not Send, is refused as the library's are.
#include <type_traits>

#include <interleave/marker.hpp>
#include <interleave/thread.hpp>

namespace app {
struct Session {};  // bound to the thread that opened it
}  // namespace app
template <>
struct interleave::send_trait<app::Session> : std::false_type {};

int main() {
  auto h = interleave::thread::spawn([](app::Session) {}, app::Session{});
  (void)h;
}
