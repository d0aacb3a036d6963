#include "platform/thread_parker.h"

namespace tickscope::platform {

const std::shared_ptr<sched::Parker>& currentThreadParker() {
  thread_local const std::shared_ptr<sched::Parker> parker = std::make_shared<sched::Parker>();
  return parker;
}

}  // namespace tickscope::platform
