#pragma once
// Appending JSON tokens to a string: escaped strings and locale-independent shortest
// round-trip numbers. Private to engine/graph.
#include <cstdint>
#include <string>
#include <string_view>

namespace tickscope::graph::detail {

void appendJsonString(std::string& out, std::string_view s);
// appendJsonNumber: shortest text that reads back to the same double ("1", "0.1", "1e+300");
// non-finite values, which JSON cannot hold, become null.
void appendJsonNumber(std::string& out, double value);
void appendJsonInteger(std::string& out, std::uint64_t value);

}  // namespace tickscope::graph::detail
