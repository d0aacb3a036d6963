// The README's example: cells, a computation, an effect, driven by the test scheduler.
// Registered as a test: it checks its own output.
#include <cstdio>
#include <memory>
#include <string>

#include "reactive/builder.h"
#include "sched/test_scheduler.h"

using namespace tickscope;

int main() {
  auto scheduler = std::make_shared<sched::TestScheduler>();
  reactive::Runtime rt(scheduler);  // pull mode by default

  auto a = reactive::cell(rt, "a", 1);
  auto b = reactive::cell(rt, "b", 2);
  auto sum = reactive::lift(rt, "sum", [](int x, int y) { return x + y; }, a, b);
  auto twice = reactive::derive(rt, "twice", sum, [](int s) { return 2 * s; });

  std::string out;
  reactive::Cancel stop = reactive::sink(rt, "show", twice, [&](int v) {
    out += std::to_string(v) + " ";
    return [&out] { out += "| "; };  // cleanup: before the next run and on cancel
  });

  scheduler->block(rt.idle());  // nothing ran before: subscribe only schedules
  rt.batch([&](reactive::Transaction& tx) {  // one batch, one notification
    a.write(tx, 10);
    b.write(tx, 20);
  });
  scheduler->block(rt.idle());
  stop();
  a.set(100);  // nobody watches now: in pull mode nothing runs
  scheduler->block(rt.idle());

  const int stale = sum.get();    // 30: no effect demanded the new value
  const int pulled = sum.pull();  // 120: pull() runs the dirty computation now
  std::printf("%s\nsum: %d, pulled: %d\n", out.c_str(), stale, pulled);  // 6 | 60 | / 30 / 120
  return out == "6 | 60 | " && stale == 30 && pulled == 120 ? 0 : 1;
}
