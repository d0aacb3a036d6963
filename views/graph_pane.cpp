#include "graph_pane.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <QAction>
#include <QCheckBox>
#include <QCompleter>
#include <QFutureWatcher>
#include <QLineEdit>
#include <QSpinBox>
#include <QStringListModel>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "graph_legend.h"
#include "graph_overview.h"
#include "graph_view.h"
#include "item_view_setup.h"
#include "structure_hash.h"

namespace tickscope::views {

namespace {

constexpr std::size_t kCachedLayouts = 6;

}  // namespace

// Base: the document's whole structure and what find and focus need of it, built together
// (off the UI thread for large documents).
struct GraphPane::Base {
  std::shared_ptr<const GraphStructure> structure;
  QStringList sortedLabels;  // case-insensitively sorted: the completer searches it by bisection
  std::unordered_map<std::string_view, std::uint32_t> byLabel;  // views structure->labels
  std::vector<std::uint32_t> outStart, outEdges;  // per node + 1: its out-edges (edge indices)
  std::vector<std::uint32_t> inStart, inEdges;    // per node + 1: its in-edges

  static std::shared_ptr<const Base> make(const graph::GraphDocument& document, bool showCells) {
    auto base = std::make_shared<Base>();
    base->structure = buildGraphStructure(document, showCells);
    const GraphStructure& s = *base->structure;
    const std::size_t n = s.nodeCount();
    base->sortedLabels.reserve(static_cast<qsizetype>(n));
    base->byLabel.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      base->sortedLabels << QString::fromStdString(s.labels[i]);
      base->byLabel.emplace(s.labels[i], static_cast<std::uint32_t>(i));
    }
    std::sort(base->sortedLabels.begin(), base->sortedLabels.end(),
              [](const QString& a, const QString& b) { return QString::compare(a, b, Qt::CaseInsensitive) < 0; });
    const auto& edges = s.layoutGraph.edges;
    auto csr = [&](std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& list, bool outgoing) {
      start.assign(n + 1, 0);
      for (const auto& e : edges) ++start[(outgoing ? e.from : e.to) + 1];
      for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
      list.resize(edges.size());
      std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
      for (std::size_t k = 0; k < edges.size(); ++k) list[fill[outgoing ? edges[k].from : edges[k].to]++] = static_cast<std::uint32_t>(k);
    };
    csr(base->outStart, base->outEdges, true);
    csr(base->inStart, base->inEdges, false);
    return base;
  }
};

GraphPane::GraphPane(QWidget* parent)
    : QWidget(parent),
      view_(new GraphView(this)),
      overview_(new GraphOverview(view_)),
      legend_(new GraphLegend(this)),
      toolBar_(new QToolBar(this)),
      showCells_(new QCheckBox(tr("Show cells"), this)),
      focus_(new QCheckBox(tr("Focus"), this)),
      levels_(new QSpinBox(this)),
      find_(new QLineEdit(this)),
      completer_(new QCompleter(this)),
      labels_(new QStringListModel(this)) {
  toolBar_->setAccessibleName(tr("Graph tools"));
  toolBar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  toolBar_->setIconSize(QSize(16, 16));
  fit_ = toolBar_->addAction(tr("Fit"));
  fit_->setToolTip(tr("Show the whole graph (0)"));
  zoomIn_ = toolBar_->addAction(tr("Zoom In"));
  zoomIn_->setToolTip(tr("Zoom in (+, or the mouse wheel)"));
  zoomOut_ = toolBar_->addAction(tr("Zoom Out"));
  zoomOut_->setToolTip(tr("Zoom out (-, or the mouse wheel)"));
  toolBar_->addSeparator();
  showCells_->setToolTip(tr("Draw cells as nodes; folded, an edge goes from a cell's writer to its readers"));
  toolBar_->addWidget(showCells_);
  toolBar_->addSeparator();
  focus_->setToolTip(tr("Show only the selection's upstream and downstream"));
  toolBar_->addWidget(focus_);
  levels_->setRange(1, 50);
  levels_->setValue(kDefaultFocusLevels);
  levels_->setSuffix(tr(" levels"));
  levels_->setAccessibleName(tr("Focus levels"));
  levels_->setToolTip(tr("How many edges upstream and downstream Focus shows"));
  toolBar_->addWidget(levels_);
  toolBar_->addSeparator();
  legendAction_ = toolBar_->addAction(tr("Legend"));
  legendAction_->setCheckable(true);
  legendAction_->setChecked(true);
  legendAction_->setToolTip(tr("Show what the shapes and colours mean"));
  auto* spacer = new QWidget(toolBar_);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  toolBar_->addWidget(spacer);
  find_->setPlaceholderText(tr("Find node (Ctrl+F)"));
  find_->setAccessibleName(tr("Find node"));
  enableClearButton(*find_);
  find_->setMinimumWidth(150);
  find_->setMaximumWidth(260);
  toolBar_->addWidget(find_);

  // Buttons Qt adds on its own, named for screen readers.
  if (auto* more = toolBar_->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button")))
    more->setAccessibleName(tr("More graph tools"));

  completer_->setModel(labels_);
  completer_->setCaseSensitivity(Qt::CaseInsensitive);
  completer_->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
  completer_->setMaxVisibleItems(12);
  find_->setCompleter(completer_);

  auto* findShortcut = new QAction(tr("Find Node"), this);
  findShortcut->setShortcut(QKeySequence::Find);
  findShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  addAction(findShortcut);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(toolBar_);
  layout->addWidget(legend_);
  layout->addWidget(view_, 1);

  connect(fit_, &QAction::triggered, view_, &GraphView::fit);
  connect(zoomIn_, &QAction::triggered, view_, [this] { view_->zoomBy(1.25); });
  connect(zoomOut_, &QAction::triggered, view_, [this] { view_->zoomBy(1 / 1.25); });
  connect(legendAction_, &QAction::toggled, legend_, &QWidget::setVisible);
  connect(findShortcut, &QAction::triggered, this, [this] {
    find_->setFocus(Qt::ShortcutFocusReason);
    find_->selectAll();
  });
  connect(showCells_, &QCheckBox::toggled, this, [this](bool on) {
    if (document_) startBuild(on);
  });
  connect(focus_, &QCheckBox::toggled, this, [this] { refreshShown(); });
  connect(levels_, &QSpinBox::valueChanged, this, [this] {
    if (focus_->isChecked()) refreshShown();
  });
  auto find = [this](const QString& text) {
    if (findHandled_) return;  // the popup's Enter reaches the field too: one find per press
    findHandled_ = true;
    QTimer::singleShot(0, this, [this] { findHandled_ = false; });
    findNode(text);
  };
  connect(find_, &QLineEdit::returnPressed, this, [this, find] { find(find_->text()); });
  connect(completer_, qOverload<const QString&>(&QCompleter::activated), this, find);
  connect(view_, &GraphView::selectionRequested, this, &GraphPane::selectionRequested);
  setDocument(nullptr);
}

GraphPane::~GraphPane() = default;

std::shared_ptr<const GraphStructure> GraphPane::wholeStructure() const { return base_ ? base_->structure : nullptr; }

void GraphPane::setDocument(std::shared_ptr<const graph::GraphDocument> document) {
  document_ = std::move(document);
  ++generation_;
  base_.reset();
  current_.reset();
  layouts_.clear();
  labels_->setStringList({});
  view_->setSnapshot(snapshot_ && snapshotFits(*snapshot_) ? snapshot_ : nullptr);
  if (!document_) {
    view_->setGraph(nullptr, nullptr);
    view_->setPlaceholder(tr("No graph open"));
    return;
  }
  const bool showCells = document_->actions.size() + document_->cellCount() <= kAutoFoldNodes;
  const QSignalBlocker blocker(showCells_);
  showCells_->setChecked(showCells);
  startBuild(showCells);
}

void GraphPane::startBuild(bool showCells) {
  const std::uint64_t generation = ++generation_;
  const std::size_t nodes = document_->actions.size() + (showCells ? document_->cellCount() : 0);
  if (nodes <= kBackgroundNodes) {
    applyBase(Base::make(*document_, showCells));
    return;
  }
  current_.reset();
  view_->setGraph(nullptr, nullptr);
  view_->setPlaceholder(tr("Laying out %1 nodes…").arg(nodes));
  // The job owns what it reads (the document), so the pane may go first; a stale result is dropped.
  auto* watcher = new QFutureWatcher<std::shared_ptr<const Base>>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != generation_ || watcher->future().resultCount() == 0) return;
    applyBase(watcher->future().result());
  });
  watcher->setFuture(QtConcurrent::run([document = document_, showCells] { return Base::make(*document, showCells); }));
}

void GraphPane::applyBase(std::shared_ptr<const Base> base) {
  base_ = std::move(base);
  labels_->setStringList(base_->sortedLabels);
  current_.reset();
  refreshShown();
}

void GraphPane::refreshShown() {
  if (!base_) return;
  std::shared_ptr<const GraphStructure> s = focus_->isChecked() ? focusStructure() : nullptr;
  showStructure(s ? std::move(s) : base_->structure);
}

void GraphPane::showStructure(std::shared_ptr<const GraphStructure> structure) {
  if (current_ && current_->hash == structure->hash && current_->nodeCount() == structure->nodeCount()) return;
  current_ = std::move(structure);
  if (auto layout = cachedLayout(current_->hash)) {
    view_->setGraph(current_, std::move(layout));
    return;
  }
  view_->setGraph(current_, nullptr);
  emit layoutRequested(current_);
}

std::shared_ptr<const layout::GraphLayout> GraphPane::cachedLayout(std::uint64_t hash) const {
  for (const auto& [h, layout] : layouts_) {
    if (h == hash) return layout;
  }
  return nullptr;
}

void GraphPane::setLayout(std::shared_ptr<const layout::GraphLayout> layout, std::uint64_t structureHash) {
  if (!layout || !current_ || structureHash != current_->hash || layout->nodes.size() != current_->nodeCount()) return;
  std::erase_if(layouts_, [&](const auto& entry) { return entry.first == structureHash; });
  layouts_.emplace_back(structureHash, layout);
  if (layouts_.size() > kCachedLayouts) layouts_.erase(layouts_.begin());
  view_->setGraph(current_, std::move(layout));
}

bool GraphPane::snapshotFits(const run::RunSnapshot& snapshot) const {
  return document_ && (snapshot.document == document_ || (snapshot.actions.size() == document_->actions.size() &&
                                                          snapshot.cells.size() == document_->cellCount()));
}

void GraphPane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  snapshot_ = std::move(snapshot);
  view_->setSnapshot(snapshot_ && snapshotFits(*snapshot_) ? snapshot_ : nullptr);
}

void GraphPane::setSelection(const Selection& selection) {
  selection_ = selection;
  if (focus_->isChecked()) refreshShown();
  view_->setSelection(selection);
}

std::shared_ptr<const GraphStructure> GraphPane::focusStructure() const {
  if (!base_) return nullptr;
  const GraphStructure& whole = *base_->structure;
  const std::size_t n = whole.nodeCount();
  std::vector<std::uint32_t> seeds;
  for (std::uint32_t a : selection_.actions) {
    if (a < whole.actionNodes) seeds.push_back(a);  // node a is action a in the whole structure
  }
  for (std::uint32_t c : selection_.cells) {
    const std::int64_t node = whole.cellNode(c);
    if (node >= 0 && static_cast<std::size_t>(node) < n) seeds.push_back(static_cast<std::uint32_t>(node));
  }
  if (seeds.empty()) return nullptr;
  // Breadth-first, N levels down the out-edges and N levels up the in-edges.
  const int levels = levels_->value();
  std::vector<std::uint8_t> kept(n, 0);
  auto walk = [&](const std::vector<std::uint32_t>& start, const std::vector<std::uint32_t>& list, bool down) {
    std::vector<std::uint8_t> seen(n, 0);
    std::vector<std::uint32_t> frontier = seeds;
    for (std::uint32_t s : seeds) seen[s] = 1;
    for (int level = 0; level < levels && !frontier.empty(); ++level) {
      std::vector<std::uint32_t> next;
      for (std::uint32_t u : frontier) {
        for (std::uint32_t i = start[u]; i < start[u + 1]; ++i) {
          const auto& e = whole.layoutGraph.edges[list[i]];
          const std::uint32_t v = down ? e.to : e.from;
          if (!seen[v]) {
            seen[v] = 1;
            next.push_back(v);
          }
        }
      }
      frontier = std::move(next);
    }
    for (std::size_t i = 0; i < n; ++i) kept[i] |= seen[i];
  };
  walk(base_->outStart, base_->outEdges, true);
  walk(base_->inStart, base_->inEdges, false);

  auto s = std::make_shared<GraphStructure>();
  std::vector<std::int32_t> index(n, -1);
  StructureHasher h;
  h.add(whole.hash);
  h.add(0xF0C05ull);
  for (std::size_t i = 0; i < n; ++i) {
    if (!kept[i]) continue;
    index[i] = static_cast<std::int32_t>(s->kinds.size());
    s->kinds.push_back(whole.kinds[i]);
    s->refs.push_back(whole.refs[i]);
    s->labels.push_back(whole.labels[i]);
    s->layoutGraph.nodes.push_back(whole.layoutGraph.nodes[i]);
    if (whole.kinds[i] != GraphStructure::NodeKind::Cell) ++s->actionNodes;
    h.add(i);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (index[i] < 0) continue;
    for (std::uint32_t j = base_->outStart[i]; j < base_->outStart[i + 1]; ++j) {
      const std::uint32_t k = base_->outEdges[j];
      const auto& e = whole.layoutGraph.edges[k];
      if (index[e.to] < 0) continue;
      s->layoutGraph.edges.push_back({static_cast<std::uint32_t>(index[e.from]), static_cast<std::uint32_t>(index[e.to])});
      s->edgeCells.push_back(whole.edgeCells[k]);
    }
  }
  s->cellsShown = whole.cellsShown;
  s->hash = h.h;
  return s;
}

bool GraphPane::findNode(const QString& text) {
  const QString wanted = text.trimmed();
  if (!base_ || wanted.isEmpty()) return false;
  const GraphStructure& whole = *base_->structure;
  std::optional<std::uint32_t> node;
  const std::string key = wanted.toStdString();
  if (auto it = base_->byLabel.find(key); it != base_->byLabel.end()) {
    node = it->second;
  } else {  // ignoring case, else the first label starting with it
    const QStringList& labels = base_->sortedLabels;
    const auto at = std::lower_bound(labels.begin(), labels.end(), wanted, [](const QString& a, const QString& b) {
      return QString::compare(a, b, Qt::CaseInsensitive) < 0;
    });
    if (at != labels.end() && at->startsWith(wanted, Qt::CaseInsensitive)) {
      if (auto it2 = base_->byLabel.find(at->toStdString()); it2 != base_->byLabel.end()) node = it2->second;
    }
  }
  if (!node) return false;
  const bool cell = whole.kinds[*node] == GraphStructure::NodeKind::Cell;
  const std::uint32_t ref = whole.refs[*node];
  const Selection selection = cell ? Selection{{}, {ref}} : Selection::ofAction(ref);
  find_->setText(QString::fromStdString(whole.labels[*node]));
  emit selectionRequested(selection);
  // Centre it now if it is drawn (with Focus on, the new selection brings its own structure).
  if (const auto shown = cell ? view_->nodeOfCell(ref) : view_->nodeOfAction(ref)) view_->centerOnNode(*shown);
  return true;
}

}  // namespace tickscope::views
