#pragma once
// readGraphFast: the loader's fast path. A strict, schema-directed JSON reader (one pass over
// the bytes, no token index, no JSON tree) builds the GraphDocument directly, for inputs that
// need no diagnostic from the reading stage. On anything else (malformed JSON, a wrong type,
// an unknown or repeated key, a missing required key, a version other than 1, a limit
// reached, a \u escape, a number the two parsers could read differently, ...) it gives up,
// and the loader throws its document away and runs readGraph (reader_p.h, nlohmann SAX) from
// the start, which produces every diagnostic as before. When it succeeds, the document is
// exactly the one readGraph would build (tests/engine/graph/reader_parity_tests.cpp compares
// both on the examples, generated graphs, unusual and bad inputs). Private to engine/graph.
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "graph/document.h"
#include "graph/load_limits.h"
#include "graph/reader_p.h"

namespace tickscope::graph::detail {

// readGraphFast: true when `document` and `outcome` hold what readGraph would give and it
// would have reported nothing; false when the caller must run readGraph instead (then
// `document` and `outcome` are in an unspecified state). `bytes` must hold no NUL byte
// (nlohmann stops at one; the loader reports it).
bool readGraphFast(std::string_view bytes, const LoadLimits& limits, GraphDocument& document,
                   ReadOutcome& outcome);

// The same, streaming `file` from its current position through a window of a few MiB instead
// of holding the whole file (its pages were a seventh of a load). `expectedBytes` (the
// file's size) only sizes the actions vector. On false, the caller rewinds the file and reads
// it whole for readGraph. Gives up, too, on an element bigger than a quarter of the window
// (default 4 MiB; tests use tiny ones) and past LoadLimits::maxFileBytes.
struct StreamTimings {
  double readSeconds = 0;  // in fread
};
bool readGraphFast(std::FILE* file, std::uint64_t expectedBytes, const LoadLimits& limits,
                   GraphDocument& document, ReadOutcome& outcome, StreamTimings& timings,
                   std::size_t window = 0);

}  // namespace tickscope::graph::detail
