#include "run/runner.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "graph/json_pointer.h"
#include "run/cause_log.h"
#include "run/run_journal.h"
#include "run/timeline_log.h"
#include "sim/request.h"
#include "sim/session_report.h"
#include "trace/json_writer.h"

namespace tickscope::run {

using graph::Action;
using graph::ActionKind;
using graph::actionFieldPointer;
using graph::Event;
using graph::ResolvedAction;
using graph::SpawnTask;
using graph::spawnPointer;

namespace {

// duration: a file's milliseconds on the virtual clock, saturated at kMaxVirtualMs so that an
// absurd value (1e300) cannot overflow the clock's 64-bit nanoseconds.
sched::Duration duration(double ms) {
  if (!(ms > 0)) return sched::Duration::zero();
  return sched::fromMs(std::min(ms, Runner::kMaxVirtualMs));
}

reactive::Mode toReactive(Mode mode) { return mode == Mode::Push ? reactive::Mode::Push : reactive::Mode::Pull; }

// A cell's value as the file format sees it: anything but a number is NaN.
using reactive::numberOf;

}  // namespace

struct Runner::Recording {
  // Effect runs, compact: names are looked up when a row is made (effectRun); a graph with
  // many effects (cellx: four per layer) would otherwise hold strings per run.
  struct EffectRun {
    std::uint32_t action = 0;
    double atMs = 0;
    std::size_t values = 0;  // offset in effectValues: the values read, then the outputs
  };
  std::vector<EffectRun> effectRuns;
  std::vector<double> effectValues;
  std::vector<trace::ReportError> errors;
  // Scratch buffers of runAction, sized at build for the largest plan.
  std::vector<double> inputs;
  std::vector<double> results;
};

namespace {
std::shared_ptr<const GraphDocument> requireShared(std::shared_ptr<const GraphDocument> document, const RunOptions& options) {
  if (!document) throw std::invalid_argument("Runner: no document");
  if (!options.keepDocument) throw std::invalid_argument("Runner: a shared document cannot be compacted (keepDocument)");
  return document;
}
}  // namespace

Runner::Runner(GraphDocument document, RunOptions options) : options_(options), recording_(std::make_unique<Recording>()) {
  auto owned = std::make_shared<GraphDocument>(std::move(document));
  document_ = owned;
  build(options_.keepDocument ? nullptr : owned.get());
}

Runner::Runner(std::shared_ptr<const GraphDocument> document, RunOptions options)
    : document_(requireShared(std::move(document), options)), options_(options), recording_(std::make_unique<Recording>()) {
  build(nullptr);
}

Runner::~Runner() {
  // Detach every observer first: tearing down the runtime cancels tasks, which the
  // scheduler would report to observers that are about to go.
  if (!scheduler_) return;  // the constructor threw before the runtime existed
  scheduler_->setObserver(nullptr);
  if (runtime_) runtime_->setObserver(nullptr);
  if (sessions_) sessions_->setObserver(nullptr);
  sessions_.reset();
  runtime_.reset();
}

void Runner::build(GraphDocument* compactable) {
  const GraphDocument& doc = *document_;
  if (!doc.resolution.valid)
    throw std::invalid_argument("Runner: the graph document is not validated (call graph::validate first)");
  if (!std::isfinite(options_.maxTimeMs) || options_.maxTimeMs < 0)
    throw std::invalid_argument("Runner: maxTimeMs must be a finite, non-negative number");
  mode_ = options_.mode.value_or(doc.settings.mode);
  seed_ = options_.seed.value_or(doc.settings.seed);

  sched::TestScheduler::Config config;
  config.seed = seed_;
  scheduler_ = std::make_shared<sched::TestScheduler>(config);
  if (options_.recorderCapacity > 0) {
    recorder_ = std::make_unique<trace::Recorder>(options_.recorderCapacity);
    observers_.add(recorder_.get());
    attachObservers();  // the scheduler's events from the start
  }
  for (const std::string& label : doc.settings.deprioritize) scheduler_->deprioritize(sched::TaskLabel(label));

  const graph::Settings& s = doc.settings;
  reactive::RuntimeConfig rc;
  rc.mode = toReactive(mode_);
  rc.epsilon = s.epsilon;
  rc.cycle.budget = duration(s.cycle.budgetMs);
  rc.cycle.maxIterations = static_cast<std::uint32_t>(std::max(1, s.cycle.maxIterations));
  rc.autoDebounce.enabled = s.autoDebounce.enabled;
  rc.autoDebounce.threshold = duration(s.autoDebounce.thresholdMs);
  rc.autoDebounce.minRuns = static_cast<std::uint32_t>(std::max(0, s.autoDebounce.minRuns));
  rc.autoDebounce.delay = duration(s.autoDebounce.delayMs);
  runtime_ = std::make_unique<reactive::Runtime>(scheduler_, rc);
  runtime_->addErrorHandler([this](const reactive::ReactiveError& e) {
    addError({std::string(reactive::nameOf(e.kind)), e.actions, sched::toMs(e.at), e.message, {}, {}});
  });
  sessions_ = std::make_unique<sim::SimulatedExecutionContext>(scheduler_);
  attachObservers();

  const bool compact = compactable != nullptr;
  if (compact) {
    // The reader sized these from an estimate: give the spare room back while the runtime is
    // still small (a move of each element, a few milliseconds per 100,000 actions).
    compactable->actions.shrink_to_fit();
    compactable->resolution.implicitCells.shrink_to_fit();
  }
  const std::size_t cells = doc.cellCount();
  cellIds_.reserve(cells);
  for (std::size_t i = 0; i < cells; ++i) {
    const auto c = static_cast<CellIndex>(i);
    cellIds_.push_back(runtime_->createCell(std::string(doc.cellId(c)), reactive::Value(doc.initialValue(c))));
    // A plan's cell id then gives back the cell's index (id - 1), without a table.
    if (cellIds_.back().value != c + 1) throw std::logic_error("Runner: the runtime numbered its cells out of order");
  }

  // First every plan, from the resolution; the plans then hold all a run needs.
  std::size_t planCells = 0, planInputs = 0;
  for (const ResolvedAction& r : doc.resolution.actions) {
    planCells += r.reads.size() + r.writes.size();
    planInputs += r.inputs.size();
  }
  planCells_.reserve(planCells);  // exactly: doubling would leave up to half of them unused
  planInputs_.reserve(planInputs);
  plans_.reserve(doc.actions.size());
  for (std::size_t i = 0; i < doc.actions.size(); ++i) {
    const Action& a = doc.actions[i];
    const ResolvedAction& r = doc.resolution.actions[i];
    Plan plan;
    plan.cost = duration(a.costMs);
    plan.effect = a.kind == ActionKind::Effect;
    plan.expression = programs_.adopt(r.expression);  // evaluated on this runner's thread only: no lock
    plan.resultCount = plan.expression.valid() ? static_cast<std::uint32_t>(plan.expression.resultCount()) : 0;
    plan.reads = static_cast<std::uint32_t>(planCells_.size());
    plan.readCount = static_cast<std::uint32_t>(r.reads.size());
    for (CellIndex c : r.reads) planCells_.push_back(cellIds_[c]);
    plan.writeCount = static_cast<std::uint32_t>(r.writes.size());
    for (CellIndex c : r.writes) planCells_.push_back(cellIds_[c]);
    plan.inputs = static_cast<std::uint32_t>(planInputs_.size());
    plan.inputCount = static_cast<std::uint32_t>(r.inputs.size());
    for (CellIndex input : r.inputs) {
      // validate() guarantees every expression variable is read.
      const auto it = std::find(r.reads.begin(), r.reads.end(), input);
      if (it == r.reads.end())
        throw std::invalid_argument(fmt::format("Runner: action \"{}\" uses a cell it does not read", a.id));
      planInputs_.push_back(static_cast<std::uint32_t>(it - r.reads.begin()));
    }
    plan.inputsAreReads = plan.inputCount == plan.readCount;
    for (std::uint32_t k = 0; k < plan.inputCount && plan.inputsAreReads; ++k)
      plan.inputsAreReads = planInputs_[plan.inputs + k] == k;
    plans_.push_back(plan);
    recording_->inputs.resize(std::max<std::size_t>(recording_->inputs.size(), plan.inputCount));
    recording_->results.resize(std::max<std::size_t>(recording_->results.size(), plan.resultCount));
  }
  if (compact) {
    // Before the runtime grows (the process's peak is what is left of the document plus the
    // runtime): the resolved actions and their cell array are two big blocks the system takes
    // back at once; the actions' own lists and texts are small blocks the runtime reuses.
    std::vector<ResolvedAction>().swap(compactable->resolution.actions);
    compactable->resolution.cellRefs.reset();
    for (Action& a : compactable->actions) {
      std::vector<std::string>().swap(a.reads);  // clear() would keep the capacity
      std::vector<std::string>().swap(a.writes);
      a.expr.reset();
    }
  }

  actionIds_.reserve(doc.actions.size());
  // One TaskLabel (a shared string) per distinct label, not one per labeled action.
  std::unordered_map<std::string_view, sched::TaskLabel> labels;
  for (std::size_t i = 0; i < doc.actions.size(); ++i) {
    const Action& a = doc.actions[i];
    const Plan& plan = plans_[i];
    const reactive::CellId* planned = planCells_.data() + plan.reads;
    reactive::ReactivityLog log;
    log.reads.reserve(plan.readCount);
    for (std::uint32_t k = 0; k < plan.readCount; ++k) log.reads.push_back(reactive::Address{planned[k], {}});
    log.writes.reserve(plan.writeCount);
    for (std::uint32_t k = 0; k < plan.writeCount; ++k)
      log.writes.push_back(reactive::Address{planned[plan.readCount + k], {}});
    sched::TaskLabel label;
    if (a.label) {
      auto known = labels.find(*a.label);
      if (known == labels.end()) {
        sched::TaskLabel fresh(*a.label);
        known = labels.emplace(fresh.name(), fresh).first;  // the key views the label's own string
        labels_.emplace_back(*a.label);
      }
      label = known->second;
    }
    reactive::Action action{a.id, {}, std::move(label)};
    action.kernel = reactive::NumericKernel::of<&Runner::runKernel>(*this);
    reactive::SubscribeOptions options;
    options.isEffect = plan.effect;
    if (a.debounceMs > 0) options.debounce = duration(a.debounceMs);
    actionIds_.push_back(runtime_->subscribe(std::move(action), std::move(log), options).action());
    // An action id then gives back its plan's index (id - 1), for the prefetch below.
    if (actionIds_.back().value != i + 1) throw std::logic_error("Runner: the runtime numbered its actions out of order");
    if (compact) compactable->actions[i].label.reset();
  }
  runtime_->setRunPrefetch(reactive::Runtime::RunPrefetch::of<&Runner::prefetchPlan>(*this));
  if (options_.journalSteps > 0) journal_ = makeObserver<RunJournal>(options_.journalSteps);
  if (options_.recordCauses) causes_ = makeObserver<CauseLog>(options_.causeRecords);
  if (options_.recordTimeline) timeline_ = makeObserver<TimelineLog>();
}

std::size_t Runner::runKernel(reactive::ActionId action, std::span<const double> in,
                              std::span<double> out) {
  return runAction(action.value - 1, in, out);  // ids follow plans (build)
}

std::size_t Runner::runAction(std::size_t index, std::span<const double> readValues, std::span<double> out) {
  const Plan& plan = plans_[index];
  Recording& rec = *recording_;
  const sched::Instant start = scheduler_->now();

  // The scratch buffers were sized at build for the largest plan: no resizing per run.
  const std::span<double> inputs(rec.inputs.data(), plan.inputCount);
  const std::span<double> results(rec.results.data(), plan.resultCount);

  bool finite = true;
  if (plan.expression.valid()) {
    if (plan.inputsAreReads) {
      finite = plan.expression.evaluateInto(readValues, results);
    } else {
      for (std::uint32_t k = 0; k < plan.inputCount; ++k) inputs[k] = readValues[planInputs_[plan.inputs + k]];
      finite = plan.expression.evaluateInto(inputs, results);
    }
  }

  // The simulated cost passes while the action runs; its writes land when it ends.
  if (plan.cost > sched::Duration::zero()) scheduler_->simulateElapsed(plan.cost);

  std::size_t written = 0;
  if (!finite) {
    const Action& a = document_->actions[index];
    std::size_t bad = 0;
    while (bad < results.size() && std::isfinite(results[bad])) ++bad;
    addError({"math-error",
              {a.id},
              sched::toMs(start),
              fmt::format("{}: action \"{}\": result {} of {} is {}; the run wrote nothing",
                          actionFieldPointer(index, "expr"), a.id, bad + 1, results.size(),
                          trace::formatNumber(results[bad])),
              {},
              {}});
  } else {
    written = std::min<std::size_t>(results.size(), out.size());
    std::copy_n(results.begin(), written, out.begin());
  }
  if (plan.effect) {
    rec.effectRuns.push_back({static_cast<std::uint32_t>(index), sched::toMs(start), rec.effectValues.size()});
    rec.effectValues.insert(rec.effectValues.end(), readValues.begin(), readValues.end());
    rec.effectValues.insert(rec.effectValues.end(), results.begin(), results.end());
  }
  return written;
}

void Runner::addError(trace::ReportError error) { recording_->errors.push_back(std::move(error)); }

double Runner::nowMs() const { return sched::toMs(scheduler_->now()); }

bool Runner::moveClockTo(sched::Instant target) {
  const sched::Instant now = scheduler_->now();
  if (target <= now) return false;
  scheduler_->simulateElapsed(target - now);
  return true;
}

void Runner::beginEvent() {
  const std::size_t index = nextEvent_++;
  const Event& event = document_->events[index];
  const std::vector<CellIndex>& targets = document_->resolution.eventTargets[index];
  auto apply = [&] {
    if (event.set.empty()) return;
    runtime_->batch([&](reactive::Transaction& tx) {
      for (std::size_t k = 0; k < event.set.size(); ++k)
        tx.write(cellIds_[targets[k]], reactive::Value(event.set[k].value));
    });
  };
  if (!event.session) {
    apply();
    return;
  }
  std::vector<sim::SpawnSpec> specs;
  specs.reserve(event.spawn.size());
  for (std::size_t j = 0; j < event.spawn.size(); ++j) {
    const SpawnTask& t = event.spawn[j];
    specs.push_back({t.name, std::min(t.delayMs, kMaxVirtualMs), t.waitUntil, spawnPointer(index, j)});
  }
  pendingRequest_ = sim::openRequest(*sessions_, *event.session, specs, apply);
}

void Runner::validatePendingRequest() {
  const sim::CleanupResult result = sessions_->validateSessionCleanup(*pendingRequest_);
  pendingRequest_.reset();
  if (auto error = sim::danglingTaskError(result)) addError(std::move(*error));
}

void Runner::attachObservers() {
  trace::Observer* observer = observers_.attachable();
  scheduler_->setObserver(observer);
  if (runtime_) runtime_->setObserver(observer);
  if (sessions_) sessions_->setObserver(observer);
}

bool Runner::removeObserver(const std::shared_ptr<RunObserver>& observer) {
  const auto it = std::find(runObservers_.begin(), runObservers_.end(), observer);
  if (it == runObservers_.end()) return false;
  observers_.remove(observer.get());
  if (*it == journal_) journal_.reset();
  if (*it == causes_) causes_.reset();
  if (*it == timeline_) timeline_.reset();
  runObservers_.erase(it);
  attachObservers();
  return true;
}

void Runner::beginStep() {
  if (!runObservers_.empty()) [[unlikely]] {
    for (const auto& o : runObservers_) o->onStepBegin(steps_ + 1);
  }
}

void Runner::endStep(const Move& move) {
  ++steps_;
  ++generation_;
  lastMove_ = move;
  if (!runObservers_.empty()) [[unlikely]] {
    for (const auto& o : runObservers_) o->onStepEnd(steps_, move);
  }
}

bool Runner::step() {
  if (phase_ == Phase::Done) return false;
  beginStep();
  endStep(makeMove());
  return true;
}

Move Runner::makeMove() {
  if (scheduler_->tick()) return {MoveKind::Decision, nowMs()};
  // Parked: nothing ready, no timer due.
  if (pendingRequest_) {
    validatePendingRequest();
    return {MoveKind::RequestValidated, nowMs()};
  }
  if (phase_ == Phase::Settling) phase_ = Phase::Events;
  const std::optional<sched::Instant> timer = scheduler_->nextTimerDeadline();
  if (phase_ == Phase::Events) {
    if (nextEvent_ < document_->events.size()) {
      const sched::Instant at{duration(document_->events[nextEvent_].atMs)};
      // Timers due up to the event's time fire first (ties included); a passed atMs applies now.
      if (timer && *timer <= at && moveClockTo(*timer)) return {MoveKind::ClockMoved, nowMs()};
      if (moveClockTo(at)) return {MoveKind::ClockMoved, nowMs()};
      const std::size_t event = nextEvent_;
      beginEvent();
      return {MoveKind::EventApplied, nowMs(), event};
    }
    phase_ = Phase::Finishing;
  }
  const sched::Instant limit{duration(options_.maxTimeMs)};
  if (timer && *timer <= limit && moveClockTo(*timer)) return {MoveKind::ClockMoved, nowMs()};
  if (timer) {
    moveClockTo(limit);
    std::vector<std::string> debounced;
    for (std::size_t i = 0; i < actionIds_.size(); ++i) {
      if (runtime_->debounceState(actionIds_[i]).armedDeadline) debounced.push_back(document_->actions[i].id);
    }
    addError({"max-time",
              debounced,
              nowMs(),
              fmt::format("stopped at the max time ({} ms) with {} timer(s) still armed, the next due at {} ms",
                          trace::formatNumber(options_.maxTimeMs), scheduler_->timerCount(),
                          trace::formatNumber(sched::toMs(*timer))),
              {},
              {}});
  }
  phase_ = Phase::Done;
  return {MoveKind::Finished, nowMs()};
}

Move Runner::nextMove() const {
  const double now = nowMs();
  if (phase_ == Phase::Done) return {MoveKind::None, now};
  if (scheduler_->hasDecision()) return {MoveKind::Decision, now};
  if (pendingRequest_) return {MoveKind::RequestValidated, now};
  const std::optional<sched::Instant> timer = scheduler_->nextTimerDeadline();
  const sched::Instant clock = scheduler_->now();
  if (phase_ != Phase::Finishing && nextEvent_ < document_->events.size()) {
    const sched::Instant at{duration(document_->events[nextEvent_].atMs)};
    if (timer && *timer <= at && *timer > clock) return {MoveKind::ClockMoved, sched::toMs(*timer)};
    if (at > clock) return {MoveKind::ClockMoved, sched::toMs(at)};
    return {MoveKind::EventApplied, now, nextEvent_};
  }
  const sched::Instant limit{duration(options_.maxTimeMs)};
  if (timer && *timer <= limit && *timer > clock) return {MoveKind::ClockMoved, sched::toMs(*timer)};
  return {MoveKind::Finished, timer && limit > clock ? sched::toMs(limit) : now};
}

bool Runner::advanceClockTo(double ms) {
  if (phase_ == Phase::Done || !(ms >= 0)) return false;
  const sched::Instant target{duration(ms)};
  if (target <= scheduler_->now()) return false;
  beginStep();
  moveClockTo(target);
  endStep({MoveKind::ClockSet, nowMs()});
  return true;
}

void Runner::setCellValue(CellIndex cell, double value) {
  if (cell >= cellIds_.size()) throw std::out_of_range("Runner::setCellValue: no such cell");
  runtime_->write(cellIds_[cell], reactive::Value(value));
  for (const auto& o : runObservers_) o->onHandEdit(cell, value);
  reopen();
}

void Runner::setDeprioritized(std::string_view label, bool deprioritized) {
  const sched::TaskLabel taskLabel(label);
  if (deprioritized) {
    scheduler_->deprioritize(taskLabel);
  } else {
    scheduler_->prioritize(taskLabel);
  }
  reopen();
}

void Runner::reopen() {
  ++generation_;
  // A run that was over goes on with what the intervention started (the finishing phase).
  if (phase_ == Phase::Done) phase_ = Phase::Finishing;
}

std::span<const trace::ReportError> Runner::errors() const { return recording_->errors; }

void Runner::settle() {
  while (phase_ == Phase::Settling) {
    if (scheduler_->hasDecision()) {
      step();
    } else {
      phase_ = Phase::Events;
    }
  }
}

bool Runner::applyNextEvent() {
  settle();
  if (phase_ != Phase::Events || nextEvent_ >= document_->events.size()) return false;
  const std::size_t target = nextEvent_ + 1;
  while (nextEvent_ < target && step()) {
  }
  while (scheduler_->hasDecision()) step();
  if (pendingRequest_) step();  // parked: the request is validated
  return true;
}

void Runner::runToEnd() {
  // Free-running: the same decisions as stepping, a task that is the only candidate going on
  // without the round trip through the queue.
  const sched::TestScheduler::FreeRun freeRun(*scheduler_);
  while (step()) {
  }
}

// ReportRows: the runner's report as a source. The few cycles and sessions are converted
// once; cells and actions are read from the runtime per row; effect runs and errors are the
// runner's own.
class Runner::ReportRows final : public trace::ReportSource {
 public:
  explicit ReportRows(const Runner& runner) : r_(runner) {
    for (const reactive::CycleRecord& c : r_.runtime_->cycles()) {
      cycles_.push_back({c.members, c.iterations, c.converged, std::string(reactive::nameOf(c.strategy)),
                         sched::toMs(c.startedAt)});
    }
    for (const sim::SessionSnapshot& s : r_.sessions_->sessions()) sessions_.push_back(sim::toSessionReport(s));
  }

  trace::ReportSummary summary() const override {
    const reactive::RuntimeStats stats = r_.runtime_->getStats();
    return {1, r_.document_->name, std::string(toString(r_.mode_)), r_.seed_, r_.nowMs(),
            {stats.effects, stats.computations, stats.pending}};
  }
  std::size_t cellCount() const override { return r_.cellIds_.size(); }
  trace::NamedValue cell(std::size_t i) const override {
    const auto c = static_cast<CellIndex>(i);
    return {std::string(r_.document_->cellId(c)), numberOf(r_.runtime_->peek(r_.cellIds_[c]))};
  }
  std::size_t actionCount() const override { return r_.actionIds_.size(); }
  trace::ActionReport action(std::size_t i) const override {
    const Action& a = r_.document_->actions[i];
    const reactive::ActionStats s = r_.runtime_->getActionStats(r_.actionIds_[i]);
    const reactive::DebounceState d = r_.runtime_->debounceState(r_.actionIds_[i]);
    const double totalMs = sched::toMs(s.totalTime);
    return {a.id,
            std::string(toString(a.kind)),
            s.runCount,
            totalMs,
            s.runCount ? totalMs / static_cast<double>(s.runCount) : 0.0,
            sched::toMs(s.lastRunTime),
            sched::toMs(d.delay),
            d.automatic,
            sched::toMs(s.minTime),
            sched::toMs(s.maxTime)};
  }
  std::size_t effectRunCount() const override { return r_.recording_->effectRuns.size(); }
  trace::EffectRunReport effectRun(std::size_t i) const override {
    const Recording::EffectRun& e = r_.recording_->effectRuns[i];
    const Plan& plan = r_.plans_[e.action];
    const reactive::CellId* reads = r_.planCells_.data() + plan.reads;
    const double* values = r_.recording_->effectValues.data() + e.values;
    trace::EffectRunReport run;
    run.action = r_.document_->actions[e.action].id;
    run.atMs = e.atMs;
    run.reads.reserve(plan.readCount);
    for (std::uint32_t k = 0; k < plan.readCount; ++k)
      run.reads.push_back({std::string(r_.document_->cellId(reads[k].value - 1)), values[k]});
    run.outputs.assign(values + plan.readCount, values + plan.readCount + plan.resultCount);
    return run;
  }
  std::span<const trace::CycleReport> cycles() const override { return cycles_; }
  std::span<const trace::ReportError> errors() const override { return r_.recording_->errors; }
  std::span<const trace::SessionReport> sessions() const override { return sessions_; }

 private:
  const Runner& r_;
  std::vector<trace::CycleReport> cycles_;
  std::vector<trace::SessionReport> sessions_;
};

std::unique_ptr<trace::ReportSource> Runner::reportSource() const { return std::make_unique<ReportRows>(*this); }

trace::Report Runner::report() const { return trace::toReport(ReportRows(*this)); }

trace::ChromeTraceOptions Runner::chromeTraceOptions() const {
  trace::ChromeTraceOptions o;
  o.processName = "tickscope: " + document_->name;
  o.actions.reserve(actionIds_.size());
  for (std::size_t i = 0; i < actionIds_.size(); ++i) o.actions.push_back({actionIds_[i].value, document_->actions[i].id});
  o.endTime = scheduler_->now();
  o.otherData = {{"graph", document_->name}, {"mode", std::string(toString(mode_))}, {"seed", std::to_string(seed_)}};
  o.droppedEvents = recorder_ ? recorder_->dropped() : 0;
  return o;
}

}  // namespace tickscope::run
