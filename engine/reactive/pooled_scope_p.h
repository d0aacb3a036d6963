#pragma once
// PooledScope<T>: the pooled T of one nesting depth (pool[depth], made on its first use), taken
// for one scope and given back at its end. A run or a pull started inside another one is one
// level deeper and gets storage of its own; once the pool is that deep nothing is allocated
// again. The caller resets what it takes (RunFrame::reset, PullScratch::clear), or leaves it
// as it is when it only needs the level (a pull plan's runs happen one pull level down).
#include <cstddef>
#include <memory>
#include <vector>

namespace tickscope::reactive::detail {

template <class T>
class PooledScope {
 public:
  PooledScope(std::vector<std::unique_ptr<T>>& pool, std::size_t& depth) : depth_(depth) {
    if (pool.size() == depth) pool.push_back(std::make_unique<T>());
    item_ = pool[depth].get();
    ++depth_;
  }
  ~PooledScope() { --depth_; }
  PooledScope(const PooledScope&) = delete;
  PooledScope& operator=(const PooledScope&) = delete;
  T& get() { return *item_; }

 private:
  std::size_t& depth_;
  T* item_;
};

}  // namespace tickscope::reactive::detail
