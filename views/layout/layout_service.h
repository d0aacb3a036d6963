#pragma once
// LayoutService: lays graphs out in the background for the Graph pane, never on the UI thread.
// request(graph, key) starts a layout and returns its generation; layoutReady(generation, ...)
// brings the result back on the UI thread. For a graph of up to `dotThreshold` nodes it first
// delivers our LayeredLayouter's layout (a picture at once), then Graphviz dot's when it is ready
// (the better one for small graphs), each with its own layoutReady; bigger graphs get only the
// layered one. A newer request makes every older one stale: a stale layout is cancelled (the
// layouter's cancel flag; Graphviz, which cannot be interrupted, runs to its end on its own
// single thread and is dropped) and never delivered, and nobody waits for it. Graphviz runs one
// layout at a time (it has global state and changes the process locale), on a thread of its
// own, with LC_NUMERIC forced to "C" around it. Layouts are cached by `key` (the graph
// structure's hash) in memory and on disk under the user's cache folder
// (QStandardPaths::CacheLocation/layouts), so reopening a file shows its layout at once; a
// cached dot layout is delivered alone.
#include <cstdint>
#include <memory>

#include <QObject>

#include "layout/layout_graph.h"

namespace tickscope::views::layout {

class LayoutService final : public QObject {
  Q_OBJECT
 public:
  explicit LayoutService(QObject* parent = nullptr);
  // ~LayoutService: cancels what runs; returns without waiting for Graphviz (its thread ends on
  // its own; at process exit it is waited for).
  ~LayoutService() override;

  // request: lays `graph` out (see above). `key` identifies the graph's structure (0: do not cache).
  std::uint64_t request(std::shared_ptr<const LayoutGraph> graph, std::uint64_t key);
  // cancel: makes every request stale.
  void cancel();
  std::uint64_t generation() const { return generation_; }
  // busy: the newest request has a layout still to come (the layered one, or dot's).
  bool busy() const;

  void setDotThreshold(std::size_t nodes) { dotThreshold_ = nodes; }
  std::size_t dotThreshold() const { return dotThreshold_; }
  // setDiskCacheEnabled: off (tests), layouts are cached in memory only.
  void setDiskCacheEnabled(bool on) { diskCache_ = on; }

 signals:
  // layoutReady: a layout of request `generation` (only the newest generation is delivered).
  void layoutReady(quint64 generation, std::shared_ptr<const tickscope::views::layout::GraphLayout> layout);

 private:
  struct State;
  struct Request;
  // deliver: on the UI thread, a layout for request `generation` from the layered step (a job
  // or the memory cache: `fromDotStep` false) or the dot step; `cached`: it was not computed
  // for this request. Emits layoutReady in the order of the header comment, or drops it.
  void deliver(std::uint64_t generation, bool fromDotStep, std::shared_ptr<const GraphLayout> layout, bool cached);
  void startLayered(const std::shared_ptr<const LayoutGraph>& graph, std::uint64_t key);
  void startDot(const std::shared_ptr<const LayoutGraph>& graph, std::uint64_t key);

  std::shared_ptr<State> state_;      // shared with the jobs: they never touch the service
  std::shared_ptr<Request> current_;  // the newest request (UI thread only), until cancelled
  std::uint64_t generation_ = 0;
  std::size_t dotThreshold_ = 2000;
  bool diskCache_ = true;
};

}  // namespace tickscope::views::layout
