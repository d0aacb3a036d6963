#include "run_test_support.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "graph/loader.h"
#include "graph/validate.h"
#include "sched/rng.h"

namespace tickscope::testing {

graph::GraphDocument loadJson(std::string_view json) {
  graph::LoadResult r = graph::loadGraphBytes(json, "test.tsg.json");
  if (!r.ok()) qFatal("test graph does not load: %s", r.errorText().c_str());
  return std::move(*r.document);
}

graph::GraphDocument loadExample(std::string_view name) {
  const std::filesystem::path path = std::filesystem::path(TICKSCOPE_EXAMPLES_DIR) / std::string(name);
  graph::LoadResult r = graph::loadGraph(path, graph::LoadLimits{});
  if (!r.ok()) qFatal("example does not load: %s", r.errorText().c_str());
  return std::move(*r.document);
}

std::vector<std::filesystem::path> examplePaths() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR)) {
    if (entry.path().string().ends_with(".tsg.json")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  if (out.size() < 9) qFatal("expected the 9 bundled examples in %s", TICKSCOPE_EXAMPLES_DIR);
  return out;
}

graph::GraphDocument generatedGraph(graph::Shape shape, std::uint64_t seed, std::size_t nodes, bool cycles) {
  graph::GenerateOptions generate;
  generate.events = 8;
  generate.cycles = cycles;
  generate.maxCostMs = seed % 3 == 0 ? 0 : 2;
  graph::GraphDocument doc = graph::generateGraph(shape, nodes, seed, generate);
  sched::Rng labels(seed);
  for (graph::Action& a : doc.actions) {
    const std::uint64_t r = labels.below(10);
    if (r < 3) a.label = "a";
    if (r == 3) a.label = "b";
    if (r == 4) a.label = "slow";
    if (r == 5) a.debounceMs = 3;
  }
  if (seed % 2) doc.settings.deprioritize = {"slow"};
  const graph::ValidationResult v = graph::validate(doc);
  if (!v.errors.empty()) qFatal("a generated graph does not validate");
  return doc;
}

std::string moveText(const run::Move& move) {
  switch (move.kind) {
    case run::MoveKind::ClockMoved:
    case run::MoveKind::ClockSet:
    case run::MoveKind::Finished:
      return fmt::format("{} @{}", run::nameOf(move.kind), move.atMs);
    case run::MoveKind::EventApplied:
      return fmt::format("{} #{}", run::nameOf(move.kind), move.event);
    default:
      return std::string(run::nameOf(move.kind));
  }
}

namespace {

// fullMove: every field of a Move (moveText leaves out what nextMove does not predict).
std::string fullMove(const run::Move& m) {
  return fmt::format("{{{} at {} event {}}}", run::nameOf(m.kind), m.atMs, m.event);
}

template <class T>
std::string list(const std::vector<T>& v) {
  return fmt::format("[{}]", fmt::join(v, ","));
}

}  // namespace

std::string snapshotText(const run::RunSnapshot& s) {
  std::string out;
  auto line = [&out](std::string text) {
    out += text;
    out += '\n';
  };
  line(fmt::format("generation {} step {} now {} mode {} seed {} phase {} done {} nextEvent {}", s.generation, s.step,
                   s.nowMs, s.mode, s.seed, s.phase, s.done, s.nextEvent));
  line(fmt::format("lastMove {} nextMove {}", fullMove(s.lastMove), fullMove(s.nextMove)));
  line(fmt::format("decisions {} pending {} dirty {} effects {} computations {}", s.decisions, s.pending, s.dirty,
                   s.effects, s.computations));
  line(fmt::format("document {} actions {} cells {} events {}", s.document ? s.document->name : "(none)",
                   s.document ? s.document->actions.size() : 0, s.document ? s.document->cellCount() : 0,
                   s.document ? s.document->events.size() : 0));
  for (std::size_t i = 0; i < s.actions.size(); ++i) {
    const run::ActionState& a = s.actions[i];
    line(fmt::format("action {} flags {:#x} cycle {} it {} runs {} total {} avg {} last {} min {} max {} start {} "
                     "debounce {} auto {} deadline {} unchanged {}",
                     i, a.flags, a.cycle, a.cycleIteration, a.runCount, a.totalMs, a.averageMs, a.lastMs, a.minMs,
                     a.maxMs, a.lastRunStartMs, a.debounceMs, a.autoDebounced, a.debounceDeadlineMs, a.unchangedRuns));
  }
  line(fmt::format("cells {}", list(s.cells)));
  line(fmt::format("labels {} deprioritized {}", list(s.labels), list(s.deprioritized)));
  auto taskRow = [&](std::string_view what, const run::TaskRow& t) {
    line(fmt::format("{} task {} role {} label '{}' name '{}' session '{}' deprio {} fg {} deadline {} action {} "
                     "cycle {} pending {} wakes {}",
                     what, t.task, static_cast<int>(t.role), t.label, t.name, t.session, t.deprioritized, t.foreground,
                     t.deadlineMs, t.action, t.cycle, t.pending, t.wakes));
  };
  for (const run::TaskRow& t : s.ready) taskRow("ready", t);
  for (const run::TaskRow& t : s.timers) taskRow("timer", t);
  for (const run::StepRecord& r : s.recentSteps) {
    line(fmt::format("step {} move {} at {} end {} task {} timer {} label '{}' candidates {} deprio {} ran {} "
                     "ranCount {} cellsChanged {} errorsAdded {}",
                     r.step, fullMove(r.move), r.atMs, r.endMs, r.task, r.timerFired, r.label, r.candidates,
                     r.deprioritized, list(r.ran), r.ranCount, r.cellsChanged, r.errorsAdded));
  }
  for (const run::DebounceRow& d : s.debounces) {
    line(fmt::format("debounce {} delay {} auto {} manual {} deadline {} left {} restarts {} armed {} restartsTotal {} "
                     "fired {}",
                     d.action, d.delayMs, d.automatic, d.manual, d.deadlineMs, d.leftMs, d.restarts, d.armedTotal,
                     d.restartsTotal, d.firedTotal));
  }
  for (const run::AutoDebounceDecision& d : s.autoDebounces) {
    line(fmt::format("autoDebounce {} step {} at {} runs {} avg {} threshold {} minRuns {} delay {}", d.action, d.step,
                     d.atMs, d.runs, d.averageMs, d.thresholdMs, d.minRuns, d.delayMs));
  }
  for (const run::CycleRow& c : s.cycles) {
    std::string values;
    for (const auto& row : c.values) values += list(row);
    line(fmt::format("cycle {} members {} strategy {} iterations {} max {} cost {} finished {} converged {} stopped {} "
                     "at {} finishedAt {} cells {} values {}",
                     c.id, list(c.members), c.strategy, c.iterations, c.maxIterations, c.estimatedCostMs, c.finished,
                     c.converged, c.stopped, c.atMs, c.finishedAtMs, list(c.valueCells), values));
  }
  for (const run::SessionRow& r : s.sessions) {
    line(fmt::format("session {} at {} validated {} valid {} message '{}'", r.id, r.atMs, r.validated, r.valid,
                     r.message));
    for (const run::SessionRow::Task& t : r.tasks) {
      line(fmt::format("  task {} '{}' {} waitUntil {} dangling {}", t.task, t.name, t.state, t.waitUntil, t.dangling));
    }
  }
  for (const trace::ReportError& e : s.errors) {
    line(fmt::format("error {} actions {} at {} message '{}' session '{}' tasks {}", e.kind, list(e.actions), e.atMs,
                     e.message, e.session, list(e.tasks)));
  }
  for (const run::Insight& i : s.insights)
    line(fmt::format("insight {} count {} actions {} '{}'", run::kindName(i.kind), i.count, list(i.actions), i.text));
  return out;
}

std::string firstDifference(std::string_view a, std::string_view b) {
  if (a == b) return {};
  std::size_t lineNo = 1, start = 0;
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i < n && a[i] == b[i]) {
    if (a[i] == '\n') {
      ++lineNo;
      start = i + 1;
    }
    ++i;
  }
  auto lineAt = [start](std::string_view t) {
    const std::size_t end = t.find('\n', start);
    return std::string(t.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  };
  return fmt::format("line {} differs:\n  actual:   {}\n  expected: {}", lineNo, lineAt(a), lineAt(b));
}

}  // namespace tickscope::testing
