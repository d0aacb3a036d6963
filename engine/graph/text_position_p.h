#pragma once
// Byte offsets to LINE:COLUMN, and the nesting scan used to place a depth error. Private to
// engine/graph.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tickscope::graph::detail {

struct TextPosition {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in UTF-8 code points (other bytes count one each)
};

// positionAt: the position of byte `offset` (offset == bytes.size() is just past the end).
TextPosition positionAt(std::string_view bytes, std::size_t offset);

// nestingExceededAt: the offset of the first '[' or '{' (outside strings) that opens level
// maxDepth + 1, or bytes.size() when nesting stays within maxDepth.
std::size_t nestingExceededAt(std::string_view bytes, std::uint32_t maxDepth);

// firstValueAt: the offset of the first byte that is not JSON whitespace or a UTF-8 BOM.
std::size_t firstValueAt(std::string_view bytes);

// tokenStartAt: the first byte of the JSON token whose last byte is at `offset` (the opening
// quote of a string, the first character of a number or literal, or `offset` itself).
std::size_t tokenStartAt(std::string_view bytes, std::size_t offset);

// literalStartAt: the first letter of the literal ("tru", "nul") that the byte at `offset`
// ended or continued; `offset` when no letter precedes it.
std::size_t literalStartAt(std::string_view bytes, std::size_t offset);

}  // namespace tickscope::graph::detail
