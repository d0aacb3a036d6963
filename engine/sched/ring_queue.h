#pragma once
// RingQueue<T>: a FIFO over one power-of-two ring of slots, for the test scheduler's ready
// queues. A push and a pop are an index and a move (std::deque's were a good part of a
// spawn's cost: its block map is walked on every push and pop). The slots stay constructed:
// a popped slot holds a moved-from T until it is pushed into again, so T must be default
// constructible and move assignable, and a moved-from T must own nothing.
#include <cstddef>
#include <utility>
#include <vector>

namespace tickscope::sched {

template <class T>
class RingQueue {
 public:
  RingQueue() = default;
  // A moved-from queue is empty.
  RingQueue(RingQueue&& other) noexcept
      : slots_(std::move(other.slots_)), head_(std::exchange(other.head_, 0)), size_(std::exchange(other.size_, 0)) {
    other.slots_.clear();
  }
  RingQueue& operator=(RingQueue&& other) noexcept {
    if (this != &other) {
      slots_ = std::move(other.slots_);
      other.slots_.clear();
      head_ = std::exchange(other.head_, 0);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  RingQueue(const RingQueue&) = delete;
  RingQueue& operator=(const RingQueue&) = delete;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // operator[]: the i-th oldest element. Precondition: i < size().
  T& operator[](std::size_t i) { return slots_[(head_ + i) & mask()]; }
  const T& operator[](std::size_t i) const { return slots_[(head_ + i) & mask()]; }
  T& front() { return slots_[head_]; }
  const T& front() const { return slots_[head_]; }

  [[gnu::always_inline]] void push_back(T&& value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & mask()] = std::move(value);
    ++size_;
  }
  void push_back(const T& value) { push_back(T(value)); }

  // pop_front: moves the oldest element out. Precondition: !empty().
  T pop_front() {
    T out = std::move(slots_[head_]);
    head_ = (head_ + 1) & mask();
    --size_;
    return out;
  }

  // drop_front: forgets the oldest element, whose contents the caller has moved out (the slot
  // keeps the moved-from T). Precondition: !empty().
  void drop_front() {
    head_ = (head_ + 1) & mask();
    --size_;
  }

  // clear: drops every element (their destructors run now) and keeps the capacity.
  void clear() {
    for (std::size_t i = 0; i < size_; ++i) (*this)[i] = T();
    head_ = 0;
    size_ = 0;
  }

  template <class F>
  void forEach(F&& f) const {
    for (std::size_t i = 0; i < size_; ++i) f((*this)[i]);
  }

 private:
  std::size_t mask() const { return slots_.size() - 1; }

  [[gnu::cold, gnu::noinline]] void grow() {
    std::vector<T> bigger(slots_.empty() ? 16 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move((*this)[i]);
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;  // size 0 or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace tickscope::sched
