// Rc's operations with its thread check off (VIA_RC=1, -DINTERLEAVE_RC_THREAD_CHECK=0), and the
// same operations written by hand on a block of two counts and the value (VIA_RC=0).
// same_code.cmake compiles both at -O2 and requires identical instructions: with the check
// off, its source_location parameters and per-handle origin cost nothing. (With the check on,
// the two differ: the test also compiles that and requires a difference, so it can fail.)
// Dropping is left out: its rare free is a call to the library's out-of-line function.
#include <cstddef>
#include <exception>
#include <limits>
#include <new>

#if VIA_RC
#include <interleave/rc.hpp>
using Handle = interleave::Rc<int>;
#define CLONE(from, to) ::new (to) Handle(*(from))
#define STRONG(h) (h)->strong_count()
#define WEAK(h) (h)->weak_count()
#define GET_MUT(h) (h)->get_mut()
#define READ(h) **(h)
#else
struct box {
  std::size_t strong;
  std::size_t weak;
  int value;
  bool is_unique() const { return strong == 1 && weak == 1; }
};
using Handle = box*;
inline void clone_by_hand(const Handle* from, Handle* to) {
  box* b = *to = *from;
  if (b == nullptr) return;
  const std::size_t old = b->strong;
  if (old > std::numeric_limits<std::size_t>::max() / 2) [[unlikely]]
    std::terminate();
  b->strong = old + 1;
}
inline std::size_t strong_by_hand(const Handle* h) {
  if (*h == nullptr) return 0;
  return (*h)->strong;
}
inline std::size_t weak_by_hand(const Handle* h) {
  if (*h == nullptr) return 0;
  return (*h)->weak - 1;
}
inline int* get_mut_by_hand(Handle* h) { return (*h)->is_unique() ? &(*h)->value : nullptr; }
#define CLONE(from, to) clone_by_hand(from, to)
#define STRONG(h) strong_by_hand(h)
#define WEAK(h) weak_by_hand(h)
#define GET_MUT(h) get_mut_by_hand(h)
#define READ(h) (*(h))->value
#endif

extern "C" {

void rc_clone(const void* from, void* to) {
  CLONE(static_cast<const Handle*>(from), static_cast<Handle*>(to));
}
std::size_t rc_strong_count(const void* h) { return STRONG(static_cast<const Handle*>(h)); }
std::size_t rc_weak_count(const void* h) { return WEAK(static_cast<const Handle*>(h)); }
int* rc_get_mut(void* h) { return GET_MUT(static_cast<Handle*>(h)); }
int rc_read(const void* h) { return READ(static_cast<const Handle*>(h)); }
std::size_t rc_handle_size() { return sizeof(Handle); }

}  // extern "C"
