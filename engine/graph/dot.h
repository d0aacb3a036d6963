#pragma once
// toDot: a Graphviz DOT dump of a document, for debugging (`dot -Tsvg`): cells are ellipses,
// computations boxes, effects double octagons; edges go cell -> action (reads) and
// action -> cell (writes). Layout for the debugger lives in views/, not here.
#include <ostream>
#include <string>

#include "graph/document.h"

namespace tickscope::graph {

std::string toDot(const GraphDocument& document);
void writeDot(std::ostream& out, const GraphDocument& document);

}  // namespace tickscope::graph
