#pragma once
// Selection: what the user has selected, shared by every pane (select an action anywhere and
// every pane follows). Actions and cells are indices in document order (run/run_snapshot.h).
// A pane never changes the selection itself: it emits its wish (selectionRequested) and the
// window hands the new selection to every pane (setSelection), itself included.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace tickscope::views {

struct Selection {
  std::vector<std::uint32_t> actions;  // the first is the primary one (the inspector's)
  std::vector<std::uint32_t> cells;
  // step: a run picked by its step (a row of the Scheduler's decisions): the Inspector explains
  // the primary action's run in that step rather than its last run. 0: none picked.
  std::uint64_t step = 0;

  static Selection ofAction(std::uint32_t action) { return Selection{{action}, {}}; }
  static Selection ofActions(std::vector<std::uint32_t> actions) { return Selection{std::move(actions), {}}; }

  bool empty() const { return actions.empty() && cells.empty(); }
  std::optional<std::uint32_t> primaryAction() const {
    return actions.empty() ? std::nullopt : std::optional<std::uint32_t>(actions.front());
  }
  bool hasAction(std::uint32_t action) const { return std::find(actions.begin(), actions.end(), action) != actions.end(); }
  friend bool operator==(const Selection&, const Selection&) = default;
};

}  // namespace tickscope::views
