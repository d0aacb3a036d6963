#pragma once
// GraphDocument: the in-memory form of a `*.tsg.json` graph file (spec/graph-format.md
// sections 1 and 6), plus what validate() derives from it for the runner.
//
// Content (name, settings, cells, actions, events) is what the file says, in file order;
// saveGraph() writes it back and loadGraph(saveGraph(doc)) == doc. `resolution` is derived
// data: it is empty until validate() (or loadGraph(), which calls it) succeeds, and is stale
// after any edit of the content — call validate() again. operator== compares content only.
//
// Positions: elements are addressed by JSON pointers built from their indices
// (graph/json_pointer.h: actionPointer(i), cellPointer(id), eventPointer(i), ...), so errors
// found later, at run time too, can name the place in the file without storing positions.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/expression.h"
#include "graph/id_index.h"

namespace tickscope::graph {

enum class Mode : std::uint8_t { Pull, Push };
enum class ActionKind : std::uint8_t { Computation, Effect };

std::string_view toString(Mode mode);              // "pull" / "push"
std::string_view toString(ActionKind kind);        // "computation" / "effect"
std::optional<Mode> parseMode(std::string_view s);
std::optional<ActionKind> parseActionKind(std::string_view s);

struct CycleSettings {
  double budgetMs = 16;     // summed average member cost below this: converge "fast"
  int maxIterations = 20;   // a cycle still dirty after this many iterations is stopped
  friend bool operator==(const CycleSettings&, const CycleSettings&) = default;
};

struct AutoDebounceSettings {
  bool enabled = true;
  double thresholdMs = 50;
  int minRuns = 3;
  double delayMs = 100;
  friend bool operator==(const AutoDebounceSettings&, const AutoDebounceSettings&) = default;
};

struct Settings {
  Mode mode = Mode::Pull;
  std::uint64_t seed = 0;
  double epsilon = 0;
  CycleSettings cycle;
  AutoDebounceSettings autoDebounce;
  std::vector<std::string> deprioritize;  // task labels run only when nothing else is ready
  friend bool operator==(const Settings&, const Settings&) = default;
};

// Cell: one entry of the file's "cells" object (declared cells only; a cell that is only
// written by actions is not listed here, see Resolution).
struct Cell {
  std::string id;
  double initial = 0;
  friend bool operator==(const Cell&, const Cell&) = default;
};

struct Action {
  std::string id;
  ActionKind kind = ActionKind::Computation;
  // readsFromExpr: the file has no "reads" key; validate() then fills `reads` with the
  // variables of `expr` (saveGraph omits the key). Next to `kind`: no padding of its own.
  bool readsFromExpr = false;
  // reads: as the file lists them (or from expr, see readsFromExpr).
  std::vector<std::string> reads;
  std::vector<std::string> writes;
  std::optional<std::string> expr;
  double costMs = 0;
  double debounceMs = 0;
  std::optional<std::string> label;
  friend bool operator==(const Action&, const Action&) = default;
};

// Assignment: one `"cell": value` of an event's "set", in file order.
struct Assignment {
  std::string cell;
  double value = 0;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

// SpawnTask: a background task of a request event (spec section 6).
struct SpawnTask {
  std::string name;
  double delayMs = 0;
  bool waitUntil = false;
  friend bool operator==(const SpawnTask&, const SpawnTask&) = default;
};

struct Event {
  double atMs = 0;
  std::vector<Assignment> set;           // one batch, in file order
  std::optional<std::string> session;    // request session id (spec section 6)
  std::vector<SpawnTask> spawn;
  friend bool operator==(const Event&, const Event&) = default;
};

using CellIndex = std::uint32_t;

// ResolvedAction: an action's cells as indices into the resolved cell table, and its
// compiled expression. `inputs[k]` is the cell bound to the expression's variable k. The spans
// view one array shared by every copy of the resolution (Resolution::cellRefs), so they stay
// valid as long as any copy of the document does.
struct ResolvedAction {
  std::span<const CellIndex> reads;
  std::span<const CellIndex> writes;
  Expression expression;          // empty (valid() false) when the action has no expr
  std::span<const CellIndex> inputs;
};

// Resolution: derived by validate(). The cell table is every declared cell in file order
// (index i < document.cells.size()), then every cell that is only written by actions, in
// order of first write; those start at 0.
struct Resolution {
  bool valid = false;                        // validate() found no error
  std::vector<std::string> implicitCells;    // ids of cells written but not declared
  std::vector<ResolvedAction> actions;       // parallel to GraphDocument::actions
  std::vector<std::vector<CellIndex>> eventTargets;  // [event][assignment] -> cell
  // ids: every id, cells and actions in one table (ids are unique across both): a cell's
  // value is its CellIndex, an action's is kActionTag | its index into actions.
  IdIndex ids;
  static constexpr std::uint32_t kActionTag = 0x80000000u;
  std::shared_ptr<const std::vector<CellIndex>> cellRefs;  // storage behind the spans
};

struct GraphDocument {
  std::string name;                          // "name", or the file name without extension
  std::optional<std::string> description;    // extension: free text shown by the debugger
  Settings settings;
  std::vector<Cell> cells;
  std::vector<Action> actions;
  std::vector<Event> events;
  Resolution resolution;

  // cellCount: declared plus implicit cells (after validate()).
  std::size_t cellCount() const { return cells.size() + resolution.implicitCells.size(); }
  // cellId / initialValue: of a resolved cell index (< cellCount()).
  std::string_view cellId(CellIndex i) const;
  double initialValue(CellIndex i) const;
  // findCell / findAction: by id, after validate(); nullopt when unknown.
  std::optional<CellIndex> findCell(std::string_view id) const;
  std::optional<std::size_t> findAction(std::string_view id) const;
  // idOf: the id of an entry of resolution.ids (a cell or a tagged action).
  std::string_view idOf(std::uint32_t tagged) const;

  // operator==: compares content, not resolution.
  friend bool operator==(const GraphDocument& a, const GraphDocument& b) {
    return a.name == b.name && a.description == b.description && a.settings == b.settings &&
           a.cells == b.cells && a.actions == b.actions && a.events == b.events;
  }
};

}  // namespace tickscope::graph
