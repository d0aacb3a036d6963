#pragma once
// SweepPane: the Sweep pane. Runs the open document under seeds 0..N-1 in the background
// (sweepRequested; the app's SweepJob runs run::sweep on every core) and shows the seeds
// grouped by outcome (SweepGroupModel). With two groups or more the outcome depends on the
// schedule, and the explanation line says where the first seeds of the first two groups first
// decide differently. "Open seed S at step K" (openSeedRequested) sets the session's seed and
// goes to that step: selecting a group fills in its first seed and the explanation's step;
// double-clicking a group opens it at once.
#include <cstdint>
#include <memory>

#include <QString>
#include <QWidget>

#include "run/sweep.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace tickscope::views {

class SweepGroupModel;

class SweepPane final : public QWidget {
  Q_OBJECT
 public:
  explicit SweepPane(QWidget* parent = nullptr);

  // setDocumentOpen: Start is possible only with a document; `mode` ("pull"/"push") preselects.
  void setDocumentOpen(bool open, const QString& mode = {});
  void setRunning(bool running);
  void setProgress(qint64 done, qint64 total);
  // setResult: the groups of a finished (or cancelled) sweep (null: none).
  void setResult(std::shared_ptr<const run::SweepResult> result);
  void setError(const QString& text);

  QSpinBox* seedCountBox() const { return seeds_; }
  QComboBox* modeBox() const { return mode_; }
  QPushButton* startButton() const { return start_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* summary() const { return summary_; }
  QLabel* explanation() const { return explanation_; }
  QTableView* groupsTable() const { return table_; }
  SweepGroupModel* groupModel() const { return model_; }
  QSpinBox* openSeedBox() const { return openSeed_; }
  QSpinBox* openStepBox() const { return openStep_; }
  QPushButton* openButton() const { return open_; }
  std::shared_ptr<const run::SweepResult> result() const { return result_; }

 public slots:
  // openGroup: opens group `row`'s first seed at the explanation's step for it (0 without one).
  void openGroup(int row);

 signals:
  void sweepRequested(quint64 seeds, const QString& mode);
  void cancelRequested();
  void openSeedRequested(quint64 seed, quint64 step, const QString& mode);

 private:
  void groupSelected();
  void updateButtons();
  // explanationStep: the step of `seed`'s run where the explanation's seeds part (0: none).
  quint64 explanationStep(std::uint64_t seed) const;

  QSpinBox* seeds_;
  QComboBox* mode_;
  QPushButton* start_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* summary_;
  QLabel* explanation_;
  SweepGroupModel* model_;
  QTableView* table_;
  QSpinBox* openSeed_;
  QSpinBox* openStep_;
  QPushButton* open_;
  std::shared_ptr<const run::SweepResult> result_;
  bool documentOpen_ = false;
  bool running_ = false;
};

}  // namespace tickscope::views
