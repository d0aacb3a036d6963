#pragma once
// The debugger's state colours, in one place: the Graph pane (views/graph_view.cpp), its legend
// and the exports (the PNG and SVG through GraphView, the DOT of run/state_dot.h) all take them
// from here, so a state looks the same wherever the graph is drawn. Qt-free: colours are
// 0xRRGGBB numbers; views turn them into QColor, the DOT writer into "#rrggbb".
#include <cstdint>
#include <string>

#include "run/run_snapshot.h"

namespace tickscope::run {

// NodeFill: a node's fill. An action's is the first of Ran..Clean that holds (nodeFillOf:
// issue 14's precedence, except that never run goes before dirty and check: an action that
// never ran is always dirty too, and "never run" says more: in pull mode, nothing demanded
// it); a cell's is Cell, or CellWritten when an action that writes it ran this step. Badges
// (cycle iteration, debounce time left, "!" for an error under another fill, a deprioritized
// marker) show whatever the fill is.
enum class NodeFill : std::uint8_t {
  Ran,          // ran this step (also a highlight outline)
  Errored,      // red
  InCycle,      // purple, badge: the iteration
  Debounced,    // teal, badge: the time left
  Pending,      // amber
  NeverRun,     // grey, dimmed label
  Dirty,        // orange
  Check,        // light orange: something upstream changed, it may have to run
  Clean,        // white
  Cell,         // a cell
  CellWritten,  // a cell written this step
};
constexpr int kNodeFillCount = 11;

// nodeFillOf: an action's fill by the precedence above.
NodeFill nodeFillOf(const ActionState& state);
// nodeFillRgb: the fill's colour, 0xRRGGBB.
std::uint32_t nodeFillRgb(NodeFill fill);
// nodeFillName: the state's name in English ("ran this step", "dirty"; the views translate
// their own copy).
const char* nodeFillName(NodeFill fill);

// The other colours of a drawn graph, 0xRRGGBB.
namespace colors {
constexpr std::uint32_t kEdge = 0x949da8;           // an edge
constexpr std::uint32_t kFarEdge = 0xcfd4da;        // an edge zoomed out
constexpr std::uint32_t kTravelled = 0x1565c0;      // an edge the last step's change travelled along; Ran's outline
constexpr std::uint32_t kHover = 0xd81b60;          // the hovered node's edges
constexpr std::uint32_t kSelection = 0x111827;      // the selection's thick outline
constexpr std::uint32_t kBorder = 0x5f6873;         // a node's border
constexpr std::uint32_t kBackground = 0xf4f5f7;
constexpr std::uint32_t kLabel = 0x1f2328;          // a node's label
constexpr std::uint32_t kDimmedLabel = 0x7a8088;    // a never-run action's label
constexpr std::uint32_t kValue = 0x2c4a6e;          // a value under a label
constexpr std::uint32_t kErrorBadge = 0xc62828;     // "!": errored under another fill
constexpr std::uint32_t kCycleBadge = 0x6a3fb5;     // "×3": the cycle iteration
constexpr std::uint32_t kDebounceBadge = 0x00796b;  // "40 ms": the debounce time left
constexpr std::uint32_t kDeprioritized = 0x37414d;  // the deprioritized corner mark
}  // namespace colors

// hexColor: "#rrggbb" (lower case) of a 0xRRGGBB colour.
std::string hexColor(std::uint32_t rgb);

}  // namespace tickscope::run
