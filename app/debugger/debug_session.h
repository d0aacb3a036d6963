#pragma once
// DebugSession: the debugger's one session. It owns the open document, its run (a RunWorker:
// the run::Controller with its runner, history and breakpoints, on a thread of its own), the
// breakpoints (saved per file), the shared selection and the latest publication, and it
// turns what the views ask for (intents: tick, continue, set a cell...) into commands. The
// views never see the engine's live objects: they get snapshots (snapshotChanged, at most
// once per frame) and plain lists.
//
// Opening and reloading never block the caller: the file loads on Qt Concurrent's pool and
// the run is built on the new worker's thread, while the previous document stays open and
// usable; only when the new run is ready does it replace the old one. A load error leaves
// the previous document as it was and is reported (loadFailed, loadError()) with the
// messages of spec section 4. The open file is watched: when it changes on disk (also when
// an editor replaces it) it reloads, keeping the step and the interventions where it can.
// Everything here runs on the UI thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include "graph/document.h"
#include "run/breakpoint.h"
#include "run/history.h"
#include "run/run_snapshot.h"
#include "run_worker.h"
#include "selection.h"

class QFileSystemWatcher;
class QTimer;

namespace tickscope::app {

// LoadedDocument: what a background load gives back.
struct LoadedDocument {
  std::shared_ptr<const graph::GraphDocument> document;
  std::shared_ptr<const run::Recording> recording;  // a *.tstrace: its graph is `document`
  QString errors;    // the loader's messages (spec section 4), one per line; empty when loaded
  QString warnings;
};

class DebugSession final : public QObject {
  Q_OBJECT
 public:
  struct OpenOptions {
    std::optional<graph::Mode> mode;
    std::optional<std::uint64_t> seed;
    std::uint64_t gotoStep = 0;
  };
  // Busy: what is in progress, for a progress bar with Cancel.
  struct Busy {
    bool loading = false;  // a file loads, or its run is being built
    bool running = false;  // a long command runs (Continue, a replay...)
    QString what;
    qint64 done = 0;
    qint64 total = 0;      // 0: unknown
    bool active() const { return loading || running; }
  };

  explicit DebugSession(QObject* parent = nullptr);
  // ~DebugSession: stops every worker and waits for their threads (at exit only).
  ~DebugSession() override;

  // --- the document ---------------------------------------------------------------------
  void open(const QString& path);
  void open(const QString& path, const OpenOptions& options);
  void reload();
  void close();
  // cancelLoad: forgets the load (or build) in progress; the open document stays.
  void cancelLoad();
  bool hasDocument() const { return worker_ != nullptr; }
  QString filePath() const { return path_; }
  QString documentName() const;
  std::shared_ptr<const graph::GraphDocument> document() const { return document_; }
  QString loadError() const { return loadError_; }
  // recording: the open recording (*.tstrace, played back: nothing runs), or null.
  std::shared_ptr<const run::Recording> recording() const { return recording_; }
  // isRecordingPath: whether `path` names a recording rather than a graph file.
  static bool isRecordingPath(const QString& path);
  QString loadWarnings() const { return loadWarnings_; }

  // --- what is shown --------------------------------------------------------------------
  std::shared_ptr<const run::RunSnapshot> snapshot() const { return publication_.snapshot; }
  const Publication& publication() const { return publication_; }
  const std::vector<run::Breakpoint>& breakpoints() const { return breakpoints_; }
  std::optional<std::size_t> lastBreakpointHit() const { return lastHit_; }
  const views::Selection& selection() const { return selection_; }
  const Busy& busy() const { return busy_; }
  QString lastMessage() const { return lastMessage_; }
  // idle: nothing loads or runs, and the run's state (its first publication too) is shown.
  bool idle() const {
    return !busy_.active() && !publishPending_ && commandsInFlight_ == 0 && (!worker_ || publication_.snapshot);
  }

 public slots:
  // --- intents (each a command of the run; ignored with no document) ----------------------
  void tick();
  void stepBack();
  void goToStep(quint64 step);
  void runUntilParked();
  void continueRun();
  // pause: stops a long command between two moves (Esc).
  void pause();
  void nextEvent();
  void nextTimer();
  void advanceClock(double ms);
  void reset();
  // setMode / setSeed: restart at step 0 with the other mode or seed.
  void setMode(graph::Mode mode);
  void setSeed(quint64 seed);
  void setCellValue(quint32 cell, double value);
  void setLabelDeprioritized(const QString& label, bool deprioritized);
  void forgetInterventions();
  void setBreakpoints(const std::vector<run::Breakpoint>& breakpoints);
  void select(const tickscope::views::Selection& selection);

 signals:
  void documentChanged();  // opened, replaced by a reload, or closed
  void snapshotChanged(const std::shared_ptr<const tickscope::run::RunSnapshot>& snapshot);
  void breakpointsChanged();  // the list, its hit counts or the last hit
  void historyChanged();
  void selectionChanged(const tickscope::views::Selection& selection);
  // inspectionChanged: the Inspector's data for the primary selection (null: none).
  void inspectionChanged(const std::shared_ptr<const tickscope::run::Inspection>& inspection);
  void busyChanged();
  void message(const QString& text);  // how a command ended, for the status bar
  void loadFailed(const QString& text);
  void loadSucceeded();

 private:
  void submit(WorkerCommand command, bool longRunning);
  void startLoad(const QString& path, const OpenOptions& options, bool reloading);
  void loadFinished();
  void adopt(RunWorker* worker);
  void retire(RunWorker* worker);
  void onPublished(const Publication& publication);
  void inspectSelection();
  void flushPublication();
  void onFinished(const CommandResult& result);
  void onProgress(quint64 serial, const QString& what, qint64 done, qint64 total);
  void watchFile();
  void fileChangedOnDisk();
  void setBusy(Busy busy);
  run::History historyFor(const graph::GraphDocument& next) const;

  // The open document and its run.
  QString path_;
  std::shared_ptr<const graph::GraphDocument> document_;
  std::shared_ptr<const run::Recording> recording_;
  std::shared_ptr<const run::Recording> pendingRecording_;
  RunWorker* worker_ = nullptr;
  OpenOptions options_;
  std::vector<run::Breakpoint> breakpoints_;
  std::optional<std::size_t> lastHit_;
  views::Selection selection_;
  Publication publication_;
  QString lastMessage_;
  QString loadError_;
  QString loadWarnings_;

  // A document on its way in: loading (loadWatcher_), then building (pending_).
  std::uint64_t loadGeneration_ = 0;
  QFutureWatcher<LoadedDocument>* loadWatcher_ = nullptr;
  RunWorker* pending_ = nullptr;
  QString pendingPath_;
  OpenOptions pendingOptions_;
  bool pendingIsReload_ = false;
  std::shared_ptr<const graph::GraphDocument> pendingDocument_;
  std::vector<run::Breakpoint> pendingBreakpoints_;

  // Workers retired but maybe still running their last command (waited for at exit).
  std::vector<QPointer<QThread>> retired_;

  // Commands and the frame-rate gate.
  std::uint64_t runningSerial_ = 0;  // the long command in progress (0: none)
  int commandsInFlight_ = 0;
  Busy busy_;
  Publication latest_;
  bool publishPending_ = false;
  QTimer* frame_ = nullptr;
  QElapsedTimer sinceFrame_;

  QFileSystemWatcher* watcher_ = nullptr;
  QTimer* reloadDelay_ = nullptr;
  QDateTime fileModified_;  // of the version loaded last
  qint64 fileSize_ = -1;
};

}  // namespace tickscope::app
