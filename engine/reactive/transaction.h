#pragma once
// Transaction: an action's view of the cells while it runs (or an external batch's). Reads
// are recorded in its ReactivityLog (they become the action's dependencies); in pull mode a
// read first brings the cell's dirty writers up to date, so a computation that starts reading
// a new cell never sees a stale value. Writes apply at once (the running action reads its own
// writes) and are recorded with their old values: when the action returns, the changed
// addresses notify their readers; when it throws, every write is rolled back.
// A Transaction lives only for one run; never keep it.
#include "reactive/address.h"
#include "reactive/ids.h"
#include "reactive/reactivity_log.h"
#include "reactive/value.h"

namespace tickscope::reactive {

class Runtime;
namespace detail {
class RuntimeCore;
struct RunFrame;
}

class Transaction {
 public:
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // read: the value at the address (a null Value when the path does not exist). The
  // reference stays valid until the next write to that cell.
  const Value& read(CellId cell);
  const Value& read(CellId cell, const Path& path);
  const Value& read(const Address& address) { return read(address.cell, address.path); }

  // write: replaces the value at the address. A value deep-equal to the current one (numbers
  // within the runtime's epsilon) changes nothing and notifies nobody, but still counts as a
  // write for the dependency graph.
  void write(CellId cell, Value value);
  void write(CellId cell, const Path& path, Value value);
  void write(const Address& address, Value value) { write(address.cell, address.path, std::move(value)); }

  // action: the running action; ActionId{} for an external batch.
  ActionId action() const { return action_; }
  Runtime& runtime() const;
  // log: what this run read and wrote so far.
  const ReactivityLog& log() const;

 private:
  friend class detail::RuntimeCore;
  Transaction(detail::RuntimeCore& core, ActionId action, detail::RunFrame& frame)
      : core_(&core), action_(action), frame_(&frame) {}

  detail::RuntimeCore* core_;
  ActionId action_;
  detail::RunFrame* frame_;
};

}  // namespace tickscope::reactive
