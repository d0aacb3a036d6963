#pragma once
// Identifiers of graph files: cell and action ids match [A-Za-z_][A-Za-z0-9_]*.
#include <string_view>

namespace tickscope::graph {

// isIdentifier: whether `s` matches [A-Za-z_][A-Za-z0-9_]* (ASCII only, not empty).
constexpr bool isIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool isIdentifierChar(char c) { return isIdentifierStart(c) || (c >= '0' && c <= '9'); }
constexpr bool isIdentifier(std::string_view s) {
  if (s.empty() || !isIdentifierStart(s.front())) return false;
  for (char c : s)
    if (!isIdentifierChar(c)) return false;
  return true;
}

}  // namespace tickscope::graph
