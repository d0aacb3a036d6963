#pragma once
// ScratchScope: the pull walk's scratch storage of one nesting depth (RuntimeCore::pullScratch_
// by pullDepth_), taken for one pull and given back: a read inside a run may pull again, one
// level deeper, with storage of its own.
#include <cstddef>
#include <memory>
#include <vector>

namespace tickscope::reactive::detail {

template <class Scratch>
class ScratchScope {
 public:
  ScratchScope(std::vector<std::unique_ptr<Scratch>>& pool, std::size_t& depth) : depth_(depth) {
    if (pool.size() == depth) pool.push_back(std::make_unique<Scratch>());
    scratch_ = pool[depth].get();
    scratch_->roots.clear();
    scratch_->frames.clear();
    scratch_->stack.clear();
    scratch_->members.clear();
    scratch_->deferred.clear();
    ++depth_;
  }
  ~ScratchScope() { --depth_; }
  ScratchScope(const ScratchScope&) = delete;
  ScratchScope& operator=(const ScratchScope&) = delete;
  Scratch& scratch() { return *scratch_; }

 private:
  std::size_t& depth_;
  Scratch* scratch_;
};

}  // namespace tickscope::reactive::detail
