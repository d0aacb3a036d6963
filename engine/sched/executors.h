#pragma once
// BackgroundExecutor / ForegroundExecutor: what application code holds instead of a raw
// scheduler. Their test-only operations reach the TestScheduler when there is one and do
// nothing (or answer "nothing happened") on a production scheduler.
#include <memory>
#include <optional>
#include <source_location>

#include "sched/block.h"
#include "sched/spawn.h"
#include "sched/test_scheduler.h"

namespace tickscope::sched {

class ExecutorBase {
 public:
  explicit ExecutorBase(std::shared_ptr<Scheduler> scheduler)
      : scheduler_(std::move(scheduler)), test_(dynamic_cast<TestScheduler*>(scheduler_.get())) {}

  Scheduler& scheduler() const { return *scheduler_; }
  const std::shared_ptr<Scheduler>& sharedScheduler() const { return scheduler_; }
  // testScheduler: the TestScheduler underneath, or nullptr in production.
  TestScheduler* testScheduler() const { return test_; }

  Task<void> timer(Duration d, std::source_location site = std::source_location::current()) const {
    return sched::timer(*scheduler_, d, site);
  }
  Instant now() const { return scheduler_->now(); }
  bool isMainThread() const { return scheduler_->isMainThread(); }
  unsigned numCpus() const { return sched::numCpus(); }

  template <class T>
  T block(Task<T> task) const {
    return sched::block(*scheduler_, std::move(task));
  }
  template <class T>
  auto blockWithTimeout(Task<T> task, Duration timeout) const {
    return sched::blockWithTimeout(*scheduler_, std::move(task), timeout);
  }

  // Test-only operations: no effect without a TestScheduler.
  void deprioritize(const TaskLabel& label) const {
    if (test_) test_->deprioritize(label);
  }
  // tick: whether a decision was made; nullopt on a production scheduler.
  std::optional<bool> tick() const { return test_ ? std::optional<bool>(test_->tick()) : std::nullopt; }
  void runUntilParked() const {
    if (test_) test_->runUntilParked();
  }
  void advanceClock(Duration by) const {
    if (test_) test_->advanceClock(by);
  }
  // simulateRandomDelay: yields a random number of times under test; ready at once otherwise.
  Task<void> simulateRandomDelay(std::source_location site = std::source_location::current()) const {
    return test_ ? test_->simulateRandomDelay() : sched::timer(*scheduler_, Duration::zero(), site);
  }

 protected:
  std::shared_ptr<Scheduler> scheduler_;
  TestScheduler* test_;
};

class BackgroundExecutor : public ExecutorBase {
 public:
  using ExecutorBase::ExecutorBase;

  template <class F>
  auto spawn(F&& f, std::source_location site = std::source_location::current()) const {
    return sched::spawn(*scheduler_, std::forward<F>(f), site);
  }
  template <class F>
  auto spawnLabeled(TaskLabel label, F&& f, std::source_location site = std::source_location::current()) const {
    return sched::spawnLabeled(*scheduler_, std::move(label), std::forward<F>(f), site);
  }
};

// ForegroundExecutor: spawns on the main thread, in FIFO order within its own session.
class ForegroundExecutor : public ExecutorBase {
 public:
  explicit ForegroundExecutor(std::shared_ptr<Scheduler> scheduler)
      : ExecutorBase(std::move(scheduler)), session_(test_ ? test_->newForegroundSession() : ForegroundSessionId{}) {}

  template <class F>
  auto spawn(F&& f, std::source_location site = std::source_location::current()) const {
    return sched::spawnForeground(*scheduler_, std::forward<F>(f), session_, site);
  }
  ForegroundSessionId session() const { return session_; }

 private:
  ForegroundSessionId session_;
};

}  // namespace tickscope::sched
