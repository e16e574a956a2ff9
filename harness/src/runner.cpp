#include "interleave/harness/runner.hpp"

#include "child.hpp"
#include "division.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <list>
#include <map>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result_json.hpp"
#include "interleave/harness/sources.hpp"
#include "interleave/harness/utf8.hpp"

namespace interleave::harness {

using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

SearchSettings effective_settings(const Entry& e, const SearchOverrides& o) {
  SearchSettings s = e.defaults;
  if (o.profile == Profile::quick) {
    if (e.expected.expects_pass() && e.twin_of.empty()) {  // a twin searches as its control
      const std::uint64_t cap = e.kind == Kind::property ? quick_scenarios : quick_iterations;
      s.iterations = s.iterations == 0 ? cap : std::min(s.iterations, cap);
    }
    const double time_cap = e.expected.expects_pass() ? quick_seconds : quick_control_seconds;
    s.seconds = s.seconds == 0 ? time_cap : std::min(s.seconds, time_cap);
  }
  if (o.scheduler) s.scheduler = *o.scheduler;
  if (o.iterations) s.iterations = *o.iterations;
  if (o.seconds) s.seconds = *o.seconds;
  if (o.context_bound) s.context_bound = *o.context_bound;
  if (o.seed) s.seed = *o.seed;
  if (o.initial_state) s.initial_state = *o.initial_state;
  if (o.reproduce) s.reproduce = *o.reproduce;
  if (o.mutant) s.mutant = *o.mutant;
  s.search_for = e.expected.defect();
  s.passing = e.expected.passing();
  return s;
}

std::string describe(const SearchOverrides& o) {
  std::vector<std::string> parts;
  if (o.profile == Profile::quick) parts.push_back("profile=quick");
  if (o.scheduler) parts.push_back(fmt::format("scheduler={}", to_string(*o.scheduler)));
  if (o.iterations) parts.push_back(fmt::format("iterations={}", *o.iterations));
  if (o.context_bound) parts.push_back(fmt::format("context-bound={}", *o.context_bound));
  if (o.seed) parts.push_back(fmt::format("seed={}", *o.seed));
  if (o.seconds) parts.push_back(fmt::format("time-budget={}", *o.seconds));
  if (o.initial_state) parts.push_back(fmt::format("state={}", *o.initial_state));
  if (o.reproduce) parts.push_back(fmt::format("reproduce={}", *o.reproduce));
  if (o.mutant) parts.push_back(fmt::format("mutant={}", *o.mutant));
  return fmt::format("{}", fmt::join(parts, " "));
}

// The pipe carries a Verdict in its one JSON form (result_json.hpp): every field of it.
std::string verdict_to_json(const Verdict& v) {
  return result_json(v).dump(
      -1, ' ', false, result_json::error_handler_t::replace);  // a model's text may be any bytes
}

Verdict verdict_from_json(const std::string& text) {
  return result_json::parse(text).get<Verdict>();
}

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-=:,+", c);
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {

// A child's output is kept for the message of a crash, which shows its last 2000 bytes; the
// parent holds at most kept_output of it, however much a child prints.
constexpr std::size_t shown_output = 2000;
constexpr std::size_t kept_output = 64 * 1024;
// How often the parent reads the size of each child when a memory limit is set.
constexpr int memory_poll_ms = 50;

struct Child {
  std::size_t index = 0;
  std::optional<std::size_t> piece;  // searching this piece of its item's divided search
  const Entry* entry = nullptr;
  SearchSettings settings;
  pid_t pid = -1;
  int verdict_fd = -1;
  int output_fd = -1;
  std::string verdict;
  std::string output;
  clock_type::time_point started;
  bool timed_out = false;
  std::uint64_t killed_at_size = 0;  // non-zero: killed for reaching the memory limit
  bool cancelled = false;            // killed: its item's result was decided without it
};

// An item whose search is divided (division.hpp): its pieces, and the verdicts of those done.
struct Divided {
  const Entry* entry = nullptr;
  SearchSettings settings;
  clock_type::time_point started;  // when the child that divided it started
  std::vector<std::string> pieces;
  std::vector<std::optional<Verdict>> verdicts;
  bool decided = false;
};

bool drain(int& fd, std::string& into, std::size_t keep = 0) {
  char buf[65536];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    into.append(buf, static_cast<std::size_t>(n));
    if (keep > 0 && into.size() > 2 * keep) into.erase(0, into.size() - keep);
    return true;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  ::close(fd);
  fd = -1;
  return false;
}

// The child and its process group (anything it started), at once.
void kill_child(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);  // in case it has not made its group yet
}

// A live child's address space in bytes (VmSize), or 0 if it cannot be read.
std::uint64_t address_space(pid_t pid) {
  const std::string path = fmt::format("/proc/{}/statm", pid);
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return 0;
  unsigned long long pages = 0;
  const bool ok = std::fscanf(f, "%llu", &pages) == 1;
  std::fclose(f);
  return ok ? pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

// `divide_into`: non-zero to let the child divide the item's search (ChildSetup).
Child start(std::size_t index, const Entry& e, const SearchSettings& s, const RunOptions& options,
            std::size_t divide_into = 0) {
  int vp[2], op[2];
  if (::pipe2(vp, O_CLOEXEC) != 0)
    throw std::runtime_error(
        fmt::format("could not start its process: pipe: {}", std::strerror(errno)));
  if (::pipe2(op, O_CLOEXEC) != 0) {
    const int err = errno;
    for (int fd : vp) ::close(fd);
    throw std::runtime_error(
        fmt::format("could not start its process: pipe: {}", std::strerror(err)));
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    for (int fd : {vp[0], vp[1], op[0], op[1]}) ::close(fd);
    throw std::runtime_error(
        fmt::format("could not start its process: fork: {}", std::strerror(err)));
  }
  if (pid == 0) {
    ::close(vp[0]);
    ::close(op[0]);
    detail::ChildSetup setup;
    setup.parent = parent;
    setup.verdict_fd = vp[1];
    setup.output_fd = op[1];
    if (options.memory_limit > 0 && memory_limit_enforced)
      setup.address_space_limit = 2 * options.memory_limit;  // the backstop: see runner.hpp
    setup.stop = options.stop;
    setup.divide_into = divide_into;
    setup.divide_after = options.cut_into > 0 ? 0 : options.divide_after;
    detail::child_main(e, s, setup);
  }
  ::setpgid(pid, pid);  // as the child does: whichever runs first, the group exists before a kill
  ::close(vp[1]);
  ::close(op[1]);
  Child c;
  c.index = index;
  c.entry = &e;
  c.settings = s;
  c.pid = pid;
  c.verdict_fd = vp[0];
  c.output_fd = op[0];
  c.started = clock_type::now();
  return c;
}

// A result for `e` with everything but the outcome: what every result carries.
Result result_for(const Entry& e, const SearchSettings& s) {
  Result r;
  static_cast<ItemInfo&>(r) = e;
  r.settings = s;
  return r;
}

std::string signal_text(int sig) { return fmt::format("signal {} ({})", sig, ::strsignal(sig)); }

std::string memory_message(std::uint64_t limit, const std::string& how) {
  return fmt::format("exceeded the memory limit of {}{}", memory_size_text(limit), how);
}

Result finish(Child& c, int status, const RunOptions& options) {
  Result r = result_for(*c.entry, c.settings);
  r.seconds = std::chrono::duration<double>(clock_type::now() - c.started).count();
  std::string_view printed = c.output;
  while (!printed.empty() && std::isspace(static_cast<unsigned char>(printed.back())))
    printed.remove_suffix(1);
  const std::string output = utf8_tail(printed, shown_output);
  const std::string with_output = output.empty() ? "" : ": " + output;
  // What the child wrote to the verdict pipe, if it is a JSON object (see child.hpp).
  json j;
  try {
    if (!c.verdict.empty()) j = json::parse(c.verdict);
  } catch (const std::exception&) {
    j = nullptr;
  }
  const bool is_object = j.is_object();
  const std::uint64_t peak = is_object ? j.value("peak_address_space", std::uint64_t{0}) : 0;
  const std::uint64_t limit = options.memory_limit;
  if (c.timed_out) {
    r.outcome = Outcome::timeout;
    r.message = fmt::format("killed after the {:g} s timeout", options.timeout_seconds);
  } else if (c.killed_at_size > 0) {
    r.outcome = Outcome::crash;
    r.message = memory_message(limit, fmt::format(" (its address space reached {}; killed)",
                                                  memory_size_text(c.killed_at_size)));
  } else if (WIFSIGNALED(status)) {
    r.outcome = Outcome::crash;
    if (limit > 0 && peak >= limit)
      r.message = memory_message(
          limit, fmt::format(": its address space reached {}, then it died on {}{}",
                             memory_size_text(peak), signal_text(WTERMSIG(status)), with_output));
    else
      r.message = fmt::format("died on {}{}", signal_text(WTERMSIG(status)), with_output);
  } else if (!is_object || (!j.contains("error") && !j.contains("defect"))) {
    r.outcome = Outcome::crash;
    r.message = fmt::format("exited with status {} without a verdict{}",
                            WIFEXITED(status) ? WEXITSTATUS(status) : -1, with_output);
  } else if (j.contains("out_of_memory") && limit > 0) {
    r.outcome = Outcome::crash;
    r.message = memory_message(
        limit,
        fmt::format(": an allocation in {} failed (std::bad_alloc) with its address space at {}",
                    j.at("out_of_memory").get<std::string>(), memory_size_text(peak)));
  } else if (j.contains("error")) {
    r.outcome = Outcome::error;
    r.message = j.at("error").get<std::string>();
  } else {
    try {
      r.verdict = verdict_from_json(c.verdict);
      r.outcome = classify(r.expected, r.verdict);
      // A shard's piece of a control decides nothing unless it finds the control's defect: the
      // undivided search reports the first failure in listing order, which may lie in another
      // shard's piece (shard_run.hpp). Merge joins the pieces and decides.
      if (c.settings.piece_count > 0 && !r.expected.expects_pass() &&
          r.outcome != Outcome::expected_failure) {
        r.message = r.verdict.defect.empty()
                        ? "no defect in this piece: merge joins the pieces and decides"
                        : fmt::format(
                              "{} in this piece, not the expected {}: an earlier piece "
                              "may hold that; merge joins the pieces and decides",
                              r.verdict.defect, r.expected.defect());
        r.outcome = Outcome::pass;
      }
      if (explored_nothing(r.verdict)) r.message = std::string(nothing_explored);
    } catch (const std::exception& ex) {
      r.outcome = Outcome::error;
      r.message = fmt::format("unreadable verdict from the child: {}", ex.what());
    }
  }
  r.replay = replay_command(options.program, r);
  make_valid_utf8(r);
  return r;
}

Result not_run(const Entry& e, const SearchSettings& s, const RunOptions& options, int sig,
               bool started, double seconds) {
  Result r = result_for(e, s);
  r.outcome = Outcome::not_run;
  r.seconds = seconds;
  r.message = started
                  ? fmt::format("stopped by {} after {:.1f} s, before it finished",
                                StopSignals::name(sig), seconds)
                  : fmt::format("not started: the run was stopped by {}", StopSignals::name(sig));
  r.replay = replay_command(options.program, r);
  make_valid_utf8(r);
  return r;
}

// The pieces a child asked to divide its item returned (child.hpp), if that is what it wrote.
std::optional<std::vector<std::string>> pieces_returned(const Child& c, int status) {
  if (c.timed_out || c.killed_at_size > 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return std::nullopt;
  try {
    const json j = json::parse(c.verdict);
    if (j.is_object() && j.contains("pieces"))
      return j.at("pieces").get<std::vector<std::string>>();
  } catch (const std::exception&) {
    // not a list of pieces: finish() says what the child left
  }
  return std::nullopt;
}

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

}  // namespace

namespace {

std::string command_without_mutant(const std::string& program, const Result& r) {
  const SearchSettings& s = r.settings;
  std::string cmd;
  if (r.kind == Kind::property && !r.verdict.defect.empty() && !r.verdict.reproduce.empty()) {
    // The shrunk scenario (RapidCheck's reproduce string) and the failing execution of it.
    const Scheduler found_by = r.verdict.replay_scheduler.value_or(s.scheduler);
    cmd = fmt::format("{} replay {} --reproduce {} --scheduler {}", shell_quote(program),
                      shell_quote(r.id), shell_quote(r.verdict.reproduce), to_string(found_by));
    if (found_by == Scheduler::bound)
      cmd += fmt::format(" --context-bound {}", r.verdict.replay_context_bound);
    return cmd + " --state " + shell_quote(r.verdict.final_state);
  }
  if (r.kind == Kind::property) {
    cmd = fmt::format("{} run --filter {} --iterations {} --context-bound {}", shell_quote(program),
                      shell_quote(r.id), s.iterations, s.context_bound);
    if (s.seed > 1) cmd += fmt::format(" --seed {}", s.seed);
    if (s.seconds > 0) cmd += fmt::format(" --time-budget {:g}", s.seconds);
    return cmd;
  }
  if (!r.verdict.defect.empty() && !r.verdict.final_state.empty()) {
    cmd = fmt::format("{} replay {} --scheduler {}", shell_quote(program), shell_quote(r.id),
                      to_string(s.scheduler));
    if (s.scheduler == Scheduler::bound) cmd += fmt::format(" --context-bound {}", s.context_bound);
    return cmd + " --state " + shell_quote(r.verdict.final_state);
  }
  cmd = fmt::format("{} run --filter {} --scheduler {} --iterations {}", shell_quote(program),
                    shell_quote(r.id), to_string(s.scheduler), s.iterations);
  if (s.scheduler == Scheduler::bound) cmd += fmt::format(" --context-bound {}", s.context_bound);
  if (s.scheduler == Scheduler::random && s.seed > 1) cmd += fmt::format(" --seed {}", s.seed);
  if (s.seconds > 0) cmd += fmt::format(" --time-budget {:g}", s.seconds);
  return cmd;
}

}  // namespace

std::string replay_command(const std::string& program, const Result& r) {
  std::string cmd = command_without_mutant(program, r);
  if (!r.settings.mutant.empty()) cmd += " --mutant " + shell_quote(r.settings.mutant);
  return cmd;
}

std::vector<Result> run_items(const std::vector<const Entry*>& items, const RunOptions& options) {
  std::vector<std::optional<Result>> slots(items.size());
  std::list<Child> active;
  std::size_t next = 0;
  const unsigned jobs = std::max(1u, options.jobs);
  const auto timeout = std::chrono::duration<double>(options.timeout_seconds);
  const bool watch_memory = options.memory_limit > 0 && memory_limit_enforced;
  const auto stopped = [&] { return options.stop && options.stop->received() != 0; };
  auto last_tick = clock_type::now();

  // Every result is stored here, named relative to the sources' root; `announce`: handed to
  // on_result too (a result of an item that ran, or could not start).
  auto keep = [&](std::size_t index, Result r, bool announce) {
    make_relative(r, options.source_root);
    if (announce && options.on_result) options.on_result(index, r);
    slots[index] = std::move(r);
  };
  auto deliver = [&](std::size_t index, Result r) { keep(index, std::move(r), true); };

  // Divided items (division.hpp), by index, and the pieces not started yet: (item, piece).
  std::map<std::size_t, Divided> divided;
  std::deque<std::pair<std::size_t, std::size_t>> pending;
  const std::size_t divide_into = jobs > 1 ? pieces_per_job * jobs : 0;

  // A divided item's result, once decided: the children still searching its pieces are stopped.
  auto decide = [&](std::size_t index, Result r) {
    Divided& d = divided.at(index);
    d.decided = true;
    for (auto& c : active)
      if (c.index == index && c.piece && !c.cancelled) {
        kill_child(c.pid);
        c.cancelled = true;
      }
    r.seconds = seconds_since(d.started);
    r.replay = replay_command(options.program, r);
    make_valid_utf8(r);
    deliver(index, std::move(r));
  };
  // A piece that crashed, timed out or could not run: so did the item, at once.
  auto piece_failed = [&](std::size_t index, std::size_t piece, Outcome outcome,
                          const std::string& message) {
    const Divided& d = divided.at(index);
    Result r = result_for(*d.entry, d.settings);
    r.outcome = outcome;
    r.message =
        detail::piece_failure(d.entry->kind, piece, d.pieces.size(), d.pieces[piece], message);
    decide(index, std::move(r));
  };
  auto piece_verdict = [&](std::size_t index, std::size_t piece, Verdict v) {
    Divided& d = divided.at(index);
    d.verdicts[piece] = std::move(v);
    std::optional<Verdict> joined;
    try {
      joined = detail::join_pieces(d.verdicts, d.entry->kind, d.settings.iterations,
                                   d.settings.scheduler, d.entry->threads);
    } catch (const std::logic_error& ex) {
      return piece_failed(index, piece, Outcome::error, ex.what());
    }
    if (!joined) return;
    Result r = result_for(*d.entry, d.settings);
    r.verdict = std::move(*joined);
    r.outcome = classify(r.expected, r.verdict);
    if (explored_nothing(r.verdict)) r.message = std::string(nothing_explored);
    decide(index, std::move(r));
  };
  auto complete = [&](Child& c, int status) {
    if (c.piece) {
      if (divided.at(c.index).decided) return;  // cancelled, or ended as it was
      Result r = finish(c, status, options);
      if (has_verdict(r.outcome))
        piece_verdict(c.index, *c.piece, std::move(r.verdict));
      else
        piece_failed(c.index, *c.piece, r.outcome, r.message);
      return;
    }
    if (auto pieces = pieces_returned(c, status); pieces && options.cut_into > 0) {
      Result r = result_for(*c.entry, c.settings);
      r.outcome = Outcome::not_run;
      r.message = fmt::format("cut into {} pieces", pieces->size());
      if (options.on_cut) options.on_cut(c.index, std::move(*pieces));
      keep(c.index, std::move(r), false);
      return;
    } else if (pieces) {
      Divided& d = divided[c.index];
      d.entry = c.entry;
      d.settings = c.settings;
      d.started = c.started;
      d.verdicts.resize(pieces->size());
      d.pieces = std::move(*pieces);
      for (std::size_t k = 0; k < d.pieces.size(); ++k) pending.emplace_back(c.index, k);
      return;
    }
    deliver(c.index, finish(c, status, options));
  };
  // Starts the next pending piece whose item is not decided; false if there is none.
  auto start_piece = [&]() {
    while (!pending.empty()) {
      const auto [index, piece] = pending.front();
      pending.pop_front();
      const Divided& d = divided.at(index);
      if (d.decided) continue;
      SearchSettings s = d.settings;
      s.piece = d.pieces[piece];
      if (s.seconds > 0) {  // what is left of the item's time budget
        const double spent = seconds_since(d.started);
        if (spent >= s.seconds) {
          Verdict none;
          none.search = SearchEnd::budget_exhausted;
          piece_verdict(index, piece, std::move(none));
          continue;
        }
        s.seconds -= spent;
      }
      try {
        Child c = start(index, *d.entry, s, options);
        c.piece = piece;
        active.push_back(std::move(c));
      } catch (const std::runtime_error& ex) {
        piece_failed(index, piece, Outcome::error, ex.what());
      }
      return true;
    }
    return false;
  };

  // Whatever ends this function early (an exception from a callback, poll), no child outlives it.
  struct reaper {
    std::list<Child>& active;
    void now() {
      for (auto& c : active) kill_child(c.pid);
      for (auto& c : active) {
        ::waitpid(c.pid, nullptr, 0);
        for (int fd : {c.verdict_fd, c.output_fd})
          if (fd >= 0) ::close(fd);
      }
      active.clear();
    }
    ~reaper() { now(); }
  } reap_on_exit{active};

  while ((next < items.size() || !active.empty() || !pending.empty()) && !stopped()) {
    while (active.size() < jobs && (!pending.empty() || next < items.size())) {
      if (start_piece()) continue;  // a divided item's pieces go first: they hold its result
      if (next >= items.size()) break;
      const Entry& e = *items[next];
      SearchSettings s = effective_settings(e, options.search);
      if (options.adjust) options.adjust(next, s);
      if (options.wanted && !options.wanted(next)) {
        Result r = result_for(e, s);
        r.outcome = Outcome::not_run;
        r.message = "not needed: its run was decided before it started";
        keep(next, std::move(r), false);
        ++next;
        continue;
      }
      try {
        if (options.cut_into > 0 && !detail::divisible(e, s, options.divide_after)) {
          Result r = result_for(e, s);
          r.outcome = Outcome::not_run;
          r.message = "not divisible: searched whole";
          keep(next++, std::move(r), false);
          continue;
        }
        const std::size_t divide =
            options.cut_into > 0                                               ? options.cut_into
            : divide_into > 0 && detail::divisible(e, s, options.divide_after) ? divide_into
                                                                               : 0;
        active.push_back(start(next, e, s, options, divide));
      } catch (const std::runtime_error& ex) {  // no process for it (EAGAIN, EMFILE): a result
        Result r = result_for(e, s);
        r.outcome = Outcome::error;
        r.message = ex.what();
        r.replay = replay_command(options.program, r);
        deliver(next, std::move(r));
      }
      ++next;
    }

    std::vector<pollfd> fds;
    std::vector<std::pair<Child*, int*>> owners;
    int wait_ms = watch_memory ? memory_poll_ms : 1000;
    const auto now = clock_type::now();
    for (auto& c : active) {
      for (int* fd : {&c.verdict_fd, &c.output_fd}) {
        if (*fd < 0) continue;
        fds.push_back(pollfd{*fd, POLLIN, 0});
        owners.emplace_back(&c, fd);
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          c.started + std::chrono::duration_cast<clock_type::duration>(timeout) - now);
      wait_ms = std::clamp<int>(static_cast<int>(left.count()) + 1, 0, wait_ms);
    }
    if (options.stop) fds.push_back(pollfd{options.stop->wake_fd(), POLLIN, 0});
    if (!fds.empty() && ::poll(fds.data(), fds.size(), wait_ms) < 0 && errno != EINTR)
      throw std::runtime_error(fmt::format("poll: {}", std::strerror(errno)));
    if (options.on_tick && clock_type::now() - last_tick >= std::chrono::seconds(1)) {
      options.on_tick();
      last_tick = clock_type::now();
    }
    for (std::size_t i = 0; i < owners.size(); ++i) {
      if (fds[i].revents == 0) continue;
      auto [c, fd] = owners[i];
      if (fd == &c->verdict_fd)
        drain(*fd, c->verdict);
      else
        drain(*fd, c->output, kept_output);
    }
    if (stopped()) break;

    for (auto it = active.begin(); it != active.end();) {
      Child& c = *it;
      const bool pipes_closed = c.verdict_fd < 0 && c.output_fd < 0;
      // Only a child still at work is timed out or measured: one whose pipes are closed has
      // ended (or is ending) on its own, and its exit status says how; one that has written to
      // its verdict pipe is reporting (a verdict, or its fatal signal's record) and is not
      // measured either (RLIMIT_AS still bounds it).
      if (!pipes_closed && !c.timed_out && c.killed_at_size == 0) {
        if (clock_type::now() - c.started > timeout) {
          kill_child(c.pid);
          c.timed_out = true;
        } else if (watch_memory && c.verdict.empty()) {
          if (const auto size = address_space(c.pid); size >= options.memory_limit) {
            kill_child(c.pid);
            c.killed_at_size = size;
          }
        }
      }
      if (!pipes_closed && !c.timed_out && c.killed_at_size == 0 && !c.cancelled) {
        ++it;
        continue;
      }
      int status = 0;
      if (::waitpid(c.pid, &status, 0) < 0) status = 0;
      for (int* fd : {&c.verdict_fd, &c.output_fd})
        if (*fd >= 0) {
          ::close(*fd);
          *fd = -1;
        }
      Child done = std::move(c);  // reaped: out of the list before anything else can throw
      it = active.erase(it);
      complete(done, status);
    }
  }

  if (stopped()) {  // stop every child, then account for every item
    const int sig = options.stop->received();
    for (auto& c : active)
      if (!c.piece)
        keep(c.index, not_run(*c.entry, c.settings, options, sig, true, seconds_since(c.started)),
             false);
    reap_on_exit.now();
    for (const auto& [index, d] : divided)
      if (!d.decided)
        keep(index, not_run(*d.entry, d.settings, options, sig, true, seconds_since(d.started)),
             false);
    for (std::size_t i = next; i < items.size(); ++i) {
      SearchSettings s = effective_settings(*items[i], options.search);
      if (options.adjust) options.adjust(i, s);
      keep(i, not_run(*items[i], s, options, sig, false, 0), false);
    }
  }

  std::vector<Result> results;
  results.reserve(slots.size());
  for (auto& r : slots) results.push_back(std::move(*r));
  return results;
}

}  // namespace interleave::harness
