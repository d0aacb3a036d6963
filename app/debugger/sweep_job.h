#pragma once
// SweepJob: the Sweep pane's work, off the window's thread: run::sweep of the open document on
// Qt Concurrent's pool, itself on QThread::idealThreadCount() threads, with progress reported
// to the UI thread (progress()) and a cancel that stops it between two runs (the seeds run so
// far are grouped and delivered, marked cancelled). A new start() forgets the sweep under way.
#include <atomic>
#include <cstdint>
#include <memory>

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include "graph/document.h"
#include "run/sweep.h"

namespace tickscope::app {

class SweepJob final : public QObject {
  Q_OBJECT
 public:
  struct Result {
    std::shared_ptr<const run::SweepResult> sweep;  // null: failed
    QString error;
  };

  explicit SweepJob(QObject* parent = nullptr);
  ~SweepJob() override;

  // start: seeds 0..seeds-1 in `mode`; threads 0: QThread::idealThreadCount().
  void start(std::shared_ptr<const graph::GraphDocument> document, std::uint64_t seeds, graph::Mode mode,
             unsigned threads = 0);
  // cancel: the sweep stops starting runs; finished() still comes with what was run.
  void cancel();
  // forget: cancel and drop the result (another document).
  void forget();
  bool running() const { return running_; }

 signals:
  void progress(qint64 done, qint64 total);
  void finished(const std::shared_ptr<const tickscope::run::SweepResult>& result);
  void failed(const QString& text);
  void runningChanged(bool running);

 private:
  void done();
  void setRunning(bool running);

  QFutureWatcher<Result>* watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  bool running_ = false;
};

}  // namespace tickscope::app
