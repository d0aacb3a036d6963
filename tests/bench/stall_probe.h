#pragma once
// StallProbe: how long the UI thread's event loop went unserved, for the Qt probes. A
// zero-interval timer; the longest gap between two of its timeouts is the longest the event
// loop was busy with something else. UI thread only.
#include <algorithm>

#include <QElapsedTimer>
#include <QTimer>

namespace tickscope::bench {

class StallProbe {
 public:
  StallProbe() {
    QObject::connect(&timer_, &QTimer::timeout, [this] {
      const qint64 now = clock_.nsecsElapsed();
      if (last_ >= 0) worst_ = std::max(worst_, now - last_);
      last_ = now;
    });
    clock_.start();
  }
  // start: forgets what was measured and starts measuring.
  void start() {
    worst_ = 0;
    last_ = -1;
    timer_.start(0);
  }
  // stopMs: stops; the longest stall since start(), in ms.
  double stopMs() {
    timer_.stop();
    return static_cast<double>(worst_) / 1e6;
  }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = -1;
  qint64 worst_ = 0;
};

}  // namespace tickscope::bench
