// The runtime's hand-written containers beside SmallList: PendingHeap (the groups' 8-ary
// pending heaps), FrozenLinks (the walks' flat adjacency) and StableArena (slots by index).
#include <QtTest/QtTest>

#include <algorithm>
#include <random>
#include <vector>

#include "reactive/frozen_links_p.h"
#include "reactive/pending_heap_p.h"
#include "reactive/stable_arena_p.h"

using namespace tickscope::reactive;
using namespace tickscope::reactive::detail;

class StructuresTests : public QObject {
  Q_OBJECT
 private slots:
  void heapPopsInRankThenIdOrder();
  void heapRebuildRestoresTheOrder();
  void queueBitsGiveTheHeapsOrder();
  void frozenLinksCopyEveryList();
  void arenaKeepsAddressesAndOrder();
};

namespace {
bool before(const HeapEntry& a, const HeapEntry& b) { return a.rank != b.rank ? a.rank < b.rank : a.id < b.id; }
}  // namespace

void StructuresTests::heapPopsInRankThenIdOrder() {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    PendingHeap heap;
    std::vector<HeapEntry> all;
    const int n = 1 + static_cast<int>(rng() % 500);
    for (int i = 0; i < n; ++i) {
      // Few distinct ranks: many ties broken by id, and exact duplicates (stale entries).
      const HeapEntry e{static_cast<std::uint32_t>(rng() % 40), ActionId{1 + static_cast<std::uint32_t>(rng() % 60)}};
      heap.push(e);
      all.push_back(e);
      if (rng() % 4 == 0) {  // interleave pops with pushes, as picks and commits do
        const auto min = std::min_element(all.begin(), all.end(), before);
        const HeapEntry popped = heap.popFront();
        QCOMPARE(popped.rank, min->rank);
        QCOMPARE(popped.id, min->id);
        all.erase(min);
      }
    }
    std::sort(all.begin(), all.end(), before);
    for (const HeapEntry& expected : all) {
      QVERIFY(!heap.empty());
      QCOMPARE(heap.front().rank, expected.rank);
      const HeapEntry popped = heap.popFront();
      QCOMPARE(popped.rank, expected.rank);
      QCOMPARE(popped.id, expected.id);
    }
    QVERIFY(heap.empty());
  }
}

void StructuresTests::heapRebuildRestoresTheOrder() {
  PendingHeap heap;
  for (std::uint32_t i = 1; i <= 300; ++i) heap.push(HeapEntry{i, ActionId{i}});
  // New ranks in reverse, odd ids dropped: what rebuildHeaps does after an order computation.
  heap.rebuild([](std::vector<HeapEntry>& items) {
    std::erase_if(items, [](const HeapEntry& e) { return e.id.value % 2 == 1; });
    for (HeapEntry& e : items) e.rank = 1000 - e.id.value;
  });
  QCOMPARE(heap.size(), std::size_t{150});
  for (std::uint32_t id = 300; id >= 2; id -= 2) QCOMPARE(heap.popFront().id, ActionId{id});
  QVERIFY(heap.empty());
}

void StructuresTests::queueBitsGiveTheHeapsOrder() {
  // Ranks unique (a current order): through pushes (with duplicates), pops and switches both
  // ways, the queue gives the live entries in rank order. Like the runtime, the test skips
  // entries that are no longer live (a heap keeps duplicates; a switch carries them over).
  std::mt19937 rng(11);
  const std::uint32_t n = 700;
  std::vector<ActionId> idAtRank(n);
  for (std::uint32_t r = 0; r < n; ++r) idAtRank[r] = ActionId{n - r};  // ids unrelated to ranks
  for (int round = 0; round < 40; ++round) {
    PendingQueue queue;
    std::vector<bool> live(n, false);
    std::size_t liveCount = 0;
    auto popLive = [&]() {
      while (true) {
        const HeapEntry e = queue.popFront();
        if (e.id != idAtRank[e.rank]) return HeapEntry{UINT32_MAX, ActionId{}};  // a wrong id: fails below
        if (live[e.rank]) return e;
      }
    };
    for (int step = 0; step < 2000; ++step) {
      const auto op = rng() % 10;
      if (op < 5) {
        const std::uint32_t r = rng() % n;
        queue.push(HeapEntry{r, idAtRank[r]});
        if (!live[r]) ++liveCount;
        live[r] = true;
      } else if (op < 8 && liveCount > 0) {
        const auto lowest = static_cast<std::uint32_t>(std::find(live.begin(), live.end(), true) - live.begin());
        const HeapEntry got = popLive();
        QCOMPARE(got.rank, lowest);
        QCOMPARE(got.id, idAtRank[lowest]);
        live[lowest] = false;
        --liveCount;
      } else if (op == 8) {
        queue.useBits(&idAtRank);
        QVERIFY(queue.usesBits());
      } else {
        queue.useHeap();
        QVERIFY(!queue.usesBits());
      }
      QVERIFY(queue.size() >= liveCount);
    }
    queue.useBits(&idAtRank);
    for (std::uint32_t r = 0; r < n; ++r) {
      if (!live[r]) continue;
      QCOMPARE(popLive().rank, r);
      live[r] = false;
    }
    while (!queue.empty()) QVERIFY(!live[queue.popFront().rank]);  // only stale ones are left
  }
}

void StructuresTests::frozenLinksCopyEveryList() {
  std::vector<std::vector<ActionId>> lists{{}, {ActionId{3}}, {ActionId{1}, ActionId{2}, ActionId{4}, ActionId{5}}, {}};
  FrozenLinks links;
  links.freeze(lists.size(), [&](std::size_t i) -> const std::vector<ActionId>& { return lists[i]; });
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const auto of = links.of(ActionId{static_cast<std::uint32_t>(i + 1)});
    QCOMPARE(std::vector<ActionId>(of.begin(), of.end()), lists[i]);
  }
  lists[0] = {ActionId{9}};  // a copy: the source changing does not change it until frozen again
  QCOMPARE(links.of(ActionId{1}).size(), std::size_t{0});
  links.freeze(lists.size(), [&](std::size_t i) -> const std::vector<ActionId>& { return lists[i]; });
  QCOMPARE(links.of(ActionId{1}).front(), ActionId{9});
}

void StructuresTests::arenaKeepsAddressesAndOrder() {
  StableArena<std::vector<int>, 4> arena;  // small chunks: many of them
  std::vector<const std::vector<int>*> addresses;
  for (int i = 0; i < 37; ++i) {
    addresses.push_back(&arena.emplace(std::vector<int>(static_cast<std::size_t>(i), i)));
  }
  QCOMPARE(arena.size(), std::size_t{37});
  std::size_t k = 0;
  for (std::vector<int>* item : arena) {
    QCOMPARE(static_cast<const std::vector<int>*>(item), addresses[k]);
    QCOMPARE(arena.pointer(k), item);
    QCOMPARE(item->size(), k);
    ++k;
  }
  QCOMPARE(k, std::size_t{37});
}

QTEST_GUILESS_MAIN(StructuresTests)
#include "structures_tests.moc"
