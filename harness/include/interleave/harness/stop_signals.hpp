// interleave/harness/stop_signals.hpp: SIGINT, SIGTERM and SIGHUP as a request to stop a run
// cleanly.
//
// While a StopSignals object lives, these signals no longer end the process: the first one
// is recorded (received()) and wakes whoever polls wake_fd(); later ones are ignored, so the
// partial reports get written. The runner (RunOptions::stop) then kills its children, marks the
// unfinished items `not-run` and returns; `interleave run` writes its reports and exits with
// 128 + the signal's number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP: a closed
// terminal). The destructor restores the previous dispositions. One object at a time per process
// (the handlers are process-wide).
//
// Children forked while it lives must call in_child() first: it restores the default
// dispositions and closes the wake pipe, so a signal meant for a child is not taken for one
// meant for the run.
#pragma once

#include <csignal>
#include <string>

namespace interleave::harness {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The first SIGINT, SIGTERM or SIGHUP received, or 0.
  [[nodiscard]] int received() const noexcept;
  // Readable once a signal was received: poll it beside other descriptors.
  [[nodiscard]] int wake_fd() const noexcept;
  void in_child() const noexcept;

  // "SIGINT", "SIGTERM", "SIGHUP", or "signal N".
  [[nodiscard]] static std::string name(int signal);

 private:
  struct sigaction old_int_ {
  }, old_term_{}, old_hup_{};
};

}  // namespace interleave::harness
