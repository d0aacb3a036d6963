#pragma once
// saveGraph: a GraphDocument as `*.tsg.json` text that loads back to an equal document
// (round trip; unknown keys of the original file are not kept). The layout is stable and
// readable: two-space indentation, one action and one event per line, every setting
// written out. Numbers use the shortest form that reads back exactly, independent of the
// locale. GraphWriter is the streaming form, used by the generator for huge graphs.
#include <ostream>
#include <string>

#include "graph/document.h"

namespace tickscope::graph {

// saveGraph: the whole document as JSON text (ends with a newline).
std::string saveGraph(const GraphDocument& document);
// writeGraph: the same bytes, to a stream.
void writeGraph(std::ostream& out, const GraphDocument& document);

// GraphWriter: writes a graph piece by piece, in the file's order: begin(), every cell(),
// every action(), every event(), end(). Calls out of that order throw std::logic_error.
// The bytes equal saveGraph() of the same content.
class GraphWriter {
 public:
  explicit GraphWriter(std::ostream& out) : out_(out) {}
  void begin(const std::string& name, const Settings& settings,
             const std::optional<std::string>& description = std::nullopt);
  void cell(const Cell& cell);
  void action(const Action& action);
  void event(const Event& event);
  void end();

 private:
  enum class Phase { Start, Cells, Actions, Events, Done };
  void enter(Phase phase);
  std::ostream& out_;
  Phase phase_ = Phase::Start;
  bool first_ = true;  // first item of the current section
  std::string buffer_;
};

}  // namespace tickscope::graph
