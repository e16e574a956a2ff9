// error: spawned_function_must_be_send<app::Job>.*spawn_function_not_send.cpp:[0-9]+:[0-9]+:   required from here.*a thread's function must be Send
// The function object itself crosses to the new thread.
#include <type_traits>

#include <interleave/marker.hpp>
#include <interleave/thread.hpp>

namespace app {
struct Job {
  void operator()() const {}
};
}  // namespace app
template <>
struct interleave::send_trait<app::Job> : std::false_type {};

int main() {
  auto h = interleave::thread::spawn(app::Job{});
  (void)h;
}
