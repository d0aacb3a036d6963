#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace tickscope::sched {

// TaskLabel tags a task for the test scheduler (deprioritize) and for display. Labels compare
// by name; copies share one immutable string so tagging a task never allocates.
class TaskLabel {
 public:
  TaskLabel() = default;
  explicit TaskLabel(std::string_view name) : name_(std::make_shared<const std::string>(name)) {}

  std::string_view name() const { return name_ ? std::string_view(*name_) : std::string_view(); }
  bool empty() const { return !name_ || name_->empty(); }
  friend bool operator==(const TaskLabel& a, const TaskLabel& b) { return a.name() == b.name(); }

 private:
  std::shared_ptr<const std::string> name_;
};

}  // namespace tickscope::sched

template <>
struct std::hash<tickscope::sched::TaskLabel> {
  std::size_t operator()(const tickscope::sched::TaskLabel& l) const noexcept {
    return std::hash<std::string_view>{}(l.name());
  }
};
