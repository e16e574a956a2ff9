// bench/heap_counter.cpp: the counting global operator new/delete (see heap_counter.hpp).
// Every replaceable form is defined here, so no allocation escapes the count: plain, array,
// nothrow, sized and aligned, new and delete.
#include "heap_counter.hpp"

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace interleave_bench::heap_counter {
namespace {

std::atomic<bool> counting{false};
std::atomic<std::int64_t> live_bytes{0};
std::atomic<std::int64_t> peak_bytes{0};

void count_alloc(void* p) noexcept {
  // Relaxed throughout: the counters order nothing; the benchmark reads them on the thread
  // that did (or joined the threads that did) the allocations.
  if (p == nullptr || !counting.load(std::memory_order::relaxed)) return;
  const auto size = static_cast<std::int64_t>(malloc_usable_size(p));
  const std::int64_t now = live_bytes.fetch_add(size, std::memory_order::relaxed) + size;
  std::int64_t peak = peak_bytes.load(std::memory_order::relaxed);
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order::relaxed)) {
  }
}

void count_free(void* p) noexcept {
  if (p == nullptr || !counting.load(std::memory_order::relaxed)) return;
  live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)),
                       std::memory_order::relaxed);
}

void* allocate(std::size_t size, std::size_t align, bool nothrow) {
  for (;;) {
    void* p = align <= alignof(std::max_align_t)
                  ? std::malloc(size == 0 ? 1 : size)
                  : std::aligned_alloc(align, (size + align - 1) / align * align);
    if (p != nullptr) {
      count_alloc(p);
      return p;
    }
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) {
      if (nothrow) return nullptr;
      throw std::bad_alloc();
    }
    handler();
  }
}

void deallocate(void* p) noexcept {
  count_free(p);
  std::free(p);
}

}  // namespace

std::int64_t live() noexcept { return live_bytes.load(std::memory_order::relaxed); }
std::int64_t peak() noexcept { return peak_bytes.load(std::memory_order::relaxed); }
void reset_peak() noexcept { peak_bytes.store(live(), std::memory_order::relaxed); }

scope::scope() noexcept {
  live_bytes.store(0, std::memory_order::relaxed);
  peak_bytes.store(0, std::memory_order::relaxed);
  counting.store(true, std::memory_order::seq_cst);
}
scope::~scope() { counting.store(false, std::memory_order::seq_cst); }

}  // namespace interleave_bench::heap_counter

namespace hc = interleave_bench::heap_counter;
namespace {
constexpr std::size_t plain = alignof(std::max_align_t);
std::size_t to_size(std::align_val_t a) { return static_cast<std::size_t>(a); }
void* allocate_nothrow(std::size_t n, std::size_t align) noexcept {
  try {
    return hc::allocate(n, align, true);
  } catch (...) {  // a new_handler may throw
    return nullptr;
  }
}
}  // namespace

void* operator new(std::size_t n) { return hc::allocate(n, plain, false); }
void* operator new[](std::size_t n) { return hc::allocate(n, plain, false); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, plain);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, plain);
}
void* operator new(std::size_t n, std::align_val_t a) { return hc::allocate(n, to_size(a), false); }
void* operator new[](std::size_t n, std::align_val_t a) {
  return hc::allocate(n, to_size(a), false);
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, to_size(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, to_size(a));
}
void operator delete(void* p) noexcept { hc::deallocate(p); }
void operator delete[](void* p) noexcept { hc::deallocate(p); }
void operator delete(void* p, std::size_t) noexcept { hc::deallocate(p); }
void operator delete[](void* p, std::size_t) noexcept { hc::deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { hc::deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { hc::deallocate(p); }
void operator delete(void* p, std::align_val_t) noexcept { hc::deallocate(p); }
void operator delete[](void* p, std::align_val_t) noexcept { hc::deallocate(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { hc::deallocate(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { hc::deallocate(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  hc::deallocate(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  hc::deallocate(p);
}
