#pragma once
// QCOMPARE failure messages for engine types.
#include <QtTest/QtTest>

#include <optional>
#include <string>

#include "sched/task_state.h"

namespace QTest {
template <>
inline char* toString(const tickscope::sched::TaskState& state) {
  return qstrdup(std::string(tickscope::sched::nameOf(state)).c_str());
}
template <>
inline char* toString(const std::optional<tickscope::sched::TaskState>& state) {
  return qstrdup(state ? std::string(tickscope::sched::nameOf(*state)).c_str() : "nullopt");
}
}  // namespace QTest
