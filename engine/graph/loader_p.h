#pragma once
// The loader with a choice of reader, for tests and the fuzzer, which compare the fast reader
// (fast_reader_p.h) with the reference reader (reader_p.h). Private to engine/graph.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "graph/loader.h"

namespace tickscope::graph::detail {

enum class ReadPath : std::uint8_t {
  Auto,       // what loadGraph does: the fast reader, the reference reader if it gives up
  Reference,  // the reference (nlohmann SAX) reader only
};

LoadResult loadGraphBytes(std::string_view bytes, std::string_view displayName,
                          const LoadLimits& limits, ReadPath path);

// loadGraphFile: loadGraph with the fast reader's stream window set (0: the default, 4 MiB),
// so tests can make every element cross a window boundary.
LoadResult loadGraphFile(const std::filesystem::path& path, const LoadLimits& limits,
                         std::size_t streamWindow);

}  // namespace tickscope::graph::detail
