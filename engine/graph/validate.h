#pragma once
// validate: the schema checks of spec/graph-format.md on a GraphDocument that was built in
// memory (generator, tests, the debugger's edits) or by the loader, and the resolution the
// runner needs (cell table, action/cell indices, compiled expressions).
//
// Checks: identifiers; duplicate ids across actions and cells; unknown cells in reads,
// writes-collisions, expressions and events; negative costMs/debounceMs/atMs/delayMs;
// settings ranges; computations without writes; expressions that do not parse, are over the
// length limit, use a variable the action does not read, or whose result count differs from
// writes. When an action has no reads (readsFromExpr), its reads become the variables of its
// expr. On success document.resolution is filled and resolution.valid is true; on failure the
// resolution is cleared.
#include <string_view>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/document.h"
#include "graph/expression_cache.h"
#include "graph/load_limits.h"

namespace tickscope::graph {

struct ValidationResult {
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return errors.empty(); }
};

// validate: checks `document` and fills document.resolution. `displayName` stands for FILE in
// messages. Pass a cache to share compiled programs across documents (e.g. reloads).
ValidationResult validate(GraphDocument& document, std::string_view displayName = "<graph>",
                          const LoadLimits& limits = {}, ExpressionCache* cache = nullptr);

}  // namespace tickscope::graph
