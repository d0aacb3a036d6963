#pragma once
// SnapshotEncoder / SnapshotDecoder: a run's snapshots (run/run_snapshot.h), one per step, as
// the frames of a recording (run/recording.h). A key frame holds every row; a delta frame only
// what changed since the previous frame: the action rows and cell values that differ, the
// rows of each table that differ (ready queue, timers, debounces, cycles, sessions, errors,
// labels...), and the step records made since. Decoding a key frame and then, in order, the
// delta frames after it gives each step's snapshot, equal field by field to the runner's
// (`document` and `insights` excepted: the reader sets the document, findInsights the
// insights). Byte layout: docs/recording-format.md.
//
// The encoder keeps the previous frame's encoded rows to compare with: memory is about the
// size of a key frame. Neither class is thread-safe.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "run/byte_stream.h"
#include "run/run_snapshot.h"

namespace tickscope::run {

// kRecordedSteps: the step records a decoded snapshot carries (newest first), as the
// debugger's SnapshotOptions default.
constexpr std::size_t kRecordedSteps = 200;

class SnapshotEncoder {
 public:
  // encode: `snapshot`'s frame, a key frame when `key` (or when it is the first), else a
  // delta against the previous call's snapshot. `snapshot.recentSteps` (newest first) must
  // hold at least the steps made since the previous call (the newest one is enough step by
  // step).
  std::string encode(const RunSnapshot& snapshot, bool key);

 private:
  struct Table {
    std::vector<std::string> rows;
  };
  void table(ByteWriter& out, Table& previous, std::vector<std::string> rows, bool key);

  bool started_ = false;
  std::string actions_;  // the previous frame's action rows, kActionRowBytes each
  std::vector<double> cells_;
  std::uint64_t lastStep_ = 0;  // the newest step record written
  Table labels_, deprioritized_, ready_, timers_, debounces_, autoDebounces_, cycles_, sessions_, errors_;
};

class SnapshotDecoder {
 public:
  // apply: decodes one frame (`frame` starts at file offset `offset`) onto the state; a delta
  // needs the frame before it applied first. Throws RecordingError for malformed data.
  void apply(std::string_view frame, std::size_t offset);
  // snapshot: the state as a RunSnapshot (document and insights not set).
  RunSnapshot snapshot() const;
  std::uint64_t step() const { return state_.step; }
  std::size_t actionCount() const { return state_.actions.size(); }

 private:
  RunSnapshot state_;
  std::deque<StepRecord> steps_;  // oldest first, at most kRecordedSteps
};

// isKeyFrame: whether an encoded frame is a key frame (its first byte).
bool isKeyFrame(std::string_view frame);

}  // namespace tickscope::run
