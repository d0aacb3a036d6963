#pragma once
// RunWorker: one document's run (a run::Controller) on a thread of its own, so the window
// never waits for the engine. The window submits commands; they run on the worker's thread,
// in order, and a long one (Continue, a replay...) stops between two moves as soon as a newer
// command is submitted or interrupt() is called (Pause). Meanwhile and after each command
// the worker publishes what the panes draw: a snapshot with the breakpoint counts and the
// history, never more than one unread (the next is made only after acknowledge()), and no
// more often than it can afford (a snapshot of a 100,000-action graph takes ~30 ms).
//
// Lifetime: launch() makes the worker and its thread and builds the controller there
// (replaying a history to a step first, for a reload or --goto); built() says whether that
// worked. retire() interrupts it and lets the thread end and delete both on its own: the
// window never waits for a stale worker (only at exit, see DebugSession).
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include "run/controller.h"
#include "run/inspection.h"
#include "run/playback.h"
#include "run/recording.h"

class QThread;

namespace tickscope::app {

// WorkerStart: what a worker builds its run from: a document to run, or a recording to play
// back (run::Playback: the same commands move through the recorded steps; interventions,
// mode and seed changes are refused with a message).
struct WorkerStart {
  std::shared_ptr<const graph::GraphDocument> document;
  std::shared_ptr<const run::Recording> recording;  // set: play it back (document is its graph)
  std::optional<graph::Mode> mode;
  std::optional<std::uint64_t> seed;
  std::vector<run::Breakpoint> breakpoints;
  run::History history;        // interventions to replay (a reload keeps them)
  std::uint64_t targetStep = 0;  // where to be when built (--goto, a reload)
};

// WorkerCommand: one command of the window, with its arguments.
struct WorkerCommand {
  enum class Kind {
    Tick, StepBack, GoToStep, RunUntilParked, Continue, NextEvent, NextTimer, AdvanceClock, Reset, Restart,
    SetCellValue, SetDeprioritized, ForgetInterventions, SetBreakpoints, Inspect,
  };
  Kind kind = Kind::Tick;
  std::uint64_t step = 0;        // GoToStep; Inspect: a picked run's step (0: none)
  double value = 0;              // AdvanceClock: ms; SetCellValue: the value
  graph::CellIndex cell = 0;     // SetCellValue
  std::string label;             // SetDeprioritized
  bool flag = false;             // SetDeprioritized
  std::optional<graph::Mode> mode;    // Restart
  std::optional<std::uint64_t> seed;  // Restart
  std::vector<run::Breakpoint> breakpoints;  // SetBreakpoints
  run::Inspection::Target target = run::Inspection::Target::None;  // Inspect: what, from now on
  std::uint32_t index = 0;                                         // Inspect: which
};

// Publication: what the worker hands the window, all of it plain and read-only.
struct Publication {
  std::shared_ptr<const run::RunSnapshot> snapshot;
  std::vector<std::uint64_t> hitCounts;          // parallel to the breakpoints
  std::vector<std::string> breakpointProblems;   // parallel to the breakpoints
  std::vector<run::Intervention> history;
  std::optional<graph::Mode> modeOverride;
  std::optional<std::uint64_t> seedOverride;
  // inspection: the Inspector's target as of this snapshot (null: nothing inspected).
  std::shared_ptr<const run::Inspection> inspection;
  bool recording = false;  // the snapshot is a recording's step (nothing can be changed)
};

// CommandResult: how a command ended.
struct CommandResult {
  std::uint64_t serial = 0;
  run::Outcome outcome;
  bool failed = false;  // the engine threw: outcome.message says what
};

class RunWorker final : public QObject {
  Q_OBJECT
 public:
  // launch: a worker on a new thread, idle until begin(). Connect to its signals, then call
  // begin().
  static RunWorker* launch(WorkerStart start);
  // begin: builds the run on the worker's thread (then built(), then a publication).
  void begin();

  // submit: queues `command` and returns its serial; a long command running now stops.
  std::uint64_t submit(WorkerCommand command);
  // interrupt: stops the long command running now, between two moves (Pause).
  void interrupt() { ++latest_; }
  // acknowledge: the window took the last publication; the worker may make the next.
  void acknowledge() { inFlight_.store(false, std::memory_order_release); }
  // retire: interrupts, ends the thread when the current command stops, deletes itself and
  // the thread then. Signals already queued may still arrive: check the sender.
  void retire();

 signals:
  void built(bool ok, const QString& error);
  void published(const tickscope::app::Publication& publication);
  void progressed(quint64 serial, const QString& what, qint64 done, qint64 total);
  void finished(const tickscope::app::CommandResult& result);

 private:
  explicit RunWorker(WorkerStart start);
  void build();
  void execute(std::uint64_t serial, const WorkerCommand& command);
  run::Outcome run(std::uint64_t serial, const WorkerCommand& command);
  run::Outcome play(std::uint64_t serial, const WorkerCommand& command);
  std::uint64_t currentStep() const;
  // keepGoing: the Progress of the running command: false once it is superseded; publishes
  // a snapshot and the progress now and then.
  bool keepGoing(std::uint64_t serial, const QString& what, std::uint64_t done, std::uint64_t total);
  void publish();

  WorkerStart start_;
  std::unique_ptr<run::Controller> controller_;  // a document's run, or
  std::unique_ptr<run::Playback> playback_;      // a recording's
  QThread* thread_ = nullptr;
  std::atomic<std::uint64_t> latest_{0};
  std::atomic<bool> inFlight_{false};
  QElapsedTimer sincePublished_;
  qint64 publishEveryMs_ = 33;
  run::Inspection::Target inspectTarget_ = run::Inspection::Target::None;
  std::uint32_t inspectIndex_ = 0;
  std::uint64_t inspectStep_ = 0;
  std::uint64_t publishedGeneration_ = ~std::uint64_t{0};
};

}  // namespace tickscope::app

Q_DECLARE_METATYPE(tickscope::app::Publication)
Q_DECLARE_METATYPE(tickscope::app::CommandResult)
