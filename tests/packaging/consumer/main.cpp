// An embedder's program against the installed engine: a small graph built with the builder API,
// run on the deterministic test scheduler, its result checked. Exit 0 when everything holds.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "reactive/builder.h"
#include "sched/test_scheduler.h"

using namespace tickscope;

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

}  // namespace

int main() {
  check(std::strcmp(TICKSCOPE_PACKAGE_VERSION, "") != 0, "find_package gave a version");

  auto scheduler = std::make_shared<sched::TestScheduler>();
  reactive::Runtime rt(scheduler);  // pull mode

  // price and quantity feed a total; a discount derives from the total; one effect shows both.
  auto price = reactive::cell(rt, "price", 4);
  auto quantity = reactive::cell(rt, "quantity", 3);
  auto total = reactive::lift(rt, "total", [](int p, int q) { return p * q; }, price, quantity);
  auto discounted = reactive::derive(rt, "discounted", total, [](int t) { return t >= 20 ? t - 5 : t; });

  std::vector<int> shown;
  int cleanups = 0;
  reactive::Cancel stop = reactive::sink(rt, "show", discounted, [&](int v) {
    shown.push_back(v);
    return [&cleanups] { ++cleanups; };
  });

  scheduler->block(rt.idle());
  check(shown == std::vector<int>{12}, "the effect ran once with 4 * 3 = 12");

  rt.batch([&](reactive::Transaction& tx) {  // two writes, one notification
    price.write(tx, 5);
    quantity.write(tx, 6);
  });
  scheduler->block(rt.idle());
  check(shown == std::vector<int>{12, 25}, "one batch, one run: 5 * 6 - 5 = 25");
  check(cleanups == 1, "the previous run's cleanup ran before the next run");

  quantity.set(6);  // unchanged: nothing is demanded again
  scheduler->block(rt.idle());
  check(shown.size() == 2, "an unchanged write runs nothing");

  stop();
  check(cleanups == 2, "cancelling runs the cleanup");
  price.set(10);  // nobody watches now: in pull mode nothing runs
  scheduler->block(rt.idle());
  check(total.get() == 30, "no effect demanded the new total: still 30");
  check(discounted.pull() == 55, "pull() computes it now: 10 * 6 - 5 = 55");

  std::printf("%s\n", failures == 0 ? "consumer: all checks passed" : "consumer: FAILED");
  return failures == 0 ? 0 : 1;
}
