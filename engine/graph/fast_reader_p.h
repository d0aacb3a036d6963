#pragma once
// readGraphFast: the loader's fast path. simdjson's On-Demand API walks the padded input and
// builds the GraphDocument directly (no JSON tree), for inputs that need no diagnostic from
// the reading stage. On anything else (malformed JSON, a wrong type, an unknown or duplicate
// key, a missing required key, a version other than 1, a limit reached, an escape sequence
// \u, a number the two parsers could read differently, ...) it gives up, and the loader
// throws its document away and runs readGraph (reader_p.h) from the start, which produces
// every diagnostic as before. When it succeeds, the document is exactly the one readGraph
// would build (tests/engine/graph compares both on the examples and generated graphs).
// Private to engine/graph.
#include <cstddef>
#include <string_view>

#include "graph/document.h"
#include "graph/load_limits.h"
#include "graph/reader_p.h"

namespace tickscope::graph::detail {

// kFastReadPadding: how many bytes past the end of the input must be readable (allocated;
// their value does not matter) for readGraphFast to run on it in place (SIMDJSON_PADDING).
extern const std::size_t kFastReadPadding;

// readGraphFast: true when `document` and `outcome` hold what readGraph would give and it
// would have reported nothing; false when the caller must run readGraph instead (then
// `document` and `outcome` are in an unspecified state). `capacity` is how many bytes are
// allocated from bytes.data(): with at least bytes.size() + kFastReadPadding the input is
// read in place, else it is first copied into a padded buffer.
bool readGraphFast(std::string_view bytes, std::size_t capacity, const LoadLimits& limits,
                   GraphDocument& document, ReadOutcome& outcome);

}  // namespace tickscope::graph::detail
