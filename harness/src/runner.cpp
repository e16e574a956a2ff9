#include "interleave/harness/runner.hpp"

#include "scenario_json.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <list>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace interleave::harness {

using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

SearchSettings effective_settings(const Entry& e, const SearchOverrides& o) {
  SearchSettings s = e.defaults;
  if (o.profile == Profile::quick) {
    const std::uint64_t cap = e.kind == Kind::property ? quick_scenarios : quick_iterations;
    s.iterations = s.iterations == 0 ? cap : std::min(s.iterations, cap);
    s.seconds = s.seconds == 0 ? quick_seconds : std::min(s.seconds, quick_seconds);
  }
  if (o.scheduler) s.scheduler = *o.scheduler;
  if (o.iterations) s.iterations = *o.iterations;
  if (o.seconds) s.seconds = *o.seconds;
  if (o.context_bound) s.context_bound = *o.context_bound;
  if (o.seed) s.seed = *o.seed;
  if (o.initial_state) s.initial_state = *o.initial_state;
  if (o.reproduce) s.reproduce = *o.reproduce;
  if (!e.expected.expects_pass()) s.search_for = e.expected.defect();
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
  return fmt::format("{}", fmt::join(parts, " "));
}

std::string verdict_to_json(const Verdict& v) {
  json steps = json::array();
  for (const auto& s : v.trace)
    steps.push_back({{"index", s.index}, {"thread", s.thread}, {"operation", s.operation},
                     {"object", s.object}, {"value", s.value}, {"order", s.order},
                     {"function", s.function}, {"file", s.file}, {"line", s.line}});
  return json{{"defect", v.defect},
              {"detail", v.detail},
              {"iterations", v.iterations},
              {"search_complete", v.search_complete},
              {"final_state", v.final_state},
              {"history", v.history},
              {"other_defects", v.other_defects},
              {"trace", steps},
              {"scenarios", v.scenarios},
              {"shrink_candidates", v.shrink_candidates},
              {"seconds_to_find", v.seconds_to_find},
              {"scenario", v.scenario ? json(*v.scenario) : json(nullptr)},
              {"reproduce", v.reproduce},
              {"replay_scheduler", v.replay_scheduler ? to_string(*v.replay_scheduler) : ""},
              {"replay_context_bound", v.replay_context_bound}}
      .dump();
}

Verdict verdict_from_json(const std::string& text) {
  const json j = json::parse(text);
  Verdict v;
  v.defect = j.at("defect").get<std::string>();
  v.detail = j.at("detail").get<std::string>();
  v.iterations = j.at("iterations").get<std::uint64_t>();
  v.search_complete = j.at("search_complete").get<bool>();
  v.final_state = j.at("final_state").get<std::string>();
  v.history = j.at("history").get<std::string>();
  v.other_defects = j.at("other_defects").get<std::vector<std::string>>();
  for (const auto& s : j.at("trace"))
    v.trace.push_back(Step{s.at("index").get<std::uint64_t>(), s.at("thread").get<int>(),
                           s.at("operation").get<std::string>(), s.at("object").get<std::string>(),
                           s.at("value").get<std::string>(), s.at("order").get<std::string>(),
                           s.at("function").get<std::string>(), s.at("file").get<std::string>(),
                           s.at("line").get<unsigned>()});
  v.scenarios = j.at("scenarios").get<std::uint64_t>();
  v.shrink_candidates = j.at("shrink_candidates").get<std::uint64_t>();
  v.seconds_to_find = j.at("seconds_to_find").get<double>();
  if (!j.at("scenario").is_null()) v.scenario = j.at("scenario").get<ScenarioTable>();
  v.reproduce = j.at("reproduce").get<std::string>();
  v.replay_scheduler = parse_scheduler(j.at("replay_scheduler").get<std::string>());
  v.replay_context_bound = j.at("replay_context_bound").get<unsigned>();
  return v;
}

namespace {

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-=:,+", c);
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void child_main(const Entry& e, const SearchSettings& s, int verdict_fd, int output_fd) {
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  std::string payload;
  try {
    payload = verdict_to_json(e.run(s));
  } catch (const std::exception& ex) {
    payload = json{{"error", fmt::format("threw {}", ex.what())}}.dump();
  } catch (...) {
    payload = json{{"error", "threw an exception that is not a std::exception"}}.dump();
  }
  write_all(verdict_fd, payload);
  std::fflush(nullptr);
  ::_exit(0);
}

struct Child {
  std::size_t index = 0;
  const Entry* entry = nullptr;
  SearchSettings settings;
  pid_t pid = -1;
  int verdict_fd = -1;
  int output_fd = -1;
  std::string verdict;
  std::string output;
  clock_type::time_point started;
  bool timed_out = false;
};

bool drain(int& fd, std::string& into) {
  char buf[65536];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    into.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  ::close(fd);
  fd = -1;
  return false;
}

std::string tail(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : "..." + s.substr(s.size() - n);
}

Child start(std::size_t index, const Entry& e, const SearchSettings& s) {
  int vp[2], op[2];
  if (::pipe(vp) != 0 || ::pipe(op) != 0)
    throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    ::close(vp[0]);
    ::close(op[0]);
    child_main(e, s, vp[1], op[1]);
  }
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

Result finish(Child& c, int status, const RunOptions& options) {
  Result r;
  r.id = c.entry->id;
  r.kind = c.entry->kind;
  r.threads = c.entry->threads;
  r.expected = c.entry->expected;
  r.description = c.entry->description;
  r.file = c.entry->file;
  r.line = c.entry->line;
  r.settings = c.settings;
  r.seconds = std::chrono::duration<double>(clock_type::now() - c.started).count();
  const std::string output = tail(c.output, 2000);
  if (c.timed_out) {
    r.outcome = Outcome::timeout;
    r.message = fmt::format("killed after the {:g} s timeout", options.timeout_seconds);
  } else if (WIFSIGNALED(status)) {
    r.outcome = Outcome::crash;
    r.message = fmt::format("died on signal {} ({}){}{}", WTERMSIG(status),
                            ::strsignal(WTERMSIG(status)), output.empty() ? "" : ": ", output);
  } else if (c.verdict.empty()) {
    r.outcome = Outcome::crash;
    r.message = fmt::format("exited with status {} without a verdict{}{}",
                            WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                            output.empty() ? "" : ": ", output);
  } else {
    try {
      const json j = json::parse(c.verdict);
      if (j.contains("error")) {
        r.outcome = Outcome::error;
        r.message = j.at("error").get<std::string>();
      } else {
        r.verdict = verdict_from_json(c.verdict);
        r.outcome = classify(r.expected, r.verdict);
      }
    } catch (const std::exception& ex) {
      r.outcome = Outcome::error;
      r.message = fmt::format("unreadable verdict from the child: {}", ex.what());
    }
  }
  r.replay = replay_command(options.program, r);
  return r;
}

}  // namespace

std::string replay_command(const std::string& program, const Result& r) {
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

std::vector<Result> run_items(const std::vector<const Entry*>& items, const RunOptions& options) {
  std::vector<std::optional<Result>> slots(items.size());
  std::list<Child> active;
  std::size_t next = 0;
  const unsigned jobs = std::max(1u, options.jobs);
  const auto timeout = std::chrono::duration<double>(options.timeout_seconds);

  auto complete = [&](Child& c, int status) {
    Result r = finish(c, status, options);
    if (options.on_result) options.on_result(r);
    slots[c.index] = std::move(r);
  };

  while (next < items.size() || !active.empty()) {
    while (active.size() < jobs && next < items.size()) {
      const Entry& e = *items[next];
      active.push_back(start(next, e, effective_settings(e, options.search)));
      ++next;
    }

    std::vector<pollfd> fds;
    std::vector<std::pair<Child*, int*>> owners;
    int wait_ms = 1000;
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
    if (!fds.empty() && ::poll(fds.data(), fds.size(), wait_ms) < 0 && errno != EINTR)
      throw std::runtime_error(fmt::format("poll: {}", std::strerror(errno)));
    if (options.on_tick) options.on_tick();
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      auto [c, fd] = owners[i];
      drain(*fd, fd == &c->verdict_fd ? c->verdict : c->output);
    }

    for (auto it = active.begin(); it != active.end();) {
      Child& c = *it;
      if (!c.timed_out && clock_type::now() - c.started > timeout) {
        ::kill(c.pid, SIGKILL);
        c.timed_out = true;
      }
      const bool pipes_closed = c.verdict_fd < 0 && c.output_fd < 0;
      if (!pipes_closed && !c.timed_out) {
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
      complete(c, status);
      it = active.erase(it);
    }
  }

  std::vector<Result> results;
  results.reserve(slots.size());
  for (auto& r : slots) results.push_back(std::move(*r));
  return results;
}

}  // namespace interleave::harness
