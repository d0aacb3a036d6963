#include "sched/task_memory.h"

#include <new>

#include "sched/address_sanitizer.h"

namespace tickscope::sched {

namespace {

constexpr bool kPooling = !kAddressSanitizer;

constexpr std::size_t kGranule = 64;
constexpr std::size_t kClasses = kMaxPooledBytes / kGranule;

std::size_t classOf(std::size_t bytes) { return (bytes + kGranule - 1) / kGranule - 1; }  // bytes >= 1

struct FreeBlock {
  FreeBlock* next;
};

// FreeLists: one thread's lists. Plain data: it stays readable until the thread ends, after
// its owner below has emptied it (a task freed later, by another thread-local's destructor,
// goes to the heap).
struct FreeLists {
  FreeBlock* heads[kClasses] = {};
  std::size_t counts[kClasses] = {};
  bool closed = false;
  bool owned = false;  // the owner below exists on this thread
};

thread_local FreeLists lists;

// ListsOwner: empties the thread's lists when the thread exits.
struct ListsOwner {
  ~ListsOwner() {
    for (std::size_t c = 0; c < kClasses; ++c) {
      while (FreeBlock* b = lists.heads[c]) {
        lists.heads[c] = b->next;
        ::operator delete(static_cast<void*>(b));
      }
      lists.counts[c] = 0;
    }
    lists.closed = true;
  }
};
thread_local ListsOwner owner;

}  // namespace

void* allocateTaskMemory(std::size_t bytes) {
  if (!kPooling || bytes == 0 || bytes > kMaxPooledBytes) return ::operator new(bytes);
  const std::size_t c = classOf(bytes);
  FreeLists& l = lists;
  if (FreeBlock* b = l.heads[c]) {
    l.heads[c] = b->next;
    --l.counts[c];
    return b;
  }
  return ::operator new((c + 1) * kGranule);
}

void freeTaskMemory(void* block, std::size_t bytes) noexcept {
  if (!block) return;
  if (!kPooling || bytes == 0 || bytes > kMaxPooledBytes) {
    ::operator delete(block);
    return;
  }
  const std::size_t c = classOf(bytes);
  FreeLists& l = lists;
  if (l.closed || l.counts[c] >= kMaxPooledPerClass) {
    ::operator delete(block);
    return;
  }
  if (!l.owned) [[unlikely]] {
    l.owned = true;
    (void)&owner;  // odr-use: constructs this thread's owner, which empties the lists at exit
  }
  auto* b = static_cast<FreeBlock*>(block);
  b->next = l.heads[c];
  l.heads[c] = b;
  ++l.counts[c];
}

std::size_t pooledTaskBlocks() noexcept {
  std::size_t n = 0;
  for (std::size_t c = 0; c < kClasses; ++c) n += lists.counts[c];
  return n;
}

}  // namespace tickscope::sched
