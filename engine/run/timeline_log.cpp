#include "run/timeline_log.h"

#include <algorithm>

#include "run/runner.h"

namespace tickscope::run {

namespace {

constexpr double kUnused = std::numeric_limits<double>::quiet_NaN();

template <class Get>
std::size_t upToStep(std::uint64_t step, std::size_t count, Get get) {
  std::size_t lo = 0;
  std::size_t hi = count;
  while (lo < hi) {  // the first record with a step after `step`
    const std::size_t mid = lo + (hi - lo) / 2;
    if (get(mid) <= step) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

std::string_view nameOf(TimelineCause cause) {
  switch (cause) {
    case TimelineCause::Unknown: return "unknown";
    case TimelineCause::Subscribe: return "subscribe";
    case TimelineCause::Write: return "write";
    case TimelineCause::Pull: return "pull";
    case TimelineCause::DebounceFired: return "debounce fired";
    case TimelineCause::CycleIteration: return "cycle iteration";
    case TimelineCause::Event: return "event";
    case TimelineCause::HandEdit: return "hand edit";
  }
  return "?";
}

std::string_view nameOf(TimelineMarkKind kind) {
  switch (kind) {
    case TimelineMarkKind::DebounceArmed: return "debounce armed";
    case TimelineMarkKind::DebounceRestarted: return "debounce restarted";
    case TimelineMarkKind::DebounceFired: return "debounce fired";
    case TimelineMarkKind::DebounceCancelled: return "debounce cancelled";
    case TimelineMarkKind::CycleStarted: return "cycle started";
    case TimelineMarkKind::CycleIteration: return "cycle iteration";
    case TimelineMarkKind::CycleEnded: return "cycle ended";
    case TimelineMarkKind::EventApplied: return "event applied";
    case TimelineMarkKind::ClockMoved: return "clock moved";
    case TimelineMarkKind::HandEdit: return "hand edit";
  }
  return "?";
}

static_assert(sizeof(TimelineRun) == 40, "a run record stays 40 bytes (docs/benchmarks.md)");

TimelineLog::TimelineLog() = default;
TimelineLog::~TimelineLog() = default;

void TimelineLog::setUp(Runner& runner) {
  runner_ = &runner;
  const graph::GraphDocument& doc = runner.document();
  tracks_.assign(doc.actions.size(), {});
  pending_.assign(doc.actions.size(), {});
  effect_.resize(doc.actions.size());
  writesWhatItReads_.assign(doc.actions.size(), 0);
  for (std::size_t i = 0; i < doc.actions.size(); ++i) {
    effect_[i] = doc.actions[i].kind == graph::ActionKind::Effect;
    for (reactive::CellId r : runner.actionReads(i)) {
      for (reactive::CellId w : runner.actionWrites(i)) writesWhatItReads_[i] |= r == w;
    }
  }
  step_ = runner.steps();
}

std::size_t TimelineLog::runsUpToStep(std::uint64_t step, std::size_t count) const {
  return upToStep(step, std::min(count, runCount()), [this](std::size_t i) { return run(i).step; });
}

std::size_t TimelineLog::marksUpToStep(std::uint64_t step, std::size_t count) const {
  return upToStep(step, std::min(count, markCount()), [this](std::size_t i) { return mark(i).step; });
}

void TimelineLog::addMark(TimelineMarkKind kind, double atMs, double untilMs, std::uint32_t subject,
                          std::uint32_t detail) {
  TimelineMark m;
  m.atMs = atMs;
  m.untilMs = untilMs;
  m.step = step_;
  m.subject = subject;
  m.detail = detail;
  m.kind = kind;
  marks_.push(m);
}

void TimelineLog::onStepBegin(std::uint64_t step) {
  step_ = step;
  stepStartMs_ = runner_->nowMs();
}

void TimelineLog::onStepEnd(std::uint64_t step, const Move& move) {
  step_ = step;
  switch (move.kind) {
    case MoveKind::EventApplied:
      // The step's writes from outside any action were the event's.
      settleExternal(Marked::Event);
      addMark(TimelineMarkKind::EventApplied, runner_->nowMs(), kUnused, static_cast<std::uint32_t>(move.event));
      break;
    case MoveKind::ClockMoved:
    case MoveKind::ClockSet:
    case MoveKind::Finished:
      if (move.atMs != stepStartMs_)
        addMark(TimelineMarkKind::ClockMoved, stepStartMs_, move.atMs, 0, static_cast<std::uint32_t>(move.kind));
      break;
    default:
      break;
  }
}

void TimelineLog::onHandEdit(std::uint32_t cell, double value) {
  (void)value;
  settleExternal(Marked::HandEdit);
  addMark(TimelineMarkKind::HandEdit, runner_->nowMs(), kUnused, cell);
}

void TimelineLog::settleExternal(Marked origin) {
  for (std::uint32_t a : external_) {
    if (tracks_[a].marked == Marked::External) tracks_[a].marked = origin;
  }
  external_.clear();
}

void TimelineLog::started(std::uint32_t action) {
  Track& t = tracks_[action];
  Pending& p = pending_[action];
  p.causeAction = 0;
  p.cause = TimelineCause::Unknown;
  p.flags = 0;
  p.values.clear();
  if (writesWhatItReads_[action]) {
    const std::span<const reactive::CellId> reads = runner_->actionReads(action);
    p.values.resize(reads.size());
    runner_->runtime().peekNumbers(reads, p.values);
  }
  p.errorsBefore = static_cast<std::uint32_t>(runner_->errors().size());
  if (effect_[action]) p.flags |= TimelineRun::Effect;
  bool continuation = false;  // re-run by a slow cycle's own task (pulled on nobody's demand)
  if (!t.pulled || t.pulledBy == 0) {
    for (const Cycle& c : cycles_) {
      if (c.slow && c.done >= 1 && std::find(c.members.begin(), c.members.end(), action) != c.members.end())
        continuation = true;
    }
  }
  if (t.pulled) p.flags |= TimelineRun::Pulled;
  if (continuation) {
    p.cause = TimelineCause::CycleIteration;
  } else if (t.pulled) {
    p.cause = TimelineCause::Pull;
    p.causeAction = t.pulledBy;
  } else if (t.fired) {
    p.cause = TimelineCause::DebounceFired;
  } else {
    {
      switch (t.marked) {
        case Marked::Writer:
          p.cause = TimelineCause::Write;
          p.causeAction = t.writer;
          break;
        case Marked::Event: p.cause = TimelineCause::Event; break;
        case Marked::HandEdit: p.cause = TimelineCause::HandEdit; break;
        case Marked::External:
        case Marked::None: p.cause = t.ran ? TimelineCause::Unknown : TimelineCause::Subscribe; break;
      }
    }
  }
  t = Track{};
  t.ran = true;
}

void TimelineLog::finished(std::uint32_t action, double endMs, double costMs, bool failed) {
  const Pending& p = pending_[action];
  TimelineRun r;
  r.startMs = endMs - costMs;
  r.costMs = costMs;
  r.step = step_;
  r.action = action;
  r.causeAction = p.causeAction;
  r.cause = p.cause;
  r.flags = p.flags;
  if (failed) r.flags |= TimelineRun::Failed;
  const auto errors = runner_->errors();
  if (errors.size() > p.errorsBefore && errors.back().kind == "math-error") r.flags |= TimelineRun::Failed;
  keepValues(action, p, r);
  runs_.push(r);
}

void TimelineLog::keepValues(std::uint32_t action, const Pending& p, TimelineRun& r) {
  const std::span<const reactive::CellId> reads = runner_->actionReads(action);
  const std::size_t n = std::min<std::size_t>(reads.size(), std::numeric_limits<std::uint16_t>::max());
  const std::size_t at = values_.count.load(std::memory_order_relaxed);
  if (at + n > kMaxRecords) {
    values_.dropped += n;
    return;
  }
  // As it finished: in pull mode what it read was brought up to date during its run; a cell
  // it writes itself is shown as it found it.
  scratch_.resize(n);
  runner_->runtime().peekNumbers(reads.first(n), scratch_);
  if (writesWhatItReads_[action] && p.values.size() == reads.size()) {
    const std::span<const reactive::CellId> writes = runner_->actionWrites(action);
    for (std::size_t k = 0; k < n; ++k) {
      if (std::find(writes.begin(), writes.end(), reads[k]) != writes.end()) scratch_[k] = p.values[k];
    }
  }
  for (double v : scratch_) values_.push(v);
  r.valueCount = static_cast<std::uint16_t>(n);
  r.valuesAt = static_cast<std::uint32_t>(at);
}

void TimelineLog::onReactiveEvent(const trace::ReactiveEvent& e) {
  using K = trace::ReactiveEventKind;
  const std::uint32_t action = e.action - 1;  // runtime id: the document's index + 1
  const bool known = e.action >= 1 && e.action <= tracks_.size();
  switch (e.kind) {
    case K::MarkedDirty:
      if (!known || e.detail != "dirty") break;  // "check": not a cause yet
      [[fallthrough]];
    case K::ActionScheduled: {
      if (!known) break;
      Track& t = tracks_[action];
      if (e.cause >= 1 && e.cause <= tracks_.size()) {
        t.marked = Marked::Writer;
        t.writer = e.cause;
      } else if (t.marked == Marked::None) {
        t.marked = Marked::External;
        external_.push_back(action);
      }
      break;
    }
    case K::Pulled:
      if (!known) break;
      tracks_[action].pulled = true;
      tracks_[action].pulledBy = e.cause <= tracks_.size() ? e.cause : 0;
      break;
    case K::ActionStarted:
      if (known) started(action);
      break;
    case K::CellWritten:
      // Only a change is announced; the writer's run is in progress (its own writes).
      if (e.cause >= 1 && e.cause <= pending_.size()) pending_[e.cause - 1].flags |= TimelineRun::Changed;
      break;
    case K::ActionFailed:
      if (known) pending_[action].flags = static_cast<std::uint8_t>((pending_[action].flags | TimelineRun::Failed) & ~TimelineRun::Changed);  // rolled back
      break;
    case K::ActionFinished:
      if (known) finished(action, sched::toMs(e.at), sched::toMs(e.duration), false);
      break;
    case K::DebounceArmed:
      if (known) {
        tracks_[action].fired = false;
        addMark(TimelineMarkKind::DebounceArmed, sched::toMs(e.at), sched::toMs(e.deadline), action);
      }
      break;
    case K::DebounceRestarted:
      if (known) addMark(TimelineMarkKind::DebounceRestarted, sched::toMs(e.at), sched::toMs(e.deadline), action);
      break;
    case K::DebounceFired:
      if (known) {
        tracks_[action].fired = true;
        addMark(TimelineMarkKind::DebounceFired, sched::toMs(e.at), sched::toMs(e.at), action);
      }
      break;
    case K::DebounceCancelled:
      if (known) addMark(TimelineMarkKind::DebounceCancelled, sched::toMs(e.at), kUnused, action);
      break;
    case K::CycleDetected: {
      Cycle cycle;
      cycle.id = e.cycle;
      cycle.slow = e.detail == "slow";
      const graph::GraphDocument& doc = runner_->document();
      for (const std::string& member : e.members) {
        if (const auto index = doc.findAction(member); index && *index < tracks_.size())
          cycle.members.push_back(static_cast<std::uint32_t>(*index));
      }
      cycles_.push_back(std::move(cycle));
      addMark(TimelineMarkKind::CycleStarted, sched::toMs(e.at), kUnused, e.cycle, 0);
      break;
    }
    case K::CycleIteration:
      for (Cycle& c : cycles_) {
        if (c.id == e.cycle) c.done = e.iteration;
      }
      addMark(TimelineMarkKind::CycleIteration, sched::toMs(e.at), kUnused, e.cycle, e.iteration);
      break;
    case K::CycleConverged:
    case K::CycleLimit:
      std::erase_if(cycles_, [&](const Cycle& c) { return c.id == e.cycle; });
      addMark(TimelineMarkKind::CycleEnded, sched::toMs(e.at), kUnused, e.cycle, e.iteration);
      break;
    default:
      break;
  }
}

}  // namespace tickscope::run
