// GraphvizLayouter and its backend: the only file that includes Graphviz (gvc.h, cgraph.h).
#include "layout/graphviz_layouter.h"

#include <gvc.h>
#include <cgraph.h>

#include <algorithm>
#include <charconv>
#include <clocale>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "layout/graphviz_layouter_p.h"

namespace tickscope::views::layout {

namespace {

// Graphviz works in points (1/72 inch) for coordinates but takes node sizes and gaps in inches.
constexpr double kPointsPerInch = 72.0;

// --- gv: cgraph's C API wrapped once ---------------------------------------------------------
// cgraph takes char* everywhere but never writes through it (it copies what it keeps), so these
// helpers hand it a mutable copy instead of casting const away at every call. Numbers are
// formatted with std::to_chars, which ignores the locale (printf would write "0,5" under a
// German LC_NUMERIC and Graphviz would read 0).
namespace gv {

class Str {
 public:
  explicit Str(std::string_view text) : text_(text) {}
  operator char*() { return text_.data(); }  // NOLINT: implicit on purpose, for cgraph's calls

 private:
  std::string text_;
};

std::string number(double value) {
  if (!std::isfinite(value) || value < 0) value = 0;
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 4);
  return error == std::errc() ? std::string(buffer, end) : std::string("0");
}

std::string name(char prefix, std::size_t index) {
  char buffer[32];
  buffer[0] = prefix;
  const auto [end, error] = std::to_chars(buffer + 1, buffer + sizeof buffer, index);
  return std::string(buffer, error == std::errc() ? end : buffer + 1);
}

// set: one attribute of a graph, node or edge (created with an empty default when new).
void set(void* object, std::string_view attribute, std::string_view value) {
  Str a(attribute), v(value), empty("");
  agsafeset(object, a, v, empty);
}

void setNumber(void* object, std::string_view attribute, double value) { set(object, attribute, number(value)); }

// setDefault: an attribute's value for every node (AGNODE) or edge (AGEDGE) of `graph`.
void setDefault(Agraph_t* graph, int kind, std::string_view attribute, std::string_view value) {
  Str a(attribute), v(value);
  agattr(graph, kind, a, v);
}

Agraph_t* openDirected(std::string_view graphName) {
  Str n(graphName);
  return agopen(n, Agdirected, nullptr);
}

Agnode_t* node(Agraph_t* graph, std::size_t index) {
  Str n(name('n', index));
  return agnode(graph, n, 1);
}

// edge: a new edge; its key ("e" + our index) keeps parallel edges apart (cgraph would return
// the existing edge for a second unnamed one in some graphs) and names it in Graphviz's messages.
Agedge_t* edge(Agraph_t* graph, Agnode_t* from, Agnode_t* to, std::size_t index) {
  Str n(name('e', index));
  return agedge(graph, from, to, n, 1);
}

// Layout: a graph laid out by a context, freed in the right order whatever happens.
class Layout {
 public:
  Layout() : context_(gvContext()) {}
  ~Layout() {
    if (graph_ != nullptr) {
      if (laidOut_) gvFreeLayout(context_, graph_);
      agclose(graph_);
    }
    if (context_ != nullptr) gvFreeContext(context_);
  }
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  bool open() {
    if (context_ == nullptr) return false;
    graph_ = openDirected("tickscope");
    return graph_ != nullptr;
  }
  Agraph_t* graph() const { return graph_; }
  bool run(std::string_view engine) {
    laidOut_ = gvLayout(context_, graph_, std::string(engine).c_str()) == 0;
    return laidOut_;
  }

 private:
  GVC_t* context_ = nullptr;
  Agraph_t* graph_ = nullptr;
  bool laidOut_ = false;
};

}  // namespace gv

// --- serialization and the locale ------------------------------------------------------------

// Graphviz has global state (cgraph's dictionaries, gvc's job state, its error level) and is not
// thread-safe: one layout at a time in the whole process.
std::mutex& graphvizMutex() {
  static std::mutex mutex;
  return mutex;
}

std::atomic<std::uint64_t> started{0};

std::function<void()>& probe() {  // guarded by graphvizMutex()
  static std::function<void()> function;
  return function;
}

// NumericLocaleGuard: LC_NUMERIC is "C" while it lives, then what it was. Graphviz reads the
// numbers we give it with the atof family and prints its own with printf, so a locale with a
// decimal comma would mangle both; its gvLayoutJobs forces "C" too, but not around building the
// graph. setlocale is process-wide, so this only holds because graphvizMutex() is held around it
// and the application sets "C" once in main() (style.md).
class NumericLocaleGuard {
 public:
  NumericLocaleGuard() {
    if (const char* current = std::setlocale(LC_NUMERIC, nullptr)) saved_ = current;
    std::setlocale(LC_NUMERIC, "C");
  }
  ~NumericLocaleGuard() {
    if (!saved_.empty()) std::setlocale(LC_NUMERIC, saved_.c_str());
  }
  NumericLocaleGuard(const NumericLocaleGuard&) = delete;
  NumericLocaleGuard& operator=(const NumericLocaleGuard&) = delete;

 private:
  std::string saved_;
};

// --- reading the result back -----------------------------------------------------------------

struct Box {
  double minX = std::numeric_limits<double>::infinity();
  double minY = std::numeric_limits<double>::infinity();
  double maxX = -std::numeric_limits<double>::infinity();
  double maxY = -std::numeric_limits<double>::infinity();
  void add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    minX = std::min(minX, x);
    minY = std::min(minY, y);
    maxX = std::max(maxX, x);
    maxY = std::max(maxY, y);
  }
  bool empty() const { return minX > maxX; }
};

// route: an edge's splines as one Bézier chain (3n+1 points), still in Graphviz's coordinates.
// dot gives one bezier per edge (several only with concentrate or clusters, which we do not
// use); a gap between two is bridged by a straight cubic so the chain stays well formed.
EdgeRoute route(Agedge_t* e) {
  EdgeRoute out;
  out.bezier = true;
  const splines* s = ED_spl(e);
  if (s == nullptr) return out;
  for (int b = 0; b < s->size; ++b) {
    const bezier& bz = s->list[b];
    if (bz.size < 4) continue;
    int first = 0;
    if (!out.points.empty()) {
      const Point last = out.points.back();
      if (last.x == bz.list[0].x && last.y == bz.list[0].y) {
        first = 1;
      } else {
        out.points.push_back(last);
        out.points.push_back({bz.list[0].x, bz.list[0].y});
      }
    }
    for (int i = first; i < bz.size; ++i) out.points.push_back({bz.list[i].x, bz.list[i].y});
  }
  if (out.points.size() < 4) out.points.clear();
  return out;
}

}  // namespace

// --- GraphvizBackend ---------------------------------------------------------------------------

void GraphvizBackend::setProbeForTests(std::function<void()> function) {
  const std::lock_guard lock(graphvizMutex());
  probe() = std::move(function);
}

std::uint64_t GraphvizBackend::layoutsStarted() { return started.load(); }

std::optional<GraphLayout> GraphvizBackend::layout(const LayoutGraph& graph, const std::atomic<bool>& cancelled) const {
  if (cancelled.load()) return std::nullopt;
  GraphLayout result;
  result.engine = "dot";
  result.edges.resize(graph.edges.size());
  if (graph.nodes.empty()) return result;

  const std::lock_guard lock(graphvizMutex());
  if (cancelled.load()) return std::nullopt;  // it may have waited long for the lock
  started.fetch_add(1);
  const NumericLocaleGuard locale;
  static bool quiet = false;  // guarded by graphvizMutex()
  if (!quiet) {
    agseterr(AGERR);  // warnings (e.g. about our tuning) would only clutter standard error
    quiet = true;
  }

  gv::Layout session;
  if (!session.open()) return std::nullopt;
  Agraph_t* g = session.graph();
  gv::set(g, "rankdir", "TB");
  gv::setNumber(g, "ranksep", options_.rankSep / kPointsPerInch);
  gv::setNumber(g, "nodesep", options_.nodeSep / kPointsPerInch);
  if (options_.nsLimit > 0) {
    gv::setNumber(g, "nslimit", options_.nsLimit);
    gv::setNumber(g, "nslimit1", options_.nsLimit);
  }
  if (options_.mcLimit > 0) gv::setNumber(g, "mclimit", options_.mcLimit);
  // Boxes of exactly our size: no label to measure (an empty label needs no font), no margin.
  gv::setDefault(g, AGNODE, "shape", "box");
  gv::setDefault(g, AGNODE, "fixedsize", "true");
  gv::setDefault(g, AGNODE, "label", "");
  gv::setDefault(g, AGNODE, "width", "0.75");
  gv::setDefault(g, AGNODE, "height", "0.5");
  // No arrowheads: the spline then runs from border to border (EdgeRoute's contract); the view
  // draws its own arrows at the route's end.
  gv::setDefault(g, AGEDGE, "dir", "none");

  std::vector<Agnode_t*> nodes(graph.nodes.size());
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    nodes[i] = gv::node(g, i);
    if (nodes[i] == nullptr) return std::nullopt;
    gv::setNumber(nodes[i], "width", graph.nodes[i].width / kPointsPerInch);
    gv::setNumber(nodes[i], "height", graph.nodes[i].height / kPointsPerInch);
  }
  // Our edge k is edges[k]: dot groups parallel edges and walks them in its own order, so the
  // results are read back through these handles, never by iterating the graph.
  std::vector<Agedge_t*> edges(graph.edges.size(), nullptr);
  for (std::size_t k = 0; k < graph.edges.size(); ++k) {
    const LayoutEdge& e = graph.edges[k];
    if (e.from >= nodes.size() || e.to >= nodes.size()) continue;
    edges[k] = gv::edge(g, nodes[e.from], nodes[e.to], k);
  }

  if (!session.run("dot")) return std::nullopt;
  if (probe()) probe()();

  // Graphviz's y grows upward: flip it against a box holding everything (its bb, every node
  // box and every route point), so y grows downward and that box's top-left is (0,0).
  Box box;
  const boxf bb = GD_bb(g);
  box.add(bb.LL.x, bb.LL.y);
  box.add(bb.UR.x, bb.UR.y);
  result.nodes.resize(nodes.size());
  result.layers.resize(nodes.size());
  const int minRank = GD_minrank(g);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const pointf c = ND_coord(nodes[i]);
    const double w = ND_width(nodes[i]) * kPointsPerInch;
    const double h = ND_height(nodes[i]) * kPointsPerInch;
    box.add(c.x - w / 2, c.y - h / 2);
    box.add(c.x + w / 2, c.y + h / 2);
    result.nodes[i] = {c.x, c.y};
    result.layers[i] = static_cast<std::uint32_t>(std::max(0, ND_rank(nodes[i]) - minRank));
  }
  for (std::size_t k = 0; k < edges.size(); ++k) {
    if (edges[k] == nullptr) continue;
    result.edges[k] = route(edges[k]);
    for (const Point& p : result.edges[k].points) box.add(p.x, p.y);
  }
  if (box.empty()) return std::nullopt;
  const auto flip = [&](Point& p) { p = {p.x - box.minX, box.maxY - p.y}; };
  for (Point& p : result.nodes) flip(p);
  for (EdgeRoute& r : result.edges) {
    for (Point& p : r.points) flip(p);
  }
  result.bounds = {0, 0, box.maxX - box.minX, box.maxY - box.minY};
  // Graphviz's objects are freed here (gv::Layout's destructor), before the lock and the locale go.
  return result;
}

// --- GraphvizLayouter ------------------------------------------------------------------------

GraphvizLayouter::GraphvizLayouter() : GraphvizLayouter(Options{}) {}
GraphvizLayouter::GraphvizLayouter(Options options) : backend_(std::make_unique<GraphvizBackend>(options)) {}
GraphvizLayouter::~GraphvizLayouter() = default;

std::optional<GraphLayout> GraphvizLayouter::layout(const LayoutGraph& graph, const std::atomic<bool>& cancelled) {
  std::optional<GraphLayout> result = backend_->layout(graph, cancelled);
  if (cancelled.load()) return std::nullopt;  // finished, but nobody wants it any more
  return result;
}

}  // namespace tickscope::views::layout
