// engine/reactive on a multi-threaded scheduler: group tasks of different labels run on
// different worker threads at once, external writes come from the test's thread. The runtime
// serializes itself; outcomes must be what the single-threaded runtime computes.
#include <QtTest/QtTest>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "reactive/runtime.h"
#include "sched/block.h"
#include "sched/runnable.h"

using namespace tickscope;

namespace {

// PoolScheduler: a minimal production-like scheduler for this test: N workers take runnables
// from one queue in any order; a timer thread moves due timers to the queue; the steady clock.
class PoolScheduler final : public sched::Scheduler {
 public:
  explicit PoolScheduler(unsigned workers) : start_(std::chrono::steady_clock::now()) {
    for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
    timerThread_ = std::thread([this] { timers(); });
  }
  ~PoolScheduler() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    timerThread_.join();
  }

  void schedule(sched::Runnable runnable) override {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(runnable));
    }
    cv_.notify_one();
  }
  void scheduleLabeled(sched::Runnable runnable, sched::TaskLabel) override { schedule(std::move(runnable)); }
  void scheduleAfter(sched::Duration duration, sched::Runnable runnable) override {
    {
      std::lock_guard lock(mutex_);
      timers_.emplace(now() + duration, std::move(runnable));
    }
    cv_.notify_all();
  }
  bool park(std::optional<sched::Duration> timeout) override { return parker_->park(timeout); }
  sched::Unparker unparker() override { return sched::Unparker(parker_); }
  bool isMainThread() const override { return false; }
  sched::Instant now() const override {
    return sched::Instant(std::chrono::duration_cast<sched::Duration>(std::chrono::steady_clock::now() - start_));
  }
  std::set<std::thread::id> threadsUsed() const {
    std::lock_guard lock(mutex_);
    return used_;
  }

 private:
  void work() {
    while (true) {
      sched::Runnable runnable;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        runnable = std::move(queue_.front());
        queue_.pop_front();
        used_.insert(std::this_thread::get_id());
      }
      runnable.run();
    }
  }
  void timers() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      if (timers_.empty()) {
        cv_.wait(lock);
        continue;
      }
      const auto next = timers_.begin()->first;
      if (now() < next) {
        cv_.wait_for(lock, next - now());
        continue;
      }
      queue_.push_back(std::move(timers_.begin()->second));
      timers_.erase(timers_.begin());
      cv_.notify_all();
    }
  }

  const std::chrono::steady_clock::time_point start_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<sched::Runnable> queue_;                 // guarded by mutex_
  std::multimap<sched::Instant, sched::Runnable> timers_;  // guarded by mutex_
  std::set<std::thread::id> used_;                    // guarded by mutex_
  bool stop_ = false;                                 // guarded by mutex_
  std::vector<std::thread> workers_;
  std::thread timerThread_;
  std::shared_ptr<sched::Parker> parker_ = std::make_shared<sched::Parker>();
};

}  // namespace

class ReactiveThreadsTests : public QObject {
  Q_OBJECT
 private slots:
  void groupsRunOnWorkerThreads_data();
  void groupsRunOnWorkerThreads();
};

void ReactiveThreadsTests::groupsRunOnWorkerThreads_data() {
  QTest::addColumn<reactive::Mode>("mode");
  QTest::newRow("pull") << reactive::Mode::Pull;
  QTest::newRow("push") << reactive::Mode::Push;
}

void ReactiveThreadsTests::groupsRunOnWorkerThreads() {
  QFETCH(reactive::Mode, mode);
  auto scheduler = std::make_shared<PoolScheduler>(3);
  {
    reactive::RuntimeConfig config;
    config.mode = mode;
    reactive::Runtime rt(scheduler, config);
    const auto a = rt.createCell("a", 0);
    const auto b = rt.createCell("b", 0);
    const auto c = rt.createCell("c", 0);
    const auto d = rt.createCell("d", 0);
    auto computation = [&](const char* name, reactive::CellId in1, reactive::CellId in2, reactive::CellId out,
                           int k) {
      reactive::ReactivityLog log{{{in1, {}}}, {{out, {}}}};
      if (in2) log.reads.push_back({in2, {}});
      rt.subscribe({name,
                    [=](reactive::Transaction& tx) {
                      const int x = tx.read(in1).get<int>();
                      const int y = in2 ? tx.read(in2).get<int>() : 0;
                      tx.write(out, k * x + y);
                    },
                    sched::TaskLabel(name)},
                   std::move(log));
    };
    computation("twice", a, {}, b, 2);
    computation("copy", a, {}, c, 1);  // c = a
    computation("sum", b, c, d, 1);    // d = b + c
    std::atomic<int> glitches{0};
    std::map<std::string, int> last;  // written under the runtime's lock
    for (const char* label : {"ui", "io", "net", "disk"}) {
      rt.subscribe({label,
                    [&, label](reactive::Transaction& tx) {
                      const int vb = tx.read(b).get<int>();
                      const int vc = tx.read(c).get<int>();
                      const int vd = tx.read(d).get<int>();
                      if (vd != vb + vc || vb != 2 * vc) ++glitches;
                      last[label] = vd;
                    },
                    sched::TaskLabel(label)},
                   reactive::ReactivityLog{{{b, {}}, {c, {}}, {d, {}}}, {}}, {.isEffect = true});
    }
    for (int i = 1; i <= 300; ++i) {
      rt.write(a, i);
      if (i % 50 == 0) sched::block(*scheduler, rt.idle());
    }
    sched::block(*scheduler, rt.idle());
    QCOMPARE(glitches.load(), 0);
    QCOMPARE(rt.peek(d).get<int>(), 900);
    for (const char* label : {"ui", "io", "net", "disk"}) QCOMPARE(last[label], 900);
    QVERIFY(rt.isIdle());
    QVERIFY(rt.errors().empty());
  }
  QVERIFY(!scheduler->threadsUsed().empty());
}

QTEST_GUILESS_MAIN(ReactiveThreadsTests)
#include "reactive_threads_tests.moc"
