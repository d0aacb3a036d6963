// Numeric kernels (reactive::NumericKernel): an action given as a function of numbers runs
// exactly as the equivalent Transaction function would — same runs in the same order, same
// values, stats, errors and times — whether the runtime takes its direct path (no observer),
// its deferred runs in the pull walk, or its general path (an observer attached).
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reactive/runtime.h"
#include "reactive_test_support.h"
#include "sched/test_scheduler.h"
#include "trace/observer.h"

using namespace tickscope;
using reactive::Mode;
using testing::bothModes;
using testing::configFor;

namespace {

// Spec: one action of a random graph, built once and subscribed either way.
struct Spec {
  std::string name;
  bool effect = false;
  std::vector<int> reads;   // cell indices
  std::vector<int> writes;  // cell indices (computations: 1 or 2)
  int op = 0;               // which formula
  double costMs = 0;
  std::string label;
  bool debounced = false;
};

// compute: the formula of `s` on `in`; returns how many results to write (0: a "math
// error", nothing written) or throws for some inputs, the same way in both variants.
std::size_t compute(const Spec& s, std::span<const double> in, std::span<double> out) {
  double sum = 0;
  for (double v : in) sum += v;
  if (s.op == 3 && std::fmod(std::floor(std::abs(sum)), 7.0) == 3.0) throw std::runtime_error("bad luck");
  if (s.op == 4 && std::fmod(std::floor(std::abs(sum)), 5.0) == 1.0) return 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    switch (s.op) {
      case 0: out[k] = sum / static_cast<double>(in.size()) + static_cast<double>(k); break;
      case 1: out[k] = std::floor(sum / 2) - static_cast<double>(k); break;  // often unchanged
      default: out[k] = sum * 0.5 + static_cast<double>(k); break;
    }
  }
  return out.size();
}

// Trace: what one build observed, to compare between builds.
struct Trace {
  std::vector<std::string> order;                // every run, in order, with its virtual time
  std::vector<std::string> errors;
  std::vector<double> values;                    // every cell at the end
  std::vector<std::string> stats;                // every action's stats at the end
  std::vector<std::string> debounce;
};

struct Build {
  sched::TestScheduler& scheduler;
  const std::vector<Spec>& specs;
  std::vector<reactive::CellId> cells;
  Trace trace;
};

std::size_t kernel(Build& b, reactive::ActionId id, std::span<const double> in, std::span<double> out) {
  const Spec& s = b.specs[id.value - 1];
  std::string line = s.name + "@" + std::to_string(sched::toMs(b.scheduler.now()));
  for (double v : in) line += " " + std::to_string(v);
  b.trace.order.push_back(line);
  if (s.costMs > 0) b.scheduler.simulateElapsed(testing::ms(s.costMs));
  return compute(s, in, out);
}

// run: subscribes the specs (as kernels or as functions), applies the events and settles
// (firing timers), and returns what it saw.
Trace run(const std::vector<Spec>& specs, int cellCount, Mode mode, double epsilon, bool asKernels, bool observe,
          const std::vector<std::pair<int, double>>& events, std::uint64_t seed) {
  sched::TestScheduler::Config sc;
  sc.seed = seed;
  sched::TestScheduler s(sc);
  Build b{s, specs, {}, {}};
  reactive::RuntimeConfig config = configFor(mode);
  config.autoDebounce.enabled = false;
  config.epsilon = epsilon;
  reactive::Runtime rt(testing::borrow(s), config);
  struct NullObserver final : trace::Observer {
    void onReactiveEvent(const trace::ReactiveEvent&) override {}
  } observer;
  if (observe) rt.setObserver(&observer);
  rt.addErrorHandler([&](const reactive::ReactiveError& e) { b.trace.errors.push_back(e.message); });
  for (int c = 0; c < cellCount; ++c) b.cells.push_back(rt.createCell("c" + std::to_string(c), double(c % 5)));
  for (const Spec& spec : specs) {
    reactive::ReactivityLog log;
    for (int r : spec.reads) log.reads.push_back({b.cells[r], {}});
    for (int w : spec.writes) log.writes.push_back({b.cells[w], {}});
    reactive::Action action{spec.name, {}, sched::TaskLabel(spec.label)};
    if (asKernels) {
      action.kernel = reactive::NumericKernel::of<&kernel>(b);
    } else {
      action.run = [&b, &spec, &rt](reactive::Transaction& tx) {
        std::vector<double> in;
        for (int r : spec.reads) in.push_back(reactive::numberOf(tx.read(b.cells[r])));
        std::vector<double> out(spec.writes.size());
        const std::size_t n = kernel(b, tx.action(), in, out);
        for (std::size_t k = 0; k < n; ++k) tx.write(b.cells[spec.writes[k]], out[k]);
        (void)rt;
      };
    }
    reactive::SubscribeOptions options;
    options.isEffect = spec.effect;
    if (spec.debounced) options.debounce = testing::ms(3);
    rt.subscribe(std::move(action), std::move(log), options);
  }
  s.block(rt.idle());
  for (const auto& [cell, value] : events) {
    if (cell < 0) {
      s.simulateElapsed(testing::ms(value));
      continue;
    }
    rt.write(b.cells[cell], value);
    s.runUntilParked();
  }
  s.block(rt.idle());
  for (reactive::CellId c : b.cells) b.trace.values.push_back(reactive::numberOf(rt.peek(c)));
  for (reactive::ActionId a : rt.actions()) {
    const reactive::ActionStats st = rt.getActionStats(a);
    b.trace.stats.push_back(rt.actionName(a) + " runs " + std::to_string(st.runCount) + " total " +
                            std::to_string(sched::toMs(st.totalTime)) + " last " + std::to_string(sched::toMs(st.lastRunTime)) +
                            " errors " + std::to_string(st.errorCount));
    b.trace.debounce.push_back(std::to_string(sched::toMs(rt.debounceState(a).delay)));
  }
  b.trace.order.push_back("end@" + std::to_string(sched::toMs(s.now())));
  return b.trace;
}

// randomGraph: a layered graph over `cells` cells: computations read 1-3 earlier cells and
// write one or two fresh ones; effects read 1-2 cells; labels from three groups.
std::vector<Spec> randomGraph(std::mt19937& rng, int sources, int computations, int effects, int& cells, bool debounce) {
  std::vector<Spec> specs;
  cells = sources;
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const char* labels[] = {"", "", "a", "b"};
  for (int i = 0; i < computations; ++i) {
    Spec s;
    s.name = "f" + std::to_string(i);
    const int reads = 1 + pick(3);
    for (int r = 0; r < reads; ++r) s.reads.push_back(pick(cells));
    const int writes = 1 + (pick(5) == 0);
    for (int w = 0; w < writes; ++w) s.writes.push_back(cells++);
    s.op = pick(5);
    s.costMs = pick(3) == 0 ? pick(3) : 0;
    s.label = labels[pick(4)];
    s.debounced = debounce && pick(12) == 0;
    specs.push_back(s);
  }
  for (int i = 0; i < effects; ++i) {
    Spec s;
    s.name = "e" + std::to_string(i);
    s.effect = true;
    const int reads = 1 + pick(2);
    for (int r = 0; r < reads; ++r) s.reads.push_back(sources + pick(cells - sources));
    s.costMs = pick(2);
    s.label = labels[pick(4)];
    s.debounced = debounce && pick(8) == 0;
    specs.push_back(s);
  }
  return specs;
}

}  // namespace

class KernelTests : public QObject {
  Q_OBJECT
 private slots:
  void kernelComputesAndPropagates_data() { bothModes(); }
  void kernelComputesAndPropagates();
  void fewerResultsWriteAPrefix_data() { bothModes(); }
  void fewerResultsWriteAPrefix();
  void aThrowingKernelFailsLikeAFunction_data() { bothModes(); }
  void aThrowingKernelFailsLikeAFunction();
  void wideKernelsRunDirectly_data() { bothModes(); }
  void wideKernelsRunDirectly();
  void anythingButANumberReadsAsNaN();
  void subscribeChecksKernels();
  void kernelsMatchFunctionsOnRandomGraphs_data();
  void kernelsMatchFunctionsOnRandomGraphs();
  void graphChangesAfterTheLinksFroze_data() { bothModes(); }
  void graphChangesAfterTheLinksFroze();
  void resultsComparedWithWhatTheCellHolds_data() { bothModes(); }
  void resultsComparedWithWhatTheCellHolds();
  void pullPlansServeStaticUpstreams();
  void aPlanRunsKernelsWritingFewerCells();
  void clearDirtyPausesPlans();
  void aPlannedNodeThrottledOrDebouncedLaterIsWalked();
  void aCycleOrAFunctionUpstreamIsWalked();
  void dynamicComputationsInAPlan();
  void aDynamicComputationsUpstreamIsPlannedWhenOnlyChecked();
  void aDynamicRunThatDirtiesItselfAgain();
  void aDynamicComputationLeftDirtyPausesPlans();
  void aFailedRunLeavesItsUpstreamDirty();
  void plansMatchTheWalkOnRandomGraphs();
};

namespace {
// KernelGraph: a tiny helper: kernels from lambdas (their context is the std::function).
using Formula = std::function<std::size_t(std::span<const double>, std::span<double>)>;
std::size_t callFormula(Formula& f, reactive::ActionId, std::span<const double> in, std::span<double> out) {
  return f(in, out);
}
reactive::ActionId subscribeKernel(reactive::Runtime& rt, const std::string& name, std::vector<reactive::CellId> reads,
                                   std::vector<reactive::CellId> writes, Formula& f, bool effect = false) {
  reactive::ReactivityLog log;
  for (auto c : reads) log.reads.push_back({c, {}});
  for (auto c : writes) log.writes.push_back({c, {}});
  reactive::Action action{name, {}, {}};
  action.kernel = reactive::NumericKernel::of<&callFormula>(f);
  reactive::SubscribeOptions options;
  options.isEffect = effect;
  return rt.subscribe(std::move(action), std::move(log), options).action();
}
}  // namespace

void KernelTests::kernelComputesAndPropagates() {
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s), configFor(mode));
  const auto a = rt.createCell("a", 1.0), b = rt.createCell("b", 2.0), c = rt.createCell("c", 0.0);
  std::vector<std::vector<double>> seen;
  Formula add = [](std::span<const double> in, std::span<double> out) {
    out[0] = in[0] + in[1];
    return std::size_t{1};
  };
  Formula show = [&](std::span<const double> in, std::span<double>) {
    seen.emplace_back(in.begin(), in.end());
    return std::size_t{0};
  };
  subscribeKernel(rt, "add", {a, b}, {c}, add);
  subscribeKernel(rt, "show", {c}, {}, show, true);
  s.runUntilParked();
  QCOMPARE(rt.peek(c).get<double>(), 3.0);
  rt.write(a, 10.0);
  s.runUntilParked();
  QCOMPARE(rt.peek(c).get<double>(), 12.0);
  QCOMPARE(seen.size(), std::size_t{2});
  QCOMPARE(seen.back(), std::vector<double>{12.0});
  rt.write(a, 10.0);  // unchanged: nothing runs
  s.runUntilParked();
  QCOMPARE(seen.size(), std::size_t{2});
  QCOMPARE(rt.getActionStats(*rt.findAction("add")).runCount, std::uint64_t{2});
}

void KernelTests::fewerResultsWriteAPrefix() {
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s), configFor(mode));
  const auto in = rt.createCell("in", 1.0), x = rt.createCell("x", 0.0), y = rt.createCell("y", 0.0);
  std::size_t count = 2;
  Formula split = [&](std::span<const double> v, std::span<double> out) {
    out[0] = v[0] * 10;
    out[1] = v[0] * 100;
    return count;
  };
  std::vector<double> seenY;
  Formula show = [&](std::span<const double> v, std::span<double>) {
    seenY.push_back(v[0]);
    return std::size_t{0};
  };
  subscribeKernel(rt, "split", {in}, {x, y}, split);
  subscribeKernel(rt, "showY", {y}, {}, show, true);
  s.runUntilParked();
  QCOMPARE(rt.peek(x).get<double>(), 10.0);
  QCOMPARE(rt.peek(y).get<double>(), 100.0);
  count = 1;  // only x
  rt.write(in, 2.0);
  s.runUntilParked();
  QCOMPARE(rt.peek(x).get<double>(), 20.0);
  QCOMPARE(rt.peek(y).get<double>(), 100.0);
  count = 0;  // nothing
  rt.write(in, 3.0);
  s.runUntilParked();
  QCOMPARE(rt.peek(x).get<double>(), 20.0);
  // Its declared writes stay its dependencies: writing y again reaches the effect.
  count = 2;
  rt.write(in, 4.0);
  s.runUntilParked();
  QCOMPARE(rt.peek(y).get<double>(), 400.0);
  QCOMPARE(seenY.back(), 400.0);
  QCOMPARE(rt.dependents(*rt.findAction("split")), std::vector<reactive::ActionId>{*rt.findAction("showY")});
}

void KernelTests::aThrowingKernelFailsLikeAFunction() {
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s), configFor(mode));
  std::vector<std::string> errors;
  rt.addErrorHandler([&](const reactive::ReactiveError& e) { errors.push_back(e.message); });
  const auto in = rt.createCell("in", 1.0), out = rt.createCell("out", 0.0);
  Formula f = [](std::span<const double> v, std::span<double> o) -> std::size_t {
    if (v[0] > 5) throw std::runtime_error("too big");
    o[0] = v[0];
    return 1;
  };
  subscribeKernel(rt, "f", {in}, {out}, f);
  Formula show = [](std::span<const double>, std::span<double>) { return std::size_t{0}; };
  subscribeKernel(rt, "show", {out}, {}, show, true);
  s.runUntilParked();
  rt.write(in, 9.0);
  s.runUntilParked();
  QCOMPARE(rt.peek(out).get<double>(), 1.0);
  QCOMPARE(errors.size(), std::size_t{1});
  QCOMPARE(QString::fromStdString(errors[0]), QString("action f threw: too big"));
  QCOMPARE(rt.getActionStats(*rt.findAction("f")).errorCount, std::uint64_t{1});
  rt.write(in, 4.0);  // it recovers
  s.runUntilParked();
  QCOMPARE(rt.peek(out).get<double>(), 4.0);
}

void KernelTests::wideKernelsRunDirectly() {
  // More inputs and outputs than the direct path keeps on its stack (16): its heap buffers.
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s), configFor(mode));
  std::vector<reactive::CellId> ins, outs;
  for (int i = 0; i < 20; ++i) ins.push_back(rt.createCell("in" + std::to_string(i), double(i)));
  for (int i = 0; i < 18; ++i) outs.push_back(rt.createCell("out" + std::to_string(i), 0.0));
  Formula prefixSums = [](std::span<const double> in, std::span<double> out) {
    double sum = 0;
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = sum += in[k];
    return out.size();
  };
  double last = 0;
  Formula show = [&](std::span<const double> in, std::span<double>) {
    last = in[0];
    return std::size_t{0};
  };
  subscribeKernel(rt, "wide", ins, outs, prefixSums);
  subscribeKernel(rt, "show", {outs.back()}, {}, show, true);
  s.runUntilParked();
  QCOMPARE(rt.peek(outs[17]).get<double>(), 153.0);  // 0 + 1 + ... + 17
  rt.write(ins[0], 100.0);
  s.runUntilParked();
  for (int k = 0; k < 18; ++k) QCOMPARE(rt.peek(outs[k]).get<double>(), 100.0 + k * (k + 1) / 2);
  QCOMPARE(last, 253.0);
}

void KernelTests::anythingButANumberReadsAsNaN() {
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s));
  const auto text = rt.createCell("text", "hello"), flag = rt.createCell("flag", true), n = rt.createCell("n", 3);
  std::vector<double> seen;
  Formula show = [&](std::span<const double> v, std::span<double>) {
    seen.assign(v.begin(), v.end());
    return std::size_t{0};
  };
  subscribeKernel(rt, "show", {text, flag, n}, {}, show, true);
  s.runUntilParked();
  QCOMPARE(seen.size(), std::size_t{3});
  QVERIFY(std::isnan(seen[0]));
  QVERIFY(std::isnan(seen[1]));
  QCOMPARE(seen[2], 3.0);  // an integer is a number
}

void KernelTests::subscribeChecksKernels() {
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s));
  const auto c = rt.createCell("c", reactive::Value::object());
  Formula f = [](std::span<const double>, std::span<double>) { return std::size_t{0}; };
  reactive::Action both{"both", [](reactive::Transaction&) {}, {}};
  both.kernel = reactive::NumericKernel::of<&callFormula>(f);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rt.subscribe(std::move(both)));
  reactive::Action none{"none", {}, {}};
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rt.subscribe(std::move(none)));
  reactive::Action path{"path", {}, {}};
  path.kernel = reactive::NumericKernel::of<&callFormula>(f);
  reactive::ReactivityLog log;
  log.reads.push_back({c, {"x"}});
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rt.subscribe(std::move(path), log));
  QCOMPARE(rt.actions().size(), std::size_t{0});
}

void KernelTests::kernelsMatchFunctionsOnRandomGraphs_data() {
  QTest::addColumn<Mode>("mode");
  QTest::addColumn<bool>("debounce");
  QTest::addColumn<double>("epsilon");
  QTest::newRow("pull") << Mode::Pull << false << 0.0;
  QTest::newRow("push") << Mode::Push << false << 0.0;
  QTest::newRow("pull, epsilon") << Mode::Pull << false << 0.25;
  QTest::newRow("push, epsilon") << Mode::Push << false << 0.25;
  QTest::newRow("pull, debounced") << Mode::Pull << true << 0.0;
  QTest::newRow("push, debounced") << Mode::Push << true << 0.0;
}

void KernelTests::kernelsMatchFunctionsOnRandomGraphs() {
  QFETCH(Mode, mode);
  QFETCH(bool, debounce);
  QFETCH(double, epsilon);
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(static_cast<std::uint32_t>(seed));
    int cells = 0;
    const int sources = 6;
    const std::vector<Spec> specs = randomGraph(rng, sources, 60, 8, cells, debounce);
    std::vector<std::pair<int, double>> events;
    for (int e = 0; e < 25; ++e) {
      if (e % 6 == 5) events.emplace_back(-1, 2.0);  // time passes (debounce timers fire)
      events.emplace_back(std::uniform_int_distribution<int>(0, sources - 1)(rng),
                          std::uniform_int_distribution<int>(0, 40)(rng) / 2.0);
    }
    const Trace functions = run(specs, cells, mode, epsilon, false, false, events, seed);
    const Trace direct = run(specs, cells, mode, epsilon, true, false, events, seed);
    const Trace observed = run(specs, cells, mode, epsilon, true, true, events, seed);
    QVERIFY2(functions.order.size() > 100, "the graph runs");
    QCOMPARE(direct.order, functions.order);
    QCOMPARE(direct.values, functions.values);
    QCOMPARE(direct.stats, functions.stats);
    QCOMPARE(direct.errors, functions.errors);
    QCOMPARE(direct.debounce, functions.debounce);
    QCOMPARE(observed.order, functions.order);
    QCOMPARE(observed.stats, functions.stats);
    QCOMPARE(observed.errors, functions.errors);
  }
}

void KernelTests::graphChangesAfterTheLinksFroze() {
  // Enough events for the walks to freeze their lists, then the graph changes: the walks
  // must follow the change (new reader, removed node), not the frozen copy.
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s), configFor(mode));
  const auto src = rt.createCell("src", 0.0), mid = rt.createCell("mid", 0.0), out = rt.createCell("out", 0.0);
  Formula copy = [](std::span<const double> v, std::span<double> o) {
    o[0] = v[0];
    return std::size_t{1};
  };
  Formula twice = [](std::span<const double> v, std::span<double> o) {
    o[0] = 2 * v[0];
    return std::size_t{1};
  };
  std::vector<double> seenOut, seenNew;
  Formula showOut = [&](std::span<const double> v, std::span<double>) {
    seenOut.push_back(v[0]);
    return std::size_t{0};
  };
  Formula showNew = [&](std::span<const double> v, std::span<double>) {
    seenNew.push_back(v[0]);
    return std::size_t{0};
  };
  const auto copier = subscribeKernel(rt, "copy", {src}, {mid}, copy);
  subscribeKernel(rt, "twice", {mid}, {out}, twice);
  subscribeKernel(rt, "showOut", {out}, {}, showOut, true);
  for (int i = 1; i <= 20; ++i) {
    rt.write(src, double(i));
    s.runUntilParked();
  }
  QCOMPARE(seenOut.back(), 40.0);
  const auto extra = rt.createCell("extra", 0.0);
  subscribeKernel(rt, "again", {mid}, {extra}, copy);  // a new reader of mid
  subscribeKernel(rt, "showNew", {extra}, {}, showNew, true);
  rt.write(src, 50.0);
  s.runUntilParked();
  QCOMPARE(seenOut.back(), 100.0);
  QCOMPARE(seenNew.back(), 50.0);
  rt.unsubscribe(copier);  // mid no longer follows src
  rt.write(src, 60.0);
  s.runUntilParked();
  QCOMPARE(seenOut.back(), 100.0);
  QCOMPARE(seenNew.back(), 50.0);
  QCOMPARE(rt.peek(mid).get<double>(), 50.0);
}

namespace {
// holding: what runs of a kernel (a quarter of its input) writing into a cell holding an
// integer and into one holding a string saw, with an epsilon of 0.5, the kernels taking their
// direct path (observe = false) or their transaction (an observer attached).
std::vector<std::string> holding(Mode mode, bool observe) {
  sched::TestScheduler s;
  reactive::RuntimeConfig config = configFor(mode);
  config.epsilon = 0.5;
  reactive::Runtime rt(testing::borrow(s), config);
  struct NullObserver final : trace::Observer {
    void onReactiveEvent(const trace::ReactiveEvent&) override {}
  } observer;
  if (observe) rt.setObserver(&observer);
  const auto a = rt.createCell("a", 4.0);
  const auto i = rt.createCell("i", 1);      // an integer (as a typed int lift's output starts)
  const auto t = rt.createCell("t", "one");  // not a number
  Formula quarter = [](std::span<const double> in, std::span<double> out) {
    out[0] = in[0] / 4;
    return std::size_t{1};
  };
  std::vector<std::string> seen;
  Formula showI = [&](std::span<const double> in, std::span<double>) {
    seen.push_back(fmt::format("i {}", in[0]));
    return std::size_t{0};
  };
  Formula showT = [&](std::span<const double> in, std::span<double>) {
    seen.push_back(fmt::format("t {}", in[0]));
    return std::size_t{0};
  };
  subscribeKernel(rt, "toI", {a}, {i}, quarter);
  subscribeKernel(rt, "toT", {a}, {t}, quarter);
  subscribeKernel(rt, "showI", {i}, {}, showI, true);
  subscribeKernel(rt, "showT", {t}, {}, showT, true);
  auto note = [&](const std::string& what) {
    s.runUntilParked();
    seen.push_back(fmt::format("{}: i {} t {}", what, rt.peek(i).dump(), rt.peek(t).dump()));
  };
  note("start");
  for (double v : {5.0, 7.0, 12.0, 12.0, std::nan("")}) {
    rt.write(a, v);
    note(fmt::format("a = {}", v));
  }
  return seen;
}
}  // namespace

// A direct run compares its results with what the written cell holds as a transaction's write
// does: an integer as a number (within epsilon: unchanged, still an integer), anything but a
// number never equal (the number replaces it).
void KernelTests::resultsComparedWithWhatTheCellHolds() {
  QFETCH(Mode, mode);
  const std::vector<std::string> direct = holding(mode, false);
  QCOMPARE(direct, holding(mode, true));
  const std::vector<std::string> expected{
      "i 1",    "t 1",    "start: i 1 t 1.0",       // 1.0 equals the integer 1; "one" is replaced
      "a = 5: i 1 t 1.0",                           // 1.25: within epsilon of both
      "i 1.75", "t 1.75", "a = 7: i 1.75 t 1.75",   // 0.75 away: written (a double now)
      "i 3",    "t 3",    "a = 12: i 3.0 t 3.0",
      "a = 12: i 3.0 t 3.0",                        // equal: nothing runs downstream
      "i nan",  "t nan",  "a = nan: i null t null",  // NaN equals nothing
  };
  QCOMPARE(direct, expected);
}

// --- pull plans -----------------------------------------------------------------------------
// An effect whose upstream is only kernels pulls by a plan (RuntimeCore::pullByPlan) once the
// graph held still for about two updates; with an observer it always walks. Each scenario runs both
// ways and must log the same runs, values and stats.

namespace {
struct PlanRun {
  std::vector<std::string> log;
  std::uint64_t plannedPulls = 0;
};

// logged: a kernel that logs its run and applies `f` to its inputs.
struct Logged {
  std::string name;
  std::vector<std::string>* log;
  std::function<std::size_t(std::span<const double>, std::span<double>)> f;
};
std::size_t runLogged(Logged& k, reactive::ActionId, std::span<const double> in, std::span<double> out) {
  std::string line = k.name;
  for (double v : in) line += fmt::format(" {}", v);
  k.log->push_back(line);
  return k.f(in, out);
}

// Planned: a pull-mode runtime over its own TestScheduler, observed or not, with helpers to
// add logged kernels.
class Planned {
 public:
  explicit Planned(bool observe) : rt_(testing::borrow(s), configFor(Mode::Pull)) {
    if (observe) rt_.setObserver(&observer_);
    rt_.addErrorHandler([this](const reactive::ReactiveError& e) { log.push_back("error: " + e.message); });
  }
  reactive::ActionId add(const std::string& name, std::vector<reactive::CellId> reads, std::vector<reactive::CellId> writes,
                         std::function<std::size_t(std::span<const double>, std::span<double>)> f, bool effect = false) {
    kernels_.push_back(std::make_unique<Logged>(Logged{name, &log, std::move(f)}));
    reactive::ReactivityLog deps;
    for (auto c : reads) deps.reads.push_back({c, {}});
    for (auto c : writes) deps.writes.push_back({c, {}});
    reactive::Action action{name, {}, {}};
    action.kernel = reactive::NumericKernel::of<&runLogged>(*kernels_.back());
    reactive::SubscribeOptions options;
    options.isEffect = effect;
    return rt_.subscribe(std::move(action), std::move(deps), options).action();
  }
  reactive::ActionId plus(const std::string& name, std::vector<reactive::CellId> reads, reactive::CellId out, double k) {
    return add(name, std::move(reads), {out}, [k](std::span<const double> in, std::span<double> o) {
      o[0] = k;
      for (double v : in) o[0] += v;
      return std::size_t{1};
    });
  }
  // dynamic: a function computation without declared reads (a derive): `f` reads what it
  // needs through the transaction; its run is logged with what it returned.
  reactive::ActionId dynamic(const std::string& name, reactive::CellId out, std::function<double(reactive::Transaction&)> f) {
    reactive::ReactivityLog deps;
    deps.writes.push_back({out, {}});
    return rt_.subscribe(reactive::Action{name,
                                          [this, name, out, f = std::move(f)](reactive::Transaction& tx) {
                                            log.push_back(name + " starts");  // (its reads may pull)
                                            const double v = f(tx);
                                            log.push_back(fmt::format("{} -> {}", name, v));
                                            tx.write(out, v);
                                          }},
                         std::move(deps))
        .action();
  }
  reactive::ActionId show(const std::string& name, std::vector<reactive::CellId> reads) {
    return add(name, std::move(reads), {}, [](std::span<const double>, std::span<double>) { return std::size_t{0}; }, true);
  }
  void write(reactive::CellId c, double v) {
    log.push_back(fmt::format("write {} = {}", rt_.cellName(c), v));
    rt_.write(c, v);
    s.runUntilParked();
  }
  PlanRun finish() {
    s.block(rt_.idle());
    for (reactive::ActionId a : rt_.actions()) {
      log.push_back(fmt::format("{} runs {} dirty {}", rt_.actionName(a), rt_.getActionStats(a).runCount,
                                static_cast<int>(rt_.dirtyLevel(a))));
    }
    return PlanRun{log, rt_.getStats().plannedPulls};
  }
  reactive::Runtime& rt() { return rt_; }

  sched::TestScheduler s;
  std::vector<std::string> log;

 private:
  struct NullObserver final : trace::Observer {
    void onReactiveEvent(const trace::ReactiveEvent&) override {}
  } observer_;
  reactive::Runtime rt_;
  std::vector<std::unique_ptr<Logged>> kernels_;
};

// bothWays: the scenario without an observer (plans) and with one (the walk), compared.
template <class Scenario>
PlanRun bothWays(Scenario scenario) {
  Planned planned(false), walked(true);
  scenario(planned);
  scenario(walked);
  const PlanRun p = planned.finish(), w = walked.finish();
  if (qEnvironmentVariableIsSet("PLAN_LOG")) for (const auto& l : p.log) qDebug("%s", l.c_str());
  if (p.log != w.log) {  // where they part, to read in the test's output
    std::size_t at = 0;
    while (at < p.log.size() && at < w.log.size() && p.log[at] == w.log[at]) ++at;
    for (std::size_t k = at >= 8 ? at - 8 : 0; k < at + 8; ++k) {
      qWarning("%zu: planned '%s' walked '%s'", k, k < p.log.size() ? p.log[k].c_str() : "", k < w.log.size() ? w.log[k].c_str() : "");
    }
  }
  [&] { QCOMPARE(p.log, w.log); }();
  [&] { QCOMPARE(w.plannedPulls, std::uint64_t{0}); }();
  return p;
}
}  // namespace

// A chain and a diamond of kernels under two effects: after the first pull of the built graph
// every pull is planned, each dirty kernel runs once, in the walk's order.
void KernelTests::pullPlansServeStaticUpstreams() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0);
    std::vector<reactive::CellId> chain{head};
    for (int i = 1; i <= 5; ++i) {
      chain.push_back(rt.createCell(fmt::format("c{}", i), 0.0));
      g.plus(fmt::format("k{}", i), {chain[i - 1]}, chain[i], 1);
    }
    const auto l = rt.createCell("l", 0.0), r = rt.createCell("r", 0.0), sum = rt.createCell("sum", 0.0);
    g.plus("left", {chain[2]}, l, 10);
    g.add("right", {chain[2]}, {r}, [](std::span<const double> in, std::span<double> o) {
      o[0] = std::floor(in[0] / 4);  // often unchanged: sum is then only checked
      return std::size_t{1};
    });
    g.plus("sum", {l, r, chain[5]}, sum, 0);
    g.show("showChain", {chain[5]});
    g.show("showSum", {sum});
    g.s.runUntilParked();
    for (int v = 1; v <= 16; ++v) g.write(head, v % 5 == 0 ? v - 1 : v);  // some writes change nothing
  });
  // (plans are built once the graph held still for more pulls than twice its effects)
  QVERIFY2(run.plannedPulls >= 20, fmt::format("{} planned pulls", run.plannedPulls).c_str());
}

// A kernel that writes fewer cells than it declares (a prefix) records new dependencies while
// a plan runs: what follows runs as the walk would run it.
void KernelTests::aPlanRunsKernelsWritingFewerCells() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto in = rt.createCell("in", 0.0), x = rt.createCell("x", 0.0), y = rt.createCell("y", 0.0);
    const auto fx = rt.createCell("fx", 0.0), fy = rt.createCell("fy", 0.0);
    g.add("split", {in}, {x, y}, [](std::span<const double> v, std::span<double> o) {
      o[0] = 10 * v[0];
      o[1] = 100 * v[0];
      return std::size_t{v[0] < 4 || v[0] > 6 ? 2u : 1u};
    });
    g.plus("fx", {x}, fx, 1);
    g.plus("fy", {y}, fy, 1);
    g.show("show", {fy, fx});
    g.s.runUntilParked();
    for (int v = 1; v <= 9; ++v) g.write(in, v);
  });
  QVERIFY(run.plannedPulls > 0);
}

// clearDirty cleans a node whose upstream stays dirty: the walk never runs that upstream for
// it, so neither may a plan.
void KernelTests::clearDirtyPausesPlans() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), a = rt.createCell("a", 0.0), b = rt.createCell("b", 0.0);
    g.plus("ka", {head}, a, 1);
    const auto kb = g.plus("kb", {a}, b, 1);
    g.show("show", {b});
    g.s.runUntilParked();
    for (int v = 1; v <= 3; ++v) g.write(head, v);
    g.log.push_back("clear kb");
    rt.write(head, 10.0);
    rt.clearDirty(kb);
    g.s.runUntilParked();
    g.write(head, 11);  // ka dirty, kb checked: plans wait until nothing is dirty
    g.write(head, 12);
    g.write(head, 13);
  });
  QVERIFY(run.plannedPulls > 0);
}

// A throttle, then a manual debounce, set on nodes of a plan after it was built: the walk
// decides (a throttled node stays dirty under clean readers, which a plan would run).
void KernelTests::aPlannedNodeThrottledOrDebouncedLaterIsWalked() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), a = rt.createCell("a", 0.0), b = rt.createCell("b", 0.0);
    const auto c = rt.createCell("c", 0.0);
    const auto ka = g.plus("ka", {head}, a, 1);
    const auto kb = g.plus("kb", {a}, b, 1);
    g.plus("kc", {b}, c, 1);
    g.show("show", {c});
    g.s.runUntilParked();
    for (int v = 1; v <= 3; ++v) g.write(head, v);
    rt.setThrottle(kb, testing::ms(5));
    for (int v = 4; v <= 6; ++v) g.write(head, v);  // within the window: kb is skipped
    g.s.simulateElapsed(testing::ms(6));
    for (int v = 7; v <= 8; ++v) g.write(head, v);
    rt.setThrottle(kb, sched::Duration::zero());
    rt.setDebounce(ka, testing::ms(5));
    for (int v = 9; v <= 10; ++v) g.write(head, v);
    g.s.block(rt.idle());
    rt.setDebounce(ka, sched::Duration::zero());
    for (int v = 11; v <= 13; ++v) g.write(head, v);
  });
  QVERIFY(run.plannedPulls > 0);
}

// Upstreams a plan cannot hold: a cycle of kernels and a function computation.
void KernelTests::aCycleOrAFunctionUpstreamIsWalked() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), p = rt.createCell("p", 0.0), q = rt.createCell("q", 0.0);
    g.add("p", {head, q}, {p}, [](std::span<const double> in, std::span<double> o) {
      o[0] = std::min(in[0], in[1] + 1);
      return std::size_t{1};
    });
    g.add("q", {p}, {q}, [](std::span<const double> in, std::span<double> o) {
      o[0] = in[0];
      return std::size_t{1};
    });
    g.show("showCycle", {q});
    const auto f = rt.createCell("f", 0.0);
    reactive::ReactivityLog deps;
    deps.reads.push_back({head, {}});
    deps.writes.push_back({f, {}});
    rt.subscribe(reactive::Action{"function", [&g, head, f](reactive::Transaction& tx) {
                                    const double v = reactive::numberOf(tx.read(head));
                                    g.log.push_back(fmt::format("function {}", v));
                                    tx.write(f, v * 2);
                                  }},
                 std::move(deps));
    g.show("showFunction", {f});
    g.s.runUntilParked();
    for (int v = 1; v <= 6; ++v) g.write(head, v);
  });
  QCOMPARE(run.plannedPulls, std::uint64_t{0});
}

// Dynamic computations (derive) in a plan: run at once when Dirty (their reads pull), their
// upstream first when only Check (downstream of a kernel that changed); one switches what it
// reads with the head's parity, one reads a wide kernel layer (mux-like).
void KernelTests::dynamicComputationsInAPlan() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), other = rt.createCell("other", 0.0);
    const auto twice = rt.createCell("twice", 0.0), negated = rt.createCell("negated", 0.0);
    g.add("twice", {head}, {twice}, [](std::span<const double> in, std::span<double> o) {
      o[0] = 2 * in[0];
      return std::size_t{1};
    });
    g.add("negated", {head}, {negated}, [](std::span<const double> in, std::span<double> o) {
      o[0] = -in[0];
      return std::size_t{1};
    });
    // switching: reads head, then negated, from head 10 on twice or negated by the parity
    // (its reads change: the graph with them, so every plan is built again)
    const auto switching = rt.createCell("switching", 0.0);
    g.dynamic("switching", switching, [=](reactive::Transaction& tx) {
      const double h = reactive::numberOf(tx.read(head));
      return reactive::numberOf(tx.read(h >= 10 && static_cast<int>(h) % 2 ? twice : negated));
    });
    // steady: reads head and other directly (Dirty when head changes: run lazily)
    const auto steady = rt.createCell("steady", 0.0), steadyPlus = rt.createCell("steadyPlus", 0.0);
    g.dynamic("steady", steady, [=](reactive::Transaction& tx) {
      return reactive::numberOf(tx.read(head)) + reactive::numberOf(tx.read(other));
    });
    g.plus("steadyPlus", {steady}, steadyPlus, 1);
    // behind: reads twice only (Check when the effect pulls: the walk's)
    const auto behind = rt.createCell("behind", 0.0);
    g.dynamic("behind", behind, [=](reactive::Transaction& tx) { return std::floor(reactive::numberOf(tx.read(twice)) / 4); });
    // wide: a layer of kernels read by one dynamic computation, each element picked after it
    std::vector<reactive::CellId> layer;
    for (int i = 0; i < 6; ++i) {
      layer.push_back(rt.createCell(fmt::format("l{}", i), 0.0));
      g.add(fmt::format("l{}", i), {head}, {layer.back()}, [i](std::span<const double> in, std::span<double> o) {
        o[0] = static_cast<int>(in[0]) % 6 == i ? in[0] : 0;
        return std::size_t{1};
      });
    }
    const auto all = rt.createCell("all", 0.0);
    g.dynamic("all", all, [=](reactive::Transaction& tx) {
      double sum = 0;
      for (reactive::CellId c : layer) sum = 10 * sum + (reactive::numberOf(tx.read(c)) > 0);
      return sum;
    });
    std::vector<reactive::CellId> picks;
    for (int i = 0; i < 6; ++i) {
      picks.push_back(rt.createCell(fmt::format("p{}", i), 0.0));
      g.dynamic(fmt::format("p{}", i), picks.back(), [=](reactive::Transaction& tx) {
        return std::fmod(std::floor(reactive::numberOf(tx.read(all)) / std::pow(10, 5 - i)), 10);
      });
      g.show(fmt::format("showP{}", i), {picks.back()});
    }
    g.show("showSwitching", {switching});
    g.show("showSteady", {steadyPlus});
    g.show("showBehind", {behind});
    g.s.runUntilParked();
    for (int v = 1; v <= 14; ++v) {
      if (v == 9) {
        rt.write(other, 5.0);  // steady alone
        g.s.runUntilParked();
      }
      g.write(head, v % 7 == 0 ? v - 1 : v);
    }
  });
  QVERIFY2(run.plannedPulls > 40, fmt::format("{} planned pulls", run.plannedPulls).c_str());
}

// A dynamic computation only Check when its effect pulls (below a kernel that changed): the
// plan runs its upstream, then decides it, as the walk enters it (a diamond under a derive,
// and derives nested two deep). A Dirty one whose upstream is also read by a later node of the
// plan (shared) is left to the walk: when its run throws before reading all of it, what it did
// not read stays dirty and the later reader must see it run first.
void KernelTests::aDynamicComputationsUpstreamIsPlannedWhenOnlyChecked() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0);
    std::vector<reactive::CellId> branches;
    for (int i = 0; i < 4; ++i) {
      branches.push_back(rt.createCell(fmt::format("b{}", i), 0.0));
      g.add(fmt::format("b{}", i), {head}, {branches.back()}, [i](std::span<const double> in, std::span<double> o) {
        o[0] = std::floor(in[0] / (i + 1));  // often unchanged: the sum is then only checked
        return std::size_t{1};
      });
    }
    const auto sum = rt.createCell("sum", 0.0), inner = rt.createCell("inner", 0.0), outer = rt.createCell("outer", 0.0);
    g.dynamic("sum", sum, [=](reactive::Transaction& tx) {
      double total = 0;
      for (reactive::CellId b : branches) total += reactive::numberOf(tx.read(b));
      return total;
    });
    g.dynamic("inner", inner, [=](reactive::Transaction& tx) { return std::fmod(reactive::numberOf(tx.read(sum)), 3); });
    g.dynamic("outer", outer, [=](reactive::Transaction& tx) { return reactive::numberOf(tx.read(inner)) * 10; });
    g.show("showSum", {sum});
    g.show("showOuter", {outer});
    // shared: `gated` reads head, throws for some, else reads x; `after` reads gated, then x
    // (gated registered first: x is in gated's segment and reached again from after)
    const auto x = rt.createCell("x", 0.0), gated = rt.createCell("gated", 0.0), after = rt.createCell("after", 0.0);
    g.dynamic("gated", gated, [=](reactive::Transaction& tx) {
      const double h = reactive::numberOf(tx.read(head));
      if (static_cast<int>(h) % 4 == 0) throw std::runtime_error("gated");
      return reactive::numberOf(tx.read(x)) + 1;
    });
    g.plus("x", {head}, x, 100);
    g.plus("after", {gated, x}, after, 0);
    g.show("showGated", {gated});  // pulls first: gated fails, x stays dirty, gated is clean
    g.show("showAfter", {after});
    g.s.runUntilParked();
    for (int v = 1; v <= 24; ++v) g.write(head, v);
  });
  QVERIFY2(run.plannedPulls > 20, fmt::format("{} planned pulls", run.plannedPulls).c_str());
}

namespace {
// dirtiesItselfAgain: d (dynamic) reads head, then k, then a; pulling k runs a, whose commit
// dirties d again during its own run (it reads a too). `reads` says when it also reads extra.
reactive::CellId dirtiesItselfAgain(Planned& g, const std::string& n, reactive::CellId head, reactive::CellId extra,
                                    std::function<bool(int)> fails, std::function<bool(int)> reads) {
  auto& rt = g.rt();
  const auto a = rt.createCell("a" + n, 0.0), k = rt.createCell("k" + n, 0.0), d = rt.createCell("d" + n, 0.0);
  g.plus("a" + n, {head}, a, 1);
  g.plus("k" + n, {a}, k, 1);
  g.dynamic("d" + n, d, [=](reactive::Transaction& tx) {
    const double h = reactive::numberOf(tx.read(head));
    double v = h + reactive::numberOf(tx.read(k)) + reactive::numberOf(tx.read(a));
    if (fails(static_cast<int>(h))) throw std::runtime_error("d" + n);
    if (reads(static_cast<int>(h))) v += reactive::numberOf(tx.read(extra));
    return v;
  });
  return d;
}
}  // namespace

// A dynamic computation run lazily by a plan is dirty again after its run (see
// dirtiesItselfAgain): its kernel reader runs by its transaction, whose read runs d again
// after z, as in the walk; also when d's reads change (the plan stops, and the walk that goes
// on must not run d again itself).
void KernelTests::aDynamicRunThatDirtiesItselfAgain() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), extra = rt.createCell("extra", 0.0);
    const auto d = dirtiesItselfAgain(g, "1", head, extra, [](int) { return false; }, [](int h) { return h >= 9 && h <= 10; });
    const auto z = rt.createCell("z", 0.0), e = rt.createCell("e", 0.0);
    g.plus("z", {head}, z, 5);
    g.plus("e", {d, z}, e, 0);
    g.show("show", {e});
    g.s.runUntilParked();
    for (int v = 1; v <= 16; ++v) g.write(head, v);
  });
  QVERIFY2(run.plannedPulls > 3, fmt::format("{} planned pulls", run.plannedPulls).c_str());
}

// A dynamic computation dirty again after its run fails (see dirtiesItselfAgain): it stays
// dirty under readers that are cleaned (its output did not change), and the walk never enters
// it through them: plans wait until nothing is dirty (a write to `other` alone pulls f). Its
// next change still reaches them (it passes through, as a throttled node's).
void KernelTests::aDynamicComputationLeftDirtyPausesPlans() {
  const PlanRun run = bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), other = rt.createCell("other", 0.0), extra = rt.createCell("extra", 0.0);
    const auto d = dirtiesItselfAgain(g, "2", head, extra, [](int h) { return h % 4 == 0; }, [](int) { return false; });
    const auto e = rt.createCell("e", 0.0), f = rt.createCell("f", 0.0);
    g.plus("e", {d}, e, 1);
    g.plus("f", {e, other}, f, 0);
    g.show("show", {f});
    g.s.runUntilParked();
    for (int v = 1; v <= 17; ++v) {
      g.write(head, v);
      g.write(other, v);
    }
  });
  // Head 16 failed d; head 17 must still reach the effect: d = 17 + 19 + 18, e = d + 1, f = e + 17.
  const auto last = std::find_if(run.log.rbegin(), run.log.rend(), [](const std::string& l) {
    return l.starts_with("show ") && !l.starts_with("show runs");  // (its run, not the closing summary)
  });
  QVERIFY(last != run.log.rend());
  QCOMPARE(*last, std::string("show 72"));
  QVERIFY2(run.plannedPulls > 0, fmt::format("{} planned pulls", run.plannedPulls).c_str());
}

// A dynamic computation whose run fails before it reads everything stays clean over a dirty
// input: `s` (gate odd) over k. p reads k, then s: the walk without an observer, which defers
// k's run, must still enter s once k's run dirties it again (as the walk that ran k at once).
void KernelTests::aFailedRunLeavesItsUpstreamDirty() {
  bothWays([](Planned& g) {
    auto& rt = g.rt();
    const auto head = rt.createCell("head", 0.0), gate = rt.createCell("gate", 0.0);
    const auto k = rt.createCell("k", 0.0), sc = rt.createCell("s", 0.0), pc = rt.createCell("p", 0.0);
    g.plus("k", {head}, k, 1);
    g.dynamic("s", sc, [=](reactive::Transaction& tx) {
      if (static_cast<int>(reactive::numberOf(tx.read(gate))) % 2) throw std::runtime_error("s");
      return reactive::numberOf(tx.read(k)) * 2;
    });
    g.dynamic("p", pc, [=](reactive::Transaction& tx) { return reactive::numberOf(tx.read(k)) + reactive::numberOf(tx.read(sc)); });
    g.show("showS", {sc});  // pulls first: s fails, k stays dirty
    g.show("showP", {pc});
    g.s.runUntilParked();
    for (int v = 1; v <= 6; ++v) {
      g.log.push_back(fmt::format("gate {}, head {}", v, v));
      rt.batch([&](reactive::Transaction& tx) {
        tx.write(gate, static_cast<double>(v));
        tx.write(head, static_cast<double>(v));
      });
      g.s.runUntilParked();
    }
  });
}

// Random graphs of kernels and dynamic computations (reading conditionally, some throwing),
// under a few effects: plans run exactly what the walk runs (same log, stats, dirty levels).
void KernelTests::plansMatchTheWalkOnRandomGraphs() {
  std::uint64_t planned = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    const PlanRun run = bothWays([seed](Planned& g) {
      std::mt19937 rng(seed);
      auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
      auto& rt = g.rt();
      std::vector<reactive::CellId> cells;
      for (int i = 0; i < 3; ++i) cells.push_back(rt.createCell(fmt::format("h{}", i), 0.0));
      const int heads = static_cast<int>(cells.size());
      for (int i = 0; i < 18; ++i) {
        const auto out = rt.createCell(fmt::format("n{}", i), 0.0);
        std::vector<reactive::CellId> in;
        for (int k = 1 + pick(3); k > 0; --k) in.push_back(cells[static_cast<std::size_t>(pick(static_cast<int>(cells.size())))]);
        const int op = pick(4);
        if (pick(3) == 0) {
          // dynamic: reads its first input, then (by its parity) the second or the rest
          g.dynamic(fmt::format("n{}", i), out, [in, op](reactive::Transaction& tx) {
            const double first = reactive::numberOf(tx.read(in[0]));
            if (op == 3 && static_cast<int>(first) % 5 == 2) throw std::runtime_error("unlucky");
            double total = first;
            if (static_cast<int>(first) % 2 == 0 && op != 0) {
              if (in.size() > 1) total += reactive::numberOf(tx.read(in[1]));
            } else {
              for (std::size_t k = 1; k < in.size(); ++k) total += reactive::numberOf(tx.read(in[k]));
            }
            return std::floor(total / 2);
          });
        } else {
          g.add(fmt::format("n{}", i), in, {out}, [op](std::span<const double> v, std::span<double> o) {
            double total = 0;
            for (double x : v) total += x;
            o[0] = op == 0 ? total + 1 : std::floor(total / (op + 1));  // often unchanged
            return std::size_t{1};
          });
        }
        cells.push_back(out);
      }
      for (int e = 0; e < 4; ++e) {
        g.show(fmt::format("show{}", e), {cells[static_cast<std::size_t>(heads + pick(static_cast<int>(cells.size()) - heads))]});
      }
      g.s.runUntilParked();
      for (int w = 0; w < 40; ++w) g.write(cells[static_cast<std::size_t>(pick(heads))], pick(12));
    });
    planned += run.plannedPulls;
  }
  QVERIFY2(planned > 5000, fmt::format("{} planned pulls", planned).c_str());
}

QTEST_GUILESS_MAIN(KernelTests)
#include "kernel_tests.moc"
