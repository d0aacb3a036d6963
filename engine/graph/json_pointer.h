#pragma once
// JSON pointers (RFC 6901) of graph document elements, built from indices and ids so that
// errors found at any time (load, validation, run) can name their place in the file.
#include <cstddef>
#include <string>
#include <string_view>

namespace tickscope::graph {

// escapePointerToken: "~" -> "~0", "/" -> "~1"; so that a pointer shows on one line, also a
// backslash -> two backslashes and a control character -> \xNN (as in message quotes): the
// key "a<newline>b" shows as a\x0ab.
std::string escapePointerToken(std::string_view token);

std::string cellPointer(std::string_view cellId);                      // /cells/a
std::string actionPointer(std::size_t action);                         // /actions/3
std::string actionFieldPointer(std::size_t action, std::string_view field);  // /actions/3/expr
std::string actionListPointer(std::size_t action, std::string_view field,
                              std::size_t item);                       // /actions/3/reads/0
std::string eventPointer(std::size_t event);                           // /events/1
std::string eventSetPointer(std::size_t event, std::string_view cellId);  // /events/1/set/a
std::string spawnPointer(std::size_t event, std::size_t task);         // /events/1/spawn/0

}  // namespace tickscope::graph
