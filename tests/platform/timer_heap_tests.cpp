// TimerHeap on exact instants (see platform_test_classes.h).
#include <QtTest/QtTest>

#include <chrono>
#include <vector>

#include "platform/timer_heap.h"
#include "platform_test_classes.h"
#include "sched/spawn.h"

using namespace std::chrono_literals;
using tickscope::platform::TimerHeap;
using tickscope::sched::Duration;
using tickscope::sched::Instant;
using tickscope::sched::Runnable;
using tickscope::sched::Scheduler;
using tickscope::sched::Task;
using tickscope::sched::TaskLabel;
using tickscope::sched::Unparker;

namespace {

// Capture: a scheduler that only keeps the runnables it is given, so the test can arm them
// in a TimerHeap with deadlines of its choosing and run them itself.
class Capture final : public Scheduler {
 public:
  void schedule(Runnable runnable) override { runnables.push_back(std::move(runnable)); }
  void scheduleLabeled(Runnable runnable, TaskLabel) override { schedule(std::move(runnable)); }
  void scheduleAfter(Duration, Runnable runnable) override { schedule(std::move(runnable)); }
  bool park(std::optional<Duration>) override { return false; }
  Unparker unparker() override { return {}; }
  bool isMainThread() const override { return true; }
  Instant now() const override { return {}; }

  std::vector<Runnable> runnables;
};

// Timers: n tasks that append their index to `fired`, each with its runnable at hand.
struct Timers {
  Capture capture;
  std::vector<int> fired;
  std::vector<Task<void>> tasks;

  explicit Timers(int n) {
    for (int i = 0; i < n; ++i) tasks.push_back(tickscope::sched::spawn(capture, [this, i] { fired.push_back(i); }));
  }
  Runnable take(int i) { return std::move(capture.runnables.at(static_cast<std::size_t>(i))); }
};

Instant at(Duration d) { return Instant(d); }

void runAll(std::vector<Runnable>& due) {
  for (Runnable& r : due) r.run();
  due.clear();
}

}  // namespace

void TimerHeapTests::firesInDeadlineOrderTiesInArmingOrder() {
  Timers t(6);
  TimerHeap heap;
  std::vector<Runnable> purged;
  // deadlines: 30, 10, 20, 10, 20, 10 -> 1, 3, 5 (ties at 10), 2, 4 (ties at 20), 0
  const std::vector<Duration> deadlines{30ms, 10ms, 20ms, 10ms, 20ms, 10ms};
  for (int i = 0; i < 6; ++i) heap.arm(at(deadlines[static_cast<std::size_t>(i)]), t.take(i), purged);
  std::vector<Runnable> due;
  heap.popDue(at(1h), due);
  runAll(due);
  QCOMPARE(t.fired, (std::vector<int>{1, 3, 5, 2, 4, 0}));
  QCOMPARE(heap.size(), std::size_t{0});
  QVERIFY(purged.empty());
}

void TimerHeapTests::popsOnlyWhatIsDue() {
  Timers t(3);
  TimerHeap heap;
  std::vector<Runnable> purged;
  heap.arm(at(10ms), t.take(0), purged);
  heap.arm(at(20ms), t.take(1), purged);
  heap.arm(at(30ms), t.take(2), purged);
  std::vector<Runnable> due;
  heap.popDue(at(10ms) - 1ns, due);
  QVERIFY(due.empty());  // one nanosecond early: nothing
  heap.popDue(at(20ms), due);  // a deadline equal to now is due
  runAll(due);
  QCOMPARE(t.fired, (std::vector<int>{0, 1}));
  QCOMPARE(heap.nextDeadline(), std::optional(at(30ms)));
  std::vector<Runnable> rest = heap.takeAll();
  QCOMPARE(rest.size(), std::size_t{1});
  QVERIFY(!heap.nextDeadline());
}

void TimerHeapTests::reportsANewEarliestTimer() {
  Timers t(4);
  TimerHeap heap;
  std::vector<Runnable> purged;
  QVERIFY(heap.arm(at(20ms), t.take(0), purged));   // the first is the earliest
  QVERIFY(!heap.arm(at(30ms), t.take(1), purged));  // later
  QVERIFY(!heap.arm(at(20ms), t.take(2), purged));  // a tie goes behind
  QVERIFY(heap.arm(at(5ms), t.take(3), purged));    // earlier
  QCOMPARE(heap.nextDeadline(), std::optional(at(5ms)));
}

void TimerHeapTests::purgesTimersOfFinishedTasks() {
  constexpr int n = 100;
  Timers t(n);
  TimerHeap heap;
  std::vector<Runnable> purged;
  for (int i = 0; i < 63; ++i) heap.arm(at(1h), t.take(i), purged);
  for (int i = 0; i < 60; ++i) t.tasks[static_cast<std::size_t>(i)] = {};  // cancelled: their timers are dead
  QVERIFY(purged.empty());
  heap.arm(at(1h), t.take(63), purged);  // 64th entry: the heap reaches its purge mark
  QVERIFY(purged.empty());
  heap.arm(at(30min), t.take(64), purged);  // past the mark: the 60 dead entries go
  QCOMPARE(purged.size(), std::size_t{60});
  QCOMPARE(heap.size(), std::size_t{5});
  QCOMPARE(heap.nextDeadline(), std::optional(at(30min)));
  purged.clear();  // dropping a dead task's runnable is harmless
  std::vector<Runnable> due;
  heap.popDue(at(2h), due);
  runAll(due);
  QCOMPARE(t.fired, (std::vector<int>{64, 60, 61, 62, 63}));
}
