#pragma once
// BreakpointWatch: a RunObserver that matches a list of breakpoints (run/breakpoint.h)
// against what each step does. After every step, hits() lists the breakpoints that step
// hit, in breakpoint order; the debugger stops on the first step with a hit. A breakpoint
// that does not fit the document (checkBreakpoint) or is disabled never hits. Attach it with
// Runner::makeObserver<BreakpointWatch>(breakpoints); the list is fixed for its lifetime
// (make a new watch when it changes).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/expression.h"
#include "run/breakpoint.h"
#include "run/run_observer.h"

namespace tickscope::run {

struct BreakpointHit {
  std::size_t breakpoint = 0;  // index in the watch's list
  std::uint64_t step = 0;      // the step that hit it
  bool before = false;         // ActionRuns: it holds before `step` (show step - 1)
  std::string detail;          // what happened, e.g. "cell s changed to 12"
};

class BreakpointWatch final : public RunObserver {
 public:
  explicit BreakpointWatch(std::vector<Breakpoint> breakpoints);

  void setUp(Runner& runner) override;
  void onStepBegin(std::uint64_t step) override;
  void onStepEnd(std::uint64_t step, const Move& move) override;
  void onSchedEvent(const trace::SchedEvent& e) override;
  void onReactiveEvent(const trace::ReactiveEvent& e) override;

  const std::vector<Breakpoint>& breakpoints() const { return breakpoints_; }
  // hits: the last step's hits, in breakpoint order (one per breakpoint at most).
  const std::vector<BreakpointHit>& hits() const { return hits_; }
  // problems: why a breakpoint can never hit (parallel to breakpoints(); empty when it can).
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  struct Compiled {
    bool active = false;
    std::uint32_t index = 0;  // ActionRuns/DebounceFires: action index + 1 (0: any); CellChanges: cell index + 1
    graph::Expression condition;
  };
  void hit(std::size_t breakpoint, bool before, std::string detail);

  Runner* runner_ = nullptr;
  std::vector<Breakpoint> breakpoints_;
  std::vector<Compiled> compiled_;
  std::vector<std::string> problems_;
  std::vector<BreakpointHit> hits_;
  std::vector<bool> hitThisStep_;
  std::vector<bool> queueWasLonger_;
  std::uint64_t step_ = 0;
  std::size_t errorsBefore_ = 0;
};

}  // namespace tickscope::run
