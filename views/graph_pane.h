#pragma once
// GraphPane: the Graph pane (spec section 7 title "Graph"): the dependency graph drawn by
// GraphView with GraphLegend above it, GraphOverview over its corner for large graphs, and a
// tool bar: Fit, Zoom In, Zoom Out, "Show cells", Focus with its levels, and Find (Ctrl+F;
// completes node labels; Enter selects the node and centres it).
//
// Structures: setDocument builds the document's GraphStructure (cells shown, or folded above
// kAutoFoldNodes nodes), on the UI thread for small documents and with Qt Concurrent for large
// ones (kBackgroundNodes), dropping a stale build by generation. The pane never lays out: it asks the window (layoutRequested) and shows a
// structure once setLayout brings that structure's layout (matched by hash; anything else is
// stale and dropped); until then the view says "Laying out N nodes…". Showing or hiding
// cells, and Focus (only the selection's upstream and downstream to N levels: a
// sub-structure laid out on its own) build other structures and ask for their layouts the
// same way. The last few layouts are kept by hash, so switching back shows at once.
//
// A focus structure holds the nodes of the document's structure that are at most N edges
// downstream or upstream of a selected node (selected actions, and selected cells when cells
// are shown), in the same order (actions, then cells), with every edge among them. Its
// `refs`, `kinds` and `labels` name them as in the whole structure; its node indices are its
// own (cellNode() does not apply to it).
// UI thread only.
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <QWidget>

#include "graph/document.h"
#include "graph_structure.h"
#include "layout/layout_graph.h"
#include "run/run_snapshot.h"
#include "selection.h"

class QAction;
class QCheckBox;
class QCompleter;
class QLineEdit;
class QSpinBox;
class QStringListModel;
class QToolBar;

namespace tickscope::views {

class GraphLegend;
class GraphOverview;
class GraphView;

class GraphPane final : public QWidget {
  Q_OBJECT
 public:
  // kBackgroundNodes: a structure of more nodes than this is built off the UI thread.
  static constexpr std::size_t kBackgroundNodes = 6000;
  static constexpr int kDefaultFocusLevels = 2;

  explicit GraphPane(QWidget* parent = nullptr);
  ~GraphPane() override;

  // setDocument: the document to draw (null: nothing open). Builds its structure (see above)
  // and emits layoutRequested for it.
  void setDocument(std::shared_ptr<const graph::GraphDocument> document);
  // setLayout: the layout of the structure with hash `structureHash`; applied only if that is
  // the structure shown now (or waited for), else dropped as stale.
  void setLayout(std::shared_ptr<const layout::GraphLayout> layout, std::uint64_t structureHash);
  // setSnapshot: the states and values to draw (a snapshot of another document is not drawn).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: the shared selection, drawn and, with Focus on, what the focus is around.
  void setSelection(const Selection& selection);

  // findNode: asks to select the node labelled `text` (exactly, else ignoring case, else the
  // first label starting with it) and centres it; false when no label matches.
  bool findNode(const QString& text);

  // structure: the structure shown now, or waiting for its layout (null: none).
  const std::shared_ptr<const GraphStructure>& structure() const { return current_; }
  // wholeStructure: the document's whole structure (cells as chosen), focus or not.
  std::shared_ptr<const GraphStructure> wholeStructure() const;

  GraphView* view() const { return view_; }
  GraphOverview* overview() const { return overview_; }
  GraphLegend* legend() const { return legend_; }
  QToolBar* toolBar() const { return toolBar_; }
  QAction* fitAction() const { return fit_; }
  QAction* zoomInAction() const { return zoomIn_; }
  QAction* zoomOutAction() const { return zoomOut_; }
  QAction* legendAction() const { return legendAction_; }
  QCheckBox* showCellsBox() const { return showCells_; }
  QCheckBox* focusBox() const { return focus_; }
  QSpinBox* levelsBox() const { return levels_; }
  QLineEdit* findField() const { return find_; }
  QCompleter* completer() const { return completer_; }

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);
  void layoutRequested(std::shared_ptr<const tickscope::views::GraphStructure> structure);

 private:
  struct Base;

  void startBuild(bool showCells);
  void applyBase(std::shared_ptr<const Base> base);
  void refreshShown();
  void showStructure(std::shared_ptr<const GraphStructure> structure);
  std::shared_ptr<const GraphStructure> focusStructure() const;
  std::shared_ptr<const layout::GraphLayout> cachedLayout(std::uint64_t hash) const;
  bool snapshotFits(const run::RunSnapshot& snapshot) const;

  GraphView* view_;
  GraphOverview* overview_;
  GraphLegend* legend_;
  QToolBar* toolBar_;
  QAction* fit_;
  QAction* zoomIn_;
  QAction* zoomOut_;
  QAction* legendAction_;
  QCheckBox* showCells_;
  QCheckBox* focus_;
  QSpinBox* levels_;
  QLineEdit* find_;
  QCompleter* completer_;
  QStringListModel* labels_;

  std::shared_ptr<const graph::GraphDocument> document_;
  std::shared_ptr<const run::RunSnapshot> snapshot_;
  Selection selection_;
  std::shared_ptr<const Base> base_;
  std::shared_ptr<const GraphStructure> current_;
  std::vector<std::pair<std::uint64_t, std::shared_ptr<const layout::GraphLayout>>> layouts_;  // newest last
  std::uint64_t generation_ = 0;  // of structure builds: a stale one is dropped
  bool findHandled_ = false;      // Enter in the completer's popup also reaches the field
};

}  // namespace tickscope::views
