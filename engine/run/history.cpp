#include "run/history.h"

#include <algorithm>

#include <fmt/format.h>

#include "trace/json_writer.h"

namespace tickscope::run {

std::string describe(const Intervention& i, const graph::GraphDocument& document) {
  switch (i.kind) {
    case Intervention::Kind::SetCell:
      return fmt::format("step {}: cell {} set to {}", i.step,
                         i.cell < document.cellCount() ? std::string(document.cellId(i.cell)) : fmt::format("#{}", i.cell),
                         trace::formatNumber(i.value));
    case Intervention::Kind::Deprioritize:
      return fmt::format("step {}: label {} deprioritized", i.step, i.label);
    case Intervention::Kind::Prioritize:
      return fmt::format("step {}: label {} no longer deprioritized", i.step, i.label);
    case Intervention::Kind::ClockSet:
      return fmt::format("step {}: clock moved to {} ms", i.step, trace::formatNumber(i.value));
  }
  return {};
}

void History::record(Intervention intervention) {
  // Keep step order: a later step never precedes an earlier one (dropAfter ran first).
  const auto at = std::upper_bound(entries_.begin(), entries_.end(), intervention.step,
                                   [](std::uint64_t step, const Intervention& e) { return step < e.step; });
  entries_.insert(at, std::move(intervention));
}

std::size_t History::dropAfter(std::uint64_t step) {
  // Sorted by step: everything after the first later one goes (a ClockSet's step is its move).
  const auto first =
      std::find_if(entries_.begin(), entries_.end(), [&](const Intervention& e) { return e.step > step; });
  const auto dropped = static_cast<std::size_t>(entries_.end() - first);
  entries_.erase(first, entries_.end());
  return dropped;
}

const Intervention* History::clockSetAt(std::uint64_t step) const {
  for (const Intervention& e : entries_) {
    if (e.step > step) break;
    if (e.step == step && e.kind == Intervention::Kind::ClockSet) return &e;
  }
  return nullptr;
}

void HistoryCursor::applyDue(Runner& runner, const History& history) {
  const std::vector<Intervention>& entries = history.entries();
  while (next_ < entries.size() && entries[next_].step <= runner.steps()) {
    const Intervention& e = entries[next_];
    switch (e.kind) {
      case Intervention::Kind::SetCell:
        runner.setCellValue(e.cell, e.value);
        break;
      case Intervention::Kind::Deprioritize:
        runner.setDeprioritized(e.label, true);
        break;
      case Intervention::Kind::Prioritize:
        runner.setDeprioritized(e.label, false);
        break;
      case Intervention::Kind::ClockSet:
        break;  // the move of a step already made (advance makes it)
    }
    ++next_;
  }
}

bool HistoryCursor::advance(Runner& runner, const History& history) {
  applyDue(runner, history);
  const std::vector<Intervention>& entries = history.entries();
  const std::uint64_t nextStep = runner.steps() + 1;
  if (next_ < entries.size() && entries[next_].kind == Intervention::Kind::ClockSet && entries[next_].step == nextStep) {
    const double target = entries[next_].value;
    ++next_;
    if (runner.advanceClockTo(target)) return true;
    // The recorded move no longer applies (a reloaded document): the ordinary move instead.
  }
  return runner.step();
}

}  // namespace tickscope::run
