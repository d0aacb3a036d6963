#pragma once
// ComparisonJob: the Compare pane's work, off the window's thread. start() runs the two runs of
// a CompareRequest on Qt Concurrent's pool, each to the end one step at a time with a
// run::DigestLog (cancellable between two steps), compares them (run::compareRuns) and emits
// finished() on the UI thread, or failed() with why (the other graph file does not load...).
// Side A is always the open document; side B is the open document too (another seed, push),
// another graph file run with its own settings, or a recording (*.tstrace: its digest and last
// step are read from it, nothing runs). A new start() or cancel() forgets the run
// under way: it stops at its next step and its result is dropped.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include "compare_pane.h"
#include "graph/document.h"
#include "run/run_comparison.h"
#include "run/run_snapshot.h"

namespace tickscope::app {

class ComparisonJob final : public QObject {
  Q_OBJECT
 public:
  // Side: how one side was run (to open its steps in the window).
  struct Side {
    graph::Mode mode = graph::Mode::Pull;
    std::uint64_t seed = 0;
    QString name;           // what the pane shows: "seed 3", "push", "other.tsg.json"
    bool openable = true;   // the open document's run: its steps can be shown in the window
  };
  struct Result {
    std::shared_ptr<const run::RunComparison> comparison;  // null: failed or cancelled
    QString error;
    bool cancelled = false;
    std::shared_ptr<const run::RunSnapshot> endA, endB;  // each side's last step, with its timeline
  };

  explicit ComparisonJob(QObject* parent = nullptr);
  // ~ComparisonJob: cancels and waits for the run under way.
  ~ComparisonJob() override;

  // start: compares what `request` asks for; `mode` and `seed` are the session's (the side
  // that does not change: pull vs push keeps the seed, seed A vs B the mode, another file's
  // A is the session's run).
  void start(std::shared_ptr<const graph::GraphDocument> document, const views::CompareRequest& request, graph::Mode mode,
             std::uint64_t seed);
  void cancel();
  bool running() const { return running_; }
  // side: how side 0 (A) or 1 (B) of the last start() is run.
  const Side& side(int index) const { return index == 0 ? a_ : b_; }
  // end: side 0 (A) or 1 (B)'s last snapshot, with its timeline, of the last finished run.
  std::shared_ptr<const run::RunSnapshot> end(int index) const { return index == 0 ? endA_ : endB_; }

 signals:
  void finished(const std::shared_ptr<const tickscope::run::RunComparison>& comparison);
  void failed(const QString& text);
  void runningChanged(bool running);

 private:
  void done();
  void setRunning(bool running);

  QFutureWatcher<Result>* watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  Side a_, b_;
  std::shared_ptr<const run::RunSnapshot> endA_, endB_;
  bool running_ = false;
};

}  // namespace tickscope::app
