#pragma once
// RunTimeHistogram: one action's run times as the Timeline pane shows them beside the
// timeline: min / median / p90 / max and a bar per equal-width bin (TimelineModel::runTimes).
// Meaningful in live mode, where costs are real; in virtual mode an action's costs are its
// file's costMs, so its bars sit in one bin.
#include <QWidget>

#include "timeline_model.h"

namespace tickscope::views {

class RunTimeHistogram final : public QWidget {
  Q_OBJECT
 public:
  explicit RunTimeHistogram(QWidget* parent = nullptr);

  // setRunTimes: the histogram of `name` (empty name: nothing selected).
  void setRunTimes(const QString& name, const TimelineModel::RunTimes& times);
  const TimelineModel::RunTimes& runTimes() const { return times_; }
  // summary: the text above the bars ("name: N runs, min .. max ...").
  QString summary() const;

  QSize sizeHint() const override { return {240, 200}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QString name_;
  TimelineModel::RunTimes times_;
};

}  // namespace tickscope::views
