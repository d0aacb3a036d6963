#include "platform/unpark_relay.h"

namespace tickscope::platform {

UnparkRelay::UnparkRelay(std::function<void()> onUnpark)
    : onUnpark_(std::move(onUnpark)), thread_([this] { run(); }) {}

UnparkRelay::~UnparkRelay() {
  stopping_.store(true);
  parker_->unpark();
  thread_.join();
}

void UnparkRelay::run() {
  while (true) {
    parker_->park(std::nullopt);
    // A real unpark that merges with the stop request is moot: the owner is going away.
    if (stopping_.load()) return;
    onUnpark_();
  }
}

}  // namespace tickscope::platform
