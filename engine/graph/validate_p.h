#pragma once
// validateDocument: validate() with the loader's extras: diagnostics go to the load's sink,
// `actionBroken` (BrokenField bits per action, may be null) names fields the reader
// already reported, whose dependent checks are skipped, and `parallel` lets a big document's
// expressions compile on a helper thread while ids are indexed (same results, same
// diagnostics; `cache` must then not be used by anyone else meanwhile). Private to
// engine/graph.
#include <cstdint>
#include <vector>

#include "graph/diagnostic_sink_p.h"
#include "graph/document.h"
#include "graph/expression_cache.h"
#include "graph/load_limits.h"

namespace tickscope::graph::detail {

void validateDocument(GraphDocument& document, DiagnosticSink& sink, const LoadLimits& limits,
                      ExpressionCache& cache, const std::vector<std::uint8_t>* actionBroken,
                      bool parallel);

}  // namespace tickscope::graph::detail
