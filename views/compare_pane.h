#pragma once
// ComparePane: the Compare pane. Two runs side by side: the open document under seed A and
// seed B, in pull and in push, or against another graph file (run with that file's own
// settings). The pane asks for a comparison (compareRequested) and shows what comes back
// (run/run_comparison.h): the verdict (same outcome or not), the first step whose decisions
// differ with both decisions, a sortable table of per-action run count and total-ms deltas,
// and the cells whose final values differ. Double-clicking a decision (or Go to Step) asks to
// go there (decisionActivated: the side, the step and the actions that step ran); the other
// graph file's side cannot be opened in this window and is not offered. The work itself runs
// elsewhere (the app's ComparisonJob): the pane only shows running / cancel.
#include <cstdint>
#include <memory>

#include <QList>
#include <QString>
#include <QWidget>

#include "run/run_comparison.h"
#include "run/run_snapshot.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

class QTabWidget;

namespace tickscope::views {

class TimelineModel;
class TimelineView;

class ActionDeltaModel;
class CellDifferenceModel;

// CompareRequest: what to compare.
struct CompareRequest {
  enum class Kind { Seeds, Modes, File };
  Kind kind = Kind::Seeds;
  std::uint64_t seedA = 0;  // Seeds
  std::uint64_t seedB = 1;
  QString file;             // File: the other graph file
};

class ComparePane final : public QWidget {
  Q_OBJECT
 public:
  explicit ComparePane(QWidget* parent = nullptr);
  ~ComparePane() override;

  // setDocumentOpen: Compare is possible only with a document open.
  void setDocumentOpen(bool open);
  // setRunning: a comparison is under way (Compare disabled, Cancel enabled).
  void setRunning(bool running);
  // setResult: shows `comparison`; `sideA` / `sideB` say what each run was ("seed 3", "push",
  // "other.tsg.json"); `sideBOpenable`: B's steps can be opened in this window.
  void setResult(std::shared_ptr<const run::RunComparison> comparison, const QString& sideA, const QString& sideB,
                 bool sideBOpenable);
  // setError: the comparison could not be made (the other file does not load...).
  void setError(const QString& text);
  // clear: nothing compared (a new document).
  void clear();
  // setTimelines: each side's last snapshot with its timeline (null: none), drawn one over the
  // other in the "Timelines" tab; after setResult, the first differing step is marked (a range
  // over what each side ran in it, or its time) and zoomed to on both.
  void setTimelines(std::shared_ptr<const run::RunSnapshot> a, std::shared_ptr<const run::RunSnapshot> b);
  // request: the request the controls describe now.
  CompareRequest request() const;

  QComboBox* kindBox() const { return kind_; }
  QSpinBox* seedABox() const { return seedA_; }
  QSpinBox* seedBBox() const { return seedB_; }
  QLineEdit* fileField() const { return file_; }
  QPushButton* compareButton() const { return compare_; }
  QPushButton* cancelButton() const { return cancel_; }
  QPushButton* goToStepButton() const { return goTo_; }
  QLabel* verdict() const { return verdict_; }
  QListWidget* decisions() const { return decisions_; }
  QTableView* actionsTable() const { return actions_; }
  QTableView* cellsTable() const { return cells_; }
  ActionDeltaModel* actionModel() const { return actionModel_; }
  CellDifferenceModel* cellModel() const { return cellModel_; }
  TimelineView* timelineView(int side) const { return side == 0 ? timelineA_ : timelineB_; }
  TimelineModel& timelineModel(int side) { return side == 0 ? *timelineModelA_ : *timelineModelB_; }
  QTabWidget* tabs() const { return tabs_; }
  std::shared_ptr<const run::RunComparison> comparison() const { return comparison_; }

 public slots:
  // activateDecision: what a double-click on side `side`'s decision does (0 A, 1 B).
  void activateDecision(int side);

 signals:
  void compareRequested(const tickscope::views::CompareRequest& request);
  void cancelRequested();
  void decisionActivated(int side, quint64 step, const QList<uint>& actions);

 private:
  void kindChanged();
  void browse();
  void updateButtons();
  // markDifference: the first differing step on side `side`'s timeline.
  void markDifference(int side);

  QComboBox* kind_;
  QSpinBox* seedA_;
  QSpinBox* seedB_;
  QLineEdit* file_;
  QPushButton* browse_;
  QPushButton* compare_;
  QPushButton* cancel_;
  QPushButton* goTo_;
  QLabel* verdict_;
  QListWidget* decisions_;
  ActionDeltaModel* actionModel_;
  QSortFilterProxyModel* actionProxy_;
  QTableView* actions_;
  CellDifferenceModel* cellModel_;
  QTableView* cells_;
  QTabWidget* tabs_;
  QLabel* timelineLabelA_;
  QLabel* timelineLabelB_;
  std::unique_ptr<TimelineModel> timelineModelA_, timelineModelB_;
  TimelineView* timelineA_;
  TimelineView* timelineB_;
  std::shared_ptr<const run::RunComparison> comparison_;
  bool documentOpen_ = false;
  bool running_ = false;
  bool sideBOpenable_ = true;
};

}  // namespace tickscope::views
