// interleave::mpsc error types: spelled as the header documents them, each handing back the value
// it could not deliver.
#include <interleave/mpsc/errors.hpp>  // first: the header must compile on its own

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

namespace mpsc_errors_test {

using interleave::mpsc::RecvError;
using interleave::mpsc::RecvTimeoutError;
using interleave::mpsc::SendError;
using interleave::mpsc::TryRecvError;
using interleave::mpsc::TrySendError;

TEST(MpscErrors, send_error_exposes_the_value_and_gives_it_back) {
  SendError<std::unique_ptr<int>> e{std::make_unique<int>(3)};
  ASSERT_NE(e.value, nullptr);
  EXPECT_EQ(*e.value, 3);
  std::unique_ptr<int> back = std::move(e).into_inner();
  EXPECT_EQ(*back, 3);
  EXPECT_EQ(std::string(e.what()), "sending on a closed channel");
}

TEST(MpscErrors, try_send_error_says_which_kind_and_gives_the_value_back) {
  auto full = TrySendError<std::string>::full("a");
  EXPECT_TRUE(full.is_full());
  EXPECT_FALSE(full.is_disconnected());
  EXPECT_EQ(full.kind(), TrySendError<std::string>::Kind::Full);
  EXPECT_EQ(full.get_ref(), "a");
  EXPECT_EQ(std::string(full.what()), "sending on a full channel");
  EXPECT_EQ(std::move(full).into_inner(), "a");

  auto gone = TrySendError<std::string>::disconnected("b");
  EXPECT_FALSE(gone.is_full());
  EXPECT_TRUE(gone.is_disconnected());
  EXPECT_EQ(gone.kind(), TrySendError<std::string>::Kind::Disconnected);
  EXPECT_EQ(std::string(gone.what()), "sending on a closed channel");
  EXPECT_EQ(std::move(gone).into_inner(), "b");
}

TEST(MpscErrors, try_send_error_works_for_move_only_values) {
  auto e = TrySendError<std::unique_ptr<int>>::full(std::make_unique<int>(9));
  EXPECT_EQ(*e.get_ref(), 9);
  EXPECT_EQ(*std::move(e).into_inner(), 9);
}

TEST(MpscErrors, recv_error_is_an_empty_comparable_struct) {
  static_assert(std::is_empty_v<RecvError>);
  EXPECT_EQ(RecvError{}, RecvError{});
  EXPECT_EQ(std::string(RecvError::what()), "receiving on a closed channel");
}

TEST(MpscErrors, receive_error_enums_have_the_rust_kinds) {
  EXPECT_NE(TryRecvError::Empty, TryRecvError::Disconnected);
  EXPECT_NE(RecvTimeoutError::Timeout, RecvTimeoutError::Disconnected);
  EXPECT_EQ(std::string(what(TryRecvError::Empty)), "receiving on an empty channel");
  EXPECT_EQ(std::string(what(RecvTimeoutError::Timeout)), "timed out waiting on channel");
  EXPECT_NE(std::string(what(TryRecvError::Disconnected)), what(TryRecvError::Empty));
  EXPECT_NE(std::string(what(RecvTimeoutError::Disconnected)), what(RecvTimeoutError::Timeout));
}

}  // namespace mpsc_errors_test
