// The same operations written against interleave::std_backend (VIA_BACKEND=1) and directly
// against the standard library (VIA_BACKEND=0). same_code.cmake compiles both at -O2 and
// requires identical instructions: the backend seam costs nothing.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include <interleave/backend/std.hpp>

#if VIA_BACKEND
using Atomic = interleave::std_backend::atomic<int>;
using Mutex = interleave::std_backend::mutex;
using Condvar = interleave::std_backend::condition_variable;
#define FENCE(o) interleave::std_backend::fence(o)
#else
using Atomic = std::atomic<int>;
using Mutex = std::mutex;
using Condvar = std::condition_variable;
#define FENCE(o) std::atomic_thread_fence(o)
#endif

extern "C" {

int load_acquire(void* a) { return static_cast<Atomic*>(a)->load(std::memory_order::acquire); }
void store_release(void* a, int v) {
  static_cast<Atomic*>(a)->store(v, std::memory_order::release);
}
int fetch_sub_release_then_fence(void* a) {
  const int before = static_cast<Atomic*>(a)->fetch_sub(1, std::memory_order::release);
  if (before == 1) FENCE(std::memory_order::acquire);
  return before;
}
bool increment_unless_zero(void* a) {
  auto& n = *static_cast<Atomic*>(a);
  int cur = n.load(std::memory_order::relaxed);
  while (cur != 0)
    if (n.compare_exchange_weak(cur, cur + 1, std::memory_order::acquire,
                                std::memory_order::relaxed))
      return true;
  return false;
}
int exchange_acq_rel(void* a, int v) {
  return static_cast<Atomic*>(a)->exchange(v, std::memory_order::acq_rel);
}

void lock_then_unlock(void* m) {
  static_cast<Mutex*>(m)->lock();
  static_cast<Mutex*>(m)->unlock();
}
bool try_lock(void* m) { return static_cast<Mutex*>(m)->try_lock(); }
void notify(void* cv) {
  static_cast<Condvar*>(cv)->notify_one();
  static_cast<Condvar*>(cv)->notify_all();
}
void wait_once(void* m, void* cv) {
#if VIA_BACKEND
  static_cast<Condvar*>(cv)->wait(*static_cast<Mutex*>(m));
#else
  std::unique_lock<std::mutex> lock(*static_cast<Mutex*>(m), std::adopt_lock);
  static_cast<Condvar*>(cv)->wait(lock);
  lock.release();
#endif
}

}  // extern "C"
