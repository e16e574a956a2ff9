// interleave_test/values.hpp (tests/support): values the primitives' tests hold, each built to
// show one thing: its own destruction (Tracked), in-place construction (Pinned), a panic (Boom).
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>
#include <utility>

namespace interleave_test {

// A move-only value that adds one to `*destroyed` when the object that owns it is destroyed.
// Moving hands the duty over: a moved-from Tracked counts nothing, so "destroyed == 1" means
// the value (wherever it was moved) was destroyed exactly once.
struct Tracked {
  Tracked(int v, std::atomic<int>& destroyed) noexcept : value(v), destroyed_(&destroyed) {}
  Tracked(Tracked&& other) noexcept
      : value(other.value), destroyed_(std::exchange(other.destroyed_, nullptr)) {}
  Tracked& operator=(Tracked&&) = delete;
  ~Tracked() {
    if (destroyed_ != nullptr) destroyed_->fetch_add(1, std::memory_order::relaxed);
  }

  int value;

 private:
  std::atomic<int>* destroyed_;
};

// Neither copyable nor movable, built from several arguments: only in-place construction works.
struct Pinned {
  Pinned(int a, char b, const char* c) : a(a), b(b), c(c) {}
  Pinned(const Pinned&) = delete;
  Pinned& operator=(const Pinned&) = delete;

  int a;
  char b;
  const char* c;
};

// The exception a test throws to "panic" (unwind) inside a lock, a scope or a thread.
struct Boom : std::runtime_error {
  explicit Boom(const std::string& what = "boom") : std::runtime_error(what) {}
};

}  // namespace interleave_test
