#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "graph/expression_shape_p.h"
#include "graph/identifier.h"
#include "graph/program_p.h"

namespace tickscope::graph::detail {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// scanNumber: the end of the literal starting at `i`, or npos when muParser might read the
// text differently than std::from_chars (its reader is a std::istream in the C locale).
std::size_t scanNumber(std::string_view t, std::size_t i, double& value) {
  std::size_t j = i;
  while (j < t.size() && (isDigit(t[j]) || t[j] == '.')) ++j;
  if (j < t.size() && (t[j] == 'e' || t[j] == 'E')) {
    std::size_t k = j + 1;
    if (k < t.size() && (t[k] == '+' || t[k] == '-')) ++k;
    if (k >= t.size() || !isDigit(t[k])) return std::string_view::npos;
    while (k < t.size() && isDigit(t[k])) ++k;
    j = k;
  }
  if (j < t.size() && (isIdentifierChar(t[j]) || t[j] == '.')) return std::string_view::npos;
  const char* first = t.data() + i;
  const char* last = t.data() + j;
  const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ec != std::errc() || end != last || !std::isfinite(value)) return std::string_view::npos;
  if (value != 0 && !std::isnormal(value)) return std::string_view::npos;  // subnormal
  if (value == 0 && std::any_of(first, last, [](char c) { return c >= '1' && c <= '9'; })) {
    // "0e5" is zero, "1e-400" underflows: keep only literals made of zeros.
    const auto mantissaEnd = std::find_if(first, last, [](char c) { return c == 'e' || c == 'E'; });
    if (std::any_of(first, mantissaEnd, [](char c) { return c >= '1' && c <= '9'; }))
      return std::string_view::npos;
  }
  return j;
}

// kPlain: the bytes shapeOf copies to the key as they are (not a name, number, '=', '"',
// NUL or non-ASCII byte).
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 1; c < 0x80; ++c)
    plain[static_cast<std::size_t>(c)] =
        !(isIdentifierChar(static_cast<char>(c)) || c == '.' || c == '=' || c == '"');
  return plain;
}();

// appendSlot: "_v3", "_c12" without std::to_string's temporary.
void appendSlot(std::string& key, char kind, std::size_t n) {
  key += '_';
  key += kind;
  if (n < 10) {
    key += static_cast<char>('0' + n);
    return;
  }
  char digits[20];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  key.append(digits, end);
}

}  // namespace

std::optional<ExpressionShape> shapeOf(std::string_view t) {
  ExpressionShape shape;
  if (!shapeOf(t, shape)) return std::nullopt;
  return shape;
}

bool shapeOf(std::string_view t, ExpressionShape& shape) {
  const MuParserNames& names = muParserNames();
  // The first letters of muParser's constants ("_pi", "_e"): most words need no lookup.
  static const std::array<bool, 256> constantStarts = [&names] {
    std::array<bool, 256> starts{};
    for (const std::string& c : names.constants)
      if (!c.empty()) starts[static_cast<unsigned char>(c.front())] = true;
    return starts;
  }();
  shape.key.clear();
  shape.variables.clear();
  shape.constants.clear();
  shape.key.reserve(t.size() + 16);
  std::size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    if (kPlain[static_cast<unsigned char>(c)]) {
      // Operators, parentheses, spaces: copied as they are, a run at a time.
      std::size_t j = i + 1;
      while (j < t.size() && kPlain[static_cast<unsigned char>(t[j])]) ++j;
      shape.key.append(t.data() + i, j - i);
      i = j;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80 || c == '"' || c == '\0') return false;
    if (isIdentifierStart(c)) {
      if (i > 0 && (isDigit(t[i - 1]) || t[i - 1] == '.')) return false;
      std::size_t j = i + 1;
      while (j < t.size() && isIdentifierChar(t[j])) ++j;
      const std::string_view word = t.substr(i, j - i);
      const bool call = j < t.size() && t[j] == '(';
      if ((call && names.isFunction(word)) ||
          (constantStarts[static_cast<unsigned char>(word.front())] && names.isConstant(word))) {
        shape.key.append(word);
      } else {
        auto found = std::find(shape.variables.begin(), shape.variables.end(), word);
        const auto slot = static_cast<std::size_t>(found - shape.variables.begin());
        if (found == shape.variables.end()) shape.variables.push_back(word);
        appendSlot(shape.key, 'v', slot);
      }
      i = j;
      continue;
    }
    if (isDigit(c) || c == '.') {
      if (i > 0 && isIdentifierChar(t[i - 1])) return false;
      double value = 0;
      const std::size_t j = scanNumber(t, i, value);
      if (j == std::string_view::npos) return false;
      appendSlot(shape.key, 'c', shape.constants.size());
      shape.constants.push_back(value);
      i = j;
      continue;
    }
    if (c == '=') {
      // Comparisons only; an assignment could target a literal turned into a slot.
      const bool comparison = (i + 1 < t.size() && t[i + 1] == '=') ||
                              (i > 0 && (t[i - 1] == '<' || t[i - 1] == '>' || t[i - 1] == '!'));
      if (!comparison) return false;
      if (i + 1 < t.size() && t[i + 1] == '=') {
        shape.key += "==";
        i += 2;
        continue;
      }
    }
    shape.key += c;
    ++i;
  }
  return true;
}

std::vector<std::string> variablesInOrder(std::string_view text, std::vector<std::string> names) {
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (first position, original index)
  order.reserve(names.size());
  for (std::size_t n = 0; n < names.size(); ++n) {
    std::size_t first = std::numeric_limits<std::size_t>::max();
    for (std::size_t at = text.find(names[n]); at != std::string_view::npos;
         at = text.find(names[n], at + 1)) {
      const std::size_t end = at + names[n].size();
      const bool startsWord = at == 0 || !isIdentifierChar(text[at - 1]);
      const bool endsWord = end == text.size() || !isIdentifierChar(text[end]);
      if (startsWord && endsWord) {
        first = at;
        break;
      }
    }
    order.emplace_back(first, n);
  }
  std::stable_sort(order.begin(), order.end());
  std::vector<std::string> sorted;
  sorted.reserve(names.size());
  for (const auto& [position, index] : order) sorted.push_back(std::move(names[index]));
  return sorted;
}

}  // namespace tickscope::graph::detail
