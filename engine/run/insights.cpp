#include "run/insights.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "run/run_snapshot.h"

namespace tickscope::run {

namespace {

constexpr std::size_t kNamesShown = 8;  // a list of names longer than this ends with "and N more"

std::string actionId(const RunSnapshot& s, std::uint32_t action) {
  return s.document && action < s.document->actions.size() ? s.document->actions[action].id
                                                            : fmt::format("action {}", action + 1);
}

std::string nameList(const RunSnapshot& s, const std::vector<std::uint32_t>& actions) {
  std::string out;
  for (std::size_t i = 0; i < actions.size() && i < kNamesShown; ++i) out += (i ? ", " : "") + actionId(s, actions[i]);
  if (actions.size() > kNamesShown) out += fmt::format(" and {} more", actions.size() - kNamesShown);
  return out;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

bool isEffect(const RunSnapshot& s, std::uint32_t action) {
  return s.document && action < s.document->actions.size() &&
         s.document->actions[action].kind == graph::ActionKind::Effect;
}

}  // namespace

std::string_view kindName(Insight::Kind kind) {
  switch (kind) {
    case Insight::Kind::WastedWork: return "wasted work";
    case Insight::Kind::NotDemanded: return "not demanded";
    case Insight::Kind::AlwaysDebounced: return "always debounced";
    case Insight::Kind::CycleNearBudget: return "cycle near its budget";
    case Insight::Kind::EffectNeverRan: return "effect never ran";
    case Insight::Kind::DanglingTasks: return "dangling tasks";
  }
  return "?";
}

std::vector<std::uint8_t> actionsReachingAnEffect(const graph::GraphDocument& document) {
  const std::size_t n = document.actions.size();
  const auto& resolved = document.resolution.actions;
  if (resolved.size() != n) return {};
  // writers[c]: the actions that write cell c; then backwards from every effect.
  std::vector<std::vector<std::uint32_t>> writers(document.cellCount());
  for (std::uint32_t a = 0; a < n; ++a) {
    for (graph::CellIndex c : resolved[a].writes) {
      if (c < writers.size()) writers[c].push_back(a);
    }
  }
  std::vector<std::uint8_t> reaches(n, 0);
  std::vector<std::uint32_t> stack;
  for (std::uint32_t a = 0; a < n; ++a) {
    if (document.actions[a].kind == graph::ActionKind::Effect) {
      reaches[a] = 1;
      stack.push_back(a);
    }
  }
  while (!stack.empty()) {
    const std::uint32_t a = stack.back();
    stack.pop_back();
    for (graph::CellIndex c : resolved[a].reads) {
      if (c >= writers.size()) continue;
      for (std::uint32_t w : writers[c]) {
        if (!reaches[w]) {
          reaches[w] = 1;
          stack.push_back(w);
        }
      }
    }
  }
  return reaches;
}

std::vector<Insight> findInsights(const RunSnapshot& s, std::span<const std::uint8_t> reachesEffect) {
  std::vector<Insight> out;
  const auto n = static_cast<std::uint32_t>(s.actions.size());
  auto sortedByCount = [](std::vector<Insight>& list) {
    std::stable_sort(list.begin(), list.end(), [](const Insight& a, const Insight& b) { return a.count > b.count; });
  };

  // Wasted work: runs of a computation after which nothing it writes had changed.
  std::vector<Insight> wasted;
  for (std::uint32_t a = 0; a < n; ++a) {
    const ActionState& st = s.actions[a];
    if (isEffect(s, a) || st.unchangedRuns == 0) continue;
    Insight i;
    i.kind = Insight::Kind::WastedWork;
    i.count = st.unchangedRuns;
    i.actions = {a};
    i.text = fmt::format("{} ran {} without changing its output ({} of its {})", actionId(s, a),
                         plural(st.unchangedRuns, "time", "times"), st.unchangedRuns, plural(st.runCount, "run", "runs"));
    wasted.push_back(std::move(i));
  }
  sortedByCount(wasted);
  out.insert(out.end(), wasted.begin(), wasted.end());

  // Not demanded: computations from which no effect can be reached.
  if (reachesEffect.size() == n) {
    Insight i;
    i.kind = Insight::Kind::NotDemanded;
    for (std::uint32_t a = 0; a < n; ++a) {
      if (!reachesEffect[a] && !isEffect(s, a)) i.actions.push_back(a);
    }
    if (!i.actions.empty()) {
      i.count = i.actions.size();
      i.text = fmt::format("{} no effect depends on{}: {}", plural(i.count, "computation", "computations"),
                           s.mode == "pull" ? " (pull mode never runs them)" : " (push mode runs them for nothing)",
                           nameList(s, i.actions));
      out.push_back(std::move(i));
    }
  }

  // Always debounced: every run after its first (made when it was set up) came from its timer.
  std::vector<Insight> debounced;
  for (const DebounceRow& d : s.debounces) {
    if (d.action >= n) continue;
    const std::uint64_t runs = s.actions[d.action].runCount;
    if (runs < 2 || d.firedTotal + 1 < runs) continue;
    Insight i;
    i.kind = Insight::Kind::AlwaysDebounced;
    i.count = runs - 1;
    i.actions = {d.action};
    i.text = fmt::format("{} ran only when its {} debounce fired ({} after its first; its timer was restarted {})",
                         actionId(s, d.action), d.automatic ? "automatic" : "manual", plural(runs - 1, "run", "runs"),
                         plural(d.restartsTotal, "time", "times"));
    debounced.push_back(std::move(i));
  }
  sortedByCount(debounced);
  out.insert(out.end(), debounced.begin(), debounced.end());

  // Cycles that needed more than half their budget.
  std::vector<Insight> cycles;
  for (const CycleRow& c : s.cycles) {
    if (c.maxIterations == 0 || 2 * std::uint64_t(c.iterations) <= c.maxIterations) continue;
    Insight i;
    i.kind = Insight::Kind::CycleNearBudget;
    i.count = c.iterations;
    i.actions = c.members;
    i.text = fmt::format("cycle {} ({}) needed {} of its {} iterations{}", c.id, nameList(s, c.members), c.iterations,
                         c.maxIterations,
                         c.stopped ? ": stopped at the limit" : c.converged ? "" : c.finished ? "" : " so far");
    cycles.push_back(std::move(i));
  }
  sortedByCount(cycles);
  out.insert(out.end(), cycles.begin(), cycles.end());

  // Effects that never ran.
  {
    Insight i;
    i.kind = Insight::Kind::EffectNeverRan;
    for (std::uint32_t a = 0; a < n; ++a) {
      if (isEffect(s, a) && s.actions[a].runCount == 0) i.actions.push_back(a);
    }
    if (!i.actions.empty()) {
      i.count = i.actions.size();
      i.text = fmt::format("{} never ran{}: {}", plural(i.count, "effect", "effects"), s.done ? "" : " yet",
                           nameList(s, i.actions));
      out.push_back(std::move(i));
    }
  }

  // Sessions with dangling tasks.
  for (const SessionRow& session : s.sessions) {
    std::vector<std::string> dangling;
    for (const SessionRow::Task& t : session.tasks) {
      if (t.dangling) dangling.push_back(t.name);
    }
    if (dangling.empty()) continue;
    Insight i;
    i.kind = Insight::Kind::DanglingTasks;
    i.count = dangling.size();
    std::string names;
    for (const std::string& d : dangling) names += (names.empty() ? "" : ", ") + d;
    i.text = fmt::format("session {} left {} dangling: {}", session.id, plural(i.count, "task", "tasks"), names);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace tickscope::run
