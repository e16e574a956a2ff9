#include "interleave/harness/model_error.hpp"

#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <typeinfo>

#include <fmt/format.h>

namespace interleave::harness::detail {

namespace {

// The last escape, in static storage: it is written inside the simulation, where allocating
// would go through Relacy's heap.
struct escape_record {
  bool set = false;
  char hook[32] = {};
  int thread = -1;
  const std::type_info* type = nullptr;  // null: not known
  bool is_std = false;                   // derived from std::exception: what() is kept
  char what[1024] = {};
};
escape_record last;
out_of_memory_handler on_out_of_memory = nullptr;

void copy(char* to, std::size_t size, const char* from) {
  std::strncpy(to, from ? from : "", size - 1);
  to[size - 1] = '\0';
}

std::string demangled(const std::type_info* t) {
  if (!t) return "an unknown exception";
  int status = 0;
  char* name = abi::__cxa_demangle(t->name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name ? name : t->name();
  std::free(name);
  return out;
}

// Keeps the escaped exception alive for good. Its storage (a std::runtime_error's message, say)
// may come from Relacy's heap, and libstdc++'s compiled code frees it with the sized delete that
// Relacy does not replace: destroying it inside the simulation, or outside it later, would hand
// Relacy's memory to glibc. So a reference is placed here and never released: one small leak per
// escape, after which the search stops anyway.
void keep_forever(std::exception_ptr e) noexcept {
  alignas(std::exception_ptr) static unsigned char slot[sizeof(std::exception_ptr)];
  new (slot) std::exception_ptr(std::move(e));  // the previous one is never destroyed either
}

}  // namespace

void exception_escaped(const char* hook, int thread) noexcept {
  keep_forever(std::current_exception());
  last = escape_record{};
  last.set = true;
  copy(last.hook, sizeof last.hook, hook);
  last.thread = thread;
  last.type = abi::__cxa_current_exception_type();
  try {
    throw;
  } catch (const std::bad_alloc& e) {
    last.is_std = true;
    copy(last.what, sizeof last.what, e.what());
    if (on_out_of_memory) {
      char where[64];
      if (thread >= 0)
        std::snprintf(where, sizeof where, "%s %d", hook, thread);
      else
        std::snprintf(where, sizeof where, "%s", hook);
      on_out_of_memory(where);
    }
  } catch (const std::exception& e) {
    last.is_std = true;
    copy(last.what, sizeof last.what, e.what());
  } catch (...) {
  }
}

std::optional<std::string> take_escape() {
  if (!last.set) return std::nullopt;
  const std::string where =
      last.thread >= 0 ? fmt::format("{} {}", last.hook, last.thread) : std::string(last.hook);
  std::string message = fmt::format("{} threw {}", where, demangled(last.type));
  message += last.is_std ? fmt::format(": {}", last.what) : " (not derived from std::exception)";
  last = escape_record{};
  return message;
}

void set_out_of_memory_handler(out_of_memory_handler h) noexcept { on_out_of_memory = h; }

std::string current_exception_name() { return demangled(abi::__cxa_current_exception_type()); }

}  // namespace interleave::harness::detail
