#pragma once
// BreakpointModel: the Breakpoints pane's table, one row per breakpoint in list order (the
// order the debugger reports hits in), with the columns Enabled (a checkbox), Kind (kindText),
// Target, Condition (the condition, or "> N" for the ready queue), Stops (run::describe),
// Hits and Problem (run::checkBreakpoint against the current document, red: a breakpoint
// with a problem never hits). The model does not own the breakpoints: the debug session
// does, and hands its list over with setBreakpoints. Checking or unchecking Enabled changes
// nothing here; it asks (enabledChangeRequested) and the row shows the old state until the
// owner sets the new list. The row of the last hit is highlighted (background, bold, and
// "last hit" as its accessible description); a disabled breakpoint's row is greyed. A list of the same length changes data in
// place (selection kept); another length resets the model.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QColor>
#include <QString>

#include "graph/document.h"
#include "run/breakpoint.h"

namespace tickscope::views {

class BreakpointModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    EnabledColumn,
    KindColumn,
    TargetColumn,
    ConditionColumn,
    StopsColumn,
    HitsColumn,
    ProblemColumn,
    ColumnCount
  };
  enum Role {
    LastHitRole = Qt::UserRole + 1,  // bool: this row is the last stop's breakpoint
    ProblemRole,                     // bool: checkBreakpoint found a problem
  };

  explicit BreakpointModel(QObject* parent = nullptr);

  // setDocument: what the Problem column checks against (null: nothing open, no problems shown).
  void setDocument(std::shared_ptr<const graph::GraphDocument> document);
  // setBreakpoints: the rows; hitCounts is parallel to breakpoints (missing entries count 0).
  void setBreakpoints(const std::vector<run::Breakpoint>& breakpoints, const std::vector<std::uint64_t>& hitCounts);
  // setLastHit: the highlighted row (none, or an index out of range: no highlight).
  void setLastHit(std::optional<std::size_t> index);

  const std::vector<run::Breakpoint>& breakpoints() const { return breakpoints_; }
  const graph::GraphDocument* document() const { return document_.get(); }
  std::optional<std::size_t> lastHit() const { return lastHit_; }
  // problem: the Problem column's text for `row` ("" when it fits the document).
  QString problem(std::size_t row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  // setData: CheckStateRole on the Enabled column emits enabledChangeRequested and returns
  // false (nothing changed here); every other edit is refused.
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

  static QString headerText(int column);
  // kindText: "Action runs", "Cell changes", "Report error", "Cycle detected",
  // "Debounce fires", "Task picked", "Ready queue longer".
  static QString kindText(run::Breakpoint::Kind kind);
  // targetText / conditionText: the Target and Condition columns ("(any)" for an empty
  // target of a kind that allows any; "> N" for the ready queue).
  static QString targetText(const run::Breakpoint& breakpoint);
  static QString conditionText(const run::Breakpoint& breakpoint);
  // problemColor: the red of problems, readable on the application's base colour.
  static QColor problemColor();

 signals:
  void enabledChangeRequested(int row, bool enabled);

 private:
  void recheck();

  std::shared_ptr<const graph::GraphDocument> document_;
  std::vector<run::Breakpoint> breakpoints_;
  std::vector<std::uint64_t> hits_;     // parallel to breakpoints_
  std::vector<QString> problems_;       // parallel to breakpoints_
  std::optional<std::size_t> lastHit_;  // always < breakpoints_.size() when set
};

}  // namespace tickscope::views
