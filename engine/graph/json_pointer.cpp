#include "graph/json_pointer.h"

#include <fmt/format.h>

namespace tickscope::graph {

std::string escapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else if (c == '\\') out += "\\\\";
    else if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
    else out += c;
  }
  return out;
}

std::string cellPointer(std::string_view cellId) { return "/cells/" + escapePointerToken(cellId); }

std::string actionPointer(std::size_t action) { return fmt::format("/actions/{}", action); }

std::string actionFieldPointer(std::size_t action, std::string_view field) {
  return fmt::format("/actions/{}/{}", action, escapePointerToken(field));
}

std::string actionListPointer(std::size_t action, std::string_view field, std::size_t item) {
  return fmt::format("/actions/{}/{}/{}", action, escapePointerToken(field), item);
}

std::string eventPointer(std::size_t event) { return fmt::format("/events/{}", event); }

std::string eventSetPointer(std::size_t event, std::string_view cellId) {
  return fmt::format("/events/{}/set/{}", event, escapePointerToken(cellId));
}

std::string spawnPointer(std::size_t event, std::size_t task) {
  return fmt::format("/events/{}/spawn/{}", event, task);
}

}  // namespace tickscope::graph
