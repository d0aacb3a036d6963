#pragma once
// ReportSource: a Report (report.h) read one row at a time, so the exporters can stream it.
// The graph runner is a source (graph::Runner::reportSource()): a cell's or an action's row
// is made from the live runtime as it is written, so a run of a million actions does not hold
// a second, string-heavy copy of every row (~150 B per action) next to the runtime and the
// document. ReportView reads a Report that is already built; toReport() builds one.
//
// Rows come by value (they are made on demand); the other sections are held by the source
// and stay valid while it lives and the data behind it does not change.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "trace/report.h"

namespace tickscope::trace {

// ReportSummary: the report's scalar head, everything before "cells".
struct ReportSummary {
  int version = 1;
  std::string graph;
  std::string mode;
  std::uint64_t seed = 0;
  double virtualTimeMs = 0;
  ReportStats stats;
};

class ReportSource {
 public:
  virtual ~ReportSource() = default;

  virtual ReportSummary summary() const = 0;
  // cellCount / cell: every cell in file order, then the cells only written (i < cellCount()).
  virtual std::size_t cellCount() const = 0;
  virtual NamedValue cell(std::size_t i) const = 0;
  // actionCount / action: every action, in file order (i < actionCount()).
  virtual std::size_t actionCount() const = 0;
  virtual ActionReport action(std::size_t i) const = 0;
  // effectRunCount / effectRun: every effect run, in run order (i < effectRunCount()).
  virtual std::size_t effectRunCount() const = 0;
  virtual EffectRunReport effectRun(std::size_t i) const = 0;
  virtual std::span<const CycleReport> cycles() const = 0;
  virtual std::span<const ReportError> errors() const = 0;
  virtual std::span<const SessionReport> sessions() const = 0;
};

// ReportView: a built Report as a source; the report must outlive the view.
class ReportView final : public ReportSource {
 public:
  explicit ReportView(const Report& report) : report_(report) {}

  ReportSummary summary() const override;
  std::size_t cellCount() const override { return report_.cells.size(); }
  NamedValue cell(std::size_t i) const override { return report_.cells[i]; }
  std::size_t actionCount() const override { return report_.actions.size(); }
  ActionReport action(std::size_t i) const override { return report_.actions[i]; }
  std::size_t effectRunCount() const override { return report_.effectRuns.size(); }
  EffectRunReport effectRun(std::size_t i) const override { return report_.effectRuns[i]; }
  std::span<const CycleReport> cycles() const override { return report_.cycles; }
  std::span<const ReportError> errors() const override { return report_.errors; }
  std::span<const SessionReport> sessions() const override { return report_.sessions; }

 private:
  const Report& report_;
};

// toReport: every row and section of `source`, copied into a Report.
Report toReport(const ReportSource& source);

}  // namespace tickscope::trace
