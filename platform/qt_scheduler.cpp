#include "platform/qt_scheduler.h"

#include <QCoreApplication>
#include <QEvent>
#include <QEventLoop>
#include <QObject>
#include <QRunnable>
#include <QThreadPool>
#include <QTimer>
#include <QTimerEvent>

#include <algorithm>
#include <chrono>

#include "platform/handoff.h"
#include "platform/steady_time.h"
#include "platform/thread_parker.h"
#include "platform/unpark_relay.h"
#include "sched/errors.h"
#include "sched/spawn.h"

namespace tickscope::platform {

namespace {

QEvent::Type newEventType() { return static_cast<QEvent::Type>(QEvent::registerEventType()); }
QEvent::Type runEventType() {
  static const QEvent::Type type = newEventType();
  return type;
}
QEvent::Type unparkEventType() {
  static const QEvent::Type type = newEventType();
  return type;
}
QEvent::Type rearmEventType() {
  static const QEvent::Type type = newEventType();
  return type;
}

// SchedulerEvent: one message to the main thread: a foreground runnable to run, an unpark,
// or a request to re-arm the Qt timer. An event deleted undelivered drops its runnable. Its
// poster publishes QtScheduler::posted_ after building it; the main thread receives posted_
// before it touches any event (Context::event, dropQueued).
class SchedulerEvent final : public QEvent {
 public:
  explicit SchedulerEvent(Type type, sched::Runnable runnable = {}) : QEvent(type), runnable_(std::move(runnable)) {}
  sched::Runnable take() { return std::move(runnable_); }

 private:
  sched::Runnable runnable_;
};

// qtWait: a Qt timer interval for `d`: whole milliseconds rounded up (so never early), and at
// most an hour (Qt takes an int of milliseconds; callers re-arm when a capped wait ends).
std::chrono::milliseconds qtWait(sched::Duration d) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(std::max(d, sched::Duration::zero()));
  return std::min<std::chrono::milliseconds>(ms, std::chrono::hours(1));
}

// The scheduler whose pool job the current thread is running, if any (park lends its slot).
thread_local const QtScheduler* tlPoolOwner = nullptr;

}  // namespace

// Context: the scheduler's QObject on the main thread; receives its events and its timer.
class QtScheduler::Context final : public QObject {
 public:
  explicit Context(QtScheduler& owner) : owner_(owner) {}

 protected:
  bool event(QEvent* e) override {
    owner_.posted_.receive();
    const QEvent::Type type = e->type();
    if (type == runEventType()) {
      static_cast<SchedulerEvent*>(e)->take().run();
    } else if (type == unparkEventType()) {
      static_cast<SchedulerEvent*>(e)->take();
      owner_.onUnparked();
    } else if (type == rearmEventType()) {
      static_cast<SchedulerEvent*>(e)->take();
      owner_.rearmTimer();
    } else {
      return QObject::event(e);
    }
    return true;
  }
  void timerEvent(QTimerEvent* e) override {
    if (e->timerId() == owner_.qtTimerId_) owner_.onTimer();
  }

 private:
  QtScheduler& owner_;
};

// PoolJob: one background runnable, or (empty) a turn of the timer lane, on the pool. Its own
// Handoff covers its trip to a pool thread; QtScheduler::poolDone_ covers the end of its run
// for the scheduler's destructor, which waits for the pool through Qt.
class QtScheduler::PoolJob final : public QRunnable {
 public:
  PoolJob(QtScheduler& owner, sched::Runnable runnable) : owner_(owner), runnable_(std::move(runnable)) {
    handoff_.publish();
  }
  ~PoolJob() override { handoff_.receive(); }  // unrun when the pool was cleared: drops it

  void run() override {
    handoff_.receive();
    sched::Runnable runnable = std::move(runnable_);  // run or dropped before poolDone_
    if (!owner_.stopping_.load()) {
      const QtScheduler* outer = std::exchange(tlPoolOwner, &owner_);
      if (runnable) {
        runnable.run();
      } else {
        owner_.drainLane();
      }
      tlPoolOwner = outer;
    }
    runnable = {};
    owner_.poolDone_.publish();
  }

 private:
  Handoff handoff_;
  QtScheduler& owner_;
  sched::Runnable runnable_;
};

QtScheduler::QtScheduler(Config config) : mainThread_(std::this_thread::get_id()) {
  if (!QCoreApplication::instance()) throw sched::SchedulerError("QtScheduler: create a QCoreApplication first");
  context_ = std::make_unique<Context>(*this);
  pool_ = std::make_unique<QThreadPool>();
  pool_->setMaxThreadCount(config.backgroundThreads > 0 ? config.backgroundThreads
                                                        : static_cast<int>(sched::numCpus()));
  relay_ = std::make_unique<UnparkRelay>([this] { post(new SchedulerEvent(unparkEventType())); });
}

QtScheduler::~QtScheduler() {
  stopping_.store(true);
  relay_.reset();
  // Drop queued work before waiting for the pool: a pool thread parked in block() may wait for
  // one of these tasks, and the cancellation wakes it.
  dropQueued();
  pool_->clear();
  // Waits for running steps, parked ones included. pool_ itself stays valid meanwhile: a step
  // may still reach schedule() (which then drops) or reserveThread().
  pool_->waitForDone();
  poolDone_.receive();
  dropQueued();  // what those steps posted before they saw stopping_
  if (qtTimerId_) context_->killTimer(qtTimerId_);
  context_.reset();
  pool_.reset();
}

// dropQueued: deletes the posted events (dropping their runnables) and empties the timer heap
// and the lane, dropping outside the locks: a dropped runnable cancels its task, and with
// stopping_ set whatever that wakes is dropped on the spot.
void QtScheduler::dropQueued() {
  posted_.receive();
  QCoreApplication::removePostedEvents(context_.get());
  std::vector<sched::Runnable> timers;
  std::deque<sched::Runnable> lane;
  {
    MutexLock lock(timerMutex_);
    timers = timers_.takeAll();
  }
  {
    MutexLock lock(laneMutex_);
    lane.swap(lane_);
  }
}

// --- background and foreground ---------------------------------------------------------------

void QtScheduler::schedule(sched::Runnable runnable) {
  if (stopping_.load()) return;  // dropped
  pool_->start(new PoolJob(*this, std::move(runnable)));
}

void QtScheduler::scheduleLabeled(sched::Runnable runnable, sched::TaskLabel) { schedule(std::move(runnable)); }

void QtScheduler::scheduleForeground(sched::Runnable runnable) {
  if (stopping_.load()) return;
  post(new SchedulerEvent(runEventType(), std::move(runnable)));
}

void QtScheduler::post(QEvent* event) {
  posted_.publish();
  QCoreApplication::postEvent(context_.get(), event);
}

// --- timers ----------------------------------------------------------------------------------

void QtScheduler::scheduleAfter(sched::Duration duration, sched::Runnable runnable) {
  const sched::Instant deadline = deadlineAfter(now(), duration);
  std::vector<sched::Runnable> purged;  // dropped after the lock
  bool rearmHere = false;
  bool postRearm = false;
  {
    MutexLock lock(timerMutex_);
    if (stopping_.load()) return;
    if (timers_.arm(deadline, std::move(runnable), purged)) {
      if (isMainThread()) {
        rearmHere = true;
      } else if (!rearmPosted_) {
        rearmPosted_ = true;
        postRearm = true;
      }
    }
  }
  if (rearmHere) rearmTimer();
  if (postRearm) post(new SchedulerEvent(rearmEventType()));
}

// rearmTimer: main thread. Points the Qt timer at the earliest deadline. onTimer checks the
// deadlines itself, so a Qt timer that fires early (or a capped wait) only re-arms.
void QtScheduler::rearmTimer() {
  std::optional<sched::Instant> next;
  {
    MutexLock lock(timerMutex_);
    rearmPosted_ = false;
    next = timers_.nextDeadline();
  }
  if (qtTimerId_ && (!next || *next != armedFor_)) {
    context_->killTimer(qtTimerId_);
    qtTimerId_ = 0;
  }
  if (!next || qtTimerId_) return;
  qtTimerId_ = context_->startTimer(qtWait(*next - now()), Qt::PreciseTimer);
  armedFor_ = *next;
}

// onTimer: main thread. Moves what is due to the lane, in firing order, and re-arms.
void QtScheduler::onTimer() {
  context_->killTimer(qtTimerId_);
  qtTimerId_ = 0;
  std::vector<sched::Runnable> due;
  {
    MutexLock lock(timerMutex_);
    timers_.popDue(now(), due);
  }
  bool startLane = false;
  if (!due.empty()) {
    MutexLock lock(laneMutex_);
    if (!stopping_.load()) {
      for (sched::Runnable& runnable : due) lane_.push_back(std::move(runnable));
      startLane = !std::exchange(laneRunning_, true);
    }
  }
  if (startLane) pool_->start(new PoolJob(*this, {}));
  rearmTimer();
}

// drainLane: a pool thread. Runs the lane's runnables one at a time, so they start in firing
// order; a single job drains it, started when the lane becomes non-empty.
void QtScheduler::drainLane() {
  while (true) {
    sched::Runnable runnable;
    {
      MutexLock lock(laneMutex_);
      if (lane_.empty() || stopping_.load()) {
        laneRunning_ = false;
        return;
      }
      runnable = std::move(lane_.front());
      lane_.pop_front();
    }
    runnable.run();
  }
}

// --- parking and identity --------------------------------------------------------------------

bool QtScheduler::park(std::optional<sched::Duration> timeout) {
  return isMainThread() ? parkMain(timeout) : parkElsewhere(timeout);
}

// parkMain: runs nested event loops until an unpark or the deadline quits one. At the deadline
// it delivers what is already posted once more (so park(0) runs queued foreground work, as
// ThreadPoolScheduler::park(0) does) and returns.
bool QtScheduler::parkMain(std::optional<sched::Duration> timeout) {
  const sched::Instant deadline = deadlineAfter(now(), timeout.value_or(sched::Duration::zero()));
  const std::uint64_t wakesAtStart = wakes_;
  const auto woken = [this, wakesAtStart] {
    if (!unparked_ && wakes_ == wakesAtStart) return false;
    unparked_ = false;
    return true;
  };
  while (!woken()) {
    QEventLoop loop;
    QTimer expiry;
    if (timeout) {
      const sched::Instant t = now();
      if (t >= deadline) {
        QCoreApplication::sendPostedEvents();
        return woken();
      }
      expiry.setSingleShot(true);
      expiry.setTimerType(Qt::PreciseTimer);
      QObject::connect(&expiry, &QTimer::timeout, &loop, &QEventLoop::quit);
      expiry.start(qtWait(deadline - t));
    }
    parkLoops_.push_back(&loop);
    loop.exec();
    parkLoops_.pop_back();
  }
  return true;
}

// onUnparked: main thread, from the relay's event. Quits every park in progress: an outer one
// returns as soon as the nested ones above it have.
void QtScheduler::onUnparked() {
  unparked_ = true;
  ++wakes_;
  for (QEventLoop* loop : parkLoops_) loop->quit();
}

bool QtScheduler::parkElsewhere(std::optional<sched::Duration> timeout) {
  const std::shared_ptr<sched::Parker>& parker = currentThreadParker();
  if (tlPoolOwner != this) return parker->park(timeout);
  pool_->releaseThread();  // lets the pool run queued work (maybe what we wait for) meanwhile
  const bool woken = parker->park(timeout);
  pool_->reserveThread();
  return woken;
}

sched::Unparker QtScheduler::unparker() {
  return isMainThread() ? relay_->unparker() : sched::Unparker(currentThreadParker());
}

bool QtScheduler::isMainThread() const { return std::this_thread::get_id() == mainThread_; }

sched::Instant QtScheduler::now() const { return steadyNow(); }

}  // namespace tickscope::platform
