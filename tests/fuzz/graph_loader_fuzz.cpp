// libFuzzer entry point for the graph loader: any bytes must load or give well-formed input
// errors, never crash, hang or trip a sanitizer; whatever loads must round-trip through
// saveGraph, its expressions must evaluate, and its DOT dump must build. Both readers run:
// the loader's (the fast reader, the reference reader when it gives up) and the reference
// reader alone; their results must be identical (errors, warnings, documents).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "graph/dot.h"
#include "graph/loader.h"
#include "graph/loader_p.h"
#include "graph/writer.h"

using namespace tickscope::graph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  LoadLimits limits;
  limits.maxActions = 100000;
  const LoadResult r = loadGraphBytes(bytes, "fuzz.tsg.json", limits);
  const LoadResult reference =
      detail::loadGraphBytes(bytes, "fuzz.tsg.json", limits, detail::ReadPath::Reference);
  if (r.errorText() != reference.errorText() || r.warningText() != reference.warningText() ||
      r.ok() != reference.ok())
    __builtin_trap();
  if (r.ok() && (!(*r.document == *reference.document) ||
                 saveGraph(*r.document) != saveGraph(*reference.document)))
    __builtin_trap();
  if (!r.ok()) {
    if (r.errors.empty()) __builtin_trap();
    for (const Diagnostic& d : r.errors)
      if (d.message.empty() || d.format().find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  const GraphDocument& doc = *r.document;
  const std::string saved = saveGraph(doc);
  const LoadResult again = loadGraphBytes(saved, "fuzz.tsg.json");
  if (!again.ok() || !(*again.document == doc) || saveGraph(*again.document) != saved) __builtin_trap();
  for (const ResolvedAction& a : doc.resolution.actions) {
    if (!a.expression.valid()) continue;
    const std::vector<double> inputs(a.expression.variableCount(), 1.5);
    (void)a.expression.evaluate(inputs);
  }
  (void)toDot(doc);
  return 0;
}
