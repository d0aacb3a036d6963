#pragma once
// Task memory: where task headers (TaskHeader and its bodies) and coroutine frames live.
// Blocks of up to kMaxPooledBytes come from per-thread free lists in 64-byte size classes, so
// a spawn+run in steady state costs no malloc or free (they were about a quarter of its
// instructions). A block may be freed on any thread: it joins that thread's list. Each list
// keeps at most kMaxPooledPerClass blocks (the rest go back to the global heap), so a thread
// that only frees never hoards more than a bounded amount; a thread's lists are released
// when it exits. Under AddressSanitizer every call goes to the global heap, so use-after-free
// of a task stays detectable.
#include <cstddef>

namespace tickscope::sched {

inline constexpr std::size_t kMaxPooledBytes = 512;
inline constexpr std::size_t kMaxPooledPerClass = 256;

// allocateTaskMemory: `bytes` of storage aligned for any ordinary type; throws
// std::bad_alloc like operator new.
void* allocateTaskMemory(std::size_t bytes);
// freeTaskMemory: returns what allocateTaskMemory(bytes) gave (the same `bytes`). Never
// throws; a null pointer is ignored.
void freeTaskMemory(void* block, std::size_t bytes) noexcept;

// TaskMemoryAllocator: an allocator over task memory (for std::allocate_shared).
template <class T>
struct TaskMemoryAllocator {
  using value_type = T;
  TaskMemoryAllocator() = default;
  template <class U>
  TaskMemoryAllocator(const TaskMemoryAllocator<U>&) noexcept {}  // NOLINT: rebinding converts implicitly
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "task memory is not over-aligned");
  T* allocate(std::size_t n) { return static_cast<T*>(allocateTaskMemory(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { freeTaskMemory(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const TaskMemoryAllocator<U>&) const noexcept {
    return true;
  }
};

// pooledTaskBlocks: how many blocks the calling thread's lists hold now (for tests).
std::size_t pooledTaskBlocks() noexcept;

}  // namespace tickscope::sched
