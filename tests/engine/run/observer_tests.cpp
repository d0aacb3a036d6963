// run::Runner observers: attached and detached at run time (makeObserver / removeObserver),
// events reach exactly the observers attached while they happen, setUp comes first, and the
// step hooks bracket every step with its number and move.
#include <QtTest/QtTest>

#include <memory>

#include <fmt/format.h>

#include "run/run_observer.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"
#include "trace/recorder.h"
#include "trace/report_json.h"

using namespace tickscope;
using run::Move;
using run::MoveKind;
using run::Runner;
using testing::loadExample;

namespace {

// Counter: counts events by producer, notes what it saw in `log` (if any) and checks the
// step hooks against the runner it was set up with.
class Counter : public run::RunObserver {
 public:
  explicit Counter(std::vector<std::string>* log = nullptr, std::string name = {}) : log_(log), name_(std::move(name)) {}

  void setUp(Runner& runner) override {
    runner_ = &runner;
    ++setUps;
    stepsAtSetUp = runner.steps();
    note("setUp");
  }
  void onStepBegin(std::uint64_t step) override {
    if (open != 0 || step != runner_->steps() + 1) ++badHooks;
    open = step;
    ++begins;
    note(fmt::format("begin {}", step));
  }
  void onStepEnd(std::uint64_t step, const Move& move) override {
    const Move& last = runner_->lastMove();
    if (open != step || step != runner_->steps() || move.kind != last.kind || move.atMs != last.atMs ||
        move.event != last.event)
      ++badHooks;
    open = 0;
    ++ends;
    note(fmt::format("end {} {}", step, testing::moveText(move)));
  }
  void onSchedEvent(const trace::SchedEvent& e) override {
    ++sched;
    event(fmt::format("sched {}", trace::nameOf(e.kind)));
  }
  void onReactiveEvent(const trace::ReactiveEvent& e) override {
    ++reactive;
    event(fmt::format("reactive {}", trace::nameOf(e.kind)));
  }
  void onSessionEvent(const trace::SessionEvent& e) override {
    ++session;
    event(fmt::format("session {}", trace::nameOf(e.kind)));
  }

  std::size_t total() const { return sched + reactive + session; }

  int setUps = 0;
  std::uint64_t stepsAtSetUp = 0;
  std::uint64_t open = 0;  // the step in progress (0: none)
  std::size_t begins = 0, ends = 0, badHooks = 0, outside = 0, beforeSetUp = 0;
  std::size_t sched = 0, reactive = 0, session = 0;

 private:
  void event(std::string text) {
    if (setUps == 0) ++beforeSetUp;
    if (open == 0) ++outside;
    note(std::move(text));
  }
  void note(std::string text) {
    if (log_) log_->push_back(name_.empty() ? std::move(text) : name_ + ": " + text);
  }

  Runner* runner_ = nullptr;
  std::vector<std::string>* log_;
  std::string name_;
};

run::RunOptions quiet(graph::Mode mode = graph::Mode::Pull) {
  run::RunOptions options;
  options.mode = mode;
  options.recorderCapacity = 0;  // no recorder: the runner's own observers only
  return options;
}

// Totals: a counter's counts after each step of a run observed from the start.
struct Totals {
  std::size_t sched = 0, reactive = 0, session = 0;
};

}  // namespace

void ObserverTests::eventsReachOnlyAttachedObservers() {
  const graph::GraphDocument doc = loadExample("request-dangling.tsg.json");
  // Reference: observed from the start, the counts after every step.
  std::vector<Totals> after;
  {
    Runner reference(doc, quiet());
    const auto all = reference.makeObserver<Counter>();
    after.push_back({all->sched, all->reactive, all->session});
    while (reference.step()) after.push_back({all->sched, all->reactive, all->session});
  }
  QVERIFY(after.size() > 20);

  Runner runner(doc, quiet());
  QCOMPARE(runner.observerCount(), std::size_t(0));
  for (int i = 0; i < 2; ++i) QVERIFY(runner.step());
  const auto counter = runner.makeObserver<Counter>();
  QCOMPARE(runner.observerCount(), std::size_t(1));
  QCOMPARE(counter->total(), std::size_t(0));  // nothing from before it was attached
  while (runner.steps() < 20) QVERIFY(runner.step());
  // Exactly the events of steps 3..20 (both requests' sessions among them).
  QCOMPARE(counter->sched, after[20].sched - after[2].sched);
  QCOMPARE(counter->reactive, after[20].reactive - after[2].reactive);
  QCOMPARE(counter->session, after[20].session - after[2].session);
  QVERIFY(counter->sched > 0 && counter->reactive > 0 && counter->session > 0);
  QVERIFY(runner.removeObserver(counter));
  QCOMPARE(runner.observerCount(), std::size_t(0));
  QVERIFY(!runner.removeObserver(counter));  // not attached any more
  const std::size_t seen = counter->total();
  runner.runToEnd();
  QCOMPARE(counter->total(), seen);  // nothing after it was removed
  QCOMPARE(counter->ends, std::size_t(18));
  // An observer never attached is not removed.
  QVERIFY(!runner.removeObserver(std::make_shared<Counter>()));
}

void ObserverTests::twoObserversBothSeeEverything() {
  const graph::GraphDocument doc = loadExample("debounce-storm.tsg.json");
  std::vector<std::string> alone;
  {
    Runner runner(doc, quiet());
    runner.makeObserver<Counter>(&alone);
    runner.runToEnd();
  }
  std::vector<std::string> both, a, b;
  Runner runner(doc, quiet());
  const auto first = runner.makeObserver<Counter>(&both, "a");
  const auto second = runner.makeObserver<Counter>(&both, "b");
  QCOMPARE(runner.observerCount(), std::size_t(2));
  runner.runToEnd();
  // Every entry reaches a, then b, in the order they were added.
  for (const std::string& e : both) {
    if (e == "a: setUp" || e == "b: setUp") continue;
    (e.starts_with("a: ") ? a : b).push_back(e.substr(3));
  }
  QCOMPARE(a.size(), alone.size() - 1);
  QVERIFY(a == std::vector<std::string>(alone.begin() + 1, alone.end()));
  QVERIFY(a == b);
  for (std::size_t i = 2; i + 1 < both.size(); i += 2) {
    QVERIFY(both[i].starts_with("a: "));
    QCOMPARE(both[i + 1], "b" + both[i].substr(1));
  }
  QCOMPARE(first->total(), second->total());

  // A second observer attached later sees the rest of what the first sees.
  std::vector<std::string> early, late;
  Runner staggered(doc, quiet());
  staggered.makeObserver<Counter>(&early);
  for (int i = 0; i < 10; ++i) QVERIFY(staggered.step());
  const std::size_t seenBefore = early.size();
  const auto lateOne = staggered.makeObserver<Counter>(&late);
  staggered.runToEnd();
  QCOMPARE(late.size(), early.size() - seenBefore + 1);  // + its setUp
  QVERIFY(std::equal(late.begin() + 1, late.end(), early.begin() + static_cast<std::ptrdiff_t>(seenBefore)));
  QCOMPARE(lateOne->stepsAtSetUp, std::uint64_t(10));

  // With the recorder: the RunObservers come and go, the recorder keeps recording.
  run::RunOptions recorded;
  Runner withRecorder(doc, recorded);
  QCOMPARE(withRecorder.observerCount(), std::size_t(1));
  const std::size_t recordedAtAttach = withRecorder.recorder()->events().size();  // the build's
  const auto extra = withRecorder.makeObserver<Counter>();
  QCOMPARE(withRecorder.observerCount(), std::size_t(2));
  for (int i = 0; i < 5; ++i) QVERIFY(withRecorder.step());
  const std::size_t recordedSoFar = withRecorder.recorder()->events().size();
  QCOMPARE(recordedSoFar - recordedAtAttach, extra->total());  // both saw the same events
  QVERIFY(withRecorder.removeObserver(extra));
  QCOMPARE(withRecorder.observerCount(), std::size_t(1));
  withRecorder.runToEnd();
  QVERIFY(withRecorder.recorder()->events().size() > recordedSoFar);
  QCOMPARE(extra->total(), recordedSoFar - recordedAtAttach);
}

void ObserverTests::removingTheLastDetaches() {
  // Free-running (a task going on without the round trip through the queue) only happens
  // when the scheduler holds no observer: runToEnd then makes fewer, larger moves. So the
  // move count shows whether the producers were left holding anything.
  const graph::GraphDocument doc = loadExample("newton-cycle.tsg.json");
  const run::RunOptions options = quiet(graph::Mode::Push);
  Runner stepped(doc, options), free(doc, options), observed(doc, options), detached(doc, options);
  while (stepped.step()) {
  }
  free.runToEnd();
  QVERIFY(free.steps() < stepped.steps());  // the premise: free-running merges moves here

  const auto watching = observed.makeObserver<Counter>();
  observed.runToEnd();
  QCOMPARE(observed.steps(), stepped.steps());  // observed: one decision per move
  QCOMPARE(watching->ends, std::size_t(stepped.steps()));

  const auto one = detached.makeObserver<Counter>();
  const auto two = detached.makeObserver<Counter>();
  QVERIFY(detached.removeObserver(one));  // one left: still attached
  QVERIFY(detached.removeObserver(two));  // none left: detached
  QCOMPARE(detached.observerCount(), std::size_t(0));
  detached.runToEnd();
  QCOMPARE(detached.steps(), free.steps());  // free-running again
  QCOMPARE(two->total(), std::size_t(0));
  const std::string report = trace::reportJson(stepped.report());
  QCOMPARE(trace::reportJson(free.report()), report);
  QCOMPARE(trace::reportJson(observed.report()), report);
  QCOMPARE(trace::reportJson(detached.report()), report);

  // Removing one of two leaves the other attached (no free-running, every event).
  Runner half(doc, options);
  const auto gone = half.makeObserver<Counter>();
  const auto stays = half.makeObserver<Counter>();
  QVERIFY(half.removeObserver(gone));
  half.runToEnd();
  QCOMPARE(half.steps(), stepped.steps());
  QCOMPARE(stays->total(), watching->total());
  QCOMPARE(gone->total(), std::size_t(0));

  // The journal is one of the runner's observers.
  run::RunOptions journaled = options;
  journaled.journalSteps = 4;
  Runner withJournal(doc, journaled);
  QCOMPARE(withJournal.observerCount(), std::size_t(1));
  withJournal.runToEnd();
  QCOMPARE(withJournal.steps(), stepped.steps());
}

void ObserverTests::setUpComesFirst() {
  std::vector<std::string> log;
  Runner runner(loadExample("diamond.tsg.json"), quiet());
  const auto counter = runner.makeObserver<Counter>(&log);
  QCOMPARE(counter->setUps, 1);
  QCOMPARE(log, std::vector<std::string>{"setUp"});
  QCOMPARE(counter->stepsAtSetUp, std::uint64_t(0));
  runner.runToEnd();
  QCOMPARE(counter->setUps, 1);
  QCOMPARE(counter->beforeSetUp, std::size_t(0));
  QCOMPARE(log.front(), std::string("setUp"));
  QVERIFY(log.size() > 10);

  // Attached mid-run: set up with the runner as it is then.
  Runner later(loadExample("diamond.tsg.json"), quiet());
  for (int i = 0; i < 4; ++i) QVERIFY(later.step());
  std::vector<std::string> laterLog;
  const auto c = later.makeObserver<Counter>(&laterLog);
  QCOMPARE(c->stepsAtSetUp, std::uint64_t(4));
  QVERIFY(later.step());
  QCOMPARE(laterLog.front(), std::string("setUp"));
  QCOMPARE(laterLog[1], std::string("begin 5"));
}

void ObserverTests::stepHooksBracketEachStep() {
  for (const char* name : {"request-dangling.tsg.json", "debounce-storm.tsg.json", "slow-cycle.tsg.json"}) {
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      const std::string what = fmt::format("{} {}", name, graph::toString(mode));
      std::vector<std::string> log;
      Runner runner(loadExample(name), quiet(mode));
      const auto c = runner.makeObserver<Counter>(&log);
      // Every move, the user's too; interventions in between are not steps.
      for (int i = 0; i < 6; ++i) QVERIFY(runner.step());
      QVERIFY(runner.advanceClockTo(runner.nowMs() + 3));
      const std::size_t outsideBefore = c->outside;
      runner.setCellValue(0, 123);
      QVERIFY2(c->outside > outsideBefore, what.c_str());  // its write is an event outside any step
      runner.setDeprioritized("x", true);
      runner.runToEnd();
      QVERIFY(!runner.step());
      QCOMPARE(c->badHooks, std::size_t(0));
      QCOMPARE(c->begins, std::size_t(runner.steps()));
      QCOMPARE(c->ends, std::size_t(runner.steps()));
      QCOMPARE(c->open, std::uint64_t(0));
      // Read the log back: begin n ... end n, numbered 1, 2, ...; a scheduler decision (a task
      // picked or a timer fired) in each decision step and in no other step.
      std::uint64_t expected = 1;
      bool inStep = false;
      int decisionsInStep = 0;
      std::size_t clockSets = 0;
      for (const std::string& line : log) {
        if (line.starts_with("begin ")) {
          QVERIFY2(!inStep, what.c_str());
          QCOMPARE(line, fmt::format("begin {}", expected));
          inStep = true;
          decisionsInStep = 0;
        } else if (line.starts_with("end ")) {
          QVERIFY2(inStep, what.c_str());
          const std::string prefix = fmt::format("end {} ", expected);
          QVERIFY2(line.starts_with(prefix), line.c_str());
          const bool decision = line == prefix + "decision";
          QVERIFY2(decisionsInStep == (decision ? 1 : 0), (what + ": " + line).c_str());
          if (line.find("clock set") != std::string::npos) ++clockSets;
          inStep = false;
          ++expected;
        } else if (line == "sched task-picked" || line == "sched timer-fired") {
          QVERIFY2(inStep, what.c_str());
          ++decisionsInStep;
        }
      }
      QCOMPARE(expected, runner.steps() + 1);
      QCOMPARE(clockSets, std::size_t(1));
    }
  }
}
