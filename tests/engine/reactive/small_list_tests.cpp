// SmallList: inline up to N values, heap beyond; every operation the runtime uses, on both
// sides of the boundary (the ASan stage runs these too).
#include <QtTest>

#include <algorithm>
#include <vector>

#include "reactive/small_list_p.h"

using tickscope::reactive::detail::SmallList;

namespace {
using List = SmallList<int, 2>;

std::vector<int> items(const List& l) { return {l.begin(), l.end()}; }

List filled(int n) {
  List l;
  for (int i = 0; i < n; ++i) l.push_back(i);
  return l;
}
}  // namespace

class SmallListTests : public QObject {
  Q_OBJECT
 private slots:
  void sizeIsTheHeaderPlusTheInlineValues() {
    QCOMPARE(sizeof(SmallList<std::uint64_t, 1>), 16u);
    QCOMPARE(sizeof(SmallList<std::uint32_t, 3>), 24u);
  }

  void pushBackGrowsPastTheInlineValues() {
    for (int n : {0, 1, 2, 3, 17}) {
      const List l = filled(n);
      QCOMPARE(l.size(), static_cast<std::size_t>(n));
      std::vector<int> expected(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) expected[static_cast<std::size_t>(i)] = i;
      QCOMPARE(items(l), expected);
    }
  }

  void copiesAndMovesKeepTheValuesInlineOrOnTheHeap() {
    for (int n : {1, 2, 5}) {
      List a = filled(n);
      List copy = a;
      QCOMPARE(items(copy), items(a));
      List moved = std::move(a);
      QCOMPARE(items(moved), items(copy));
      QVERIFY(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty, reusable
      a.push_back(7);
      QCOMPARE(items(a), std::vector<int>{7});
      List assigned = filled(9);
      assigned = copy;  // heap -> smaller
      QCOMPARE(items(assigned), items(copy));
      assigned = std::move(moved);
      QCOMPARE(items(assigned), items(copy));
      assigned = static_cast<const List&>(assigned);  // self-assignment
      QCOMPARE(items(assigned), items(copy));
    }
  }

  void swapExchangesInlineAndHeapLists() {
    List small = filled(1);
    List big = filled(6);
    std::swap(small, big);
    QCOMPARE(small.size(), 6u);
    QCOMPARE(items(big), std::vector<int>{0});
  }

  void assignEraseAndCompare() {
    List l;
    const std::vector<int> source{5, 4, 3, 2, 1};
    l.assign(source.begin(), source.end());
    QCOMPARE(items(l), source);
    l.erase(std::remove_if(l.begin(), l.end(), [](int x) { return x % 2 == 0; }), l.end());
    QCOMPARE(items(l), (std::vector<int>{5, 3, 1}));
    std::sort(l.begin(), l.end());
    QCOMPARE(items(l), (std::vector<int>{1, 3, 5}));
    List same(source.begin() + 2, source.end());
    QVERIFY(!(same == l));
    same.clear();
    QVERIFY(same.empty());
    for (int x : {1, 3, 5}) same.push_back(x);
    QVERIFY(same == l);
    l.assign(source.begin(), source.begin());
    QVERIFY(l.empty());
  }
};

QTEST_GUILESS_MAIN(SmallListTests)
#include "small_list_tests.moc"
