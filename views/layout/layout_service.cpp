#include "layout/layout_service.h"

#include <atomic>
#include <exception>
#include <utility>

#include <QFutureWatcher>
#include <QMetaObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include "layout/graphviz_layouter.h"
#include "layout/layered_layouter.h"
#include "layout/layout_cache.h"

namespace tickscope::views::layout {

namespace {

constexpr std::string_view kLayered = "layered";
constexpr std::string_view kDot = "dot";

// GraphvizPool: the one thread Graphviz runs on, for the whole process (Graphviz has global
// state: one layout at a time, whichever service asked). Process-wide rather than the service's
// or the State's: a pool waits for its jobs when destroyed, so a service owning it would block
// on a running dot, and a State owning it could be released by its own job, on the pool's
// thread, which would wait for itself. Destroyed at process exit, after waiting for the running
// job (queued stale ones skip themselves). Graphviz recurses deeply (network simplex, its DFS):
// a large stack.
class GraphvizPool final : public QThreadPool {
 public:
  GraphvizPool() {
    setObjectName(QStringLiteral("tickscope-graphviz"));
    setMaxThreadCount(1);
    setStackSize(64u << 20);
  }
};
Q_GLOBAL_STATIC(GraphvizPool, graphvizPool)

// A job's result: the layout or null (cancelled, failed); `cached`: read from the cache.
struct JobResult {
  std::shared_ptr<const GraphLayout> layout;
  bool cached = false;
};

// fits: a cached layout can be shown for `graph` (a hash collision or an old file otherwise).
bool fits(const GraphLayout& layout, const LayoutGraph& graph) {
  return layout.nodes.size() == graph.nodes.size() &&
         (layout.edges.empty() || layout.edges.size() == graph.edges.size());
}

std::shared_ptr<const GraphLayout> fitting(std::shared_ptr<const GraphLayout> layout, const LayoutGraph& graph) {
  return layout && fits(*layout, graph) ? std::move(layout) : nullptr;
}

// layOutAndCache: a Layouter's layout of `graph`, kept in `cache` under `key` (0: not kept);
// null when cancelled or failed.
template <class Layouter>
JobResult layOutAndCache(LayoutCache& cache, const LayoutGraph& graph, std::uint64_t key, bool disk,
                         const std::atomic<bool>& cancelled) {
  std::optional<GraphLayout> layout = Layouter().layout(graph, cancelled);
  if (!layout) return {};
  auto shared = std::make_shared<const GraphLayout>(std::move(*layout));
  if (key != 0) cache.insert(key, shared, disk);
  return {std::move(shared), false};
}

// runJob: `job` on `pool`; `onResult` gets its result on `context`'s thread (a failed job's
// result is empty: the service goes on). Dropped with `context`.
template <class Job, class OnResult>
void runJob(QObject* context, QThreadPool* pool, Job job, OnResult onResult) {
  auto* watcher = new QFutureWatcher<JobResult>(context);
  QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, onResult] {
    const JobResult result = watcher->future().resultCount() > 0 ? watcher->result() : JobResult{};
    watcher->deleteLater();
    onResult(result);
  });
  watcher->setFuture(QtConcurrent::run(pool, [job = std::move(job)]() -> JobResult {
    try {
      return job();
    } catch (const std::exception&) {
      return {};
    }
  }));
}

}  // namespace

// State: what the jobs share with the service and may outlive it with.
struct LayoutService::State {
  LayoutCache cache;  // thread-safe
};

// Request: the UI thread's bookkeeping of the newest request.
struct LayoutService::Request {
  std::uint64_t generation = 0;
  std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
  bool layeredFinished = false;                 // the layered step delivered its layout or gave up
  bool done = false;                            // dot's layout was delivered: nothing more comes
  bool dotExpected = false;                     // a dot step was started
  bool dotFinished = false;                     // it ended (with a layout or none)
  std::shared_ptr<const GraphLayout> heldDot;   // dot's layout, waiting for the layered one
};

LayoutService::LayoutService(QObject* parent) : QObject(parent), state_(std::make_shared<State>()) {}

LayoutService::~LayoutService() {
  // Cancelled jobs stop at their next poll (layered) or after their end (dot), on their own
  // threads; their watchers die with this object, so nothing reaches it afterwards.
  cancel();
}

bool LayoutService::busy() const {
  return current_ && !current_->done &&
         (!current_->layeredFinished || (current_->dotExpected && !current_->dotFinished));
}

void LayoutService::cancel() {
  if (!current_) return;
  current_->cancelled->store(true);
  current_.reset();
}

std::uint64_t LayoutService::request(std::shared_ptr<const LayoutGraph> graph, std::uint64_t key) {
  cancel();
  current_ = std::make_shared<Request>();
  current_->generation = ++generation_;
  const std::uint64_t generation = generation_;
  if (!graph) return generation;
  const bool small = graph->nodes.size() <= dotThreshold_;

  // From memory (cheap: no disk on the UI thread), still delivered asynchronously.
  const auto later = [this, generation](bool fromDotStep, std::shared_ptr<const GraphLayout> layout) {
    QMetaObject::invokeMethod(
        this, [this, generation, fromDotStep, layout = std::move(layout)] { deliver(generation, fromDotStep, layout, true); },
        Qt::QueuedConnection);
  };
  if (key != 0) {
    if (auto dot = fitting(state_->cache.findInMemory(key, kDot), *graph)) {
      later(true, std::move(dot));  // dot's layout is the better one: alone
      return generation;
    }
    if (auto layered = fitting(state_->cache.findInMemory(key, kLayered), *graph)) {
      later(false, std::move(layered));
      if (small) startDot(graph, key);
      return generation;
    }
  }
  startLayered(graph, key);
  if (small) startDot(graph, key);
  return generation;
}

void LayoutService::startLayered(const std::shared_ptr<const LayoutGraph>& graph, std::uint64_t key) {
  const std::uint64_t generation = current_->generation;
  auto job = [state = state_, graph, key, disk = diskCache_, cancelled = current_->cancelled]() -> JobResult {
    if (cancelled->load()) return {};
    if (key != 0 && disk) {  // the files: a dot layout (alone), else a layered one
      if (auto dot = fitting(state->cache.find(key, kDot), *graph)) return {std::move(dot), true};
      if (auto layered = fitting(state->cache.find(key, kLayered), *graph)) return {std::move(layered), true};
    }
    return layOutAndCache<LayeredLayouter>(state->cache, *graph, key, disk, *cancelled);
  };
  runJob(this, QThreadPool::globalInstance(), std::move(job), [this, generation](const JobResult& result) {
    if (result.layout && result.layout->engine == kDot) {  // a dot file found by this step: alone
      deliver(generation, true, result.layout, true);
      deliver(generation, false, nullptr, true);
    } else {
      deliver(generation, false, result.layout, result.cached);
    }
  });
}

void LayoutService::startDot(const std::shared_ptr<const LayoutGraph>& graph, std::uint64_t key) {
  const std::uint64_t generation = current_->generation;
  current_->dotExpected = true;
  auto job = [state = state_, graph, key, disk = diskCache_, cancelled = current_->cancelled]() -> JobResult {
    if (cancelled->load()) return {};  // stale by the time its turn came: skipped
    if (key != 0) {
      if (auto dot = fitting(state->cache.find(key, kDot, disk), *graph)) return {std::move(dot), true};
    }
    return layOutAndCache<GraphvizLayouter>(state->cache, *graph, key, disk, *cancelled);
  };
  runJob(this, graphvizPool(), std::move(job), [this, generation](const JobResult& result) {
    deliver(generation, true, result.layout, result.cached);
  });
}

void LayoutService::deliver(std::uint64_t generation, bool fromDotStep, std::shared_ptr<const GraphLayout> layout,
                            bool cached) {
  // Only the newest request's layouts, layered before dot, nothing after dot's. A slot may call
  // request() from within layoutReady: `pending` keeps this one alive, current_ tells if it is
  // still the newest.
  const std::shared_ptr<Request> pending = current_;
  if (!pending || pending->generation != generation || pending->done) return;
  if (fromDotStep) {
    pending->dotFinished = true;
    if (!layout) return;  // dot failed or was cancelled: the layered layout stays
    if (!cached && !pending->layeredFinished) {
      pending->heldDot = std::move(layout);  // a tiny graph: dot was first; keep the order
      return;
    }
    pending->done = true;  // a cached dot layout comes alone; a computed one after the layered
    emit layoutReady(generation, std::move(layout));
    return;
  }
  pending->layeredFinished = true;
  if (layout) {
    emit layoutReady(generation, std::move(layout));
    if (current_ != pending) return;
  }
  if (pending->heldDot) {
    pending->done = true;
    emit layoutReady(generation, std::move(pending->heldDot));
  }
}

}  // namespace tickscope::views::layout
