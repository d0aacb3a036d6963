#include "comparison_job.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "fresh_watcher.h"
#include "graph/loader.h"
#include "run/recording.h"
#include "run/run_digest.h"
#include "run/runner.h"

namespace tickscope::app {

namespace {

// Ran: one side's digest and its final snapshot (with its timeline, for the pane's two
// timelines).
struct Ran {
  run::RunDigest digest;
  std::shared_ptr<const run::RunSnapshot> end;
};

// runUnlessCancelled: digestRun with a timeline, stopping between two steps once `cancel` is set.
std::optional<Ran> runUnlessCancelled(std::shared_ptr<const graph::GraphDocument> document, run::RunOptions options,
                                      const std::atomic<bool>& cancel) {
  options.recordTimeline = true;
  run::Runner runner(std::move(document), options);
  const auto log = runner.makeObserver<run::DigestLog>();
  while (runner.step())
    if (cancel.load(std::memory_order_relaxed)) return std::nullopt;
  run::SnapshotOptions snapshotOptions;
  snapshotOptions.recentSteps = 0;
  snapshotOptions.insights = false;
  return Ran{log->digest(runner), std::make_shared<const run::RunSnapshot>(runner.snapshot(snapshotOptions))};
}

}  // namespace

ComparisonJob::ComparisonJob(QObject* parent) : QObject(parent), watcher_(new QFutureWatcher<Result>(this)) {
  connect(watcher_, &QFutureWatcher<Result>::finished, this, &ComparisonJob::done);
}

ComparisonJob::~ComparisonJob() {
  if (cancel_) cancel_->store(true);
  watcher_->waitForFinished();
}

void ComparisonJob::start(std::shared_ptr<const graph::GraphDocument> document, const views::CompareRequest& request,
                          graph::Mode mode, std::uint64_t seed) {
  if (!document) return;
  cancel();
  // A forgotten run's result is dropped with its watcher (the run holds nothing of this job).
  watcher_ = freshWatcher(watcher_, this, &ComparisonJob::done);
  cancel_ = std::make_shared<std::atomic<bool>>(false);

  const QString modeName = QString::fromUtf8(graph::toString(mode).data());
  a_ = {mode, seed, tr("seed %1, %2").arg(seed).arg(modeName), true};
  b_ = a_;
  switch (request.kind) {
    case views::CompareRequest::Kind::Seeds:
      a_.seed = request.seedA;
      b_.seed = request.seedB;
      a_.name = tr("seed %1").arg(request.seedA);
      b_.name = tr("seed %1").arg(request.seedB);
      break;
    case views::CompareRequest::Kind::Modes:
      a_.mode = graph::Mode::Pull;
      b_.mode = graph::Mode::Push;
      a_.name = tr("pull");
      b_.name = tr("push");
      break;
    case views::CompareRequest::Kind::File:
      b_.name = QFileInfo(request.file).fileName();
      b_.openable = false;
      break;
  }
  const Side a = a_, b = b_;
  const QString otherFile = request.kind == views::CompareRequest::Kind::File ? request.file : QString();
  auto cancel = cancel_;
  watcher_->setFuture(QtConcurrent::run([document, a, b, otherFile, cancel]() -> Result {
    Result result;
    try {
      run::RunOptions options;
      options.recorderCapacity = 0;
      options.mode = a.mode;
      options.seed = a.seed;
      std::shared_ptr<const graph::GraphDocument> other = document;
      run::RunOptions otherOptions = options;
      otherOptions.mode = b.mode;
      otherOptions.seed = b.seed;
      // Another recording: its digest and its last step (with its timeline) are in the file;
      // nothing of it runs.
      std::optional<Ran> recorded;
      if (otherFile.endsWith(QStringLiteral(".tstrace"), Qt::CaseInsensitive)) {
        try {
          const auto recording = run::Recording::open(otherFile.toStdString());
          if (!recording->digest()) {
            result.error = tr("%1: the recorded run did not reach its end: it has no outcome to compare").arg(otherFile);
            return result;
          }
          recorded = Ran{*recording->digest(),
                         std::make_shared<const run::RunSnapshot>(recording->snapshotAt(recording->lastStep()))};
        } catch (const run::RecordingError& e) {
          result.error = QString::fromStdString(e.what());
          return result;
        }
      } else if (!otherFile.isEmpty()) {
        graph::LoadResult loaded = graph::loadGraph(otherFile.toStdString(), graph::LoadLimits::fromEnvironment());
        if (!loaded.ok()) {
          result.error = QString::fromStdString(loaded.errorText()).trimmed();
          return result;
        }
        other = std::make_shared<const graph::GraphDocument>(std::move(*loaded.document));
        otherOptions.mode.reset();  // the other file's own settings
        otherOptions.seed.reset();
      }
      const auto da = runUnlessCancelled(document, options, *cancel);
      if (!da) return {nullptr, {}, true, nullptr, nullptr};
      const auto db = recorded ? recorded : runUnlessCancelled(other, otherOptions, *cancel);
      if (!db) return {nullptr, {}, true, nullptr, nullptr};
      result.comparison = std::make_shared<const run::RunComparison>(run::compareRuns(da->digest, db->digest));
      result.endA = da->end;
      result.endB = db->end;
    } catch (const std::exception& e) {
      result.error = QString::fromStdString(e.what());
    }
    return result;
  }));
  setRunning(true);
}

void ComparisonJob::cancel() {
  if (cancel_) cancel_->store(true);
  if (running_) setRunning(false);
}

void ComparisonJob::done() {
  if (!running_ || (cancel_ && cancel_->load())) return;  // cancelled: nobody waits for it
  const Result result = watcher_->result();
  setRunning(false);
  endA_ = result.endA;
  endB_ = result.endB;
  if (result.comparison) {
    emit finished(result.comparison);
  } else if (!result.cancelled) {
    emit failed(result.error);
  }
}

void ComparisonJob::setRunning(bool running) {
  running_ = running;
  emit runningChanged(running);
}

}  // namespace tickscope::app
