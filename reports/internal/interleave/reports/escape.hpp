// interleave/reports/escape.hpp (internal: shared by the project's modules, not installed): text
// from a result (an id, an operation, a crash message: any valid UTF-8, markup characters and
// control characters included) made safe for each language a report is written in. One escaper
// per language, here and nowhere else.
#pragma once

#include <string>
#include <string_view>

namespace interleave::reports::escape {

// HTML text or a double- or single-quoted attribute value: & < > " ' as entities; other control
// characters (not allowed in HTML text) shown as \xNN; tab and line breaks kept.
[[nodiscard]] std::string html(std::string_view s);

// GitHub-flavoured Markdown, plain text safe in a table cell or a list item: ASCII punctuation
// that Markdown could read as syntax gets a backslash (GFM reads a backslash before any ASCII
// punctuation as that character), a line break becomes a space (a table row is one line), other
// control characters are written as \xNN.
[[nodiscard]] std::string markdown(std::string_view s);
// `s` as an inline code span, its fence longer than any backtick run inside it. Inside a code
// span backslash escapes do not apply, except that GFM splits table rows on `|` before it parses
// code spans, so in a table (`in_table`) `\|` is still needed. Empty for empty text.
[[nodiscard]] std::string markdown_code(std::string_view s, bool in_table = true);
// A fenced code block with info string `info`; the fence is longer than any backtick run in the
// text.
[[nodiscard]] std::string markdown_code_block(std::string_view text, std::string_view info);

// A file's path as a URL path: every byte but unreserved characters and '/' percent-encoded, so
// ':' cannot start a scheme and '#', '?' and spaces stay part of the path.
[[nodiscard]] std::string url_path(std::string_view path);

// XML 1.0 text or attribute content, for a writer that escapes markup itself (pugixml): XML 1.0
// cannot carry most control characters even escaped, so each becomes '?'; tab and line breaks
// are kept.
[[nodiscard]] std::string xml(std::string_view s);

}  // namespace interleave::reports::escape
