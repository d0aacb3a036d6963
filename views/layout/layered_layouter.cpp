#include "layout/layered_layouter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace tickscope::views::layout {

namespace {

// Every phase is linear or n log n in nodes + edges; no dummy nodes, so long edges cost one
// entry each in every array below (their routes are the only thing that grows with span).

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Work units (nodes or edges visited) between two looks at the cancel flag: a few thousand,
// so a cancelled layout stops within well under a millisecond.
constexpr std::size_t kPollEvery = 4096;
// Coordinate passes (each one down and one up the layers) pulling boxes toward their neighbours.
constexpr int kPullPasses = 4;
// Weight of a node without neighbours in the pull: it keeps its place unless pushed aside.
constexpr double kLonelyWeight = 1e-3;
// An edge crossing more layers than this is drawn straight between its bands: the routing
// work and points stay proportional to the edges (a chain of 100,000 with an edge from its
// head to every node would otherwise cost billions of layer visits).
constexpr std::uint32_t kMaxRoutedLayers = 32;

struct Cancelled {};  // thrown by Poll, caught in layout(): unwinds every phase at once

class Poll {
 public:
  explicit Poll(const std::atomic<bool>& flag) : flag_(flag) {}
  void operator()(std::size_t units = 1) {
    work_ += units;
    if (work_ < kPollEvery) return;
    work_ = 0;
    now();
  }
  void now() const {
    if (flag_.load(std::memory_order_relaxed)) throw Cancelled{};
  }

 private:
  const std::atomic<bool>& flag_;
  std::size_t work_ = 0;
};

// Csr: per node, a run of uint32 values (neighbours or edge indices), in insertion order per node.
struct Csr {
  std::vector<std::uint32_t> start;  // n + 1
  std::vector<std::uint32_t> items;
  std::span<const std::uint32_t> of(std::uint32_t v) const { return {items.data() + start[v], items.data() + start[v + 1]}; }
};

// buildCsr: items grouped by key[i] (stable: in order of i), each item being value(i).
template <typename Key, typename Value>
Csr buildCsr(std::size_t n, std::size_t count, Key key, Value value) {
  Csr csr;
  csr.start.assign(n + 1, 0);
  for (std::size_t i = 0; i < count; ++i) {
    if (const std::uint32_t k = key(i); k != kNone) ++csr.start[k + 1];
  }
  for (std::size_t v = 0; v < n; ++v) csr.start[v + 1] += csr.start[v];
  csr.items.resize(csr.start[n]);
  std::vector<std::uint32_t> fill(csr.start.begin(), csr.start.end() - 1);
  for (std::size_t i = 0; i < count; ++i) {
    if (const std::uint32_t k = key(i); k != kNone) csr.items[fill[k]++] = value(i);
  }
  return csr;
}

// The graph as the layers see it: every usable edge pointing down (back edges reversed).
struct Dag {
  std::size_t n = 0;
  std::vector<std::uint32_t> from, to;  // per graph edge, effective direction; kNone: ignored
  std::vector<std::uint8_t> reversed;   // per graph edge: a back edge, routed upward
  Csr down, up;                         // per node: effective successors / predecessors
};

// breakCycles: a depth-first search from the sources (then from any node left, in index
// order) following out-edges in edge order; its back edges are reversed. Self-loops and edges
// naming a node that does not exist are ignored. Returns the DFS finish order.
std::vector<std::uint32_t> breakCycles(const LayoutGraph& graph, Dag& dag, Poll& poll) {
  const std::size_t n = graph.nodes.size();
  const std::size_t m = graph.edges.size();
  dag.n = n;
  dag.from.assign(m, kNone);
  dag.to.assign(m, kNone);
  dag.reversed.assign(m, 0);
  auto usable = [&](std::size_t k) {
    const LayoutEdge& e = graph.edges[k];
    return e.from != e.to && e.from < n && e.to < n;
  };
  const Csr out = buildCsr(n, m, [&](std::size_t k) { return usable(k) ? graph.edges[k].from : kNone; },
                           [](std::size_t k) { return static_cast<std::uint32_t>(k); });
  std::vector<std::uint8_t> hasIn(n, 0);
  for (std::size_t k = 0; k < m; ++k) {
    if (usable(k)) hasIn[graph.edges[k].to] = 1;
  }

  enum : std::uint8_t { White, Grey, Black };
  std::vector<std::uint8_t> colour(n, White);
  std::vector<std::uint32_t> finish;
  finish.reserve(n);
  struct Frame {
    std::uint32_t node;
    std::uint32_t next;  // index into out.items
  };
  std::vector<Frame> stack;
  auto visit = [&](std::uint32_t root) {
    colour[root] = Grey;
    stack.push_back({root, out.start[root]});
    while (!stack.empty()) {
      poll();
      Frame& f = stack.back();
      if (f.next == out.start[f.node + 1]) {
        colour[f.node] = Black;
        finish.push_back(f.node);
        stack.pop_back();
        continue;
      }
      const std::uint32_t k = out.items[f.next++];
      const std::uint32_t u = graph.edges[k].from;
      const std::uint32_t v = graph.edges[k].to;
      if (colour[v] == Grey) {
        dag.from[k] = v;
        dag.to[k] = u;
        dag.reversed[k] = 1;
        continue;
      }
      dag.from[k] = u;
      dag.to[k] = v;
      if (colour[v] == White) {
        colour[v] = Grey;
        stack.push_back({v, out.start[v]});  // invalidates f: not used again this round
      }
    }
  };
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!hasIn[v] && colour[v] == White) visit(v);
  }
  for (std::uint32_t v = 0; v < n; ++v) {
    if (colour[v] == White) visit(v);
  }
  dag.down = buildCsr(n, m, [&](std::size_t k) { return dag.from[k]; }, [&](std::size_t k) { return dag.to[k]; });
  dag.up = buildCsr(n, m, [&](std::size_t k) { return dag.to[k]; }, [&](std::size_t k) { return dag.from[k]; });
  return finish;
}

// Layers: the nodes of each layer in their current left-to-right order.
struct Layers {
  std::vector<std::uint32_t> layer;  // per node
  std::vector<std::uint32_t> start;  // per layer + 1: its run in `order`
  std::vector<std::uint32_t> order;  // nodes, layer by layer
  std::vector<std::uint32_t> pos;    // per node: its index within its layer
  std::size_t count() const { return start.empty() ? 0 : start.size() - 1; }
  std::uint32_t size(std::size_t l) const { return start[l + 1] - start[l]; }
  std::span<std::uint32_t> of(std::size_t l) { return {order.data() + start[l], order.data() + start[l + 1]}; }
};

// assignLayers: longest path from the sources, walking the reverse DFS finish order (a
// topological order of the DAG with back edges reversed). Each layer starts in index order.
Layers assignLayers(const Dag& dag, const std::vector<std::uint32_t>& finish, Poll& poll) {
  Layers ls;
  ls.layer.assign(dag.n, 0);
  std::uint32_t deepest = 0;
  for (auto it = finish.rbegin(); it != finish.rend(); ++it) {
    const std::uint32_t u = *it;
    const auto succ = dag.down.of(u);
    poll(1 + succ.size());
    for (std::uint32_t w : succ) ls.layer[w] = std::max(ls.layer[w], ls.layer[u] + 1);
  }
  for (std::uint32_t l : ls.layer) deepest = std::max(deepest, l);
  const std::size_t layers = dag.n == 0 ? 0 : std::size_t(deepest) + 1;
  Csr byLayer = buildCsr(layers, dag.n, [&](std::size_t v) { return ls.layer[v]; },
                         [](std::size_t v) { return static_cast<std::uint32_t>(v); });
  ls.start = std::move(byLayer.start);
  ls.order = std::move(byLayer.items);
  ls.pos.assign(dag.n, 0);
  for (std::size_t l = 0; l < layers; ++l) {
    const auto nodes = ls.of(l);
    for (std::uint32_t i = 0; i < nodes.size(); ++i) ls.pos[nodes[i]] = i;
  }
  return ls;
}

// countCrossings: crossings among the edges joining adjacent layers (long edges left out), by
// Barth, Jünger and Mutzel's accumulation: per layer pair, edges sorted by upper then lower
// position; the crossings are the inversions of the lower positions (a Fenwick tree).
std::uint64_t countCrossings(const Dag& dag, Layers& ls, Poll& poll) {
  std::uint64_t crossings = 0;
  std::vector<std::uint32_t> lower;
  std::vector<std::uint32_t> tree;
  for (std::size_t l = 0; l + 1 < ls.count(); ++l) {
    lower.clear();
    for (std::uint32_t u : ls.of(l)) {
      const std::size_t first = lower.size();
      for (std::uint32_t w : dag.down.of(u)) {
        if (ls.layer[w] == l + 1) lower.push_back(ls.pos[w]);
      }
      std::sort(lower.begin() + static_cast<std::ptrdiff_t>(first), lower.end());
    }
    poll(ls.size(l) + lower.size());
    const std::uint32_t width = ls.size(l + 1);
    tree.assign(width + 1, 0);
    std::uint64_t inserted = 0;
    for (std::uint32_t p : lower) {
      std::uint64_t notAfter = 0;  // inserted so far with position <= p
      for (std::uint32_t i = p + 1; i > 0; i -= i & (~i + 1)) notAfter += tree[i];
      crossings += inserted - notAfter;
      for (std::uint32_t i = p + 1; i <= width; i += i & (~i + 1)) ++tree[i];
      ++inserted;
    }
  }
  return crossings;
}

// Sweeper: barycenter ordering. A node's key is the mean position of its neighbours in the
// layers already placed in this sweep (above it going down, below going up), positions being
// normalized to (0, 1) per layer so a long edge's far endpoint counts in its own layer's
// scale: long edges steer the order without one dummy node per crossed layer.
class Sweeper {
 public:
  Sweeper(const Dag& dag, Layers& ls, Poll& poll) : dag_(dag), ls_(ls), poll_(poll), rel_(dag.n) {
    for (std::size_t l = 0; l < ls_.count(); ++l) normalize(l);
  }

  void down() {
    for (std::size_t l = 1; l < ls_.count(); ++l) sortLayer(l, dag_.up);
  }
  void up() {
    for (std::size_t l = ls_.count(); l-- > 1;) sortLayer(l - 1, dag_.down);
  }

 private:
  void normalize(std::size_t l) {
    const auto nodes = ls_.of(l);
    const double size = static_cast<double>(nodes.size());
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
      ls_.pos[nodes[i]] = i;
      rel_[nodes[i]] = (i + 0.5) / size;
    }
  }

  void sortLayer(std::size_t l, const Csr& toward) {
    const auto nodes = ls_.of(l);
    keys_.clear();
    std::size_t work = nodes.size();
    for (std::uint32_t v : nodes) {
      const auto nbrs = toward.of(v);
      work += nbrs.size();
      double key = rel_[v];  // no neighbour that way: it stays where it is
      if (!nbrs.empty()) {
        double sum = 0;
        for (std::uint32_t u : nbrs) sum += rel_[u];
        key = sum / static_cast<double>(nbrs.size());
      }
      keys_.push_back({key, ls_.pos[v], v});
    }
    poll_(work);
    // Ties keep the current order: a total order, so the result never depends on the sort.
    std::sort(keys_.begin(), keys_.end(), [](const Key& a, const Key& b) {
      return a.key != b.key ? a.key < b.key : a.pos < b.pos;
    });
    for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i] = keys_[i].node;
    normalize(l);
  }

  struct Key {
    double key;
    std::uint32_t pos;
    std::uint32_t node;
  };
  const Dag& dag_;
  Layers& ls_;
  Poll& poll_;
  std::vector<double> rel_;  // per node: (pos + 0.5) / layer size
  std::vector<Key> keys_;
};

// orderLayers: `sweeps` barycenter sweeps (down, then up), keeping the order with the fewest
// crossings seen (the initial one included).
void orderLayers(const Dag& dag, Layers& ls, int sweeps, Poll& poll) {
  if (sweeps <= 0 || ls.count() < 2) return;
  Sweeper sweeper(dag, ls, poll);
  std::uint64_t best = countCrossings(dag, ls, poll);
  std::vector<std::uint32_t> bestOrder = ls.order;
  auto keepIfBetter = [&] {
    const std::uint64_t c = countCrossings(dag, ls, poll);
    if (c < best) {
      best = c;
      bestOrder = ls.order;
    }
    return c;
  };
  for (int s = 0; s < sweeps && best > 0; ++s) {
    sweeper.down();
    keepIfBetter();
    sweeper.up();
    keepIfBetter();
  }
  if (bestOrder != ls.order) {
    ls.order = std::move(bestOrder);
    for (std::size_t l = 0; l < ls.count(); ++l) {
      const auto nodes = ls.of(l);
      for (std::uint32_t i = 0; i < nodes.size(); ++i) ls.pos[nodes[i]] = i;
    }
  }
}

// placeLayer: x for the nodes of one layer (in order) as close as possible, in least squares
// weighted by `weight`, to `desired` while keeping each pair of neighbours `gap` apart
// between their boxes. With offsets o_i (the packed positions) and y_i = x_i - o_i the
// constraints become y_i <= y_{i+1}: isotonic regression, solved exactly in linear time by
// pooling adjacent violators.
class LayerPlacer {
 public:
  void place(std::span<const std::uint32_t> nodes, const LayoutGraph& graph, double gap,
             std::span<const double> desired, std::span<const double> weight, std::vector<double>& x) {
    const std::size_t k = nodes.size();
    offset_.resize(k);
    blocks_.clear();
    double o = 0;
    for (std::size_t i = 0; i < k; ++i) {
      if (i > 0) o += (graph.nodes[nodes[i - 1]].width + graph.nodes[nodes[i]].width) / 2 + gap;
      offset_[i] = o;
      Block b{weight[i], weight[i] * (desired[i] - o), 1};
      // Merge while the new block would sit left of the one before it.
      while (!blocks_.empty() && blocks_.back().sum * b.weight >= b.sum * blocks_.back().weight) {
        const Block& p = blocks_.back();
        b = {p.weight + b.weight, p.sum + b.sum, p.count + b.count};
        blocks_.pop_back();
      }
      blocks_.push_back(b);
    }
    std::size_t i = 0;
    for (const Block& b : blocks_) {
      const double y = b.sum / b.weight;
      for (std::uint32_t c = 0; c < b.count; ++c, ++i) x[nodes[i]] = y + offset_[i];
    }
  }

 private:
  struct Block {
    double weight;
    double sum;  // of weight * target
    std::uint32_t count;
  };
  std::vector<double> offset_;
  std::vector<Block> blocks_;
};

// placeX: boxes packed left to right in each layer, each layer centred on x = 0; then passes
// down and up pulling every box toward the mean x of its neighbours (all its edges, long ones
// included) without overlapping: block coordinate descent on the sum of squared horizontal
// edge lengths, so every pass can only straighten the drawing.
std::vector<double> placeX(const LayoutGraph& graph, const Dag& dag, Layers& ls, double gap, Poll& poll) {
  std::vector<double> x(dag.n, 0);
  for (std::size_t l = 0; l < ls.count(); ++l) {
    const auto nodes = ls.of(l);
    double cursor = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const double w = graph.nodes[nodes[i]].width;
      if (i > 0) cursor += gap;
      x[nodes[i]] = cursor + w / 2;
      cursor += w;
    }
    for (std::uint32_t v : nodes) x[v] -= cursor / 2;
    poll(nodes.size());
  }
  LayerPlacer placer;
  std::vector<double> desired, weight;
  auto pull = [&](std::size_t l) {
    const auto nodes = ls.of(l);
    desired.resize(nodes.size());
    weight.resize(nodes.size());
    std::size_t work = nodes.size();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const std::uint32_t v = nodes[i];
      const auto above = dag.up.of(v);
      const auto below = dag.down.of(v);
      const std::size_t degree = above.size() + below.size();
      work += degree;
      if (degree == 0) {
        desired[i] = x[v];
        weight[i] = kLonelyWeight;
        continue;
      }
      double sum = 0;
      for (std::uint32_t u : above) sum += x[u];
      for (std::uint32_t u : below) sum += x[u];
      desired[i] = sum / static_cast<double>(degree);
      weight[i] = static_cast<double>(degree);
    }
    poll(work);
    placer.place(nodes, graph, gap, desired, weight, x);
  };
  for (int p = 0; p < kPullPasses; ++p) {
    for (std::size_t l = 0; l < ls.count(); ++l) pull(l);
    for (std::size_t l = ls.count(); l-- > 0;) pull(l);
  }
  // The leftmost box starts at x = 0.
  double left = std::numeric_limits<double>::infinity();
  for (std::size_t v = 0; v < dag.n; ++v) left = std::min(left, x[v] - graph.nodes[v].width / 2);
  if (dag.n > 0) {
    for (double& v : x) v -= left;
  }
  return x;
}

// Router: edge polylines. Within a layer's band a route only runs vertically through a free
// column (never through a box of that layer); between bands it runs straight, where there
// are no boxes. Points on one straight line are merged, so a long edge that meets no box is
// a single segment. Edges crossing more than kMaxRoutedLayers layers run straight from band
// to band (they may then cross boxes).
class Router {
 public:
  Router(const LayoutGraph& graph, Layers& ls, const std::vector<double>& x, const std::vector<double>& bandTop,
         const std::vector<double>& bandBottom, double gap)
      : graph_(graph), ls_(ls), x_(x), top_(bandTop), bottom_(bandBottom), gap_(gap) {
    left_.resize(ls.order.size());
    right_.resize(ls.order.size());
    for (std::size_t i = 0; i < ls.order.size(); ++i) {
      const std::uint32_t v = ls.order[i];
      left_[i] = x[v] - graph.nodes[v].width / 2;
      right_[i] = x[v] + graph.nodes[v].width / 2;
    }
  }

  // Down from the bottom centre of `from` to the top centre of `to` (layer below).
  void forward(std::uint32_t from, std::uint32_t to, std::vector<Point>& out) {
    points_.clear();
    const Point start{x_[from], centreY(from) + graph_.nodes[from].height / 2};
    const Point end{x_[to], centreY(to) - graph_.nodes[to].height / 2};
    add(start);
    if (ls_.layer[to] - ls_.layer[from] - 1 <= kMaxRoutedLayers) {
      for (std::uint32_t l = ls_.layer[from] + 1; l < ls_.layer[to]; ++l) cross(l, start, end, top_[l], bottom_[l]);
    }
    add(end);
    out.assign(points_.begin(), points_.end());
  }

  // Up (a reversed back edge): out of the right side of `from`, up through the gap to its
  // right, the layers between, and into the right side of `to` (a layer above).
  void backward(std::uint32_t from, std::uint32_t to, std::vector<Point>& out) {
    points_.clear();
    const std::uint32_t lf = ls_.layer[from];
    const std::uint32_t lt = ls_.layer[to];
    const double gf = rightGap(from);
    const double gt = rightGap(to);
    add({x_[from] + graph_.nodes[from].width / 2, centreY(from)});
    add({gf, centreY(from)});
    const Point start{gf, top_[lf]};
    const Point end{gt, bottom_[lt]};
    add(start);
    if (lf - lt - 1 <= kMaxRoutedLayers) {
      for (std::uint32_t l = lf - 1; l > lt; --l) cross(l, start, end, bottom_[l], top_[l]);
    }
    add(end);
    add({gt, centreY(to)});
    add({x_[to] + graph_.nodes[to].width / 2, centreY(to)});
    out.assign(points_.begin(), points_.end());
  }

  // A self-loop: a small loop in the gap right of the box.
  void loop(std::uint32_t v, std::vector<Point>& out) {
    const double r = x_[v] + graph_.nodes[v].width / 2;
    const double g = rightGap(v);
    const double y = centreY(v);
    const double h = graph_.nodes[v].height / 4;
    out = {{r, y - h}, {g, y - h}, {g, y + h}, {r, y + h}};
  }

 private:
  double centreY(std::uint32_t v) const {
    const std::uint32_t l = ls_.layer[v];
    return (top_[l] + bottom_[l]) / 2;
  }

  // rightGap: the middle of the free column right of node v's box.
  double rightGap(std::uint32_t v) const {
    const std::uint32_t l = ls_.layer[v];
    const std::size_t i = ls_.start[l] + ls_.pos[v];
    return i + 1 < ls_.start[l + 1] ? (right_[i] + left_[i + 1]) / 2 : right_[i] + gap_ / 2;
  }

  // cross: the route passes layer l's band, entering at y `in` and leaving at `out`: on the
  // straight line from `a` to `b` when that misses every box of the layer, else vertically
  // through the free column nearest to it.
  void cross(std::uint32_t l, Point a, Point b, double in, double out) {
    const auto at = [&](double y) { return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y); };
    const double xin = at(in);
    const double xout = at(out);
    const double clearance = gap_ / 4;
    const double lo = std::min(xin, xout) - clearance;
    const double hi = std::max(xin, xout) + clearance;
    // Boxes [hitBegin, hitEnd) of the layer overlap [lo, hi]: lefts and rights are both sorted.
    const std::size_t begin = ls_.start[l];
    const std::size_t end = ls_.start[l + 1];
    const std::size_t hitBegin = firstIndex(right_, begin, end, [&](double r) { return r < lo; });
    const std::size_t hitEnd = firstIndex(left_, begin, end, [&](double left) { return left <= hi; });
    if (hitBegin >= hitEnd) {
      add({xin, in});
      add({xout, out});
      return;
    }
    const double mid = (xin + xout) / 2;
    const double leftColumn = hitBegin > begin ? (right_[hitBegin - 1] + left_[hitBegin]) / 2 : left_[hitBegin] - gap_ / 2;
    const double rightColumn =
        hitEnd < end ? (right_[hitEnd - 1] + left_[hitEnd]) / 2 : right_[hitEnd - 1] + gap_ / 2;
    const double column = mid - leftColumn <= rightColumn - mid ? leftColumn : rightColumn;
    add({column, in});
    add({column, out});
  }

  // firstIndex: the first index in [begin, end) of `values` where `before` stops holding.
  template <typename Pred>
  static std::size_t firstIndex(const std::vector<double>& values, std::size_t begin, std::size_t end, Pred before) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto it = std::partition_point(first, values.begin() + static_cast<std::ptrdiff_t>(end), before);
    return begin + static_cast<std::size_t>(it - first);
  }

  // add: appends p, dropping the last point when it lies on the segment from the one before it to p.
  void add(Point p) {
    const std::size_t k = points_.size();
    if (k >= 1 && points_[k - 1] == p) return;
    if (k >= 2) {
      const Point a = points_[k - 2];
      const Point b = points_[k - 1];
      const double cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
      const double scale = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y);
      const bool between = (b.y - a.y) * (p.y - b.y) >= 0 && (b.x - a.x) * (p.x - b.x) >= 0;
      if (between && std::abs(cross) <= 1e-9 * scale) points_.pop_back();
    }
    points_.push_back(p);
  }

  const LayoutGraph& graph_;
  Layers& ls_;
  const std::vector<double>& x_;
  const std::vector<double>& top_;
  const std::vector<double>& bottom_;
  double gap_;
  std::vector<double> left_, right_;  // per slot of ls.order: the box's edges (sorted per layer)
  std::vector<Point> points_;
};

void include(Rect& r, bool& empty, double x0, double y0, double x1, double y1) {
  if (empty) {
    r = {x0, y0, x1 - x0, y1 - y0};
    empty = false;
    return;
  }
  const double left = std::min(r.x, x0);
  const double top = std::min(r.y, y0);
  const double right = std::max(r.x + r.width, x1);
  const double bottom = std::max(r.y + r.height, y1);
  r = {left, top, right - left, bottom - top};
}

GraphLayout run(const LayoutGraph& graph, const LayeredLayouter::Options& options, Poll& poll) {
  const std::size_t n = graph.nodes.size();
  GraphLayout result;
  result.engine = "layered";
  Dag dag;
  const std::vector<std::uint32_t> finish = breakCycles(graph, dag, poll);
  Layers ls = assignLayers(dag, finish, poll);
  orderLayers(dag, ls, options.sweeps, poll);
  std::vector<double> x = placeX(graph, dag, ls, options.nodeGap, poll);

  // Bands: a layer is as tall as its tallest box; boxes are centred in it.
  std::vector<double> bandTop(ls.count()), bandBottom(ls.count());
  double y = 0;
  for (std::size_t l = 0; l < ls.count(); ++l) {
    double height = 0;
    for (std::uint32_t v : ls.of(l)) height = std::max(height, graph.nodes[v].height);
    if (l > 0) y += options.layerGap;
    bandTop[l] = y;
    y += height;
    bandBottom[l] = y;
  }
  poll(n);

  result.nodes.resize(n);
  result.layers = ls.layer;
  Rect bounds;
  bool empty = true;
  for (std::size_t v = 0; v < n; ++v) {
    const std::uint32_t l = ls.layer[v];
    result.nodes[v] = {x[v], (bandTop[l] + bandBottom[l]) / 2};
    const LayoutNode& box = graph.nodes[v];
    include(bounds, empty, x[v] - box.width / 2, result.nodes[v].y - box.height / 2, x[v] + box.width / 2,
            result.nodes[v].y + box.height / 2);
  }
  poll(n);

  Router router(graph, ls, x, bandTop, bandBottom, options.nodeGap);
  result.edges.resize(graph.edges.size());
  for (std::size_t k = 0; k < graph.edges.size(); ++k) {
    const LayoutEdge& e = graph.edges[k];
    std::vector<Point>& points = result.edges[k].points;
    if (e.from == e.to && e.from < n) {
      router.loop(e.from, points);
    } else if (dag.from[k] == kNone) {
      continue;  // names a node that does not exist
    } else if (dag.reversed[k]) {
      router.backward(e.from, e.to, points);
    } else {
      router.forward(e.from, e.to, points);
    }
    poll(1 + points.size() + (dag.from[k] == kNone ? 0 : std::min(ls.layer[dag.to[k]] - ls.layer[dag.from[k]], kMaxRoutedLayers)));
    for (const Point& p : points) include(bounds, empty, p.x, p.y, p.x, p.y);
  }
  result.bounds = bounds;
  return result;
}

}  // namespace

std::optional<GraphLayout> LayeredLayouter::layout(const LayoutGraph& graph, const std::atomic<bool>& cancelled) {
  Poll poll(cancelled);
  try {
    poll.now();
    GraphLayout result = run(graph, options_, poll);
    poll.now();
    return result;
  } catch (const Cancelled&) {
    return std::nullopt;
  }
}

}  // namespace tickscope::views::layout
