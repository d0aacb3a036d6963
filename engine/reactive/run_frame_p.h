#pragma once
// Change, RecordedList, RunFrame: the bookkeeping of one running transaction (an action's run
// or an external batch): what it reads and writes, compared with its previous run's lists,
// and the old values a rollback restores.
#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "reactive/dep_p.h"
#include "reactive/ids.h"
#include "reactive/reactivity_log.h"
#include "reactive/value.h"

namespace tickscope::reactive::detail {

// Change: one write that changed a value: where (it notifies the readers there at commit) and
// the whole cell's value before it (restored, newest first, on rollback).
struct Change {
  CellId cell;
  PathId path = 0;
  Value old;
};

// RecordedList: what a run reads (or writes), compared as it goes with the previous run's
// list. While the run repeats it nothing is stored (the usual case: static dependencies); at
// the first difference the common prefix is copied out and recording goes on from there.
template <class List>
struct RecordedList {
  const List* previous = nullptr;
  std::size_t matched = 0;
  bool diverged = true;

  void reset(const List* prev) {
    previous = prev;
    matched = 0;
    diverged = prev == nullptr;
  }
  void record(List& out, Dep dep) {
    if (!diverged) {
      const List& p = *previous;
      if (matched < p.size() && p[matched] == dep) [[likely]] {
        ++matched;
        return;
      }
      materialize(out);
    }
    out.push_back(dep);
  }
  // same: the run's list equals the previous run's.
  bool same() const { return !diverged && matched == previous->size(); }
  // sofar: the run's list up to now (`out`, or the previous run's prefix it has repeated).
  std::span<const Dep> sofar(const List& out) const {
    if (diverged) return {out.begin(), out.end()};
    return {previous->begin(), matched};
  }
  // materialize: from now on `out` holds the run's list.
  void materialize(List& out) {
    if (diverged) return;
    out.assign(previous->begin(), previous->begin() + static_cast<std::ptrdiff_t>(matched));
    diverged = true;
  }
};

// RunFrame: the bookkeeping of one running transaction (an action's run or an external
// batch). Frames are pooled by nesting depth (a read may pull, which runs other actions).
struct RunFrame {
  ActionId action;
  DepList readLog;     // complete only after materialize() (see RecordedList)
  WriteList writeLog;
  RecordedList<DepList> reads;
  RecordedList<WriteList> writes;
  ReactivityLog publicLog;  // Transaction::log()'s answer, built on demand
  std::vector<Change> changes;
  bool open = false;  // its action (or batch function) is running: writes may join it
  // changedAhead: an address its action had not read yet in this run changed meanwhile (a
  // read pulled its writer); the run reads the new value, so it was not dirtied (see
  // RuntimeCore::changedAheadOfRun). Its writer, for the mark a failed run gets instead.
  ActionId changedAhead;

  void reset(ActionId a, const DepList* previousReads, const WriteList* previousWrites) {
    action = a;
    open = false;
    readLog.clear();
    writeLog.clear();
    reads.reset(previousReads);
    writes.reset(previousWrites);
    changes.clear();
    changedAhead = ActionId{};
  }
  // hasRead: whether this run has read so far an address of `cell` that `overlaps` (a path
  // predicate) accepts.
  template <class Overlaps>
  bool hasRead(CellId cell, Overlaps overlaps) const {
    const std::span<const Dep> sofar = reads.sofar(readLog);
    return std::any_of(sofar.begin(), sofar.end(), [&](const Dep& d) { return d.cell == cell && overlaps(d.path); });
  }
  void materialize() {
    reads.materialize(readLog);
    writes.materialize(writeLog);
  }
};

}  // namespace tickscope::reactive::detail
