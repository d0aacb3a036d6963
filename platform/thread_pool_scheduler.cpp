#include "platform/thread_pool_scheduler.h"

#include <algorithm>
#include <system_error>

#include "platform/cpu_relax.h"
#include "platform/steady_time.h"
#include "platform/thread_parker.h"
#include "platform/unpark_relay.h"
#include "sched/errors.h"
#include "sched/spawn.h"

namespace tickscope::platform {

namespace {

// A worker takes at most this many runnables per lock: enough to amortize the lock, few
// enough that work stuck behind a long step is bounded.
constexpr std::size_t kMaxBatch = 32;
// An idle worker polls the queue this many rounds before it sleeps; a push to a queue with
// a spinning worker then needs no system call.
constexpr int kIdleSpins = 200;

}  // namespace

// The worker thread's own state, reachable from park() on that thread.
struct ThreadPoolScheduler::WorkerContext {
  ThreadPoolScheduler* owner;
  std::vector<sched::Runnable> batch;  // taken from queue_, run in order from `next`
  std::size_t next = 0;
};

thread_local ThreadPoolScheduler::WorkerContext* ThreadPoolScheduler::currentWorker_ = nullptr;

ThreadPoolScheduler::ThreadPoolScheduler(Config config) : mainThread_(std::this_thread::get_id()) {
  relay_ = std::make_unique<UnparkRelay>([this] { onMainUnparked(); });
  const unsigned count = config.workers ? config.workers : sched::numCpus();
  workers_.reserve(count);
  for (unsigned i = 0; i < count; ++i) workers_.emplace_back([this] { workerLoop(); });
  timerThread_ = std::thread([this] { timerLoop(); });
}

ThreadPoolScheduler::~ThreadPoolScheduler() {
  stopping_.store(true);
  // Drop the queued work before joining: a worker parked in block() may wait for one of these
  // tasks, and the cancellation wakes it.
  dropQueued();
  queueCv_.notify_all();
  timerCv_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  {
    // Spares are detached: wait until the last one is past its final use of `this`.
    MutexLock lock(queueMutex_);
    while (liveSpares_ > 0) queueMutex_.wait(sparesDone_);
  }
  timerThread_.join();
  relay_.reset();
}

// dropQueued: empties the queues under their locks and drops the runnables outside them. Once
// stopping_ is set, every enqueue checks it under the same lock and drops instead, so nothing
// can be queued after this.
void ThreadPoolScheduler::dropQueued() {
  std::deque<sched::Runnable> queue;
  std::deque<sched::Runnable> mainQueue;
  std::vector<sched::Runnable> timers;
  {
    MutexLock lock(queueMutex_);
    queue.swap(queue_);
    queued_.store(0, std::memory_order_relaxed);
  }
  {
    MutexLock lock(mainMutex_);
    mainQueue.swap(mainQueue_);
  }
  {
    MutexLock lock(timerMutex_);
    timers = timers_.takeAll();
  }
}

// --- background ------------------------------------------------------------------------------

void ThreadPoolScheduler::schedule(sched::Runnable runnable) {
  bool wake = false;
  bool spare = false;
  {
    MutexLock lock(queueMutex_);
    if (stopping_.load(std::memory_order_relaxed)) return;  // `runnable` is dropped after the lock
    queue_.push_back(std::move(runnable));
    queued_.store(queue_.size(), std::memory_order_relaxed);
    if (sleepers_ > wakesPending_) {
      ++wakesPending_;
      wake = true;
    }
    spare = claimSpare();
  }
  if (wake) queueCv_.notify_one();
  if (spare) startSpare();
}

bool ThreadPoolScheduler::claimSpare() {
  const bool needed = !stopping_.load(std::memory_order_relaxed) && !queue_.empty() &&
                      blocked_ >= workers_.size() + liveSpares_;
  if (needed) ++liveSpares_;  // counted before it starts: no second claim for the same need
  return needed;
}

// startSpare: liveSpares_ already counts it.
void ThreadPoolScheduler::startSpare() {
  try {
    std::thread([this] { spareLoop(); }).detach();
  } catch (const std::system_error&) {
    MutexLock lock(queueMutex_);
    --liveSpares_;  // no thread to be had: the blocked tasks wait as they would have
    sparesDone_.notify_all();
  }
}

void ThreadPoolScheduler::spareLoop() {
  runBatches([this](std::vector<sched::Runnable>& batch) { return takeSpareBatch(batch); });
  MutexLock lock(queueMutex_);
  --liveSpares_;
  sparesDone_.notify_all();  // under the lock: the destructor cannot finish before it
}

// takeSpareBatch: a share of the queue, or false when it is empty (the spare leaves).
bool ThreadPoolScheduler::takeSpareBatch(std::vector<sched::Runnable>& batch) {
  MutexLock lock(queueMutex_);
  if (queue_.empty() || stopping_.load(std::memory_order_relaxed)) return false;
  takeShare(batch);
  return true;
}

// takeShare: an equal share per running thread, so one does not hoard what others could run.
void ThreadPoolScheduler::takeShare(std::vector<sched::Runnable>& batch) {
  const std::size_t threads = workers_.size() + liveSpares_;
  const std::size_t take = std::min({queue_.size(), kMaxBatch, (queue_.size() + threads - 1) / threads});
  for (std::size_t i = 0; i < take; ++i) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  queued_.store(queue_.size(), std::memory_order_relaxed);
}

void ThreadPoolScheduler::scheduleLabeled(sched::Runnable runnable, sched::TaskLabel) { schedule(std::move(runnable)); }

void ThreadPoolScheduler::workerLoop() {
  runBatches([this](std::vector<sched::Runnable>& batch) { return takeBatch(batch); });
}

template <class Take>
void ThreadPoolScheduler::runBatches(Take take) {
  WorkerContext context{this, {}, 0};
  context.batch.reserve(kMaxBatch);
  currentWorker_ = &context;
  while (take(context.batch)) {
    for (context.next = 0; context.next < context.batch.size();) {
      if (stopping_.load(std::memory_order_relaxed)) break;  // the rest is dropped below
      sched::Runnable runnable = std::move(context.batch[context.next++]);
      runnable.run();  // may park, which gives the rest of the batch back
    }
    context.batch.clear();
  }
  currentWorker_ = nullptr;
}

// takeBatch: waits for background work and moves a share of it into `batch`. Returns false
// when the scheduler is stopping.
bool ThreadPoolScheduler::takeBatch(std::vector<sched::Runnable>& batch) {
  for (int i = 0; i < kIdleSpins; ++i) {
    if (queued_.load(std::memory_order_relaxed) != 0 || stopping_.load(std::memory_order_relaxed)) break;
    for (int j = 0; j < 16; ++j) cpuRelax();
    if (i % 32 == 31) std::this_thread::yield();  // on busy cores, let the producer run
  }
  bool passWake = false;
  {
    MutexLock lock(queueMutex_);
    while (queue_.empty()) {
      if (stopping_.load(std::memory_order_relaxed)) return false;
      ++sleepers_;
      queueMutex_.wait(queueCv_);
      --sleepers_;
      if (wakesPending_ > 0) --wakesPending_;
    }
    if (stopping_.load(std::memory_order_relaxed)) return false;
    takeShare(batch);
    // Work is left and a worker sleeps: pass the wake-up on.
    if (!queue_.empty() && sleepers_ > wakesPending_) {
      ++wakesPending_;
      passWake = true;
    }
  }
  if (passWake) queueCv_.notify_one();
  return true;
}

void ThreadPoolScheduler::giveBack(WorkerContext& worker) {
  if (worker.next >= worker.batch.size()) return;
  unsigned wakes = 0;
  {
    MutexLock lock(queueMutex_);
    if (!stopping_.load(std::memory_order_relaxed)) {
      queue_.insert(queue_.begin(), std::make_move_iterator(worker.batch.begin() + static_cast<std::ptrdiff_t>(worker.next)),
                    std::make_move_iterator(worker.batch.end()));
      queued_.store(queue_.size(), std::memory_order_relaxed);
      while (sleepers_ > wakesPending_ && wakes < queue_.size()) {
        ++wakesPending_;
        ++wakes;
      }
    }
  }
  // Moved-from (or, when stopping, still full) entries; dropping the latter cancels them.
  worker.batch.resize(worker.next);
  for (unsigned i = 0; i < wakes; ++i) queueCv_.notify_one();
}

// --- main thread -----------------------------------------------------------------------------

void ThreadPoolScheduler::scheduleForeground(sched::Runnable runnable) {
  {
    MutexLock lock(mainMutex_);
    if (stopping_.load(std::memory_order_relaxed)) return;
    mainQueue_.push_back(std::move(runnable));
  }
  mainCv_.notify_one();
}

std::size_t ThreadPoolScheduler::runMainThreadTasks() {
  if (!isMainThread()) throw sched::SchedulerError("runMainThreadTasks: called off the scheduler's main thread");
  std::size_t budget = 0;
  {
    MutexLock lock(mainMutex_);
    budget = mainQueue_.size();
  }
  // One at a time, so a foreground step that blocks on later foreground work finds it queued.
  std::size_t ran = 0;
  for (; ran < budget; ++ran) {
    sched::Runnable runnable;
    {
      MutexLock lock(mainMutex_);
      if (mainQueue_.empty()) break;
      runnable = std::move(mainQueue_.front());
      mainQueue_.pop_front();
    }
    runnable.run();
  }
  return ran;
}

bool ThreadPoolScheduler::parkMain(std::optional<sched::Duration> timeout) {
  const auto deadline = toSteady(deadlineAfter(now(), timeout.value_or(sched::Duration::zero())));
  MutexLock lock(mainMutex_);
  const std::uint64_t wakesAtStart = mainWakes_;
  while (true) {
    if (unparked_ || mainWakes_ != wakesAtStart) {
      unparked_ = false;
      return true;
    }
    if (!mainQueue_.empty()) {
      sched::Runnable runnable = std::move(mainQueue_.front());
      mainQueue_.pop_front();
      lock.unlock();
      runnable.run();
      lock.lock();
      continue;
    }
    const auto ready = [this]() TICKSCOPE_REQUIRES(mainMutex_) { return unparked_ || !mainQueue_.empty(); };
    if (!timeout) {
      mainMutex_.wait(mainCv_, ready);
    } else if (!mainMutex_.waitUntil(mainCv_, deadline, ready)) {
      return false;
    }
  }
}

void ThreadPoolScheduler::onMainUnparked() {
  {
    MutexLock lock(mainMutex_);
    unparked_ = true;
    ++mainWakes_;
  }
  mainCv_.notify_one();
}

// --- timers ----------------------------------------------------------------------------------

void ThreadPoolScheduler::scheduleAfter(sched::Duration duration, sched::Runnable runnable) {
  const sched::Instant deadline = deadlineAfter(now(), duration);
  std::vector<sched::Runnable> purged;  // dropped after the lock
  bool earliest = false;
  {
    MutexLock lock(timerMutex_);
    if (stopping_.load(std::memory_order_relaxed)) return;
    earliest = timers_.arm(deadline, std::move(runnable), purged);
  }
  if (earliest) timerCv_.notify_one();  // the timer thread waits for a later deadline
}

// timerLoop: the timer thread. Runs due runnables itself, in firing order, so that timer
// steps start in deadline order even with many workers.
void ThreadPoolScheduler::timerLoop() {
  std::vector<sched::Runnable> due;
  MutexLock lock(timerMutex_);
  while (!stopping_.load(std::memory_order_relaxed)) {
    const std::optional<sched::Instant> next = timers_.nextDeadline();
    if (!next) {
      timerMutex_.wait(timerCv_);
      continue;
    }
    const sched::Instant t = now();
    if (*next > t) {
      timerMutex_.waitUntil(timerCv_, toSteady(*next));
      continue;
    }
    timers_.popDue(t, due);
    lock.unlock();
    for (sched::Runnable& runnable : due) runnable.run();
    due.clear();
    lock.lock();
  }
}

// --- parking and identity --------------------------------------------------------------------

bool ThreadPoolScheduler::park(std::optional<sched::Duration> timeout) {
  if (isMainThread()) return parkMain(timeout);
  if (!currentWorker_ || currentWorker_->owner != this) return currentThreadParker()->park(timeout);
  giveBack(*currentWorker_);
  bool spare = false;
  {
    MutexLock lock(queueMutex_);
    ++blocked_;
    spare = claimSpare();
  }
  if (spare) startSpare();
  const bool unparked = currentThreadParker()->park(timeout);
  MutexLock lock(queueMutex_);
  --blocked_;
  return unparked;
}

sched::Unparker ThreadPoolScheduler::unparker() {
  return isMainThread() ? relay_->unparker() : sched::Unparker(currentThreadParker());
}

bool ThreadPoolScheduler::isMainThread() const { return std::this_thread::get_id() == mainThread_; }

sched::Instant ThreadPoolScheduler::now() const { return steadyNow(); }

}  // namespace tickscope::platform
