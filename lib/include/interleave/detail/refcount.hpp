// interleave/detail/refcount.hpp: the one implementation behind Arc and Rc (internal).
//
// Arc (arc.hpp) and Rc (rc.hpp) are this file's two handle templates instantiated with two
// count policies, so they have one API by construction and no ownership logic is written twice.
// This file decides *when* the value is destroyed and the block freed; the policy decides *how*
// a count changes and what that orders (atomics with explicit orderings for Arc, plain cells
// for Rc).
//
// Layout, as Rust's ArcInner / RcBox: one heap block (`refcount_block`), allocated by the
// backend's create<block> and freed by its destroy (backend/concept.hpp: new and delete on the
// std backend, Relacy's tracked heap under Relacy), holds the two counts and, in raw storage,
// the value.
//   strong  the number of strong handles. The value is destroyed by the handle that takes it
//           to 0, and 0 is final: Weak::upgrade never increments it from 0.
//   weak    the number of Weak handles, plus one while strong > 0: all strong handles together
//           hold one implicit weak, released right after the value is destroyed. The block is
//           freed by whoever takes weak to 0, so a Weak can always read the counts, and a value
//           whose destructor drops Weaks of its own block runs while the block is still there.
//
// A count policy C is default-constructible (strong = 1, weak = 1) and provides:
//   add_strong()             clone of an existing strong handle
//   release_strong() -> bool drop of a strong handle; true when it was the last (the caller
//                            then destroys the value), with whatever ordering that needs
//   try_add_strong() -> bool Weak::upgrade: increments unless strong is 0
//   add_weak_from_strong()   downgrade;   add_weak_from_weak()   copy of a Weak
//   release_weak() -> bool   true when it was the last (the caller then frees the block)
//   is_unique() -> bool      strong == 1 and no Weak handle (get_mut)
//   try_take_unique() -> bool  strong 1 -> 0 (try_unwrap), ordered like release_strong's true
//   strong_count(), weak_count_from_strong(), weak_count_from_weak() as Rust reports them.
//
// A policy may also check each use of a handle (Rc's thread check, detail/rc_thread_check.hpp):
//   check_use(weak, use, where, origin) const noexcept  before the use; `weak` for a Weak
//                            handle, `where` the line of the use (line 0 for an operator or a
//                            destructor, which have none), `origin` the line that made the
//                            handle (line 0 where none is known: one assigned to).
// Only then do handles keep their origin (one source_location each); otherwise they are one
// pointer, and the extra parameters of their operations are never read.
//
// Memory ordering: this file adds none; every ordering is the count policy's (arc.hpp states
// Arc's). It relies on one promise from the policy: release_strong() returning true, and
// try_take_unique(), happen-after every other strong handle's accesses to the value, and
// release_weak() returning true happens-after every other use of the block.
#pragma once

#include <concepts>
#include <cstddef>
#include <expected>
#include <memory>
#include <new>
#include <optional>
#include <source_location>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/detail/fault.hpp"

namespace interleave::detail {

template <class C>
concept RefCounts = std::default_initializable<C> && SyncBackend<typename C::backend> &&
    requires(C& c, const C& cc) {
  {c.add_strong()};
  { c.release_strong() } -> std::same_as<bool>;
  { c.try_add_strong() } -> std::same_as<bool>;
  {c.add_weak_from_strong()};
  {c.add_weak_from_weak()};
  { c.release_weak() } -> std::same_as<bool>;
  { c.is_unique() } -> std::same_as<bool>;
  { c.try_take_unique() } -> std::same_as<bool>;
  { cc.strong_count() } -> std::same_as<std::size_t>;
  { cc.weak_count_from_strong() } -> std::same_as<std::size_t>;
  { cc.weak_count_from_weak() } -> std::same_as<std::size_t>;
};

// What a handle does to its block, as check_use hears it.
enum class handle_use : unsigned char {
  clone,
  drop,
  assign,
  downgrade,
  upgrade,
  count,
  get_mut,
  try_unwrap
};

template <class C>
concept checks_uses = requires(const C& c, handle_use u, std::source_location l) {
  { c.check_use(false, u, l, l) }
  noexcept;
};

// The line that made a handle, kept only for a policy that checks uses.
template <bool Kept>
struct handle_origin {
  constexpr handle_origin() noexcept = default;
  constexpr explicit handle_origin(std::source_location) noexcept {}
  [[nodiscard]] constexpr std::source_location line() const noexcept { return {}; }
};
template <>
struct handle_origin<true> {
  constexpr handle_origin() noexcept = default;
  constexpr explicit handle_origin(std::source_location l) noexcept : at(l) {}
  [[nodiscard]] constexpr std::source_location line() const noexcept { return at; }
  std::source_location at;
};

// The heap block: counts first, then raw storage that holds the value from construction until
// the strong count reaches 0. Freeing the block never destroys the value (that happened already).
template <class T, class Counts>
struct refcount_block {
  template <class... Args>
  explicit refcount_block(std::in_place_t, Args&&... args) {
    ::new (static_cast<void*>(storage)) T(std::forward<Args>(args)...);
  }
  refcount_block(const refcount_block&) = delete;
  refcount_block& operator=(const refcount_block&) = delete;

  T& value() noexcept { return *std::launder(reinterpret_cast<T*>(storage)); }

  // The holder of the last strong reference: destroy the value, then give up the implicit weak
  // that all strong handles held together (in this order: see the header comment).
  static void destroy_value_and_release_implicit_weak(refcount_block* b) noexcept {
    std::destroy_at(std::addressof(b->value()));
    // FAULT block_freed_with_value: the block goes with the value, though a Weak may still
    // read its counts (shows: ACCESS TO FREED MEMORY; arc/negative/block-freed-with-value).
    if constexpr (injects<typename Counts::backend, fault::block_freed_with_value>) {
      deallocate(b);
      return;
    }
    release_weak(b);
  }
  static void release_weak(refcount_block* b) noexcept {
    if (b->counts.release_weak()) deallocate(b);
  }
  // Out of line: the cold path, and it keeps GCC's -Wuse-after-free from reasoning about a
  // delete that only the last weak reference reaches.
  [[gnu::noinline, gnu::cold]] static void deallocate(refcount_block* b) noexcept {
    Counts::backend::destroy(b);
  }

  Counts counts;
  alignas(T) std::byte storage[sizeof(T)];
};

template <class T, RefCounts Counts>
class weak_ref;

// A strong handle: Arc<T, B> or Rc<T, B>. Copy is clone; a moved-from handle is empty and may
// only be destroyed or assigned to (its counts read as 0).
template <class T, RefCounts Counts>
class strong_ref {
  using block = refcount_block<T, Counts>;
  using here = std::source_location;

 public:
  using element_type = T;
  using weak_type = weak_ref<T, Counts>;

  // `where`: the caller's line, the handle's origin and, in a model's history, the line of its
  // allocation and counts (built_here).
  explicit strong_ref(T value, built_here<typename Counts::backend> where = here::current())
      : block_(
            Counts::backend::template create<block>(where.line(), std::in_place, std::move(value))),
        origin_(where.line()) {}
  // One allocation; T is constructed in the block from args (make_arc / make_rc).
  template <class... Args>
  explicit strong_ref(in_place_here<typename Counts::backend> where, Args&&... args)
      : block_(Counts::backend::template create<block>(where.line(), std::in_place,
                                                       std::forward<Args>(args)...)),
        origin_(where.line()) {}

  // `where`: the caller's line, for a policy that checks uses (as every `where` below).
  strong_ref(const strong_ref& other, here where = here::current()) noexcept
      : strong_ref(other, handle_use::clone, where) {}
  strong_ref(strong_ref&& other) noexcept
      : block_(std::exchange(other.block_, nullptr)), origin_(other.origin_) {}
  strong_ref& operator=(const strong_ref& other) noexcept {
    strong_ref(other, handle_use::assign, here{}).swap(*this);  // clone first: self-assignment
    return *this;
  }
  strong_ref& operator=(strong_ref&& other) noexcept {
    strong_ref(std::move(other)).swap(*this);
    return *this;
  }
  ~strong_ref() {
    if (block_ == nullptr) return;
    check(handle_use::drop, here{});
    if (block_->counts.release_strong()) block::destroy_value_and_release_implicit_weak(block_);
  }

  T& operator*() const noexcept { return block_->value(); }
  T* operator->() const noexcept { return std::addressof(block_->value()); }

  // Strong handles to this value, this one included. A snapshot: other threads may change it.
  [[nodiscard]] std::size_t strong_count(here where = here::current()) const noexcept {
    if (block_ == nullptr) return 0;
    check(handle_use::count, where);
    return block_->counts.strong_count();
  }
  // Weak handles to this value (the implicit weak is not counted), as Rust reports it.
  [[nodiscard]] std::size_t weak_count(here where = here::current()) const noexcept {
    if (block_ == nullptr) return 0;
    check(handle_use::count, where);
    return block_->counts.weak_count_from_strong();
  }

  [[nodiscard]] weak_type downgrade(here where = here::current()) const {
    check(handle_use::downgrade, where);
    block_->counts.add_weak_from_strong();
    return weak_type(block_, where);
  }

  // The value, mutable, when this is the only strong handle and no Weak exists (so nobody else
  // can reach it, now or later through an upgrade); null otherwise.
  [[nodiscard]] T* get_mut(here where = here::current()) noexcept {
    check(handle_use::get_mut, where);
    return block_->counts.is_unique() ? std::addressof(block_->value()) : nullptr;
  }

  // Same allocation (not equal values).
  [[nodiscard]] bool ptr_eq(const strong_ref& other) const noexcept {
    return block_ == other.block_;
  }

  // The value moved out when `self` was the only strong handle (Weak handles may exist: they
  // can no longer upgrade); otherwise `self` handed back, unchanged.
  [[nodiscard]] static std::expected<T, strong_ref> try_unwrap(strong_ref&& self,
                                                               here where = here::current()) {
    self.check(handle_use::try_unwrap, where);
    if (!self.block_->counts.try_take_unique()) return std::unexpected(std::move(self));
    block* b = std::exchange(self.block_, nullptr);
    // Strong is 0 now: no upgrade can reach the value. Whether the move below returns or
    // throws, the moved-from value is destroyed and the implicit weak released afterwards.
    struct finish {
      block* b;
      ~finish() { block::destroy_value_and_release_implicit_weak(b); }
    } done{b};
    return std::expected<T, strong_ref>(std::in_place, std::move(b->value()));
  }

  void swap(strong_ref& other) noexcept {
    std::swap(block_, other.block_);
    std::swap(origin_, other.origin_);
  }
  friend void swap(strong_ref& a, strong_ref& b) noexcept { a.swap(b); }

 private:
  friend class weak_ref<T, Counts>;
  using origin = handle_origin<checks_uses<Counts>>;

  strong_ref(const strong_ref& other, handle_use use, here where) noexcept
      : block_(other.block_), origin_(where) {
    if (block_ == nullptr) return;
    other.check(use, where);
    block_->counts.add_strong();
  }
  struct adopt_t {};
  // Takes over a strong reference the caller already counted (Weak::upgrade).
  strong_ref(adopt_t, block* b, here where) noexcept : block_(b), origin_(where) {}

  // Precondition: block_ is not null.
  void check(handle_use use, here where) const noexcept {
    if constexpr (checks_uses<Counts>) block_->counts.check_use(false, use, where, origin_.line());
  }

  block* block_;  // null once moved from
  [[no_unique_address]] origin origin_;
};

// A Weak handle: Weak<T, B> (of Arc) or RcWeak<T, B>. Keeps the block, not the value.
// Default-constructed: empty (upgrade() gives nullopt, both counts 0). Copy is clone.
template <class T, RefCounts Counts>
class weak_ref {
  using block = refcount_block<T, Counts>;
  using here = std::source_location;

 public:
  using element_type = T;
  using strong_type = strong_ref<T, Counts>;

  weak_ref() noexcept = default;
  weak_ref(const weak_ref& other, here where = here::current()) noexcept
      : weak_ref(other, handle_use::clone, where) {}
  weak_ref(weak_ref&& other) noexcept
      : block_(std::exchange(other.block_, nullptr)), origin_(other.origin_) {}
  weak_ref& operator=(const weak_ref& other) noexcept {
    weak_ref(other, handle_use::assign, here{}).swap(*this);
    return *this;
  }
  weak_ref& operator=(weak_ref&& other) noexcept {
    weak_ref(std::move(other)).swap(*this);
    return *this;
  }
  ~weak_ref() {
    if (block_ == nullptr) return;
    check(handle_use::drop, here{});
    block::release_weak(block_);
  }

  // A new strong handle while the value is alive; nullopt once the last strong handle is gone
  // (never resurrects it), or when empty.
  [[nodiscard]] std::optional<strong_type> upgrade(here where = here::current()) const {
    if (block_ == nullptr) return std::nullopt;
    check(handle_use::upgrade, where);
    if (!block_->counts.try_add_strong()) return std::nullopt;
    return strong_type(typename strong_type::adopt_t{}, block_, where);
  }

  [[nodiscard]] std::size_t strong_count(here where = here::current()) const noexcept {
    if (block_ == nullptr) return 0;
    check(handle_use::count, where);
    return block_->counts.strong_count();
  }
  // Weak handles to the value, this one included; 0 once no strong handle remains (as Rust).
  [[nodiscard]] std::size_t weak_count(here where = here::current()) const noexcept {
    if (block_ == nullptr) return 0;
    check(handle_use::count, where);
    return block_->counts.weak_count_from_weak();
  }

  // Same allocation; two empty Weaks are equal.
  [[nodiscard]] bool ptr_eq(const weak_ref& other) const noexcept { return block_ == other.block_; }

  void swap(weak_ref& other) noexcept {
    std::swap(block_, other.block_);
    std::swap(origin_, other.origin_);
  }
  friend void swap(weak_ref& a, weak_ref& b) noexcept { a.swap(b); }

 private:
  friend class strong_ref<T, Counts>;
  using origin = handle_origin<checks_uses<Counts>>;

  weak_ref(const weak_ref& other, handle_use use, here where) noexcept
      : block_(other.block_), origin_(where) {
    if (block_ == nullptr) return;
    other.check(use, where);
    block_->counts.add_weak_from_weak();
  }
  // Takes over a weak reference the caller already counted (downgrade).
  weak_ref(block* b, here where) noexcept : block_(b), origin_(where) {}

  // Precondition: block_ is not null.
  void check(handle_use use, here where) const noexcept {
    if constexpr (checks_uses<Counts>) block_->counts.check_use(true, use, where, origin_.line());
  }

  block* block_ = nullptr;  // null when empty or moved from
  [[no_unique_address]] origin origin_;
};

// make_arc<T, B> and make_rc<T, B> (Handle: Arc<T, B> or Rc<T, B>): a Handle holding T(args...),
// constructed in place. The caller's line is the handle's origin and names its allocation and
// counts in a model's history (built_here), for up to three arguments: a defaulted parameter
// cannot follow a parameter pack, so with more it is this file's line.
template <class Handle, class Backend>
struct make_strong {
  using here = std::source_location;
  [[nodiscard]] Handle operator()(built_here<Backend> at = here::current()) const {
    return Handle(in_place_here<Backend>(std::in_place, at.line()));
  }
  template <class A>
  [[nodiscard]] Handle operator()(A&& a, built_here<Backend> at = here::current()) const {
    return Handle(in_place_here<Backend>(std::in_place, at.line()), std::forward<A>(a));
  }
  template <class A, class B>
  [[nodiscard]] Handle operator()(A&& a, B&& b, built_here<Backend> at = here::current()) const {
    return Handle(in_place_here<Backend>(std::in_place, at.line()), std::forward<A>(a),
                  std::forward<B>(b));
  }
  template <class A, class B, class C>
  [[nodiscard]] Handle operator()(A&& a, B&& b, C&& c,
                                  built_here<Backend> at = here::current()) const {
    return Handle(in_place_here<Backend>(std::in_place, at.line()), std::forward<A>(a),
                  std::forward<B>(b), std::forward<C>(c));
  }
  template <class... Args>
    requires(sizeof...(Args) > 3)
  [[nodiscard]] Handle operator()(Args&&... args) const {
    return Handle(std::in_place, std::forward<Args>(args)...);
  }
};

}  // namespace interleave::detail
