#include "child.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/model_error.hpp"
#include "division.hpp"
#include "mutants.hpp"

namespace interleave::harness::detail {

namespace {

using json = nlohmann::json;

int verdict_fd = -1;  // this child's verdict pipe, for the handlers below

void write_all(int fd, const char* data, std::size_t size) noexcept {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// Decimal digits of `v` into `out` (no allocation, async-signal-safe); returns the length.
std::size_t digits(std::uint64_t v, char* out) noexcept {
  char tmp[24];
  std::size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (std::size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  return n;
}

// A fatal signal (a segfault, an abort) with a memory limit in effect: tell the parent how large
// the address space got (it decides whether the limit was reached), then die of the signal.
extern "C" void on_fatal_signal(int sig) {
  char record[64] = "{\"peak_address_space\":";
  std::size_t n = std::strlen(record);
  n += digits(peak_address_space(), record + n);
  record[n++] = '}';
  write_all(verdict_fd, record, n);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_fatal_signal_handlers() {
  // Their own stack: a stack overflow is one of the ways to get here.
  static char stack[1 << 16];
  stack_t ss{};
  ss.ss_sp = stack;
  ss.ss_size = sizeof stack;
  ::sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGTRAP})
    ::sigaction(sig, &sa, nullptr);
}

// An allocation failed (std::bad_alloc in `where`) under the memory limit: report it and end the
// child at once. Writes from a static buffer: there may be no memory left, and inside a
// simulation Relacy's own state is not to be trusted after a failed allocation.
[[noreturn]] void report_out_of_memory(const char* where) noexcept {
  static char record[256];
  const int n = std::snprintf(record, sizeof record,
                              "{\"error\":\"%s threw std::bad_alloc\",\"out_of_memory\":\"%s\","
                              "\"peak_address_space\":%llu}",
                              where, where, static_cast<unsigned long long>(peak_address_space()));
  write_all(verdict_fd, record, n > 0 ? std::min<std::size_t>(n, sizeof record - 1) : 0);
  ::_exit(0);
}

// Applies the mutant the settings name (mutation.hpp), once per child: the searches and
// listings that follow all run the mutated program.
void apply_mutant(const SearchSettings& s) {
  if (s.mutant.empty()) return;
  const auto m = parse_mutant(s.mutant);
  if (!m) throw ModelError(m.error());
  mutation::apply(*m);
}

// Runs the item, with the sites it reached in the verdict when its settings ask for them.
Verdict run_with_sites(const Entry& e, const SearchSettings& s) {
  if (s.record_sites) mutation::record_sites();
  Verdict v = e.run(s);
  if (!s.record_sites) return v;
  const auto& reached = mutation::sites_reached();
  if (reached.overflowed)
    throw ModelError(
        fmt::format("the item reached more than {} sites, more than mutation "
                    "testing records",
                    reached.capacity));
  for (std::size_t i = 0; i < reached.count; ++i) v.sites.push_back(site_of(reached.sites[i]));
  std::sort(v.sites.begin(), v.sites.end());
  v.sites.erase(std::unique(v.sites.begin(), v.sites.end()), v.sites.end());
  return v;
}

// The item's verdict, or (asked to divide it) the pieces it is cut into (division.hpp).
std::string run_payload(const Entry& e, const SearchSettings& s, const ChildSetup& setup) {
  apply_mutant(s);
  if (setup.divide_into == 0) return verdict_to_json(run_with_sites(e, s));
  auto found =
      search_or_divide(e, s, setup.divide_after, setup.divide_into,
                       [&](const SearchSettings& probe) { return run_with_sites(e, probe); });
  if (const auto* v = std::get_if<Verdict>(&found)) return verdict_to_json(*v);
  return json{{"pieces", std::get<std::vector<std::string>>(found)}}.dump();
}

std::string error_payload(const std::string& message) {
  return json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::uint64_t peak_address_space() noexcept {
  static char buf[8192];
  const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = 0, got = 0;
  while (got < static_cast<ssize_t>(sizeof buf - 1) &&
         (n = ::read(fd, buf + got, sizeof buf - 1 - static_cast<std::size_t>(got))) > 0)
    got += n;
  ::close(fd);
  buf[got > 0 ? got : 0] = '\0';
  const char* at = std::strstr(buf, "VmPeak:");
  if (!at) return 0;
  at += 7;
  while (*at == ' ' || *at == '\t') ++at;
  std::uint64_t kib = 0;
  for (; *at >= '0' && *at <= '9'; ++at) kib = kib * 10 + static_cast<std::uint64_t>(*at - '0');
  return kib * 1024;
}

void child_main(const Entry& e, const SearchSettings& s, const ChildSetup& setup) {
  ::setpgid(0, 0);  // its own process group: the parent stops it and anything it started at once
  // And it never outlives the runner, however the runner ends (SIGKILL, a crash): a child left
  // behind would run without its timeout or memory watch.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != setup.parent) ::_exit(1);  // the runner was already gone
  if (setup.stop) setup.stop->in_child();
  verdict_fd = setup.verdict_fd;
  ::dup2(setup.output_fd, STDOUT_FILENO);
  ::dup2(setup.output_fd, STDERR_FILENO);
  if (setup.address_space_limit > 0) {
    const rlimit limit{setup.address_space_limit, setup.address_space_limit};
    ::setrlimit(RLIMIT_AS, &limit);
    install_fatal_signal_handlers();
    set_out_of_memory_handler(report_out_of_memory);
  }
  std::string payload;
  try {
    payload = run_payload(e, s, setup);
  } catch (const ModelError& ex) {
    payload = error_payload(ex.what());
  } catch (const std::bad_alloc&) {
    if (setup.address_space_limit > 0) report_out_of_memory("the item");
    payload = error_payload(fmt::format("threw {}", current_exception_name()));
  } catch (const std::exception& ex) {
    payload = error_payload(fmt::format("threw {}: {}", current_exception_name(), ex.what()));
  } catch (...) {
    payload = error_payload(
        fmt::format("threw {} (not derived from std::exception)", current_exception_name()));
  }
  write_all(setup.verdict_fd, payload.data(), payload.size());
  std::fflush(nullptr);
  ::_exit(0);
}

}  // namespace interleave::harness::detail
