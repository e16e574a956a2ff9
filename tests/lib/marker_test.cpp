// Send and Sync (<interleave/marker.hpp>): Rust's answers for the library's types, the rules
// that follow what C++ can see (references, pointers, containers), users' own marks, and what
// spawn, Scope::spawn and the channels accept. What they reject is proved by tests/marker/,
// translation units that must not compile, each with the diagnostic it must give.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <interleave/arc.hpp>
#include <interleave/condvar.hpp>
#include <interleave/marker.hpp>
#include <interleave/mpsc.hpp>
#include <interleave/mutex.hpp>
#include <interleave/rc.hpp>
#include <interleave/rwlock.hpp>
#include <interleave/thread.hpp>

namespace marker_test_types {
struct Plain {};
struct NotSend {};   // e.g. a handle bound to the thread that made it
struct NotSync {};   // e.g. a Cell: movable, never shared
struct Forwards {};  // marked Send exactly when NotSend would be, to test a conditional mark
}  // namespace marker_test_types

template <>
struct interleave::send_trait<marker_test_types::NotSend> : std::false_type {};
template <>
struct interleave::sync_trait<marker_test_types::NotSend> : std::false_type {};
template <>
struct interleave::sync_trait<marker_test_types::NotSync> : std::false_type {};
template <>
struct interleave::send_trait<marker_test_types::Forwards>
    : std::bool_constant<interleave::Send<marker_test_types::NotSend>> {};

namespace marker_test {

using namespace interleave;
using marker_test_types::NotSend;
using marker_test_types::NotSync;
using marker_test_types::Plain;

// Rust's answers, line by line as the Rust documentation gives them.
static_assert(Send<int> && Sync<int> && Send<std::string> && Sync<Plain>);
static_assert(!Send<Rc<int>> && !Sync<Rc<int>>);
static_assert(!Send<RcWeak<int>> && !Sync<RcWeak<int>>);
static_assert(Send<Arc<int>> && Sync<Arc<int>> && Send<Weak<int>> && Sync<Weak<int>>);
static_assert(!Send<Arc<NotSync>> && !Sync<Arc<NotSync>>, "Arc<T>: Send needs T Send and Sync");
static_assert(!Send<Arc<Rc<int>>> && !Send<Weak<Rc<int>>>);
static_assert(Send<Mutex<int>> && Sync<Mutex<int>>);
static_assert(Send<Mutex<NotSync>> && Sync<Mutex<NotSync>>, "a Mutex makes a Send T Sync");
static_assert(!Send<Mutex<Rc<int>>> && !Sync<Mutex<Rc<int>>>);
static_assert(Send<Arc<Mutex<NotSync>>>, "so Arc<Mutex<T>> is how a Send T is shared");
static_assert(!Send<MutexGuard<int>> && Sync<MutexGuard<int>>);
static_assert(!Sync<MutexGuard<NotSync>>);
static_assert(Send<RwLock<int>> && Sync<RwLock<int>>);
static_assert(Send<RwLock<NotSync>> && !Sync<RwLock<NotSync>>, "readers share T: T must be Sync");
static_assert(!Send<RwLockReadGuard<int>> && Sync<RwLockReadGuard<int>>);
static_assert(!Send<RwLockWriteGuard<int>> && Sync<RwLockWriteGuard<int>>);
static_assert(Send<Condvar<>> && Sync<Condvar<>>);
static_assert(Send<mpsc::Sender<int>> && Sync<mpsc::Sender<int>>);
static_assert(Send<mpsc::SyncSender<int>> && Sync<mpsc::SyncSender<int>>);
static_assert(Send<mpsc::Receiver<int>> && !Sync<mpsc::Receiver<int>>);
static_assert(Send<thread::JoinHandle<int>> && Sync<thread::JoinHandle<int>>);

// What C++ can see: a reference or pointer shares its pointee; containers hold their parts.
static_assert(Send<const int&> && Send<Mutex<int>&> && Send<Plain*>);
static_assert(!Send<Rc<int>&> && !Send<Rc<int>*> && !Send<const Rc<int>&>);
static_assert(!Send<NotSync&> && Send<NotSync> && !Send<const NotSync*>);
static_assert(!Send<std::reference_wrapper<Rc<int>>> && Send<std::reference_wrapper<int>>);
static_assert(!Send<std::optional<Rc<int>>> && !Send<std::vector<Rc<int>>>);
static_assert(!Send<std::tuple<int, Rc<int>>> && !Send<std::pair<Rc<int>, int>>);
static_assert(!Send<std::unique_ptr<Rc<int>>> && Send<std::unique_ptr<int>>);
static_assert(!Send<std::shared_ptr<NotSync>> && Send<std::shared_ptr<int>>);
static_assert(!Send<Rc<int>[2]> && Send<int[2]>);
static_assert(!Send<const Rc<int>> && !Send<volatile RcWeak<int>>);

// Users' own marks, unconditional and conditional.
static_assert(!Send<NotSend> && !Sync<NotSend> && Send<NotSync> && !Sync<NotSync>);
static_assert(!Send<marker_test_types::Forwards>);
static_assert(!Send<Arc<NotSend>> && !Send<mpsc::Receiver<std::vector<NotSend>>&>);

// What Rust accepts is accepted: spawn with arguments, a scoped spawn borrowing, channels.
TEST(Marker, spawn_passes_its_arguments_to_the_function_on_the_new_thread) {
  auto h = thread::spawn([](int a, std::string s) { return s + std::to_string(a); }, 42,
                         std::string("answer "));
  EXPECT_EQ(h.join().value(), "answer 42");
  Arc<Mutex<int>> shared = make_arc<Mutex<int>>(0);
  auto add = thread::spawn([](Arc<Mutex<int>> m, int by) { **m->lock() += by; }, shared, 5);
  ASSERT_TRUE(add.join().has_value());
  EXPECT_EQ(**shared->lock(), 5);
  auto moved = thread::spawn([](std::unique_ptr<int> p) { return *p; }, std::make_unique<int>(7));
  EXPECT_EQ(moved.join().value(), 7);
}

TEST(Marker, a_scoped_spawn_takes_arguments_and_may_borrow_what_is_sync) {
  Mutex<int> total(0);
  const int step = 3;
  thread::scope([&](auto& s) {
    for (int i = 0; i < 4; ++i)
      (void)s.spawn([](Mutex<int>& m, const int& by) { **m.lock() += by; }, std::ref(total),
                    std::cref(step));
  });
  EXPECT_EQ(**total.lock(), 12);
}

TEST(Marker, channels_of_send_values_carry_them_across_threads) {
  auto [tx, rx] = mpsc::channel<Arc<int>>();
  auto h = thread::spawn([](mpsc::Sender<Arc<int>> t) { (void)t.send(make_arc<int>(9)); },
                         std::move(tx));
  EXPECT_EQ(*rx.recv().value(), 9);
  ASSERT_TRUE(h.join().has_value());
}

}  // namespace marker_test
