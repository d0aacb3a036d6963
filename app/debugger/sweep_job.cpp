#include "sweep_job.h"

#include <algorithm>

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include "fresh_watcher.h"

namespace tickscope::app {

SweepJob::SweepJob(QObject* parent) : QObject(parent), watcher_(new QFutureWatcher<Result>(this)) {
  connect(watcher_, &QFutureWatcher<Result>::finished, this, &SweepJob::done);
}

SweepJob::~SweepJob() {
  if (cancel_) cancel_->store(true);
  watcher_->waitForFinished();
}

void SweepJob::start(std::shared_ptr<const graph::GraphDocument> document, std::uint64_t seeds, graph::Mode mode,
                     unsigned threads) {
  if (!document) return;
  forget();
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  run::SweepOptions options;
  options.seeds = seeds;
  options.mode = mode;
  options.threads = threads ? threads : static_cast<unsigned>(std::max(1, QThread::idealThreadCount()));
  auto cancel = cancel_;
  // The queued calls' context is the watcher, a child of this job: once either is gone they are
  // dropped; a forgotten sweep's watcher is no longer watcher_.
  QFutureWatcher<Result>* watcher = watcher_;
  // Progress at most every 1/100 of the seeds (and the last): the UI thread gets few events.
  const std::uint64_t every = std::max<std::uint64_t>(1, seeds / 100);
  options.progress = [cancel, watcher, every](std::uint64_t done, std::uint64_t total) {
    if (done % every == 0 || done == total) {
      QMetaObject::invokeMethod(
          watcher,
          [watcher, done, total] {
            auto* job = static_cast<SweepJob*>(watcher->parent());
            if (job->watcher_ == watcher && job->running_)
              emit job->progress(static_cast<qint64>(done), static_cast<qint64>(total));
          },
          Qt::QueuedConnection);
    }
    return !cancel->load(std::memory_order_relaxed);
  };
  watcher_->setFuture(QtConcurrent::run([document, options]() -> Result {
    try {
      return {std::make_shared<const run::SweepResult>(run::sweep(document, options)), {}};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromStdString(e.what())};
    }
  }));
  setRunning(true);
  emit progress(0, static_cast<qint64>(seeds));
}

void SweepJob::cancel() {
  if (cancel_) cancel_->store(true);
}

void SweepJob::forget() {
  cancel();
  watcher_ = freshWatcher(watcher_, this, &SweepJob::done);
  if (running_) setRunning(false);
}

void SweepJob::done() {
  if (!running_) return;
  const Result result = watcher_->result();
  setRunning(false);
  if (result.sweep) {
    emit finished(result.sweep);
  } else {
    emit failed(result.error);
  }
}

void SweepJob::setRunning(bool running) {
  running_ = running;
  emit runningChanged(running);
}

}  // namespace tickscope::app
