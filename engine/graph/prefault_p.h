#pragma once
// Prefaulter: maps the pages of a big array that was just allocated (and is about to be
// filled) on a helper thread, so the thread filling it does not stop at a page fault every
// 4 KiB. On the development machine (a VM) a first-touch fault costs ~2 us: a third of a
// million-action load was page faults. Linux madvise(MADV_POPULATE_WRITE) (5.14+); elsewhere,
// on an older kernel or when no thread can be started, it does nothing. The array's content
// is never read or written by the helper: faulting in a page that is present is a no-op, so
// the owner may write the array meanwhile. Private to engine/graph.
#include <cstddef>
#include <thread>

namespace tickscope::graph::detail {

class Prefaulter {
 public:
  Prefaulter() = default;
  Prefaulter(const Prefaulter&) = delete;
  Prefaulter& operator=(const Prefaulter&) = delete;
  ~Prefaulter() { wait(); }

  // start: begins faulting in [data, data + bytes) (whole pages inside it) when it is big
  // enough to be worth a thread; at most one range at a time (waits for the previous one).
  void start(void* data, std::size_t bytes);
  // wait: until the helper is done (before the array may be freed).
  void wait() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

}  // namespace tickscope::graph::detail
