// interleave/mpsc/errors.hpp: the error types of interleave::mpsc, as Rust's std::sync::mpsc
// spells them.
//
//   SendError<T>          send on a channel whose receiver is gone; hands the value back
//                         (public `value`, `into_inner() &&`)
//   TrySendError<T>       try_send refused: `is_full()` or `is_disconnected()`; hands the value
//                         back (`into_inner() &&`, `get_ref()`)
//   RecvError             recv on a channel with no senders left and nothing buffered
//   TryRecvError          try_recv found nothing: Empty, or Disconnected (nothing will come)
//   RecvTimeoutError      recv_timeout found nothing: Timeout, or Disconnected
//
// Every error that stands for a value the channel could not deliver owns that value: nothing
// is lost on a failed send. The types are plain values (no allocation, nothing thrown), so
// they can be created and destroyed inside a Relacy simulation.
#pragma once

#include <utility>

namespace interleave::mpsc {

// The receiver was dropped: the value came back. Rust's SendError<T>(pub T).
template <class T>
struct SendError {
  T value;

  [[nodiscard]] T into_inner() && { return std::move(value); }
  static constexpr const char* what() noexcept { return "sending on a closed channel"; }
};

template <class T>
class TrySendError {
 public:
  enum class Kind : unsigned char { Full, Disconnected };

  TrySendError(Kind kind, T value) : value_(std::move(value)), kind_(kind) {}
  static TrySendError full(T value) { return TrySendError(Kind::Full, std::move(value)); }
  static TrySendError disconnected(T value) {
    return TrySendError(Kind::Disconnected, std::move(value));
  }

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  // Full: the buffer had no room (for a rendezvous channel: no receiver was waiting).
  [[nodiscard]] bool is_full() const noexcept { return kind_ == Kind::Full; }
  // Disconnected: the receiver is gone; no send on this channel can succeed again.
  [[nodiscard]] bool is_disconnected() const noexcept { return kind_ == Kind::Disconnected; }
  [[nodiscard]] T into_inner() && { return std::move(value_); }
  [[nodiscard]] const T& get_ref() const& noexcept { return value_; }

  [[nodiscard]] const char* what() const noexcept {
    return is_full() ? "sending on a full channel" : "sending on a closed channel";
  }

 private:
  T value_;
  Kind kind_;
};

// Every sender is gone and every value sent has been received.
struct RecvError {
  friend constexpr bool operator==(RecvError, RecvError) noexcept { return true; }
  static constexpr const char* what() noexcept { return "receiving on a closed channel"; }
};

enum class TryRecvError : unsigned char {
  Empty,         // nothing buffered right now; senders remain
  Disconnected,  // nothing buffered and no sender remains: nothing will ever come
};

enum class RecvTimeoutError : unsigned char {
  Timeout,       // nothing arrived before the timeout; senders remain
  Disconnected,  // nothing buffered and no sender remains
};

[[nodiscard]] constexpr const char* what(TryRecvError e) noexcept {
  return e == TryRecvError::Empty ? "receiving on an empty channel"
                                  : "receiving on an empty and disconnected channel";
}
[[nodiscard]] constexpr const char* what(RecvTimeoutError e) noexcept {
  return e == RecvTimeoutError::Timeout ? "timed out waiting on channel"
                                        : "channel is empty and sending half is closed";
}

}  // namespace interleave::mpsc
