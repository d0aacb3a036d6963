#pragma once
// Helpers for the reactive runtime's tests: a small numeric graph builder over a Runtime on a
// TestScheduler, recording every run in order, and what every effect observed.
#include <QtTest/QtTest>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "reactive/runtime.h"
#include "sched/test_scheduler.h"
#include "support/many_qt.h"

namespace tickscope::testing {

// borrow: a non-owning shared_ptr for a scheduler that outlives the runtime (manyQt's).
inline std::shared_ptr<sched::Scheduler> borrow(sched::TestScheduler& s) {
  return std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {});
}

inline sched::Duration ms(double v) { return sched::fromMs(v); }

// configFor: the default configuration in `mode`.
inline reactive::RuntimeConfig configFor(reactive::Mode mode) {
  reactive::RuntimeConfig c;
  c.mode = mode;
  return c;
}

// bothModes: a QtTest _data function's rows "pull" and "push" (column "mode").
inline void bothModes() {
  QTest::addColumn<reactive::Mode>("mode");
  QTest::newRow("pull") << reactive::Mode::Pull;
  QTest::newRow("push") << reactive::Mode::Push;
}
inline sched::Instant at(double v) { return sched::Instant(sched::fromMs(v)); }

// NumGraph: numeric cells and actions by name. Computations read their inputs and write one
// output; effects record what they saw. `costMs` moves the test scheduler's clock while the
// action runs (its simulated cost).
struct NumOptions {
  double costMs = 0;
  std::string label;
  reactive::SubscribeOptions subscribe{};
};

class NumGraph {
 public:
  using Fn = std::function<double(const std::vector<double>&)>;
  using Options = NumOptions;

  NumGraph(sched::TestScheduler& s, reactive::RuntimeConfig config = {})
      : scheduler(s), rt(borrow(s), config) {}

  reactive::CellId cell(const std::string& name, double initial = 0) {
    const reactive::CellId id = rt.createCell(name, initial);
    cells[name] = id;
    return id;
  }

  reactive::ActionId computation(const std::string& name, std::vector<std::string> reads, const std::string& writes,
                                 Fn fn, Options options = {}) {
    if (!cells.count(writes)) cell(writes, 0);
    reactive::ReactivityLog log;
    for (const auto& r : reads) log.reads.push_back({cellId(r), {}});
    log.writes.push_back({cellId(writes), {}});
    const reactive::CellId out = cellId(writes);
    std::vector<reactive::CellId> in;
    for (const auto& r : reads) in.push_back(cellId(r));
    reactive::Action action{name, [this, name, in, out, fn, cost = options.costMs](reactive::Transaction& tx) {
                              order.push_back(name);
                              ++runs[name];
                              std::vector<double> values;
                              for (reactive::CellId c : in) values.push_back(tx.read(c).get<double>());
                              if (cost > 0) scheduler.simulateElapsed(ms(cost));
                              tx.write(out, fn(values));
                            },
                            sched::TaskLabel(options.label)};
    options.subscribe.isEffect = false;
    return rt.subscribe(std::move(action), std::move(log), options.subscribe).action();
  }

  reactive::ActionId effect(const std::string& name, std::vector<std::string> reads, Options options = {}) {
    reactive::ReactivityLog log;
    std::vector<reactive::CellId> in;
    for (const auto& r : reads) {
      log.reads.push_back({cellId(r), {}});
      in.push_back(cellId(r));
    }
    reactive::Action action{name, [this, name, in, cost = options.costMs](reactive::Transaction& tx) {
                              order.push_back(name);
                              ++runs[name];
                              std::vector<double> values;
                              for (reactive::CellId c : in) values.push_back(tx.read(c).get<double>());
                              seen[name].push_back(values);
                              runTimes[name].push_back(sched::toMs(scheduler.now()));
                              if (cost > 0) scheduler.simulateElapsed(ms(cost));
                            },
                            sched::TaskLabel(options.label)};
    options.subscribe.isEffect = true;
    return rt.subscribe(std::move(action), std::move(log), options.subscribe).action();
  }

  reactive::CellId cellId(const std::string& name) {
    auto it = cells.find(name);
    if (it == cells.end()) return cell(name, 0);
    return it->second;
  }
  double value(const std::string& name) { return rt.peek(cellId(name)).get<double>(); }
  void set(const std::string& name, double v) { rt.write(cellId(name), v); }
  reactive::ActionId id(const std::string& name) { return *rt.findAction(name); }
  int runsOf(const std::string& name) const {
    auto it = runs.find(name);
    return it == runs.end() ? 0 : it->second;
  }
  // settle: runs until parked (timers are not fired).
  void settle() { scheduler.runUntilParked(); }
  void clearLog() {
    order.clear();
    runs.clear();
    seen.clear();
    runTimes.clear();
  }

  sched::TestScheduler& scheduler;
  reactive::Runtime rt;
  std::map<std::string, reactive::CellId> cells;
  std::vector<std::string> order;  // every run, in order
  std::map<std::string, int> runs;
  std::map<std::string, std::vector<std::vector<double>>> seen;  // effect -> values read per run
  std::map<std::string, std::vector<double>> runTimes;             // effect -> now() (ms) per run
};

inline std::vector<std::string> names(std::initializer_list<const char*> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

}  // namespace tickscope::testing

Q_DECLARE_METATYPE(tickscope::reactive::Mode)
