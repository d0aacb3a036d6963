#pragma once
// readGraph: the streaming half of the loader. It feeds nlohmann's SAX parser straight into a
// GraphDocument (no JSON tree: a million actions stay within the memory goal) and reports
// what can be seen one value at a time: wrong types, missing or duplicate keys, unknown keys,
// the version, the action/cell count limits and the nesting depth. Value checks that need
// the whole document (ids, references, expressions) are validate()'s. Private to engine/graph.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/diagnostic_sink_p.h"
#include "graph/document.h"
#include "graph/load_limits.h"

namespace tickscope::graph::detail {

// Fields the reader could not take (wrong type or missing); validate() skips the checks that
// depend on them rather than report follow-up errors.
enum BrokenField : std::uint8_t {
  kBrokenId = 1,
  kBrokenKind = 2,
  kBrokenReads = 4,
  kBrokenWrites = 8,
  kBrokenExpr = 16,
};

struct ReadOutcome {
  // stopped: reading ended early (malformed JSON, a limit, a top level that is not an
  // object); stopError says why and the document is incomplete.
  bool stopped = false;
  std::optional<Diagnostic> stopError;
  std::size_t stopOffset = 0;  // byte offset of a positioned stopError
  // versionError: "tickscope" missing, mistyped or not 1; reported alone by the loader.
  std::optional<Diagnostic> versionError;
  bool hasName = false;
  std::vector<std::uint8_t> actionBroken;  // BrokenField bits, per action
};

ReadOutcome readGraph(std::string_view bytes, const LoadLimits& limits, GraphDocument& document,
                      DiagnosticSink& sink);

}  // namespace tickscope::graph::detail
