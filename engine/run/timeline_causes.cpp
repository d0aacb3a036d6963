#include "run/timeline_causes.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

std::string number(double value) { return std::isnan(value) ? std::string("?") : trace::formatNumber(value); }

std::string stepText(std::uint64_t step, double atMs) { return fmt::format("step {}, {} ms", step, number(atMs)); }

bool sameValue(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || a == b; }

}  // namespace

TimelineCauses::TimelineCauses(std::shared_ptr<const TimelineLog> log, std::size_t runs,
                               std::shared_ptr<const graph::GraphDocument> document, ValueAfterStep valueAfterStep)
    : log_(std::move(log)),
      runs_(log_ ? std::min(runs, log_->runCount()) : 0),
      document_(std::move(document)),
      valueAfterStep_(std::move(valueAfterStep)) {
  byAction_.resize(document_->actions.size());
  for (std::size_t i = 0; i < runs_; ++i) {
    const std::uint32_t a = log_->run(i).action;
    if (a < byAction_.size()) byAction_[a].push_back(static_cast<std::uint32_t>(i));
  }
  writers_.resize(document_->cellCount());
  for (std::size_t a = 0; a < document_->resolution.actions.size(); ++a) {
    for (graph::CellIndex c : document_->resolution.actions[a].writes)
      if (c < writers_.size()) writers_[c].push_back(static_cast<std::uint32_t>(a));
  }
}

std::optional<std::size_t> TimelineCauses::lastBefore(std::uint32_t action, std::size_t before,
                                                      std::size_t* position) const {
  if (action >= byAction_.size()) return std::nullopt;
  const std::vector<std::uint32_t>& runs = byAction_[action];
  const auto it = std::lower_bound(runs.begin(), runs.end(), before);
  if (it == runs.begin()) return std::nullopt;
  if (position) *position = static_cast<std::size_t>(it - runs.begin()) - 1;
  return *(it - 1);
}

std::optional<std::size_t> TimelineCauses::lastChangeBefore(std::uint32_t action, std::size_t before,
                                                            std::size_t* position) const {
  if (action >= byAction_.size()) return std::nullopt;
  const std::vector<std::uint32_t>& runs = byAction_[action];
  for (auto it = std::lower_bound(runs.begin(), runs.end(), before); it != runs.begin();) {
    --it;
    if (log_->run(*it).flags & TimelineRun::Changed) {
      *position = static_cast<std::size_t>(it - runs.begin());
      return *it;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> TimelineCauses::firstChangeBetween(std::uint32_t action, std::size_t after, std::size_t before,
                                                              std::size_t* position) const {
  if (action >= byAction_.size()) return std::nullopt;
  const std::vector<std::uint32_t>& runs = byAction_[action];
  for (auto it = std::upper_bound(runs.begin(), runs.end(), after); it != runs.end() && *it < before; ++it) {
    if (log_->run(*it).flags & TimelineRun::Changed) {
      *position = static_cast<std::size_t>(it - runs.begin());
      return *it;
    }
  }
  return std::nullopt;
}

std::optional<RunCause> TimelineCauses::lastRun(std::uint32_t action, std::uint64_t step) const {
  if (!log_) return std::nullopt;
  const std::optional<std::size_t> run = lastBefore(action, log_->runsUpToStep(step, runs_));
  if (!run) return std::nullopt;
  return explain(*run);
}

std::optional<RunCause> TimelineCauses::runInStep(std::uint32_t action, std::uint64_t step) const {
  if (!log_) return std::nullopt;
  const std::optional<std::size_t> run = lastBefore(action, log_->runsUpToStep(step, runs_));
  if (!run || log_->run(*run).step != step) return std::nullopt;
  return explain(*run);
}

double TimelineCauses::readValue(const TimelineRun& r, std::size_t k) const {
  if (r.valuesAt == TimelineRun::kNoValues || k >= r.valueCount) return std::nan("");
  return log_->value(r.valuesAt + k);
}

std::optional<std::size_t> TimelineCauses::changedInput(std::size_t run, std::optional<std::size_t> previous) const {
  const TimelineRun& r = log_->run(run);
  const auto reads = document_->resolution.actions[r.action].reads;
  if (r.valuesAt == TimelineRun::kNoValues || r.valueCount != reads.size()) return std::nullopt;
  const TimelineRun* before = previous ? &log_->run(*previous) : nullptr;
  if (before && (before->valuesAt == TimelineRun::kNoValues || before->valueCount != reads.size())) return std::nullopt;
  // Changed: since its previous run, or since the start for its first run.
  auto changed = [&](std::size_t k) {
    const double was = before ? readValue(*before, k) : document_->initialValue(reads[k]);
    return !sameValue(readValue(r, k), was);
  };
  auto writtenBy = [&](std::size_t k, std::uint32_t action) {
    const auto& w = writers_[reads[k]];
    return std::find(w.begin(), w.end(), action) != w.end();
  };
  // A write by W triggered it (the runtime's word): the cell W writes that changed.
  if (r.cause == TimelineCause::Write && r.causeAction) {
    for (std::size_t k = 0; k < reads.size(); ++k)
      if (writtenBy(k, r.causeAction - 1) && changed(k)) return k;
  }
  // An event triggered it: the last cell of that event's batch it reads (a fast cycle may
  // have re-run it since, with that value). A hand edit: the edited cell.
  if (r.cause == TimelineCause::Event) {
    if (const std::optional<std::uint32_t> mark = latestMark(TimelineMarkKind::EventApplied, r.step)) {
      const auto& targets = document_->resolution.eventTargets;
      const std::uint32_t e = log_->mark(*mark).subject;
      std::optional<std::size_t> found;
      for (std::size_t j = 0; e < targets.size() && j < targets[e].size(); ++j)
        for (std::size_t k = 0; k < reads.size(); ++k)
          if (reads[k] == targets[e][j]) found = k;
      if (found) return found;
    }
  }
  if (r.cause == TimelineCause::HandEdit) {
    if (const std::optional<std::uint32_t> mark = latestMark(TimelineMarkKind::HandEdit, r.step)) {
      for (std::size_t k = 0; k < reads.size(); ++k)
        if (reads[k] == log_->mark(*mark).subject) return k;
    }
  }
  // Else a change of what it reads since its previous run (since the start for its first),
  // dated by its writer's newest run before this one (a cell no action writes: by the newest
  // event or edit). Pulled: the first change, the one whose write marked it dirty in the
  // pull's walk. Else (scheduled at the start, by an event or a timer reaching it through
  // others) the newest.
  const bool firstChange = before != nullptr && r.cause == TimelineCause::Pull;
  std::optional<std::size_t> best;
  std::uint64_t bestStep = 0;
  std::size_t bestOrder = 0;
  bool bestExternal = false;
  for (std::size_t k = 0; k < reads.size(); ++k) {
    if (!changed(k)) continue;
    std::optional<std::size_t> newest;
    for (std::uint32_t w : writers_[reads[k]]) {
      std::size_t p = 0;
      const std::optional<std::size_t> c = lastChangeBefore(w, run, &p);
      if (c && (!newest || *c > *newest)) newest = c;
    }
    std::uint64_t step = 0;
    std::size_t order = 0;  // within a step: runs by their order, an event's cells by its order
    if (newest) {
      step = log_->run(*newest).step;
      order = *newest + 1;
    } else {
      const std::optional<std::uint32_t> event = latestMark(TimelineMarkKind::EventApplied, r.step);
      const std::optional<std::uint32_t> edit = latestMark(TimelineMarkKind::HandEdit, r.step);
      if (event) {
        step = log_->mark(*event).step;
        const auto& targets = document_->resolution.eventTargets;
        const std::uint32_t e = log_->mark(*event).subject;
        for (std::size_t j = 0; e < targets.size() && j < targets[e].size(); ++j)
          if (targets[e][j] == reads[k]) order = j + 1;
      }
      if (edit) step = std::max(step, log_->mark(*edit).step);
    }
    bool better = !best;
    if (best && step != bestStep) better = (step < bestStep) == firstChange;
    // One batch from outside (an event) marks with its last write of what it reads.
    if (best && step == bestStep) better = (!newest && bestExternal) ? order > bestOrder : (order < bestOrder) == firstChange;
    if (better) {
      best = k;
      bestStep = step;
      bestOrder = order;
      bestExternal = !newest;
    }
  }
  return best;
}

std::optional<std::uint32_t> TimelineCauses::latestMark(TimelineMarkKind kind, std::uint64_t step) const {
  for (std::size_t i = log_->marksUpToStep(step, log_->markCount()); i-- > 0;) {
    if (log_->mark(i).kind == kind) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

RunCause TimelineCauses::explain(std::size_t run) const {
  const graph::GraphDocument& doc = *document_;
  auto name = [&doc](std::uint32_t a) { return a < doc.actions.size() ? doc.actions[a].id : fmt::format("action {}", a + 1); };
  RunCause out;
  std::size_t position = 0;
  const TimelineRun& first = log_->run(run);
  lastBefore(first.action, run + 1, &position);
  out.action = first.action;
  out.run = position + 1;
  out.step = first.step;
  out.atMs = first.startMs;
  out.pulled = (first.flags & TimelineRun::Pulled) != 0;
  out.puller = first.cause == TimelineCause::Pull ? first.causeAction : 0;

  auto push = [&out](CauseLink::Kind kind, std::uint64_t step, double atMs, std::string text) -> CauseLink& {
    CauseLink& link = out.chain.emplace_back();
    link.kind = kind;
    link.step = step;
    link.atMs = atMs;
    link.text = std::move(text);
    return link;
  };
  for (std::size_t current = run;;) {
    if (out.chain.size() >= kMaxChain) {
      push(CauseLink::Kind::Unknown, 0, kNoTime, fmt::format("the chain goes on (cut after {} links)", kMaxChain));
      break;
    }
    const TimelineRun& r = log_->run(current);
    const std::string who = name(r.action);
    std::size_t pos = 0;
    const std::optional<std::size_t> previous = lastBefore(r.action, current, &pos);
    const std::optional<std::size_t> k = changedInput(current, previous);
    // Its first run with no input changed since the start: scheduled (or pulled) as the run started.
    if (!k && (r.cause == TimelineCause::Subscribe || (!previous && r.valuesAt != TimelineRun::kNoValues))) {
      push(CauseLink::Kind::Subscribed, r.step, r.startMs,
           fmt::format("the first run of {}, scheduled when the run started ({})", who, stepText(r.step, r.startMs)));
      break;
    }
    if (r.cause == TimelineCause::DebounceFired) {
      // When its timer fired: its newest DebounceFired mark (the run may come a step later).
      std::uint64_t step = r.step;
      double atMs = r.startMs;
      for (std::size_t m = log_->marksUpToStep(r.step, log_->markCount()); m-- > 0;) {
        const TimelineMark& mark = log_->mark(m);
        if (mark.kind == TimelineMarkKind::DebounceFired && mark.subject == r.action) {
          step = mark.step;
          atMs = mark.atMs;
          break;
        }
      }
      push(CauseLink::Kind::DebounceFired, step, atMs,
           fmt::format("the debounce timer of {} fired ({})", who, stepText(step, atMs)));
    } else if (r.cause == TimelineCause::CycleIteration) {
      CauseLink& link = push(CauseLink::Kind::CycleIteration, r.step, r.startMs, {});
      const std::optional<std::uint32_t> mark = latestMark(TimelineMarkKind::CycleIteration, r.step);
      if (mark) {
        link.cycle = log_->mark(*mark).subject;
        link.text = fmt::format("iteration {} of slow cycle {} re-ran {} ({})", log_->mark(*mark).detail, link.cycle, who,
                                stepText(r.step, r.startMs));
      } else {
        link.text = fmt::format("an iteration of a slow cycle re-ran {} ({})", who, stepText(r.step, r.startMs));
      }
    }
    if (!k) {
      push(CauseLink::Kind::Unknown, r.step, r.startMs,
           r.valuesAt == TimelineRun::kNoValues
               ? fmt::format("the recording does not keep the values run {} of {} read", pos + (previous ? 2 : 1), who)
               : fmt::format("the recording does not say which input of {} changed before its run ({}{})", who,
                             stepText(r.step, r.startMs),
                             r.cause == TimelineCause::Pull ? fmt::format(", pulled by {}", name(r.causeAction - 1))
                                                            : std::string()));
      break;
    }
    const graph::CellIndex cell = doc.resolution.actions[r.action].reads[*k];
    const std::string cellName(doc.cellId(cell));
    const double newValue = readValue(r, *k);
    double oldValue = previous ? readValue(log_->run(*previous), *k) : doc.initialValue(cell);
    // The writer's newest run before this one (a W that triggered it first).
    std::optional<std::size_t> writerRun;
    std::size_t writerPos = 0;
    auto consider = [&](std::uint32_t w) {
      std::size_t p = 0;
      const std::optional<std::size_t> candidate = lastChangeBefore(w, current, &p);
      if (candidate && (!writerRun || *candidate > *writerRun)) {
        writerRun = candidate;
        writerPos = p;
      }
    };
    const std::vector<std::uint32_t>& writers = writers_[cell];
    if (r.cause == TimelineCause::Write && r.causeAction &&
        std::find(writers.begin(), writers.end(), r.causeAction - 1) != writers.end()) {
      // W's change scheduled it (or marked it dirty) once: W's first change since its previous run.
      if (previous) writerRun = firstChangeBetween(r.causeAction - 1, *previous, current, &writerPos);
      if (!writerRun) consider(r.causeAction - 1);
    }
    if (!writerRun) {
      for (std::uint32_t w : writers) consider(w);
    }
    if (writerRun) {
      const TimelineRun& w = log_->run(*writerRun);
      const double changedAt = w.startMs + w.costMs;  // its writes land as it ends
      CauseLink& link = push(CauseLink::Kind::CellChanged, w.step, changedAt,
                             fmt::format("cell {} changed {} -> {} (written by {}, run {}, {})", cellName,
                                         number(oldValue), number(newValue), name(w.action), writerPos + 1,
                                         stepText(w.step, changedAt)));
      link.cell = cell;
      link.oldValue = oldValue;
      link.newValue = newValue;
      link.writer = w.action + 1;
      link.writerRun = writerPos + 1;
      current = *writerRun;
      continue;
    }
    // An origin: a hand edit of that cell, else an event.
    const std::optional<std::uint32_t> edit = latestMark(TimelineMarkKind::HandEdit, r.step);
    const std::optional<std::uint32_t> event = latestMark(TimelineMarkKind::EventApplied, r.step);
    const bool byHand = r.cause == TimelineCause::HandEdit ||
                        (r.cause != TimelineCause::Event && edit && log_->mark(*edit).subject == cell && (!event || *edit > *event));
    if (byHand && edit) {
      const TimelineMark& m = log_->mark(*edit);
      if (valueAfterStep_) oldValue = valueAfterStep_(m.step, cell);  // edited after that step's frame
      CauseLink& link = push(CauseLink::Kind::HandEdit, m.step, m.atMs,
                             fmt::format("cell {} set by hand to {}, was {} (after step {})", cellName, number(newValue),
                                         number(oldValue), m.step));
      link.cell = cell;
      link.oldValue = oldValue;
      link.newValue = newValue;
    } else if (event) {
      const TimelineMark& m = log_->mark(*event);
      // Was: the cell before the event's step, else what it read in its last run before the
      // event (a fast cycle may have re-run it since).
      if (valueAfterStep_ && m.step > 0) {
        oldValue = valueAfterStep_(m.step - 1, cell);
      } else if (const std::optional<std::size_t> earlier = lastBefore(r.action, log_->runsUpToStep(m.step - 1, runs_))) {
        oldValue = readValue(log_->run(*earlier), *k);
      } else {
        oldValue = doc.initialValue(cell);
      }
      CauseLink& link = push(CauseLink::Kind::EventApplied, m.step, m.atMs,
                             fmt::format("event {} set {} to {}, was {} ({})", m.subject + 1, cellName, number(newValue),
                                         number(oldValue), stepText(m.step, m.atMs)));
      link.cell = cell;
      link.event = m.subject;
      link.oldValue = oldValue;
      link.newValue = newValue;
    } else {
      CauseLink& link = push(CauseLink::Kind::External, r.step, r.startMs,
                             fmt::format("cell {} set from outside the run to {}, was {}", cellName, number(newValue),
                                         number(oldValue)));
      link.cell = cell;
      link.oldValue = oldValue;
      link.newValue = newValue;
    }
    break;
  }
  return out;
}

}  // namespace tickscope::run
