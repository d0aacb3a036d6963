#include "run/cause_log.h"

#include <algorithm>

#include <fmt/format.h>

#include "reactive/value.h"
#include "run/runner.h"
#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

std::string number(double value) { return trace::formatNumber(value); }

}  // namespace

CauseLog::CauseLog(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

void CauseLog::setUp(Runner& runner) {
  runner_ = &runner;
  const graph::GraphDocument& doc = runner.document();
  actions_.assign(doc.actions.size(), {});
  cells_.assign(doc.cellCount(), {});
  // Attached mid-run (makeObserver after steps): run numbers and values go on from the runtime's.
  for (std::size_t i = 0; i < actions_.size(); ++i)
    actions_[i].runs = runner.runtime().getActionStats(runner.actionId(i)).runCount;
  for (std::size_t c = 0; c < cells_.size(); ++c)
    cells_[c].value = reactive::numberOf(runner.runtime().peek(runner.cellId(static_cast<graph::CellIndex>(c))));
  outsideFirst_ = next_;
}

// --- the ring ---------------------------------------------------------------------------------

std::uint64_t CauseLog::push(const Record& record) {
  const std::uint64_t seq = next_++;
  if (ring_.size() < capacity_) {
    ring_.push_back(record);  // grows as it fills: a short session does not pay for the whole ring
  } else {
    ring_[(seq - 1) % capacity_] = record;
  }
  if (next_ - first_ > capacity_) first_ = next_ - capacity_;
  return seq;
}

const CauseLog::Record* CauseLog::get(std::uint64_t seq) const {
  if (seq < first_ || seq >= next_) return nullptr;  // 0 is below first_ (>= 1)
  return &ring_[(seq - 1) % capacity_];
}

CauseLog::Record* CauseLog::get(std::uint64_t seq) {
  return const_cast<Record*>(static_cast<const CauseLog*>(this)->get(seq));
}

std::uint64_t CauseLog::currentStep() const { return step_ ? step_ : runner_->steps(); }

CauseLog::Record CauseLog::base(Kind kind, double atMs) const {
  Record r;
  r.kind = kind;
  r.step = currentStep();
  r.atMs = atMs;
  if (step_) r.flags |= InStep;
  return r;
}

// --- recording --------------------------------------------------------------------------------

bool CauseLog::reads(std::uint32_t action, std::uint32_t cell) const {
  for (reactive::CellId c : runner_->actionReads(action)) {
    if (c.value == cell + 1) return true;
  }
  return false;
}

std::uint64_t CauseLog::resolve(std::uint32_t action, std::uint32_t writer) const {
  if (writer > actions_.size()) return 0;
  const std::uint64_t since = actions_[action].lastRun;
  std::uint64_t best = 0;
  for (reactive::CellId c : runner_->actionReads(action)) {
    const std::uint64_t seq = cells_[c.value - 1].lastChange;
    const Record* r = get(seq);
    if (!r || seq <= since || (r->flags & Undone) || r->action != writer) continue;
    best = std::max(best, seq);
  }
  if (best) return best;
  // Not a cell it reads: the marking went through computations (a debounced effect
  // downstream): what the writer just changed is the cause.
  const std::uint64_t seq = writer ? actions_[writer - 1].lastWrite : lastExternal_;
  const Record* r = get(seq);
  return r && seq > since && !(r->flags & Undone) ? seq : 0;
}

std::uint64_t CauseLog::latestInput(std::uint32_t action) const {
  const std::uint64_t since = actions_[action].lastRun;
  std::uint64_t best = 0;
  for (reactive::CellId c : runner_->actionReads(action)) {
    std::uint64_t seq = cells_[c.value - 1].lastChange;
    // Its own writes never trigger it: look past them.
    for (const Record* r = get(seq); r && seq > since; r = get(seq = r->prev)) {
      if (r->action != action + 1 && !(r->flags & Undone)) {
        best = std::max(best, seq);
        break;
      }
    }
  }
  return best;
}

void CauseLog::runStarted(std::uint32_t action, double atMs) {
  ActionTrack& t = actions_[action];
  if (t.lastRun != 0 && t.lastWrite < t.lastRun) {  // the run before this one changed nothing
    const Record* previous = get(t.lastRun);
    if (!previous || !(previous->flags & Undone)) ++t.unchanged;
  }
  Record r = base(Kind::Run, atMs);
  r.action = action;
  r.number = ++t.runs;
  r.prev = t.lastRun;
  if (pulledAction_ == action + 1) {
    r.flags |= Pulled;
    r.cell = puller_;
  }
  pulledAction_ = 0;
  bool continuation = false;  // re-run by a slow cycle's own task
  for (const ActiveCycle& c : cycles_) {
    if (std::find(c.members.begin(), c.members.end(), action) == c.members.end()) continue;
    r.cycle = c.id;
    r.iteration = c.done + 1;
    continuation = c.slow && r.iteration >= 2;
  }

  if (t.fired > t.lastRun) {
    r.trigger = Trigger::Fired;
    r.link = t.fired;
  } else {
    std::uint64_t change = 0;
    // The runtime's word first (the writer that made it dirty or pending), if it names a
    // change of a cell it reads; else the newest change of what it reads; else the change
    // that reached it through others (an effect scheduled "maybe", a debounce).
    const Record* marked = t.mark > t.lastRun ? get(t.mark) : nullptr;
    if (marked && marked->kind == Kind::Change && !(marked->flags & Undone) && reads(action, marked->cell))
      change = t.mark;
    if (!change) change = latestInput(action);
    if (!change && marked) change = t.mark;
    if (change || continuation) {
      r.trigger = continuation ? Trigger::CycleIteration : Trigger::Change;
      r.link = change;
    } else if (r.number == 1) {
      r.trigger = Trigger::Subscribed;
    }
  }
  t.lastRun = push(r);
}

void CauseLog::undoRun(std::uint64_t runSeq) {
  // Newest first, so that each cell ends at the value it had before the run.
  for (std::uint64_t seq = next_ - 1; seq > runSeq && seq >= first_; --seq) {
    Record* r = get(seq);
    if (!r || r->kind != Kind::Change || r->origin != Origin::Action || r->link != runSeq || (r->flags & Undone)) continue;
    r->flags |= Undone;
    CellTrack& cell = cells_[r->cell];
    cell.value = r->oldValue;
    if (cell.lastChange == seq) cell.lastChange = r->prev;
  }
}

void CauseLog::onStepBegin(std::uint64_t step) {
  step_ = step;
  stepFirst_ = next_;
}

void CauseLog::onStepEnd(std::uint64_t step, const Move& move) {
  (void)step;
  if (move.kind == MoveKind::EventApplied) {
    // The step's writes from outside any action were the event's.
    for (std::uint64_t seq = std::max(stepFirst_, first_); seq < next_; ++seq) {
      Record* r = get(seq);
      if (r->kind == Kind::Change && r->origin == Origin::External) {
        r->origin = Origin::Event;
        r->number = move.event;
      }
    }
    // And those of its writes that changed nothing (within epsilon).
    const graph::GraphDocument& doc = runner_->document();
    if (move.event < doc.events.size() && move.event < doc.resolution.eventTargets.size()) {
      const std::vector<graph::CellIndex>& targets = doc.resolution.eventTargets[move.event];
      const graph::Event& event = doc.events[move.event];
      for (std::size_t k = 0; k < targets.size() && k < event.set.size(); ++k) {
        const graph::CellIndex cell = targets[k];
        if (cell >= cells_.size() || cells_[cell].lastChange >= stepFirst_) continue;
        Record r = base(Kind::NoOp, move.atMs);
        r.origin = Origin::Event;
        r.cell = cell;
        r.newValue = event.set[k].value;
        r.number = move.event;
        cells_[cell].lastNoOp = push(r);
      }
    }
  }
  step_ = 0;
  outsideFirst_ = next_;
}

void CauseLog::onHandEdit(std::uint32_t cell, double value) {
  if (cell >= cells_.size()) return;
  bool changed = false;
  for (std::uint64_t seq = std::max(outsideFirst_, first_); seq < next_; ++seq) {
    Record* r = get(seq);
    if (r->kind == Kind::Change && r->origin == Origin::External && r->cell == cell && !(r->flags & InStep)) {
      r->origin = Origin::HandEdit;
      changed = true;
    }
  }
  if (!changed) {
    Record r = base(Kind::NoOp, runner_->nowMs());
    r.origin = Origin::HandEdit;
    r.cell = cell;
    r.newValue = value;
    cells_[cell].lastNoOp = push(r);
  }
  outsideFirst_ = next_;
}

void CauseLog::onReactiveEvent(const trace::ReactiveEvent& e) {
  using K = trace::ReactiveEventKind;
  const bool known = e.action >= 1 && e.action <= actions_.size();  // runtime id: the document's index + 1
  const std::uint32_t action = e.action - 1;
  switch (e.kind) {
    case K::CellWritten: {
      if (e.cell == 0 || e.cell > cells_.size()) break;
      const std::uint32_t cell = e.cell - 1;
      const std::uint32_t writer = e.cause <= actions_.size() ? e.cause : 0;
      Record r = base(Kind::Change, sched::toMs(e.at));
      r.origin = writer ? Origin::Action : Origin::External;
      r.action = writer;
      r.cell = cell;
      r.oldValue = cells_[cell].value;
      r.newValue = e.number;
      r.prev = cells_[cell].lastChange;
      if (writer) {
        r.number = actions_[writer - 1].runs;
        r.link = actions_[writer - 1].lastRun;
      }
      const std::uint64_t seq = push(r);
      cells_[cell].lastChange = seq;
      cells_[cell].value = e.number;
      lastChange_ = seq;
      (writer ? actions_[writer - 1].lastWrite : lastExternal_) = seq;
      break;
    }
    case K::MarkedDirty:
      if (!known || e.detail != "dirty") break;  // "check": something upstream may change; not a cause yet
      [[fallthrough]];
    case K::ActionScheduled:
      if (!known) break;
      if (const std::uint64_t change = resolve(action, e.cause)) actions_[action].mark = change;
      break;
    case K::DebounceArmed:
    case K::DebounceRestarted:
      if (!known) break;
      if (const std::uint64_t change = resolve(action, e.cause); change || e.kind == K::DebounceArmed)
        actions_[action].armed = change;
      break;
    case K::DebounceFired: {
      if (!known) break;
      Record r = base(Kind::Fired, sched::toMs(e.at));
      r.action = action;
      r.link = actions_[action].armed;
      actions_[action].fired = push(r);
      actions_[action].armed = 0;
      break;
    }
    case K::DebounceCancelled:
      if (known) actions_[action].armed = 0;
      break;
    case K::Pulled:
      if (!known) break;
      pulledAction_ = e.action;
      puller_ = e.cause <= actions_.size() ? e.cause : 0;
      break;
    case K::ActionStarted:
      if (known) runStarted(action, sched::toMs(e.at));
      break;
    case K::ActionFailed:
      if (known) undoRun(actions_[action].lastRun);  // its writes were rolled back; the run counts
      break;
    case K::ActionSkipped: {
      if (!known) break;
      ActionTrack& t = actions_[action];
      if (e.detail == "unchanged" || e.detail == "throttled") {
        Record r = base(Kind::Skip, sched::toMs(e.at));
        r.action = action;
        if (e.detail == "throttled") r.flags |= Throttled;
        t.skip = push(r);
      } else if (e.detail.starts_with("restarted")) {
        // An abandoned run (pulls nested too deep): undone and not counted; it runs again.
        if (Record* run = get(t.lastRun); run && run->kind == Kind::Run) {
          undoRun(t.lastRun);
          run->flags |= Undone;
          t.lastRun = run->prev;
        }
        if (t.runs) --t.runs;
      }
      break;
    }
    case K::CycleDetected: {
      ActiveCycle cycle;
      cycle.id = e.cycle;
      cycle.slow = e.detail == "slow";
      const graph::GraphDocument& doc = runner_->document();
      for (const std::string& member : e.members) {
        if (const auto index = doc.findAction(member); index && *index < actions_.size())
          cycle.members.push_back(static_cast<std::uint32_t>(*index));
      }
      if (cycle.slow) {
        if (slow_.size() == kMaxCycleStops) slow_.erase(slow_.begin());
        slow_.push_back(cycle);
      }
      cycles_.push_back(std::move(cycle));
      break;
    }
    case K::CycleIteration:
      for (ActiveCycle& c : cycles_) {
        if (c.id == e.cycle) c.done = e.iteration;
      }
      break;
    case K::CycleConverged:
    case K::CycleLimit:
      std::erase_if(cycles_, [&](const ActiveCycle& c) { return c.id == e.cycle; });
      if (e.kind == K::CycleLimit) {
        if (stops_.size() == kMaxCycleStops) stops_.erase(stops_.begin());
        stops_.push_back({e.cycle, currentStep(), step_ != 0, sched::toMs(e.at)});
      }
      break;
    default:
      break;
  }
}

// --- explaining -------------------------------------------------------------------------------

std::string CauseLog::actionName(std::uint32_t index) const {
  const graph::GraphDocument& doc = runner_->document();
  return index < doc.actions.size() ? doc.actions[index].id : fmt::format("action {}", index + 1);
}

std::string CauseLog::cellName(std::uint32_t cell) const {
  const graph::GraphDocument& doc = runner_->document();
  return cell < doc.cellCount() ? std::string(doc.cellId(cell)) : fmt::format("cell {}", cell + 1);
}

std::string CauseLog::stepText(const Record& r) const {
  return r.flags & InStep ? fmt::format("step {}, {} ms", r.step, number(r.atMs)) : fmt::format("after step {}", r.step);
}

CauseLink CauseLog::changeLink(std::uint64_t seq) const {
  CauseLink link;
  const Record* r = get(seq);
  if (!r) {
    link.text = "earlier history not kept";
    return link;
  }
  link.step = r->step;
  link.atMs = r->atMs;
  link.cell = r->cell;
  link.oldValue = r->oldValue;
  link.newValue = r->newValue;
  const std::string cell = cellName(r->cell);
  switch (r->origin) {
    case Origin::Action:
      link.kind = CauseLink::Kind::CellChanged;
      link.writer = r->action;
      link.writerRun = r->number;
      link.text = fmt::format("cell {} changed {} -> {} (written by {}, run {}, {})", cell, number(r->oldValue),
                              number(r->newValue), actionName(r->action - 1), r->number, stepText(*r));
      break;
    case Origin::Event:
      link.kind = CauseLink::Kind::EventApplied;
      link.event = static_cast<std::size_t>(r->number);
      link.text = fmt::format("event {} set {} to {}, was {} ({})", r->number + 1, cell, number(r->newValue),
                              number(r->oldValue), stepText(*r));
      break;
    case Origin::HandEdit:
      link.kind = CauseLink::Kind::HandEdit;
      link.text = fmt::format("cell {} set by hand to {}, was {} ({})", cell, number(r->newValue), number(r->oldValue),
                              stepText(*r));
      break;
    case Origin::External:
      link.kind = CauseLink::Kind::External;
      link.text = fmt::format("cell {} set from outside the run to {}, was {} ({})", cell, number(r->newValue),
                              number(r->oldValue), stepText(*r));
      break;
  }
  return link;
}

RunCause CauseLog::explain(std::uint64_t runSeq) const {
  RunCause out;
  const Record* run = get(runSeq);
  out.action = run->action;
  out.run = run->number;
  out.step = run->step;
  out.atMs = run->atMs;
  out.pulled = (run->flags & Pulled) != 0;
  out.puller = run->cell;

  auto unknown = [&out](std::string text) {
    CauseLink link;
    link.text = std::move(text);
    out.chain.push_back(std::move(link));
  };
  // Each step goes to an older record (a trigger precedes its run, a change's run precedes
  // the change), so the walk ends.
  for (std::uint64_t current = runSeq;;) {
    if (out.chain.size() >= kMaxChain) {
      unknown(fmt::format("the chain goes on (cut after {} links)", kMaxChain));
      break;
    }
    const Record* r = get(current);
    if (!r) {
      unknown("earlier history not kept");
      break;
    }
    std::uint64_t change = 0;
    const std::string name = actionName(r->action);
    if (r->trigger == Trigger::None) {
      unknown(fmt::format("nothing recorded explains run {} of {} (earlier history not kept)", r->number, name));
      break;
    }
    if (r->trigger == Trigger::Subscribed) {
      CauseLink link;
      link.kind = CauseLink::Kind::Subscribed;
      link.step = r->step;
      link.atMs = r->atMs;
      link.text = fmt::format("the first run of {}, scheduled when the run started ({})", name, stepText(*r));
      out.chain.push_back(std::move(link));
      break;
    }
    if (r->trigger == Trigger::Fired) {
      const Record* fired = get(r->link);
      if (!fired) {
        unknown("earlier history not kept");
        break;
      }
      CauseLink link;
      link.kind = CauseLink::Kind::DebounceFired;
      link.step = fired->step;
      link.atMs = fired->atMs;
      link.text = fmt::format("the debounce timer of {} fired ({})", name, stepText(*fired));
      out.chain.push_back(std::move(link));
      change = fired->link;
      if (!change) break;  // armed before the log saw it, or at the first scheduling
    } else {
      if (r->trigger == Trigger::CycleIteration) {
        CauseLink link;
        link.kind = CauseLink::Kind::CycleIteration;
        link.step = r->step;
        link.atMs = r->atMs;
        link.cycle = r->cycle;
        std::string members;
        for (const ActiveCycle& c : slow_) {
          if (c.id == r->cycle) {
            for (std::uint32_t m : c.members) members += (members.empty() ? "" : ", ") + actionName(m);
          }
        }
        link.text = members.empty()
                        ? fmt::format("iteration {} of slow cycle {} re-ran {} ({})", r->iteration, r->cycle, name,
                                      stepText(*r))
                        : fmt::format("iteration {} of slow cycle {} ({}) re-ran {} ({})", r->iteration, r->cycle,
                                      members, name, stepText(*r));
        out.chain.push_back(std::move(link));
      }
      change = r->link;
      if (!change) break;
    }
    const Record* c = get(change);
    out.chain.push_back(changeLink(change));
    if (!c || c->origin != Origin::Action) break;  // an origin (or dropped: the link says so)
    if (!c->link) {
      unknown(fmt::format("nothing recorded explains run {} of {} (earlier history not kept)", c->number,
                          actionName(c->action - 1)));
      break;
    }
    current = c->link;
  }
  return out;
}

std::optional<RunCause> CauseLog::lastRun(std::uint32_t action) const {
  if (action >= actions_.size() || actions_[action].lastRun == 0) return std::nullopt;
  const ActionTrack& t = actions_[action];
  if (get(t.lastRun)) return explain(t.lastRun);
  RunCause dropped;
  dropped.action = action;
  dropped.run = t.runs;
  dropped.atMs = kNoTime;
  CauseLink link;
  link.text = "earlier history not kept";
  dropped.chain.push_back(std::move(link));
  return dropped;
}

std::optional<RunCause> CauseLog::run(std::uint32_t action, std::uint64_t run) const {
  if (action >= actions_.size()) return std::nullopt;
  for (std::uint64_t seq = actions_[action].lastRun; seq;) {
    const Record* r = get(seq);
    if (!r || r->number < run) return std::nullopt;
    if (r->number == run && !(r->flags & Undone)) return explain(seq);
    seq = r->prev;
  }
  return std::nullopt;
}

std::optional<RunCause> CauseLog::runInStep(std::uint32_t action, std::uint64_t step) const {
  if (action >= actions_.size()) return std::nullopt;
  for (std::uint64_t seq = actions_[action].lastRun; seq;) {  // newest first
    const Record* r = get(seq);
    if (!r || r->step < step) return std::nullopt;
    if (r->step == step && !(r->flags & Undone)) return explain(seq);
    seq = r->prev;
  }
  return std::nullopt;
}

std::uint64_t CauseLog::unchangedRuns(std::uint32_t action) const {
  if (action >= actions_.size()) return 0;
  const ActionTrack& t = actions_[action];
  std::uint64_t n = t.unchanged;
  if (t.lastRun != 0 && t.lastWrite < t.lastRun) {
    const Record* last = get(t.lastRun);
    if (!last || !(last->flags & Undone)) ++n;
  }
  return n;
}

std::optional<CauseLink> CauseLog::lastChange(std::uint32_t cell) const {
  if (cell >= cells_.size() || cells_[cell].lastChange == 0) return std::nullopt;
  return changeLink(cells_[cell].lastChange);
}

std::optional<CauseLog::CycleStop> CauseLog::cycleStop(std::uint32_t cycle) const {
  for (const CycleStop& s : stops_) {
    if (s.cycle == cycle) return s;
  }
  return std::nullopt;
}

std::vector<WhyNot> CauseLog::whyNotFromHistory(std::uint32_t action, std::span<const std::uint32_t> upstream) const {
  std::vector<WhyNot> out;
  if (action >= actions_.size()) return out;
  const ActionTrack& t = actions_[action];
  auto add = [&out](WhyNot::Reason reason, std::string text) {
    WhyNot w;
    w.reason = reason;
    w.text = std::move(text);
    out.push_back(std::move(w));
  };

  // Skipped since its last run.
  if (const Record* skip = t.skip > t.lastRun ? get(t.skip) : nullptr) {
    if (skip->flags & Throttled) {
      add(WhyNot::Reason::Throttled, fmt::format("skipped by its throttle window ({})", stepText(*skip)));
    } else {
      add(WhyNot::Reason::InputsUnchanged,
          fmt::format("its inputs did not change beyond epsilon (pulled, then skipped: {})", stepText(*skip)));
    }
    return out;
  }

  // Upstream re-ran, or a write to what it reads changed nothing, and it was not notified.
  std::uint64_t newest = 0;
  std::string why;
  for (std::uint32_t w : upstream) {
    if (w >= actions_.size() || w == action || actions_[w].lastRun <= std::max(t.lastRun, newest)) continue;
    if (const Record* r = get(actions_[w].lastRun)) {
      newest = actions_[w].lastRun;
      why = fmt::format("{} re-ran: {}", actionName(w), stepText(*r));
    }
  }
  for (reactive::CellId c : runner_->actionReads(action)) {
    const std::uint64_t seq = cells_[c.value - 1].lastNoOp;
    if (seq <= std::max(t.lastRun, newest)) continue;
    if (const Record* r = get(seq)) {
      newest = seq;
      why = r->origin == Origin::Event
                ? fmt::format("event {} set {} to {} ({})", r->number + 1, cellName(r->cell), number(r->newValue),
                              stepText(*r))
                : fmt::format("{} set by hand to {} ({})", cellName(r->cell), number(r->newValue), stepText(*r));
    }
  }
  if (newest) {
    add(WhyNot::Reason::InputsUnchanged, fmt::format("its inputs did not change beyond epsilon ({})", why));
    return out;
  }

  // The run went on without touching what it reads.
  if (lastChange_ > t.lastRun) {
    const Record* last = get(t.lastRun);
    add(WhyNot::Reason::NotTriggered,
        last ? fmt::format("nothing it reads changed since its last run (run {}, {})", last->number, stepText(*last))
             : std::string("nothing it reads changed since its last run"));
  }
  return out;
}

}  // namespace tickscope::run
