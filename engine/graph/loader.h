#pragma once
// loadGraph: reads a `*.tsg.json` file into a validated GraphDocument, or lists every input
// error in it (spec/graph-format.md sections 1, 4 and 6).
//
// - Malformed JSON (also: empty file, binary garbage, invalid UTF-8, nesting deeper than
//   LoadLimits::maxDepth) stops at the first problem: exactly one error, FILE:LINE:COLUMN.
// - Otherwise every schema error is reported in one pass (up to LoadLimits::maxErrors), each
//   as FILE: /json/pointer: message naming the action or cell, e.g.
//   `g.tsg.json: /actions/2/reads/0: action "sum" reads unknown cell "q"`.
// - A version other than 1 is reported alone (the rest of a future format is not judged).
// - Unknown keys are warnings, the document still loads.
// The loader never throws for bad input, never crashes and never hangs; it streams the JSON
// straight into the document, without building a JSON tree: a fast reader (simdjson
// On-Demand) first, and when that one meets anything it would have to report, the reference
// reader (nlohmann SAX) from the start, which gives every diagnostic (docs/graph-loading.md).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/document.h"
#include "graph/load_limits.h"

namespace tickscope::graph {

// LoadTimings: where a load spent its wall time, for benchmarks and the debugger's status.
struct LoadTimings {
  double readSeconds = 0;      // reading the file from disk
  double parseSeconds = 0;     // JSON -> document (streaming; both readers when the fast one gave up)
  double validateSeconds = 0;  // validate(): ids, references, expressions
  bool fastPath = false;       // the fast reader read the file (else the reference reader did)
};

struct LoadResult {
  std::optional<GraphDocument> document;  // set, validated and resolved, iff errors is empty
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  LoadTimings timings;

  bool ok() const { return errors.empty() && document.has_value(); }
  // errorText: every error formatted, one per line, ready for standard error.
  std::string errorText() const { return formatAll(errors); }
  std::string warningText() const { return formatAll(warnings); }
};

// loadGraph: loads the file at `path`; messages name it as path.string(). The size limit is
// checked from the file system before anything is read.
LoadResult loadGraph(const std::filesystem::path& path, const LoadLimits& limits = {});

// loadGraphBytes: loads a graph from memory; `displayName` stands for FILE in messages and is
// the default name (without ".tsg.json"/".json") when the document has no "name".
LoadResult loadGraphBytes(std::string_view bytes, std::string_view displayName,
                          const LoadLimits& limits = {});

}  // namespace tickscope::graph
