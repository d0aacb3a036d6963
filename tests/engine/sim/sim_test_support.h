#pragma once
// Small helpers shared by the engine/sim tests.
#include <QtTest/QtTest>

#include <memory>
#include <string>
#include <vector>

#include "sched/scheduler.h"

namespace tickscope::testing {

// borrow: a non-owning shared_ptr to a scheduler that lives elsewhere (manyQt's TestScheduler
// is on the stack); the context must not outlive it.
inline std::shared_ptr<sched::Scheduler> borrow(sched::Scheduler& scheduler) {
  return std::shared_ptr<sched::Scheduler>(std::shared_ptr<void>(), &scheduler);
}

inline QString q(const std::string& s) { return QString::fromStdString(s); }

inline QStringList q(const std::vector<std::string>& v) {
  QStringList out;
  for (const std::string& s : v) out << QString::fromStdString(s);
  return out;
}

inline double ms(sched::Instant t) { return sched::toMs(t); }

// siteText: how the context prints a spawn site in messages.
inline std::string siteText(const std::source_location& site) {
  return std::string(site.file_name()) + ":" + std::to_string(site.line());
}

}  // namespace tickscope::testing
