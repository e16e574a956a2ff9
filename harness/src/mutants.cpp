#include "mutants.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

using mutation::change;
using mutation::operation;

constexpr std::array<std::pair<std::string_view, std::memory_order>, 6> orders = {{
    {"relaxed", std::memory_order::relaxed},
    {"consume", std::memory_order::consume},
    {"acquire", std::memory_order::acquire},
    {"release", std::memory_order::release},
    {"acq_rel", std::memory_order::acq_rel},
    {"seq_cst", std::memory_order::seq_cst},
}};

std::optional<std::memory_order> parse_order(std::string_view s) {
  for (const auto& [name, o] : orders)
    if (name == s) return o;
  return std::nullopt;
}

std::optional<operation> parse_operation(std::string_view s) {
  for (std::size_t i = 0; i < mutation::operation_names.size(); ++i)
    if (mutation::operation_names[i] == s) return static_cast<operation>(i);
  return std::nullopt;
}

// The orders one step weaker than `o` for this kind of operation (a load has no release, a
// store no acquire), and relaxed.
std::vector<std::string_view> weaker_orders(operation op, std::string_view o) {
  const bool rmw = mutation::is_rmw(op);
  std::vector<std::string_view> out;
  if (o == "seq_cst") {
    if (op == operation::load)
      out = {"acquire"};
    else if (op == operation::store)
      out = {"release"};
    else if (rmw)
      out = {"acq_rel"};
  } else if (o == "acq_rel" && rmw) {
    out = {"acquire", "release"};
  }
  if (o != "relaxed") out.push_back("relaxed");
  return out;
}

}  // namespace

std::string_view order_name(std::memory_order o) {
  for (const auto& [name, value] : orders)
    if (value == o) return name;
  return "seq_cst";
}

std::string Mutant::id() const {
  return fmt::format("{}:{}:{}:{}:{}:{}", site.file, site.line, site.column, site.operation,
                     site.order, mutation);
}

std::vector<Mutant> mutants_of(const Site& s) {
  const auto op = parse_operation(s.operation);
  if (!op) return {};
  std::vector<Mutant> out;
  const auto add = [&](std::string_view m) { out.push_back({s, std::string(m)}); };
  if (*op == operation::fence) {
    add("removed");
  } else if (mutation::has_order(*op)) {
    for (auto o : weaker_orders(*op, s.order)) add(o);
  }
  if (mutation::is_rmw(*op)) add("split");
  if (*op == operation::compare_exchange_strong) add("weak");
  if (*op == operation::notify_one || *op == operation::notify_all) add("dropped");
  if (*op == operation::notify_all) add("notify_one");
  if (*op == operation::lock) add("unlocked");
  return out;
}

Site site_of(const mutation::site& s) {
  return Site{s.file,
              s.line,
              s.column,
              std::string(mutation::operation_name(s.op)),
              std::string(order_name(s.order)),
              s.function};
}

std::expected<Mutant, std::string> parse_mutant_id(const std::string& id) {
  const auto bad = [&](std::string_view what) {
    return std::unexpected(
        fmt::format("mutant '{}': {} (a mutant id is "
                    "FILE:LINE:COLUMN:OPERATION:ORDER:MUTATION, as "
                    "`mutate` reports it)",
                    id, what));
  };
  // FILE may hold ':'; the five fields after it do not.
  std::array<std::string_view, 5> field;
  std::string_view rest = id;
  for (int i = 4; i >= 0; --i) {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return bad("it has too few fields");
    field[i] = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  const std::string_view file = rest;
  if (file.empty()) return bad("it names no file");
  if (file.size() >= sizeof mutation::mutant{}.file) return bad("its file name is too long");
  Mutant m;
  m.site.file = file;
  for (auto [text, into] :
       {std::pair{field[0], &m.site.line}, std::pair{field[1], &m.site.column}}) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *into);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
      return bad(fmt::format("'{}' is not a line or column number", text));
  }
  if (!parse_operation(field[2])) return bad(fmt::format("unknown operation '{}'", field[2]));
  m.site.operation = field[2];
  if (!parse_order(field[3])) return bad(fmt::format("unknown memory order '{}'", field[3]));
  m.site.order = field[3];
  // What the mutation may be is what mutants_of gives such a site: anything else is refused.
  const auto allowed = mutants_of(m.site);
  if (std::none_of(allowed.begin(), allowed.end(),
                   [&](const Mutant& a) { return a.mutation == field[4]; })) {
    std::vector<std::string> names;
    for (const auto& a : allowed) names.push_back(a.mutation);
    return bad(fmt::format("'{}' is not a mutation of a {} {} (allowed: {})", field[4], field[3],
                           field[2],
                           names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
  }
  m.mutation = field[4];
  return m;
}

std::expected<mutation::mutant, std::string> parse_mutant(const std::string& id) {
  const auto parsed = parse_mutant_id(id);
  if (!parsed) return std::unexpected(parsed.error());
  const Site& s = parsed->site;
  mutation::mutant m;
  std::memcpy(m.file, s.file.data(), s.file.size());  // parse_mutant_id checked that it fits
  m.line = s.line;
  m.column = s.column;
  m.op = *parse_operation(s.operation);
  m.original = *parse_order(s.order);
  if (const auto to = parse_order(parsed->mutation)) {
    m.what = change::order;
    m.order = *to;
  } else {
    for (std::size_t i = 0; i < mutation::change_names.size(); ++i)
      if (mutation::change_names[i] == parsed->mutation) m.what = static_cast<change>(i);
  }
  return m;
}

}  // namespace interleave::harness
