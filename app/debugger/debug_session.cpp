#include "debug_session.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "graph/loader.h"
#include "session_settings.h"

namespace tickscope::app {

namespace {

constexpr int kFrameMs = 16;
constexpr int kReloadDelayMs = 300;

LoadedDocument loadDocument(const QString& path) {
  LoadedDocument out;
  if (DebugSession::isRecordingPath(path)) {
    try {
      out.recording = run::Recording::open(std::filesystem::path(path.toStdString()));
      out.document = out.recording->document();
    } catch (const std::exception& e) {  // a damaged recording: its message names the offset
      out.errors = QString::fromStdString(e.what());
    }
    return out;
  }
  try {
    graph::LoadResult r = graph::loadGraph(std::filesystem::path(path.toStdString()), graph::LoadLimits::fromEnvironment());
    if (!r.ok()) {
      out.errors = QString::fromStdString(r.errorText()).trimmed();
      if (out.errors.isEmpty()) out.errors = path + QStringLiteral(": the file could not be loaded");
      return out;
    }
    out.warnings = QString::fromStdString(r.warningText()).trimmed();
    out.document = std::make_shared<const graph::GraphDocument>(std::move(*r.document));
  } catch (const std::exception& e) {  // out of memory and the like: a message, not a crash
    out.errors = path + QStringLiteral(": ") + QString::fromStdString(e.what());
  }
  return out;
}

bool sameFileState(const QFileInfo& a, const QDateTime& modified, qint64 size) {
  return a.lastModified() == modified && a.size() == size;
}

}  // namespace

bool DebugSession::isRecordingPath(const QString& path) {
  return path.endsWith(QStringLiteral(".tstrace"), Qt::CaseInsensitive);
}

DebugSession::DebugSession(QObject* parent)
    : QObject(parent), frame_(new QTimer(this)), watcher_(new QFileSystemWatcher(this)), reloadDelay_(new QTimer(this)) {
  frame_->setSingleShot(true);
  connect(frame_, &QTimer::timeout, this, &DebugSession::flushPublication);
  sinceFrame_.start();
  reloadDelay_->setSingleShot(true);
  connect(reloadDelay_, &QTimer::timeout, this, &DebugSession::fileChangedOnDisk);
  connect(watcher_, &QFileSystemWatcher::fileChanged, this, [this] { reloadDelay_->start(kReloadDelayMs); });
  connect(watcher_, &QFileSystemWatcher::directoryChanged, this, [this] { reloadDelay_->start(kReloadDelayMs); });
}

DebugSession::~DebugSession() {
  if (loadWatcher_) loadWatcher_->waitForFinished();
  for (RunWorker* w : {worker_, pending_}) {
    if (w) retire(w);
  }
  for (const QPointer<QThread>& thread : retired_) {
    if (thread) thread->wait();
  }
}

QString DebugSession::documentName() const { return document_ ? QString::fromStdString(document_->name) : QString(); }

// --- loading -----------------------------------------------------------------------------------

void DebugSession::open(const QString& path) { startLoad(path, OpenOptions{}, false); }
void DebugSession::open(const QString& path, const OpenOptions& options) { startLoad(path, options, false); }

void DebugSession::reload() {
  if (path_.isEmpty()) return;
  OpenOptions options = options_;
  options.gotoStep = publication_.snapshot ? publication_.snapshot->step : 0;
  startLoad(path_, options, true);
}

void DebugSession::startLoad(const QString& path, const OpenOptions& options, bool reloading) {
  cancelLoad();
  const std::uint64_t generation = ++loadGeneration_;
  pendingPath_ = path;
  pendingOptions_ = options;
  pendingIsReload_ = reloading;
  const QFileInfo info(path);
  if (reloading) {
    fileModified_ = info.lastModified();
    fileSize_ = info.size();
  }
  loadWatcher_ = new QFutureWatcher<LoadedDocument>(this);
  connect(loadWatcher_, &QFutureWatcher<LoadedDocument>::finished, this, [this, generation] {
    if (generation == loadGeneration_) loadFinished();
  });
  loadWatcher_->setFuture(QtConcurrent::run(loadDocument, path));
  Busy busy;
  busy.loading = true;
  busy.what = (reloading ? tr("Reloading %1") : tr("Loading %1")).arg(info.fileName());
  setBusy(busy);
}

void DebugSession::cancelLoad() {
  ++loadGeneration_;  // a load still running is dropped when it finishes
  if (loadWatcher_) {
    // Not waited for: it finishes on the pool and is deleted then.
    QFutureWatcher<LoadedDocument>* watcher = loadWatcher_;
    loadWatcher_ = nullptr;
    if (watcher->isFinished()) {
      watcher->deleteLater();
    } else {
      connect(watcher, &QFutureWatcher<LoadedDocument>::finished, watcher, &QObject::deleteLater);
    }
  }
  if (pending_) {
    retire(pending_);
    pending_ = nullptr;
  }
  if (busy_.loading) {
    Busy busy = busy_;
    busy.loading = false;
    if (!busy.running) busy = Busy{};
    setBusy(busy);
  }
}

void DebugSession::loadFinished() {
  const LoadedDocument loaded = loadWatcher_->result();
  loadWatcher_->deleteLater();
  loadWatcher_ = nullptr;
  if (!loaded.document) {
    loadError_ = loaded.errors;
    setBusy(Busy{false, busy_.running, busy_.running ? busy_.what : QString(), 0, 0});
    emit loadFailed(loadError_);
    return;
  }
  loadWarnings_ = loaded.warnings;
  if (!pendingIsReload_) {
    const QFileInfo info(pendingPath_);
    fileModified_ = info.lastModified();
    fileSize_ = info.size();
  }
  WorkerStart start;
  start.document = loaded.document;
  start.mode = pendingOptions_.mode;
  start.seed = pendingOptions_.seed;
  start.targetStep = pendingOptions_.gotoStep;
  if (pendingIsReload_) {
    start.breakpoints = breakpoints_;
    start.history = historyFor(*loaded.document);
  } else {
    start.breakpoints = SessionSettings::breakpoints(pendingPath_);
  }
  pendingBreakpoints_ = start.breakpoints;
  pendingDocument_ = loaded.document;
  pendingRecording_ = loaded.recording;
  start.recording = loaded.recording;
  pending_ = RunWorker::launch(std::move(start));
  RunWorker* worker = pending_;
  connect(worker, &RunWorker::built, this, [this, worker](bool ok, const QString& error) {
    if (worker != pending_) return;
    pending_ = nullptr;
    if (!ok) {
      retire(worker);
      loadError_ = pendingPath_ + tr(": the run could not be built: ") + error;
      setBusy(Busy{false, busy_.running, busy_.running ? busy_.what : QString(), 0, 0});
      emit loadFailed(loadError_);
      return;
    }
    adopt(worker);
  });
  connect(worker, &RunWorker::published, this, [this, worker](const Publication& p) {
    if (worker == worker_) onPublished(p);
  });
  connect(worker, &RunWorker::finished, this, [this, worker](const CommandResult& r) {
    if (worker == worker_) onFinished(r);
  });
  connect(worker, &RunWorker::progressed, this, [this, worker](quint64 serial, const QString& what, qint64 done, qint64 total) {
    if (worker == pending_ && busy_.loading) {
      Busy busy = busy_;
      busy.what = what;
      busy.done = done;
      busy.total = total;
      setBusy(busy);
    } else if (worker == worker_) {
      onProgress(serial, what, done, total);
    }
  });
  worker->begin();
  Busy busy;
  busy.loading = true;
  busy.running = busy_.running;
  busy.what = tr("Building the run of %1 (%2 actions)")
                  .arg(QString::fromStdString(loaded.document->name))
                  .arg(loaded.document->actions.size());
  setBusy(busy);
}

void DebugSession::adopt(RunWorker* worker) {
  if (worker_) retire(worker_);
  worker_ = worker;
  path_ = pendingPath_;
  document_ = pendingDocument_;
  pendingDocument_.reset();
  recording_ = pendingRecording_;
  pendingRecording_.reset();
  options_ = pendingOptions_;
  options_.gotoStep = 0;
  breakpoints_ = pendingBreakpoints_;
  lastHit_.reset();
  loadError_.clear();
  runningSerial_ = 0;
  commandsInFlight_ = 0;
  publication_ = Publication{};
  latest_ = Publication{};
  publishPending_ = false;
  frame_->stop();
  selection_ = {};
  SessionSettings::addRecentFile(path_);
  watchFile();
  setBusy(Busy{});
  emit documentChanged();
  emit selectionChanged(selection_);
  emit inspectionChanged(nullptr);
  emit breakpointsChanged();
  emit loadSucceeded();
}

void DebugSession::retire(RunWorker* worker) {
  disconnect(worker, nullptr, this, nullptr);
  retired_.push_back(worker->thread());
  std::erase_if(retired_, [](const QPointer<QThread>& t) { return t.isNull(); });
  worker->retire();
}

void DebugSession::close() {
  cancelLoad();
  if (worker_) retire(worker_);
  worker_ = nullptr;
  path_.clear();
  document_.reset();
  recording_.reset();
  publication_ = Publication{};
  latest_ = Publication{};
  publishPending_ = false;
  breakpoints_.clear();
  lastHit_.reset();
  selection_ = {};
  runningSerial_ = 0;
  commandsInFlight_ = 0;
  if (!watcher_->files().isEmpty()) watcher_->removePaths(watcher_->files());
  if (!watcher_->directories().isEmpty()) watcher_->removePaths(watcher_->directories());
  setBusy(Busy{});
  emit documentChanged();
  emit snapshotChanged(nullptr);
  emit selectionChanged(selection_);
  emit inspectionChanged(nullptr);
  emit breakpointsChanged();
  emit historyChanged();
}

run::History DebugSession::historyFor(const graph::GraphDocument& next) const {
  run::History history;
  if (!document_) return history;
  for (run::Intervention i : publication_.history) {
    if (i.kind == run::Intervention::Kind::SetCell) {
      // The same cell by name: cell indices may differ in the new file.
      if (i.cell >= document_->cellCount()) continue;
      const auto cell = next.findCell(document_->cellId(i.cell));
      if (!cell) continue;
      i.cell = *cell;
    }
    history.record(i);
  }
  return history;
}

// --- the file on disk ---------------------------------------------------------------------------

void DebugSession::watchFile() {
  if (!watcher_->files().isEmpty()) watcher_->removePaths(watcher_->files());
  if (!watcher_->directories().isEmpty()) watcher_->removePaths(watcher_->directories());
  if (path_.isEmpty()) return;
  // The directory too: an editor that saves by replacing the file ends the file's watch.
  watcher_->addPath(QFileInfo(path_).absolutePath());
  if (QFileInfo::exists(path_)) watcher_->addPath(path_);
}

void DebugSession::fileChangedOnDisk() {
  if (path_.isEmpty()) return;
  const QFileInfo info(path_);
  if (!info.exists()) return;  // being replaced: the directory's next change brings it back
  if (!watcher_->files().contains(info.filePath()) && !watcher_->files().contains(path_)) watcher_->addPath(path_);
  if (sameFileState(info, fileModified_, fileSize_)) return;  // another file of the folder changed
  reload();
}

// --- commands ------------------------------------------------------------------------------------

void DebugSession::submit(WorkerCommand command, bool longRunning) {
  if (!worker_) return;
  const WorkerCommand::Kind kind = command.kind;
  const std::uint64_t serial = worker_->submit(std::move(command));
  ++commandsInFlight_;
  if (longRunning) {
    runningSerial_ = serial;
    Busy busy = busy_;
    busy.running = true;
    busy.done = busy.total = 0;
    busy.what = kind == WorkerCommand::Kind::Continue ? tr("Running") : tr("Working");
    setBusy(busy);
  }
}

void DebugSession::tick() { submit({WorkerCommand::Kind::Tick}, false); }
void DebugSession::stepBack() { submit({WorkerCommand::Kind::StepBack}, true); }

void DebugSession::goToStep(quint64 step) {
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::GoToStep;
  c.step = step;
  submit(std::move(c), true);
}

void DebugSession::runUntilParked() { submit({WorkerCommand::Kind::RunUntilParked}, true); }
void DebugSession::continueRun() { submit({WorkerCommand::Kind::Continue}, true); }
void DebugSession::nextEvent() { submit({WorkerCommand::Kind::NextEvent}, true); }
void DebugSession::nextTimer() { submit({WorkerCommand::Kind::NextTimer}, true); }

void DebugSession::pause() {
  if (worker_) worker_->interrupt();
}

void DebugSession::advanceClock(double ms) {
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::AdvanceClock;
  c.value = ms;
  submit(std::move(c), true);
}

void DebugSession::reset() {
  lastHit_.reset();
  submit({WorkerCommand::Kind::Reset}, false);
}

void DebugSession::setMode(graph::Mode mode) {
  if (recording_) {
    emit message(tr("A recording keeps the mode and seed it was made with; open its graph file to run it again"));
    if (publication_.snapshot) emit snapshotChanged(publication_.snapshot);  // the window shows its own again
    return;
  }
  options_.mode = mode;
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::Restart;
  c.mode = options_.mode;
  c.seed = options_.seed;
  submit(std::move(c), false);
}

void DebugSession::setSeed(quint64 seed) {
  if (recording_) {
    emit message(tr("A recording keeps the mode and seed it was made with; open its graph file to run it again"));
    if (publication_.snapshot) emit snapshotChanged(publication_.snapshot);  // the window shows its own again
    return;
  }
  options_.seed = seed;
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::Restart;
  c.mode = options_.mode;
  c.seed = options_.seed;
  submit(std::move(c), false);
}

void DebugSession::setCellValue(quint32 cell, double value) {
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::SetCellValue;
  c.cell = cell;
  c.value = value;
  submit(std::move(c), false);
}

void DebugSession::setLabelDeprioritized(const QString& label, bool deprioritized) {
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::SetDeprioritized;
  c.label = label.toStdString();
  c.flag = deprioritized;
  submit(std::move(c), false);
}

void DebugSession::forgetInterventions() { submit({WorkerCommand::Kind::ForgetInterventions}, true); }

void DebugSession::setBreakpoints(const std::vector<run::Breakpoint>& breakpoints) {
  if (!worker_) return;
  breakpoints_ = breakpoints;
  lastHit_.reset();
  SessionSettings::setBreakpoints(path_, breakpoints_);
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::SetBreakpoints;
  c.breakpoints = breakpoints_;
  submit(std::move(c), false);
  emit breakpointsChanged();
}

void DebugSession::select(const views::Selection& selection) {
  if (selection == selection_) return;
  selection_ = selection;
  emit selectionChanged(selection_);
  inspectSelection();
}

void DebugSession::inspectSelection() {
  // The Inspector follows the primary selection: an action, else a cell.
  WorkerCommand c;
  c.kind = WorkerCommand::Kind::Inspect;
  if (const auto action = selection_.primaryAction()) {
    c.target = run::Inspection::Target::Action;
    c.index = *action;
    c.step = selection_.step;
  } else if (!selection_.cells.empty()) {
    c.target = run::Inspection::Target::Cell;
    c.index = selection_.cells.front();
  }
  submit(std::move(c), false);
}

// --- what comes back ------------------------------------------------------------------------------

void DebugSession::onPublished(const Publication& publication) {
  latest_ = publication;
  publishPending_ = true;
  const qint64 since = sinceFrame_.elapsed();
  if (since >= kFrameMs) {
    flushPublication();
  } else if (!frame_->isActive()) {
    frame_->start(static_cast<int>(kFrameMs - since));
  }
}

void DebugSession::flushPublication() {
  if (!publishPending_) return;
  publishPending_ = false;
  const bool countsChanged = latest_.hitCounts != publication_.hitCounts ||
                             latest_.breakpointProblems != publication_.breakpointProblems;
  const bool historyChanged = latest_.history != publication_.history;
  const bool inspectionChanged = latest_.inspection != publication_.inspection;
  publication_ = std::move(latest_);
  latest_ = Publication{};
  sinceFrame_.restart();
  emit snapshotChanged(publication_.snapshot);
  if (countsChanged) emit breakpointsChanged();
  if (historyChanged) emit this->historyChanged();
  if (inspectionChanged) emit this->inspectionChanged(publication_.inspection);
  if (worker_) worker_->acknowledge();  // the views have it: the worker may make the next
}

void DebugSession::onFinished(const CommandResult& result) {
  if (commandsInFlight_ > 0) --commandsInFlight_;
  const run::Outcome& o = result.outcome;
  if (result.serial == runningSerial_) {
    runningSerial_ = 0;
    Busy busy = busy_;
    busy.running = false;
    if (!busy.loading) busy = Busy{};
    setBusy(busy);
  }
  if (o.kind == run::Outcome::Kind::BreakpointHit) {
    lastHit_ = o.breakpoint;
    emit breakpointsChanged();
  }
  if (!o.message.empty()) {
    lastMessage_ = QString::fromStdString(o.message);
    emit message(lastMessage_);
  }
}

void DebugSession::onProgress(quint64 serial, const QString& what, qint64 done, qint64 total) {
  if (serial != runningSerial_ || !busy_.running) return;
  Busy busy = busy_;
  busy.what = what;
  busy.done = done;
  busy.total = total;
  setBusy(busy);
}

void DebugSession::setBusy(Busy busy) {
  busy_ = std::move(busy);
  emit busyChanged();
}

}  // namespace tickscope::app
