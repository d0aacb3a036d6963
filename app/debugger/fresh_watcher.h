#pragma once
// freshWatcher: the background jobs' (ComparisonJob, SweepJob) way to forget a run under way
// without waiting for it: `old` is disconnected from `owner` and deleted once its future has
// finished (at once when it has), and a new watcher, a child of `owner` whose finished() calls
// `done`, takes its place. The forgotten run's result is dropped with its watcher.
#include <QFutureWatcher>
#include <QObject>

namespace tickscope::app {

template <class T, class Owner>
QFutureWatcher<T>* freshWatcher(QFutureWatcher<T>* old, Owner* owner, void (Owner::*done)()) {
  old->disconnect(owner);
  if (old->isFinished()) {
    old->deleteLater();
  } else {
    QObject::connect(old, &QFutureWatcherBase::finished, old, &QObject::deleteLater);
  }
  auto* watcher = new QFutureWatcher<T>(owner);
  QObject::connect(watcher, &QFutureWatcherBase::finished, owner, done);
  return watcher;
}

}  // namespace tickscope::app
