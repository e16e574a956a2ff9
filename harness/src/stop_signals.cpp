#include "interleave/harness/stop_signals.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

volatile std::sig_atomic_t first_signal = 0;
int wake[2] = {-1, -1};  // the self-pipe: the handler writes, the runner polls

extern "C" void on_stop_signal(int sig) {
  const int saved = errno;  // a handler must leave errno as it found it
  if (first_signal == 0) {
    first_signal = sig;
    [[maybe_unused]] const ssize_t n =
        ::write(wake[1], "x", 1);  // non-blocking; one byte is enough
  }
  errno = saved;
}

}  // namespace

StopSignals::StopSignals() {
  if (wake[0] >= 0) throw std::logic_error("only one StopSignals object may live at a time");
  if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
  first_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking call returns EINTR and the runner looks
  ::sigaction(SIGINT, &sa, &old_int_);
  ::sigaction(SIGTERM, &sa, &old_term_);
  ::sigaction(SIGHUP, &sa, &old_hup_);
}

StopSignals::~StopSignals() {
  ::sigaction(SIGINT, &old_int_, nullptr);
  ::sigaction(SIGTERM, &old_term_, nullptr);
  ::sigaction(SIGHUP, &old_hup_, nullptr);
  ::close(wake[0]);
  ::close(wake[1]);
  wake[0] = wake[1] = -1;
}

int StopSignals::received() const noexcept { return first_signal; }
int StopSignals::wake_fd() const noexcept { return wake[0]; }

void StopSignals::in_child() const noexcept {
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGHUP, SIG_DFL);
  ::close(wake[0]);
  ::close(wake[1]);
}

std::string StopSignals::name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
  }
  return fmt::format("signal {}", signal);
}

}  // namespace interleave::harness
