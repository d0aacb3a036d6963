#include "run_worker.h"

#include <algorithm>
#include <exception>

#include <QThread>

#include "log/log.h"

namespace tickscope::app {

namespace {

QString describeProgress(const WorkerCommand& command) {
  using K = WorkerCommand::Kind;
  switch (command.kind) {
    case K::StepBack: return QObject::tr("Stepping back (replaying from step 0)");
    case K::GoToStep: return QObject::tr("Going to step %1").arg(command.step);
    case K::Continue: return QObject::tr("Running");
    case K::RunUntilParked: return QObject::tr("Running until parked");
    case K::NextEvent: return QObject::tr("Running to the next event");
    case K::NextTimer: return QObject::tr("Running to the next timer");
    case K::AdvanceClock: return QObject::tr("Advancing the clock");
    case K::ForgetInterventions: return QObject::tr("Replaying without hand edits");
    default: return {};
  }
}

}  // namespace

RunWorker::RunWorker(WorkerStart start) : start_(std::move(start)) {}

RunWorker* RunWorker::launch(WorkerStart start) {
  qRegisterMetaType<Publication>();
  qRegisterMetaType<CommandResult>();
  auto* worker = new RunWorker(std::move(start));
  auto* thread = new QThread;
  thread->setObjectName(QStringLiteral("tickscope-run"));
  worker->thread_ = thread;
  worker->moveToThread(thread);
  QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
  return worker;
}

void RunWorker::begin() {
  QMetaObject::invokeMethod(this, [this] { build(); }, Qt::QueuedConnection);
}

void RunWorker::retire() {
  interrupt();
  thread_->quit();  // after the command running now (it stops at its next move)
}

std::uint64_t RunWorker::submit(WorkerCommand command) {
  const std::uint64_t serial = ++latest_;
  QMetaObject::invokeMethod(
      this, [this, serial, command = std::move(command)] { execute(serial, command); }, Qt::QueuedConnection);
  return serial;
}

void RunWorker::build() {
  sincePublished_.start();
  try {
    if (start_.recording) {
      playback_ = std::make_unique<run::Playback>(start_.recording, start_.targetStep);
      playback_->setBreakpoints(start_.breakpoints);
      emit built(true, {});
      publish();
      return;
    }
    run::RunOptions options;
    options.mode = start_.mode;
    options.seed = start_.seed;
    options.recorderCapacity = 0;  // the debugger's journal is what it shows
    controller_ = std::make_unique<run::Controller>(start_.document, options, start_.history);
    controller_->setBreakpoints(start_.breakpoints);
    if (start_.targetStep > 0) {
      // Forward through the history: its interventions are made again at their steps.
      const std::uint64_t serial = latest_.load();
      const QString what = tr("Going to step %1").arg(start_.targetStep);
      controller_->goToStep(start_.targetStep, [&](std::uint64_t done, std::uint64_t total) {
        return keepGoing(serial, what, done, total);
      });
    }
  } catch (const std::exception& e) {
    log::logger(log::Layer::App).error("building the run failed: {}", e.what());
    controller_.reset();
    emit built(false, QString::fromStdString(e.what()));
    return;
  }
  emit built(true, {});
  publish();
}

bool RunWorker::keepGoing(std::uint64_t serial, const QString& what, std::uint64_t done, std::uint64_t total) {
  if (latest_.load(std::memory_order_acquire) != serial) return false;
  if (sincePublished_.elapsed() >= publishEveryMs_) {
    emit progressed(serial, what, static_cast<qint64>(done), static_cast<qint64>(total));
    // Only a state the window has not seen: a replay works on a runner of its own meanwhile.
    if (!inFlight_.load(std::memory_order_acquire) &&
        ((controller_ && controller_->runner().generation() != publishedGeneration_) ||
         (playback_ && playback_->snapshot().generation != publishedGeneration_)))
      publish();
    sincePublished_.restart();
  }
  return true;
}

void RunWorker::publish() {
  QElapsedTimer cost;
  cost.start();
  Publication p;
  if (playback_) {
    p.snapshot = std::make_shared<const run::RunSnapshot>(playback_->snapshot());
    p.hitCounts = playback_->hitCounts();
    p.breakpointProblems = playback_->breakpointProblems();
    p.recording = true;
    if (inspectTarget_ != run::Inspection::Target::None)
      p.inspection =
          std::make_shared<const run::Inspection>(playback_->inspect(inspectTarget_, inspectIndex_, inspectStep_));
    inFlight_.store(true, std::memory_order_release);
    sincePublished_.restart();
    publishedGeneration_ = p.snapshot->generation;
    emit published(p);
    return;
  }
  p.snapshot = std::make_shared<const run::RunSnapshot>(controller_->snapshot());
  p.hitCounts = controller_->hitCounts();
  p.breakpointProblems = controller_->breakpointProblems();
  p.history = controller_->history().entries();
  p.modeOverride = controller_->options().mode;
  p.seedOverride = controller_->options().seed;
  if (inspectTarget_ != run::Inspection::Target::None)
    p.inspection = std::make_shared<const run::Inspection>(controller_->inspect(inspectTarget_, inspectIndex_, inspectStep_));
  // A snapshot may take a quarter of the worker's time at most: large graphs refresh less.
  publishEveryMs_ = std::clamp<qint64>(4 * cost.elapsed(), 33, 1000);
  inFlight_.store(true, std::memory_order_release);
  sincePublished_.restart();
  publishedGeneration_ = p.snapshot->generation;
  emit published(p);
}

std::uint64_t RunWorker::currentStep() const {
  return playback_ ? playback_->step() : controller_ ? controller_->step() : 0;
}

void RunWorker::execute(std::uint64_t serial, const WorkerCommand& command) {
  if (!controller_ && !playback_) return;
  CommandResult result;
  result.serial = serial;
  try {
    result.outcome = playback_ ? play(serial, command) : run(serial, command);
  } catch (const std::exception& e) {
    log::logger(log::Layer::App).error("command failed: {}", e.what());
    result.failed = true;
    result.outcome.kind = run::Outcome::Kind::Interrupted;
    result.outcome.message = std::string("The engine failed: ") + e.what();
    result.outcome.step = currentStep();
  }
  // Always publish at the end: the window shows where the command left the run.
  publish();
  emit finished(result);
}

run::Outcome RunWorker::run(std::uint64_t serial, const WorkerCommand& command) {
  using K = WorkerCommand::Kind;
  run::Controller& c = *controller_;
  const QString what = describeProgress(command);
  const run::Controller::Progress progress = [&](std::uint64_t done, std::uint64_t total) {
    return keepGoing(serial, what, done, total);
  };
  switch (command.kind) {
    case K::Tick: return c.tick();
    case K::StepBack: return c.stepBack(progress);
    case K::GoToStep: return c.goToStep(command.step, progress);
    case K::RunUntilParked: return c.runUntilParked(progress);
    case K::Continue: return c.continueRun(progress);
    case K::NextEvent: return c.nextEvent(progress);
    case K::NextTimer: return c.nextTimer(progress);
    case K::AdvanceClock: return c.advanceClock(command.value, progress);
    case K::Reset:
      c.reset();
      return run::Outcome{run::Outcome::Kind::Done, "Reset to step 0", {}, 0};
    case K::Restart:
      c.restart(command.mode, command.seed);
      return run::Outcome{run::Outcome::Kind::Done, "Restarted at step 0", {}, 0};
    case K::SetCellValue:
      c.setCellValue(command.cell, command.value);
      return run::Outcome{run::Outcome::Kind::Done, run::describe(c.history().entries().back(), *c.document()), {}, c.step()};
    case K::SetDeprioritized:
      c.setDeprioritized(command.label, command.flag);
      return run::Outcome{run::Outcome::Kind::Done, run::describe(c.history().entries().back(), *c.document()), {}, c.step()};
    case K::ForgetInterventions: return c.forgetInterventions(progress);
    case K::SetBreakpoints:
      c.setBreakpoints(command.breakpoints);
      return run::Outcome{run::Outcome::Kind::Done, {}, {}, c.step()};
    case K::Inspect:
      inspectTarget_ = command.target;
      inspectIndex_ = command.index;
      inspectStep_ = command.step;
      return run::Outcome{run::Outcome::Kind::Done, {}, {}, c.step()};
  }
  return {};
}

run::Outcome RunWorker::play(std::uint64_t serial, const WorkerCommand& command) {
  using K = WorkerCommand::Kind;
  run::Playback& p = *playback_;
  const QString what = describeProgress(command);
  const run::Playback::Progress progress = [&](std::uint64_t done, std::uint64_t total) {
    return keepGoing(serial, what, done, total);
  };
  const run::Outcome here{run::Outcome::Kind::Done, {}, {}, p.step()};
  switch (command.kind) {
    case K::Tick: return p.tick();
    case K::StepBack: return p.stepBack();
    case K::GoToStep: return p.goToStep(command.step);
    case K::RunUntilParked: return p.runUntilParked(progress);
    case K::Continue: return p.continueRun(progress);
    case K::NextEvent: return p.nextEvent(progress);
    case K::NextTimer: return p.nextTimer(progress);
    case K::Reset:
      p.reset();
      return run::Outcome{run::Outcome::Kind::Done, "Back at step 0 of the recording", {}, 0};
    case K::AdvanceClock: return p.refuse("Advance Clock");
    case K::Restart: return p.refuse(command.seed ? "Another seed" : "Another mode");
    case K::SetCellValue: return p.refuse("Setting a cell");
    case K::SetDeprioritized: return p.refuse("Deprioritizing a label");
    case K::ForgetInterventions: return here;  // a recording has none
    case K::SetBreakpoints:
      p.setBreakpoints(command.breakpoints);
      return here;
    case K::Inspect:
      inspectTarget_ = command.target;
      inspectIndex_ = command.index;
      inspectStep_ = command.step;
      return here;
  }
  return here;
}

}  // namespace tickscope::app
