#pragma once
// ExpressionShape: an expression with its variable names and numeric literals abstracted, the
// key under which ExpressionCache shares programs. "c12 * 0.5 + c13" becomes
// "_v0 * _c0 + _v1" with variables {c12, c13} and constants {0.5}. Private to engine/graph.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tickscope::graph::detail {

struct ExpressionShape {
  std::string key;
  std::vector<std::string_view> variables;  // distinct, in order of first appearance
  std::vector<double> constants;            // every literal, in order
};

// shapeOf: the shape of `text`, or nullopt when abstracting it could change how muParser
// reads it (string literals, non-ASCII bytes, '=' assignment, a name glued to a number, a
// literal muParser would read differently); such expressions are compiled as written.
// The second form reuses `shape`'s buffers (it is cleared first) and returns false for nullopt.
std::optional<ExpressionShape> shapeOf(std::string_view text);
bool shapeOf(std::string_view text, ExpressionShape& shape);

// variablesInOrder: the distinct names of `names` sorted by first appearance as a word in
// `text` (names not found keep their relative order at the end).
std::vector<std::string> variablesInOrder(std::string_view text, std::vector<std::string> names);

}  // namespace tickscope::graph::detail
