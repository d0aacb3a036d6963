#pragma once
// ReactivityLog: the addresses an action read and wrote. Given to subscribe() as the action's
// declared dependencies, and recorded by its Transaction on every run: after a run, the reads
// of that run are the action's dependencies (dynamic dependencies); declared writes stay
// known writes even in a run that skips them (so readers keep their upstream).
#include <vector>

#include "reactive/address.h"

namespace tickscope::reactive {

struct ReactivityLog {
  std::vector<Address> reads;
  std::vector<Address> writes;

  friend bool operator==(const ReactivityLog&, const ReactivityLog&) = default;
};

}  // namespace tickscope::reactive
