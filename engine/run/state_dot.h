#pragma once
// writeStateDot: a Graphviz DOT of a run at one moment — the graph of graph/dot.h (cells are
// ellipses, computations boxes, effects double octagons; edges cell -> action for reads and
// action -> cell for writes) with the snapshot's states, drawn as the Graph pane draws them:
//   actions  filled with their state's colour (run/state_colors.h, nodeFillOf), labelled with
//            their id, expression, run count and the states that hold (with the cycle
//            iteration and the debounce time left); one that ran this step has the blue
//            outline, one that never ran a dimmed label;
//   cells    filled pale (light blue when written this step), labelled with id and value;
//   edges    blue and thicker where the last step's change travelled (both ends ran or were
//            written), grey otherwise.
// A graph label says the document, mode, seed, step and virtual time. The bytes depend only
// on the document and the snapshot's fields read here (no addresses, no clock, no locale):
// the same run at the same step gives the same file (`tickscope run --dot` writes the final
// state; the debugger's File > Export > Graph as DOT the current step).
// The snapshot needs its document, validated (snapshot.document->resolution).
#include <ostream>
#include <string>

#include "run/run_snapshot.h"

namespace tickscope::run {

void writeStateDot(std::ostream& out, const RunSnapshot& snapshot);
std::string toStateDot(const RunSnapshot& snapshot);

}  // namespace tickscope::run
