#include "graph/text_position_p.h"

#include <algorithm>

namespace tickscope::graph::detail {

TextPosition positionAt(std::string_view bytes, std::size_t offset) {
  offset = std::min(offset, bytes.size());
  const std::string_view before = bytes.substr(0, offset);
  TextPosition position;
  position.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t lineStart = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  std::size_t column = 1;
  for (std::size_t i = lineStart; i < offset; ++i)
    if ((static_cast<unsigned char>(bytes[i]) & 0xc0) != 0x80) ++column;
  position.column = column;
  return position;
}

std::size_t nestingExceededAt(std::string_view bytes, std::uint32_t maxDepth) {
  std::uint64_t depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
      continue;
    }
    switch (c) {
      case '"': inString = true; break;
      case '[':
      case '{':
        if (++depth > maxDepth) return i;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return bytes.size();
}

std::size_t firstValueAt(std::string_view bytes) {
  std::size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < bytes.size() &&
         (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r'))
    ++i;
  return i;
}

namespace {
bool isWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}
}  // namespace

std::size_t tokenStartAt(std::string_view bytes, std::size_t offset) {
  if (offset >= bytes.size()) return offset;
  if (bytes[offset] == '"') {
    // The closing quote: find the opening one, skipping quotes escaped by an odd number of
    // backslashes.
    for (std::size_t i = offset; i-- > 0;) {
      if (bytes[i] != '"') continue;
      std::size_t slashes = 0;
      for (std::size_t j = i; j-- > 0 && bytes[j] == '\\';) ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return offset;
  }
  if (!isWordByte(bytes[offset])) return offset;
  std::size_t i = offset;
  while (i > 0 && isWordByte(bytes[i - 1])) --i;
  return i;
}

std::size_t literalStartAt(std::string_view bytes, std::size_t offset) {
  if (offset > bytes.size()) offset = bytes.size();
  std::size_t i = offset;
  if (i < bytes.size() && isWordByte(bytes[i])) return tokenStartAt(bytes, i);
  while (i > 0 && ((bytes[i - 1] >= 'a' && bytes[i - 1] <= 'z') || (bytes[i - 1] >= 'A' && bytes[i - 1] <= 'Z'))) --i;
  return i;
}

}  // namespace tickscope::graph::detail
