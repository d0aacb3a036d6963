#pragma once
// NodeMark, WalkState: what the walks ask of every node they pass, kept beside the action
// slots (RuntimeCore::marks_, walk_) so that a walk touches no slot in the common case.
#include <cstdint>

namespace tickscope::reactive::detail {

// NodeMark: four bytes per action (RuntimeCore::marks_, by id - 1) with what a walk asks of a
// node it passes. The marks of a 100,000-node graph take 400 KB and stay in the cache, while
// its slots (320 B each) do not: the marking pass, the pull walk's look at each input and a
// commit's look at each reader then touch no slot in the common case. The level and the
// repropagate flag live only here; the other bits mirror slot fields (syncMark).
namespace mark {
using Mark = std::uint32_t;
constexpr Mark kLevel = 3;              // DirtyLevel (pull-mode computations)
constexpr Mark kEffect = 4;             // ActionSlot::effect
constexpr Mark kDead = 8;               // !ActionSlot::alive
constexpr Mark kRepropagate = 16;       // non-clean but its downstream was not (all) marked: pass through
constexpr Mark kInCycle = 32;           // ActionSlot::activeCycle != 0
constexpr Mark kDebounced = 64;         // ActionSlot::debounce > 0
constexpr Mark kDownstreamValid = 128;  // RuntimeCore::downstream_ is current
constexpr Mark kThrottled = 256;        // ActionSlot::throttle > 0
constexpr Mark kOnStack = 512;          // on a pull walk's stack (Tarjan)
constexpr Mark kBlocked = 1024;         // depends on a slow cycle in progress (ActionSlot::blockingCycle)
constexpr Mark kUpstreamValid = 2048;   // RuntimeCore::upstream_ is current
constexpr Mark kRunning = 4096;         // its run is in progress
constexpr Mark kCycleBusy = 8192;       // a member of a cycle being iterated right now
constexpr Mark kKernel = 16384;         // a numeric kernel (static dependencies)
constexpr Mark kDeciding = 32768;       // picked: being pulled for and run in the current decision
constexpr Mark kPending = 1u << 16;     // scheduled, not yet run (push mode: any action; pull: effects)
constexpr Mark kWaiting = 1u << 17;     // ActionSlot::waitingCycle != 0
constexpr Mark kDefinite = 1u << 18;    // a cell it reads changed (not only something upstream)
constexpr Mark kAside = 1u << 19;       // set aside (blocked) by the pick in progress
constexpr Mark kDynamicReads = 1u << 20;  // a function action without declared reads, or whose reads changed (lazyRun)
// kStaleClean: clean while something upstream may still be dirty (its run failed before it read
// everything, or Runtime::clearDirty): a run upstream can make it dirty again (strongConnect).
// Cleared when its level rises.
constexpr Mark kStaleClean = 1u << 21;
constexpr Mark kBusy = kRunning | kOnStack | kCycleBusy;  // a pull reads it as it is
constexpr Mark kMirrored = kEffect | kDead | kInCycle | kDebounced | kThrottled | kKernel | kWaiting;
}  // namespace mark

// WalkState: a pull walk's bookkeeping of a node (Tarjan's index and low link, valid in the
// walk of that session), beside the slots for the reason the marks are.
// The session a node was last visited in is apart (RuntimeCore::walkSession_): the walk asks it
// of every input, the rest only of the nodes it enters.
struct WalkState {
  std::uint32_t index = 0;
  std::uint32_t low = 0;
};

}  // namespace tickscope::reactive::detail
