#include "interleave/harness/sources.hpp"

#include <cctype>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

// Every occurrence of `prefix` in `text` taken out.
void erase_all(std::string& text, std::string_view prefix) {
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at))
    text.erase(at, prefix.size());
}

}  // namespace

std::string relative_to(std::string_view path, std::string_view root) {
  if (root.empty() || root == "/" || path.size() <= root.size() + 1 || !path.starts_with(root) ||
      path[root.size()] != '/')
    return std::string(path);
  return std::string(path.substr(root.size() + 1));
}

void make_relative(Result& r, std::string_view root) {
  if (root.empty() || root == "/") return;
  r.file = relative_to(r.file, root);
  for (auto& s : r.verdict.trace) s.file = relative_to(s.file, root);
  const std::string prefix = std::string(root) + "/";
  erase_all(r.verdict.history, prefix);
  erase_all(r.verdict.detail, prefix);
  erase_all(r.message, prefix);
}

std::string find_project_root(const std::string& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::weakly_canonical(start, ec);
  if (ec) return {};
  for (;;) {
    if (std::filesystem::exists(dir / ".git", ec)) return dir == "/" ? "" : dir.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

std::expected<std::string, std::string> checked_root(const std::string& dir,
                                                     const std::string& cwd) {
  if (dir.empty()) return std::unexpected("the source root is empty");
  std::filesystem::path p(dir);
  if (p.is_relative()) p = std::filesystem::path(cwd) / p;
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec))  // a missing one is simply not a directory
    return std::unexpected(
        fmt::format("the source root '{}' is not a directory{}", dir,
                    ec && ec != std::errc::no_such_file_or_directory ? ": " + ec.message() : ""));
  p = std::filesystem::weakly_canonical(p, ec);
  if (ec) return std::unexpected(fmt::format("the source root '{}': {}", dir, ec.message()));
  std::string out = p.string();
  while (out.size() > 1 && out.ends_with('/')) out.pop_back();
  return out;
}

std::expected<std::string, std::string> checked_source_url(std::string_view url) {
  constexpr std::string_view schemes[] = {"https://", "http://", "file://"};
  bool known = false;
  for (auto scheme : schemes) {
    if (url.size() < scheme.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < scheme.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(url[i])) == scheme[i];
    known = known || same;
  }
  if (!known)
    return std::unexpected(fmt::format(
        "the source URL '{}' is not an http://, https:// or file:// URL", url.substr(0, 200)));
  // RFC 3986's unreserved and reserved characters and '%', less those that could end an HTML
  // attribute or a Markdown link: ' ( )
  constexpr std::string_view allowed = "-._~:/?#[]@!$&*+,;=%";
  if (url.find_first_of("?#") != std::string_view::npos)
    return std::unexpected(fmt::format(
        "the source URL '{}' has a query or fragment ('?' or '#'): a file's path is appended "
        "to it, so it must end in a path",
        url.substr(0, 200)));
  for (unsigned char c : url)
    if (!std::isalnum(c) && allowed.find(static_cast<char>(c)) == std::string_view::npos)
      return std::unexpected(
          fmt::format("the source URL '{}' holds a character a URL cannot hold unencoded ({}): "
                      "percent-encode it",
                      url.substr(0, 200),
                      c < 0x20 || c >= 0x7f ? fmt::format("byte 0x{:02X}", c)
                                            : fmt::format("'{}'", static_cast<char>(c))));
  std::string out(url);
  if (!out.ends_with('/')) out += '/';
  return out;
}

}  // namespace interleave::harness
