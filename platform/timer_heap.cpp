#include "platform/timer_heap.h"

#include <algorithm>
#include <iterator>

namespace tickscope::platform {

namespace {
// later: std heaps keep the greatest element on top; "greatest" here is the earliest
// deadline, then the earliest armed.
constexpr auto later = [](const auto& a, const auto& b) {
  return a.deadline != b.deadline ? a.deadline > b.deadline : a.seq > b.seq;
};
}  // namespace

bool TimerHeap::arm(sched::Instant deadline, sched::Runnable runnable, std::vector<sched::Runnable>& purged) {
  if (entries_.size() >= purgeAt_) purgeFinished(purged);
  const std::uint64_t seq = nextSeq_++;
  entries_.push_back(Entry{deadline, seq, std::move(runnable)});
  std::push_heap(entries_.begin(), entries_.end(), later);
  return entries_.front().seq == seq;
}

std::optional<sched::Instant> TimerHeap::nextDeadline() const {
  if (entries_.empty()) return std::nullopt;
  return entries_.front().deadline;
}

void TimerHeap::popDue(sched::Instant now, std::vector<sched::Runnable>& due) {
  while (!entries_.empty() && entries_.front().deadline <= now) {
    std::pop_heap(entries_.begin(), entries_.end(), later);
    due.push_back(std::move(entries_.back().runnable));
    entries_.pop_back();
  }
}

std::vector<sched::Runnable> TimerHeap::takeAll() {
  std::vector<sched::Runnable> all;
  all.reserve(entries_.size());
  for (Entry& e : entries_) all.push_back(std::move(e.runnable));
  entries_.clear();
  return all;
}

// purgeFinished: a debounce arms and drops timers all the time; without this the heap would
// keep every dropped timer until its deadline.
void TimerHeap::purgeFinished(std::vector<sched::Runnable>& purged) {
  const auto dead =
      std::partition(entries_.begin(), entries_.end(), [](const Entry& e) { return !e.runnable.task().finished(); });
  for (auto it = dead; it != entries_.end(); ++it) purged.push_back(std::move(it->runnable));
  entries_.erase(dead, entries_.end());
  std::make_heap(entries_.begin(), entries_.end(), later);
  purgeAt_ = std::max(kMinPurgeAt, 2 * entries_.size());
}

}  // namespace tickscope::platform
