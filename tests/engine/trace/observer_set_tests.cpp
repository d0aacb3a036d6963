// trace::ObserverSet: hands every event to each observer in it, in the order they were added;
// what a producer should hold (attachable) follows its size.
#include <QtTest/QtTest>

#include <string>
#include <vector>

#include "trace/observer_set.h"
#include "trace_test_classes.h"

using namespace tickscope;
using namespace tickscope::trace;

namespace {

// Logged: notes "name:kind" for every event into a shared log.
class Logged final : public Observer {
 public:
  Logged(std::vector<std::string>& log, std::string name) : log_(log), name_(std::move(name)) {}
  void onSchedEvent(const SchedEvent& e) override { log_.push_back(name_ + ":" + std::string(nameOf(e.kind))); }
  void onReactiveEvent(const ReactiveEvent& e) override { log_.push_back(name_ + ":" + std::string(nameOf(e.kind))); }
  void onSessionEvent(const SessionEvent& e) override { log_.push_back(name_ + ":" + std::string(nameOf(e.kind))); }

 private:
  std::vector<std::string>& log_;
  std::string name_;
};

void sendAll(Observer& o) {
  o.onSchedEvent(SchedEvent{.kind = SchedEventKind::TaskPicked});
  o.onReactiveEvent(ReactiveEvent{.kind = ReactiveEventKind::ActionStarted});
  o.onSessionEvent(SessionEvent{.kind = SessionEventKind::SessionOpened});
}

}  // namespace

void ObserverSetTests::attachableFollowsSize() {
  std::vector<std::string> log;
  Logged a(log, "a"), b(log, "b");
  ObserverSet set;
  QVERIFY(set.empty());
  QCOMPARE(set.size(), std::size_t(0));
  QVERIFY(set.attachable() == nullptr);  // nothing listens: producers hold null
  set.add(&a);
  QCOMPARE(set.size(), std::size_t(1));
  QVERIFY(set.attachable() == &a);  // one: itself, no extra call per event
  set.add(&a);                      // already in: nothing
  QCOMPARE(set.size(), std::size_t(1));
  set.add(&b);
  QCOMPARE(set.size(), std::size_t(2));
  QVERIFY(set.attachable() == &set);  // several: the set
  QVERIFY(set.remove(&a));
  QVERIFY(!set.remove(&a));  // not in the set any more
  QVERIFY(set.attachable() == &b);
  QVERIFY(set.remove(&b));
  QVERIFY(set.empty());
  QVERIFY(set.attachable() == nullptr);
  QVERIFY(log.empty());  // managing the set sends nothing
}

void ObserverSetTests::forwardsEveryEventInOrder() {
  std::vector<std::string> log;
  Logged a(log, "a"), b(log, "b"), c(log, "c");
  ObserverSet set;
  set.add(&b);
  set.add(&a);
  sendAll(set);
  const std::vector<std::string> twoOf{"b:task-picked",    "a:task-picked",    "b:action-started",
                                       "a:action-started", "b:session-opened", "a:session-opened"};
  QCOMPARE(log, twoOf);
  // Added later: from then on only; removed: nothing more.
  log.clear();
  set.add(&c);
  set.remove(&b);
  sendAll(set);
  QCOMPARE(log, (std::vector<std::string>{"a:task-picked", "c:task-picked", "a:action-started", "c:action-started",
                                          "a:session-opened", "c:session-opened"}));
  // An empty set forwards to nobody.
  log.clear();
  set.remove(&a);
  set.remove(&c);
  sendAll(set);
  QVERIFY(log.empty());
}
