#include "timeline_model.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QStringList>

#include "format.h"

namespace tickscope::views {

namespace {

const QString kGroupTitles[TimelineModel::kGroups] = {QStringLiteral("Effects"), QStringLiteral("Computations"),
                                                      QStringLiteral("Labels"), QStringLiteral("Sessions"),
                                                      QStringLiteral("Run")};

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - static_cast<double>(lo));
}

}  // namespace

void TimelineModel::reset() {
  log_.reset();
  document_ = nullptr;
  runs_ = marks_ = 0;
  rows_.clear();
  shown_.clear();
  actionRow_.clear();
  labelRow_.clear();
  debounce_.clear();
  cycles_.clear();
  markers_.clear();
  endMs_ = 0;
}

bool TimelineModel::update(const std::shared_ptr<const run::RunSnapshot>& snapshot) {
  snapshot_ = snapshot;
  if (!snapshot || !snapshot->timeline || !snapshot->document) {
    const bool had = log_ != nullptr;
    reset();
    return had;
  }
  const bool same = log_ == snapshot->timeline && document_ == snapshot->document.get() &&
                    snapshot->timelineRuns >= runs_ && snapshot->timelineMarks >= marks_;
  if (!same) {
    reset();
    log_ = snapshot->timeline;
    document_ = snapshot->document.get();
    buildRows();
  }
  for (; runs_ < snapshot->timelineRuns; ++runs_) addRun(static_cast<std::uint32_t>(runs_));
  for (; marks_ < snapshot->timelineMarks; ++marks_) addMark(log_->mark(marks_));
  // Sessions come from the snapshot itself (their rows are rebuilt: few, and they change).
  std::erase_if(rows_, [](const Row& r) { return r.kind == RowKind::Session; });
  auto sessionsAt = std::find_if(rows_.begin(), rows_.end(),
                                 [](const Row& r) { return r.kind == RowKind::Group && r.group == Group::Sessions; });
  if (sessionsAt != rows_.end()) {
    std::vector<Row> sessions;
    for (std::size_t i = 0; i < snapshot->sessions.size() && i < 1000; ++i) {
      Row row;
      row.kind = RowKind::Session;
      row.group = Group::Sessions;
      row.subject = static_cast<std::uint32_t>(i);
      row.title = QString::fromStdString(snapshot->sessions[i].id);
      sessions.push_back(std::move(row));
    }
    rows_.insert(sessionsAt + 1, sessions.begin(), sessions.end());
    // Only the Run group's rows come after the sessions: the action and label rows keep their places.
  }
  endMs_ = std::max(endMs_, snapshot->nowMs);
  refreshShown();
  return !same;
}

void TimelineModel::buildRows() {
  const std::size_t actions = document_->actions.size();
  actionRow_.assign(actions, 0);
  labelRow_.assign(actions, 0);
  debounce_.assign(actions, {});
  auto header = [&](Group g) {
    Row row;
    row.kind = RowKind::Group;
    row.group = g;
    row.title = kGroupTitles[static_cast<int>(g)];
    rows_.push_back(std::move(row));
  };
  for (Group g : {Group::Effects, Group::Computations}) {
    header(g);
    const graph::ActionKind kind = g == Group::Effects ? graph::ActionKind::Effect : graph::ActionKind::Computation;
    for (std::size_t a = 0; a < actions; ++a) {
      if (document_->actions[a].kind != kind) continue;
      Row row;
      row.kind = RowKind::Action;
      row.group = g;
      row.subject = static_cast<std::uint32_t>(a);
      row.title = QString::fromStdString(document_->actions[a].id);
      actionRow_[a] = static_cast<std::uint32_t>(rows_.size());
      rows_.push_back(std::move(row));
    }
  }
  header(Group::Labels);
  std::map<std::string, std::uint32_t> labels;
  for (std::size_t a = 0; a < actions; ++a) {
    const auto& label = document_->actions[a].label;
    if (!label) continue;
    auto [it, added] = labels.emplace(*label, static_cast<std::uint32_t>(rows_.size()));
    if (added) {
      Row row;
      row.kind = RowKind::Label;
      row.group = Group::Labels;
      row.subject = static_cast<std::uint32_t>(labels.size() - 1);
      row.title = QString::fromStdString(*label);
      rows_.push_back(std::move(row));
    }
    labelRow_[a] = it->second + 1;
  }
  header(Group::Sessions);
  header(Group::Run);
  Row cycles;
  cycles.kind = RowKind::Cycles;
  cycles.group = Group::Run;
  cycles.title = QStringLiteral("Cycles");
  rows_.push_back(cycles);
  Row events;
  events.kind = RowKind::Events;
  events.group = Group::Run;
  events.title = QStringLiteral("Events & clock");
  rows_.push_back(events);
}

void TimelineModel::insertRun(Row& row, std::uint32_t index, double startMs, double costMs) {
  row.maxCostMs = std::max(row.maxCostMs, costMs);
  if (row.starts.empty() || row.starts.back() <= startMs) {  // the usual case: runs come in start order
    row.starts.push_back(startMs);
    row.runs.push_back(index);
    return;
  }
  // A pulled run starts after its puller but is recorded first when it finishes.
  const auto at = std::upper_bound(row.starts.begin(), row.starts.end(), startMs);
  const auto k = at - row.starts.begin();
  row.starts.insert(at, startMs);
  row.runs.insert(row.runs.begin() + k, index);
}

void TimelineModel::addRun(std::uint32_t index) {
  const run::TimelineRun& r = log_->run(index);
  if (r.action >= actionRow_.size()) return;
  insertRun(rows_[actionRow_[r.action]], index, r.startMs, r.costMs);
  if (labelRow_[r.action]) insertRun(rows_[labelRow_[r.action] - 1], index, r.startMs, r.costMs);
  endMs_ = std::max(endMs_, r.startMs + r.costMs);
}

void TimelineModel::addMark(const run::TimelineMark& m) {
  using K = run::TimelineMarkKind;
  if (std::isfinite(m.atMs)) endMs_ = std::max(endMs_, m.atMs);
  switch (m.kind) {
    case K::DebounceArmed:
    case K::DebounceRestarted:
    case K::DebounceFired:
    case K::DebounceCancelled: {
      if (m.subject >= debounce_.size()) break;
      auto& spans = debounce_[m.subject];
      if (m.kind == K::DebounceArmed || spans.empty() || !spans.back().open) {
        if (!spans.empty() && spans.back().open) spans.back().open = false;  // re-armed without a fire
        DebounceSpan s;
        s.armMs = m.atMs;
        s.endMs = std::isnan(m.untilMs) ? m.atMs : m.untilMs;
        spans.push_back(s);
        if (m.kind == K::DebounceArmed) break;
      }
      DebounceSpan& s = spans.back();
      if (m.kind == K::DebounceRestarted) {
        s.restarts.push_back(m.atMs);
        if (!std::isnan(m.untilMs)) s.endMs = m.untilMs;
      } else if (m.kind != K::DebounceArmed) {
        s.open = false;
        s.fired = m.kind == K::DebounceFired;
        s.endMs = m.atMs;
      }
      break;
    }
    case K::CycleStarted: {
      CycleSpan c;
      c.id = m.subject;
      c.startMs = c.endMs = m.atMs;
      cycles_.push_back(c);
      break;
    }
    case K::CycleIteration:
    case K::CycleEnded:
      for (auto it = cycles_.rbegin(); it != cycles_.rend(); ++it) {
        if (it->id != m.subject) continue;
        it->endMs = std::max(it->endMs, m.atMs);
        if (m.kind == K::CycleIteration) it->iterations.push_back(m.atMs);
        if (m.kind == K::CycleEnded) it->open = false;
        break;
      }
      break;
    case K::EventApplied:
    case K::ClockMoved:
    case K::HandEdit:
      markers_.push_back({m.kind, m.atMs, m.untilMs, m.subject});
      if (m.kind == K::ClockMoved) endMs_ = std::max(endMs_, m.untilMs);
      break;
  }
}

void TimelineModel::setCollapsed(Group group, bool collapsed) {
  collapsed_[static_cast<int>(group)] = collapsed;
  refreshShown();
}

void TimelineModel::refreshShown() {
  shown_.clear();
  bool populated[kGroups] = {false, false, false, false, false};  // a group without rows is not shown
  for (const Row& r : rows_) {
    if (r.kind != RowKind::Group) populated[static_cast<int>(r.group)] = true;
  }
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    if (!populated[static_cast<int>(r.group)]) continue;
    if (r.kind == RowKind::Group || !collapsed(r.group)) shown_.push_back(static_cast<std::uint32_t>(i));
  }
}

std::optional<std::uint32_t> TimelineModel::rowOfAction(std::uint32_t action) const {
  if (action >= actionRow_.size()) return std::nullopt;
  return actionRow_[action];
}

std::size_t TimelineModel::barsOf(std::uint32_t action) const {
  const auto row = rowOfAction(action);
  return row ? rows_[*row].runs.size() : 0;
}

std::size_t TimelineModel::spansOf(std::uint32_t action) const { return debounceSpans(action).size(); }

std::size_t TimelineModel::restartsOf(std::uint32_t action) const {
  std::size_t n = 0;
  for (const DebounceSpan& s : debounceSpans(action)) n += s.restarts.size();
  return n;
}

const std::vector<TimelineModel::DebounceSpan>& TimelineModel::debounceSpans(std::uint32_t action) const {
  static const std::vector<DebounceSpan> none;
  return action < debounce_.size() ? debounce_[action] : none;
}

TimelineModel::VisibleRuns TimelineModel::visibleRuns(const Row& row, double fromMs, double toMs) const {
  VisibleRuns v;
  const auto& s = row.starts;
  v.margin = static_cast<std::size_t>(std::lower_bound(s.begin(), s.end(), fromMs - row.maxCostMs) - s.begin());
  v.begin = static_cast<std::size_t>(std::lower_bound(s.begin() + static_cast<std::ptrdiff_t>(v.margin), s.end(), fromMs) - s.begin());
  v.end = static_cast<std::size_t>(std::lower_bound(s.begin() + static_cast<std::ptrdiff_t>(v.begin), s.end(), toMs) - s.begin());
  return v;
}

TimelineModel::RangeStats TimelineModel::rangeStats(double fromMs, double toMs) const {
  RangeStats stats;
  if (!log_ || !(toMs > fromMs)) return stats;
  std::vector<RangeStats::Top> per;
  for (const Row& row : rows_) {
    if (row.kind != RowKind::Action) continue;
    RangeStats::Top top;
    top.action = row.subject;
    const VisibleRuns v = visibleRuns(row, fromMs, toMs);
    for (std::size_t k = v.margin; k < v.end; ++k) {
      const run::TimelineRun& r = log_->run(row.runs[k]);
      const double end = r.startMs + r.costMs;
      if (k < v.begin && end < fromMs) continue;
      ++top.runs;
      top.busyMs += std::max(0.0, std::min(end, toMs) - std::max(r.startMs, fromMs));
    }
    if (top.runs == 0) continue;
    stats.runs += top.runs;
    stats.busyMs += top.busyMs;
    per.push_back(top);
  }
  std::sort(per.begin(), per.end(), [](const RangeStats::Top& a, const RangeStats::Top& b) {
    return a.busyMs != b.busyMs ? a.busyMs > b.busyMs : a.runs != b.runs ? a.runs > b.runs : a.action < b.action;
  });
  if (per.size() > 5) per.resize(5);
  stats.top = std::move(per);
  return stats;
}

TimelineModel::RunTimes TimelineModel::runTimes(std::uint32_t action, std::size_t bins) const {
  RunTimes t;
  const auto row = rowOfAction(action);
  if (!row || !log_) return t;
  std::vector<double> costs;
  costs.reserve(rows_[*row].runs.size());
  for (std::uint32_t i : rows_[*row].runs) costs.push_back(log_->run(i).costMs);
  if (costs.empty()) return t;
  std::sort(costs.begin(), costs.end());
  t.runs = costs.size();
  t.minMs = costs.front();
  t.maxMs = costs.back();
  t.medianMs = quantile(costs, 0.5);
  t.p90Ms = quantile(costs, 0.9);
  t.bins.assign(std::max<std::size_t>(bins, 1), 0);
  const double width = (t.maxMs - t.minMs) / static_cast<double>(t.bins.size());
  for (double c : costs) {
    std::size_t b = width > 0 ? static_cast<std::size_t>((c - t.minMs) / width) : 0;
    ++t.bins[std::min(b, t.bins.size() - 1)];
  }
  return t;
}

QString TimelineModel::actionName(std::uint32_t action) const {
  if (!document_ || action >= document_->actions.size()) return QStringLiteral("?");
  return QString::fromStdString(document_->actions[action].id);
}

QString TimelineModel::valuesText(const run::TimelineRun& r) const {
  if (!document_ || r.valuesAt == run::TimelineRun::kNoValues || r.action >= document_->resolution.actions.size())
    return {};
  const auto reads = document_->resolution.actions[r.action].reads;
  const std::size_t n = std::min<std::size_t>(r.valueCount, reads.size());
  if (n == 0 || r.valuesAt + n > log_->valueCount()) return {};
  constexpr std::size_t kShown = 8;  // a tooltip, not a table: the Inspector lists them all
  QStringList parts;
  for (std::size_t k = 0; k < std::min(n, kShown); ++k) {
    const double v = log_->value(r.valuesAt + k);
    const std::string_view id = document_->cellId(reads[k]);
    parts << QStringLiteral("%1 = %2").arg(QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size())),
                                           std::isnan(v) ? QStringLiteral("(not a number)") : formatNumber(v));
  }
  if (n > kShown) parts << QStringLiteral("… %1 more").arg(n - kShown);
  return parts.join(QStringLiteral(", "));
}

QString TimelineModel::runText(std::uint32_t index) const {
  if (!log_ || index >= runs_) return {};
  const run::TimelineRun& r = log_->run(index);
  QString cause = QString::fromUtf8(run::nameOf(r.cause).data(), static_cast<qsizetype>(run::nameOf(r.cause).size()));
  if (r.causeAction) {
    cause += (r.cause == run::TimelineCause::Pull ? QStringLiteral(" by ") : QStringLiteral(" of ")) +
             actionName(r.causeAction - 1);
  }
  QString text = QStringLiteral("%1 (%2)\nstart %3 · cost %4\ncause: %5\nstep %6")
                     .arg(actionName(r.action),
                          (r.flags & run::TimelineRun::Effect) ? QStringLiteral("effect") : QStringLiteral("computation"),
                          formatMs(r.startMs), formatMs(r.costMs), cause, QString::number(r.step));
  if (r.flags & run::TimelineRun::Pulled) text += QStringLiteral(" · pulled");
  if (r.flags & run::TimelineRun::Failed) text += QStringLiteral(" · failed (math error)");
  const QString read = valuesText(r);
  if (!read.isEmpty()) text += QStringLiteral("\nread: ") + read;
  return text;
}

}  // namespace tickscope::views
