// The dependency graph: which actions read and write which addresses, the upstream and
// downstream lists derived from it (cached per action, invalidated precisely when a log
// changes) and the runtime's topological order.
#include <algorithm>
#include <queue>
#include <tuple>
#include <vector>

#include "reactive/runtime_core_p.h"

namespace tickscope::reactive::detail {

namespace {
template <class Deps, class Entries>
void addEntries(StableArena<CellSlot>& cells, const Deps& deps, ActionId action, Entries CellSlot::*list) {
  // One entry per distinct address of this action; the action's own list is short, a cell's
  // list may be long (a cell read by thousands), so duplicates are found in the former.
  for (std::size_t i = 0; i < deps.size(); ++i) {
    const Dep dep = deps[i];
    if (std::find(deps.begin(), deps.begin() + static_cast<std::ptrdiff_t>(i), dep) !=
        deps.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    (cells[dep.cell.value - 1].*list).push_back(IndexEntry{action, dep.path});
  }
}

template <class Deps, class Entries>
void removeEntries(StableArena<CellSlot>& cells, const Deps& deps, ActionId action, Entries CellSlot::*list) {
  for (const Dep dep : deps) {
    Entries& entries = cells[dep.cell.value - 1].*list;
    entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const IndexEntry& e) { return e.action == action; }),
                  entries.end());
  }
}

// distinct: `deps` without repeats, in the order of first occurrence (a run that reads one
// cell twenty times records it twenty times: kairo's unstable; its index entries and the
// writers it invalidates are one per address).
DepList distinct(const DepList& deps) {
  DepList out;
  // A few distinct addresses (however many reads): each read is looked up among them. More:
  // sorted, so a derive reading thousands of cells stays n log n.
  constexpr std::size_t kLinear = 16;
  for (const Dep dep : deps) {
    if (std::find(out.begin(), out.end(), dep) != out.end()) continue;
    if (out.size() == kLinear) break;
    out.push_back(dep);
  }
  if (out.size() < kLinear) return out;
  out.clear();
  struct At {
    Dep dep;
    std::size_t index;
  };
  std::vector<At> all;
  all.reserve(deps.size());
  for (std::size_t i = 0; i < deps.size(); ++i) all.push_back(At{deps[i], i});
  auto key = [](const At& x) { return std::tuple(x.dep.cell.value, x.dep.path, x.index); };
  std::sort(all.begin(), all.end(), [&](const At& x, const At& y) { return key(x) < key(y); });
  all.erase(std::unique(all.begin(), all.end(), [](const At& x, const At& y) { return x.dep == y.dep; }), all.end());
  std::sort(all.begin(), all.end(), [](const At& x, const At& y) { return x.index < y.index; });
  for (const At& x : all) out.push_back(x.dep);
  return out;
}

void sortUnique(ActionList& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}
}  // namespace

// The index of reads and of writes are kept apart so a run that changed only what it reads
// re-indexes only that (writers of a hot cell may have thousands of readers).
void RuntimeCore::indexReads(ActionSlot& a) {
  const DepList reads = distinct(a.reads);
  addEntries(cells_, reads, a.id, &CellSlot::readers);
  for (const Dep r : reads) {
    for (const IndexEntry& w : cell(r.cell).writers) invalidateDownstream(w.action);
  }
  setFlag(a.id, mark::kUpstreamValid, false);
  ++graphEpoch_;
}

void RuntimeCore::unindexReads(ActionSlot& a) {
  const DepList reads = distinct(a.reads);
  for (const Dep r : reads) {
    for (const IndexEntry& w : cell(r.cell).writers) invalidateDownstream(w.action);
  }
  removeEntries(cells_, reads, a.id, &CellSlot::readers);
  setFlag(a.id, mark::kUpstreamValid, false);
  ++graphEpoch_;
}

void RuntimeCore::indexWrites(ActionSlot& a) {
  addEntries(cells_, a.writes, a.id, &CellSlot::writers);
  for (const Dep w : a.writes) {
    for (const IndexEntry& r : cell(w.cell).readers) setFlag(r.action, mark::kUpstreamValid, false);
  }
  invalidateDownstream(a.id);
  ++graphEpoch_;
}

void RuntimeCore::unindexWrites(ActionSlot& a) {
  for (const Dep w : a.writes) {
    for (const IndexEntry& r : cell(w.cell).readers) setFlag(r.action, mark::kUpstreamValid, false);
  }
  removeEntries(cells_, a.writes, a.id, &CellSlot::writers);
  invalidateDownstream(a.id);
  ++graphEpoch_;
}

void RuntimeCore::indexAction(ActionSlot& a) {
  indexReads(a);
  indexWrites(a);
}

void RuntimeCore::unindexAction(ActionSlot& a) {
  unindexReads(a);
  unindexWrites(a);
}

void RuntimeCore::setDependencies(ActionSlot& a, DepList& reads, WriteList& recordedWrites) {
  // The common case: the run touched what the last one did. Nothing to re-index.
  const bool sameReads = reads == a.reads;
  const bool sameWrites = recordedWrites == a.recordedWrites;
  if (sameReads && sameWrites) return;
  // Ranks that are current stay current when every new edge goes forward in the order and no
  // edge inside a cycle disappears (that could split it): then nothing is recomputed. Without
  // this, each first run of a dynamic computation (a derive chain being settled) recomputed
  // every rank once: quadratic.
  const bool ranksCurrent = a.alive && rankEpoch_ == graphEpoch_;
  ActionList upBefore, downBefore;
  if (ranksCurrent && !sameReads) upBefore = upstreamOf(a);
  if (ranksCurrent && !sameWrites) downBefore = downstreamOf(a);
  if (!sameReads) {
    if (a.alive) unindexReads(a);
    std::swap(a.reads, reads);  // the frame gets the old vector back, to reuse its capacity
    if (a.alive) indexReads(a);
  }
  if (!sameWrites) {
    std::swap(a.recordedWrites, recordedWrites);
    WriteList writes;
    for (const Dep w : a.recordedWrites) appendUnique(writes, w);
    for (const Dep w : a.declaredWrites) appendUnique(writes, w);
    if (writes != a.writes) {
      if (a.alive) unindexWrites(a);
      a.writes = std::move(writes);
      if (a.alive) indexWrites(a);
    }
  }
  if (!ranksCurrent) return;
  // keeps: the order survives the change of a's neighbours on one side. `before` is sorted
  // (upstream and downstream lists are); `forward(x)` says an edge to x goes along the order.
  auto keeps = [&](const ActionList& before, const ActionList& after, auto forward) TICKSCOPE_REQUIRES(mutex) {
    for (ActionId x : after) {
      const ActionSlot& n = slot(x);
      if (!n.alive || n.scc == a.scc || forward(n)) continue;
      if (!std::binary_search(before.begin(), before.end(), x)) return false;  // a new edge goes backwards
    }
    for (ActionId x : before) {
      const ActionSlot& n = slot(x);
      if (n.alive && n.scc == a.scc && !std::binary_search(after.begin(), after.end(), x)) return false;
    }
    return true;
  };
  const bool upKept =
      sameReads || keeps(upBefore, upstreamOf(a), [&](const ActionSlot& u) { return u.scc < a.scc; });
  const bool downKept =
      sameWrites || keeps(downBefore, downstreamOf(a), [&](const ActionSlot& d) { return d.scc > a.scc; });
  if (upKept && downKept) rankEpoch_ = graphEpoch_;
}

void RuntimeCore::freezeLinks() {
  const std::size_t n = actions_.size();
  // (freeze calls these back at once, under the lock this method holds)
  frozenUp_.freeze(n, [&](std::size_t i) -> const ActionList& {
    mutex.assertHeld();
    return upstreamOf(ActionId{static_cast<std::uint32_t>(i + 1)});
  });
  frozenDown_.freeze(n, [&](std::size_t i) -> const ActionList& {
    mutex.assertHeld();
    return downstreamOf(ActionId{static_cast<std::uint32_t>(i + 1)});
  });
  frozenEpoch_ = graphEpoch_;
}

const ActionList& RuntimeCore::computeUpstream(ActionSlot& a) {
  ActionList& up = upstream_[a.id.value - 1];
  up.clear();
  for (const Dep r : distinct(a.reads)) {
    for (const IndexEntry& w : cell(r.cell).writers) {
      if (w.action != a.id && overlap(r.path, w.path)) up.push_back(w.action);
    }
  }
  sortUnique(up);
  setFlag(a.id, mark::kUpstreamValid, true);
  return up;
}

const ActionList& RuntimeCore::computeDownstream(ActionSlot& a) {
  ActionList& down = downstream_[a.id.value - 1];
  down.clear();
  for (const Dep w : a.writes) {
    for (const IndexEntry& r : cell(w.cell).readers) {
      if (r.action != a.id && overlap(w.path, r.path)) down.push_back(r.action);
    }
  }
  sortUnique(down);
  marks_[a.id.value - 1] |= mark::kDownstreamValid;
  return down;
}

// ensureRanks: strongly connected components (iterative Tarjan over downstream edges), then
// Kahn's algorithm over the components, always taking the ready component whose first member
// registered first. Members of one component take consecutive ranks in registration order.
// Flat arrays throughout (components and their edges as offset tables): a graph of 100,000
// actions is ranked without an allocation per node.
void RuntimeCore::ensureRanks() {
  if (rankEpoch_ == graphEpoch_) return;
  for (Group* group : groups_) group->heap.useHeap();  // their bits name ranks about to change
  ++orderComputations_;
  const std::size_t n = actions_.size();
  constexpr std::uint32_t kUnvisited = UINT32_MAX;
  std::vector<std::uint32_t> index(n, kUnvisited), low(n, 0), component(n, kUnvisited);
  std::vector<bool> onStack(n, false);
  std::vector<std::uint32_t> stack;
  std::vector<std::uint32_t> members;        // every component's members, one after another
  std::vector<std::uint32_t> memberOffsets;  // component k: members[memberOffsets[k] .. [k+1])
  struct Frame {
    std::uint32_t node;
    std::uint32_t next;
  };
  std::vector<Frame> frames;
  std::uint32_t counter = 0;

  for (std::uint32_t root = 0; root < n; ++root) {
    if ((marks_[root] & mark::kDead) || index[root] != kUnvisited) continue;
    auto visit = [&](std::uint32_t v) {
      index[v] = low[v] = counter++;
      stack.push_back(v);
      onStack[v] = true;
      frames.push_back(Frame{v, 0});
    };
    visit(root);
    while (!frames.empty()) {
      Frame& f = frames.back();
      const std::uint32_t v = f.node;
      const auto& down = downstreamOf(ActionId{v + 1});  // (by id: the slots stay untouched)
      if (f.next < down.size()) {
        const std::uint32_t w = down[f.next++].value - 1;
        if (marks_[w] & mark::kDead) continue;
        if (index[w] == kUnvisited) {
          visit(w);
        } else if (onStack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
      if (low[v] == index[v]) {
        const auto k = static_cast<std::uint32_t>(memberOffsets.size());
        memberOffsets.push_back(static_cast<std::uint32_t>(members.size()));
        std::uint32_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          onStack[w] = false;
          component[w] = k;
          members.push_back(w);
        } while (w != v);
        std::sort(members.begin() + memberOffsets.back(), members.end());
      }
    }
  }
  const std::size_t c = memberOffsets.size();
  memberOffsets.push_back(static_cast<std::uint32_t>(members.size()));

  // The condensation's edges, grouped by source component (counting sort), deduplicated.
  std::vector<std::uint32_t> edgeOffsets(c + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (marks_[v] & mark::kDead) continue;
    for (ActionId d : downstreamOf(ActionId{v + 1})) {
      const std::uint32_t w = d.value - 1;
      if (!(marks_[w] & mark::kDead) && component[w] != component[v]) ++edgeOffsets[component[v] + 1];
    }
  }
  for (std::size_t k = 0; k < c; ++k) edgeOffsets[k + 1] += edgeOffsets[k];
  std::vector<std::uint32_t> edges(edgeOffsets[c]);
  std::vector<std::uint32_t> fill(edgeOffsets.begin(), edgeOffsets.end() - 1);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (marks_[v] & mark::kDead) continue;
    for (ActionId d : downstreamOf(ActionId{v + 1})) {
      const std::uint32_t w = d.value - 1;
      if (!(marks_[w] & mark::kDead) && component[w] != component[v]) edges[fill[component[v]]++] = component[w];
    }
  }
  std::vector<std::uint32_t> inDegree(c, 0);
  for (std::size_t k = 0; k < c; ++k) {
    const auto begin = edges.begin() + edgeOffsets[k];
    auto end = edges.begin() + edgeOffsets[k + 1];
    std::sort(begin, end);
    end = std::unique(begin, end);
    for (auto it = begin; it != end; ++it) ++inDegree[*it];
    fill[k] = static_cast<std::uint32_t>(end - edges.begin());  // end of k's distinct edges
  }

  using Entry = std::pair<std::uint32_t, std::uint32_t>;  // (first member, component)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> ready;
  for (std::uint32_t k = 0; k < c; ++k) {
    if (inDegree[k] == 0) ready.emplace(members[memberOffsets[k]], k);
  }
  std::uint32_t rank = 0;
  std::uint32_t position = 0;
  idAtRank_.clear();
  while (!ready.empty()) {
    const std::uint32_t k = ready.top().second;
    ready.pop();
    for (std::uint32_t m = memberOffsets[k]; m < memberOffsets[k + 1]; ++m) {
      rankOf_[members[m]] = rank;
      idAtRank_.push_back(ActionId{members[m] + 1});
      actions_[members[m]].rank = rank++;
      actions_[members[m]].scc = position;
      sccOf_[members[m]] = position;
    }
    ++position;
    for (std::uint32_t e = edgeOffsets[k]; e < fill[k]; ++e) {
      const std::uint32_t w = edges[e];
      if (--inDegree[w] == 0) ready.emplace(members[memberOffsets[w]], w);
    }
  }
  rankEpoch_ = graphEpoch_;
}

std::vector<ActionId> RuntimeCore::topologicalOrder() {
  ensureRanks();
  std::vector<ActionId> order;
  for (const auto& a : actions_) {
    if (a->alive) order.push_back(a->id);
  }
  std::sort(order.begin(), order.end(),
            [this](ActionId x, ActionId y) TICKSCOPE_REQUIRES(mutex) { return slot(x).rank < slot(y).rank; });
  return order;
}

}  // namespace tickscope::reactive::detail
