#pragma once
// manyQt(n, f): sched::many for QtTest — a failed QVERIFY/QCOMPARE inside f stops the loop
// and prints the failing seed. Use QVERIFY inside f as usual (f returns void).
#include <QtTest/QtTest>

#include "sched/many.h"

namespace tickscope::testing {

inline void manyQt(std::size_t n, const std::function<void(sched::TestScheduler&)>& f,
                   sched::ManyOptions options = {}) {
  options.failed = [] { return QTest::currentTestFailed(); };
  sched::many(n, f, std::move(options));
}

}  // namespace tickscope::testing
