#pragma once
// Recordings (`*.tstrace`): a run's history saved to a file and opened later without running
// anything (docs/recording-format.md has the byte layout). A recording holds the graph file
// it ran (its canonical text: graph/writer.h), how it ran (mode, seed, max time), and one
// frame per step, 0 (before the first move) to the last: the snapshot the debugger's panes
// draw at that step (run/snapshot_codec.h: key frames and deltas). Decoding step N costs one
// key frame and the deltas after it; a key frame is written whenever the deltas since the
// last one have grown as large as it, so a recording is at most about twice its deltas and a
// seek decodes at most about one key frame's worth of bytes.
//
//   run::RecordingWriter writer;                     // attach before the first step:
//   auto recorder = runner.makeObserver<run::RecordingObserver>(writer);
//   runner.runToEnd();
//   writer.save("out.tstrace");                     // atomic (trace/atomic_file.h)
//
//   run::Recording recording = run::Recording::open("out.tstrace");   // or RecordingError
//   run::RunSnapshot s = recording.snapshotAt(12);
//
// Every chunk of the file carries its length and a checksum: open() reads and checks the
// whole file first, so a truncated, damaged or foreign file, or a version this build does
// not read, is a RecordingError whose message names the file and the offset.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "graph/document.h"
#include "run/byte_stream.h"
#include "run/run_digest.h"
#include "run/run_observer.h"
#include "run/run_snapshot.h"
#include "run/snapshot_codec.h"
#include "run/timeline_log.h"

namespace tickscope::run {

class Runner;

// kRecordingVersion: the format version this build writes and reads.
constexpr std::uint32_t kRecordingVersion = 1;

// RecordingInfo: how the recorded run was made.
struct RecordingInfo {
  std::string graph;  // the graph's name
  std::string mode;   // "pull" / "push"
  std::uint64_t seed = 0;
  double maxTimeMs = 0;
  std::uint64_t steps = 0;  // the last step (frames: steps + 1)
  bool finished = false;    // the run was done at the last step
};

// RecordingWriter: collects a recording in memory while a run is observed, then saves it.
class RecordingWriter {
 public:
  // begin: the document and how it runs; the first frame is step 0.
  void begin(const graph::GraphDocument& document, const RecordingInfo& info);
  // setTimeline: the run's TimelineLog (RunOptions::recordTimeline), saved with the frames
  // (its records as of bytes()); null: the recording has no timeline.
  void setTimeline(std::shared_ptr<const TimelineLog> timeline) { timeline_ = std::move(timeline); }
  // setDigest: the run's digest (run/run_digest.h: its decisions and outcome, what `tickscope
  // diff` compares), saved as JSON; unset when the run did not reach its end.
  void setDigest(const RunDigest& digest);
  // addFrame: the snapshot after a step (or step 0), frames in step order.
  void addFrame(const RunSnapshot& snapshot);
  // encodedBytes: what the recording holds so far.
  std::size_t encodedBytes() const;
  std::uint64_t frames() const { return frames_; }
  // bytes: the whole file as it would be saved.
  std::string bytes() const;
  // save: writes bytes() to `path` atomically ("-" is not a path here). Throws
  // trace::OutputError when it cannot be written.
  void save(const std::filesystem::path& path) const;

 private:
  RecordingInfo info_;
  std::string document_;
  std::shared_ptr<const TimelineLog> timeline_;
  std::string digest_;
  std::string frameChunks_;
  SnapshotEncoder encoder_;
  std::size_t deltaBytesSinceKey_ = 0;
  std::size_t lastKeyBytes_ = 0;
  std::uint64_t framesSinceKey_ = 0;
  std::uint64_t frames_ = 0;
};

// RecordingObserver: feeds a RecordingWriter from a runner: step 0 when attached (attach it
// before the first step), then a frame after each step, the runner's timeline, and once the
// run ends (its Finished step) the run's digest (a DigestLog of its own sees every event). The
// runner should keep a journal (RunOptions::journalSteps), a CauseLog (recordCauses) and a
// timeline (recordTimeline) for the recording to show what the debugger shows (step records,
// debounce counts, cycle values, wasted runs, the Timeline pane).
class RecordingObserver final : public RunObserver {
 public:
  explicit RecordingObserver(RecordingWriter& writer) : writer_(writer) {}
  void setUp(Runner& runner) override;
  void onStepBegin(std::uint64_t step) override { digest_.onStepBegin(step); }
  void onStepEnd(std::uint64_t step, const Move& move) override;
  void onSchedEvent(const trace::SchedEvent& e) override { digest_.onSchedEvent(e); }
  void onReactiveEvent(const trace::ReactiveEvent& e) override { digest_.onReactiveEvent(e); }
  void onSessionEvent(const trace::SessionEvent& e) override { digest_.onSessionEvent(e); }

 private:
  void frame();
  RecordingWriter& writer_;
  Runner* runner_ = nullptr;
  DigestLog digest_;
};

// Recording: an opened recording, read-only. snapshotAt is safe to call from several
// threads (it decodes under a lock, keeping the last decoded position to go on from).
class Recording {
 public:
  // open: reads and checks `path`; throws RecordingError (the message starts with the path).
  static std::shared_ptr<const Recording> open(const std::filesystem::path& path);
  // fromBytes: the same from a file's bytes; `name` stands for the path in messages.
  static std::shared_ptr<const Recording> fromBytes(std::string bytes, const std::string& name);

  const RecordingInfo& info() const { return info_; }
  const std::shared_ptr<const graph::GraphDocument>& document() const { return document_; }
  std::uint64_t lastStep() const { return frames_.empty() ? 0 : frames_.size() - 1; }
  // snapshotAt: the snapshot of step `step` (clamped to lastStep()), with the document set,
  // the insights found as the runner finds them, and the recorded timeline up to that step.
  RunSnapshot snapshotAt(std::uint64_t step) const;
  // fileBytes: the size of the file.
  std::size_t fileBytes() const { return bytes_.size(); }
  // timeline: the recorded TimelineLog (every record of the run), or null.
  std::shared_ptr<const TimelineLog> timeline() const { return timeline_; }
  // digest: the run's digest (what `tickscope diff` compares), or null when the recorded run
  // did not reach its end.
  const std::shared_ptr<const RunDigest>& digest() const { return digest_; }

 private:
  struct Frame {
    std::size_t offset = 0;  // of the payload in bytes_
    std::size_t size = 0;
    bool key = false;
  };
  Recording() = default;
  void parse(const std::string& name);
  void parseTimeline(std::string_view payload, std::size_t offset);
  // parseTimelineValues: chunk 6, as a log holding the values and, per run, only valueCount
  // and valuesAt; parseTimeline joins them to the runs.
  static std::shared_ptr<TimelineLog> parseTimelineValues(std::string_view payload, std::size_t offset);

  std::string bytes_;
  RecordingInfo info_;
  std::shared_ptr<const graph::GraphDocument> document_;
  std::shared_ptr<TimelineLog> timelineValues_;  // while parsing: chunk 6 until chunk 4
  std::shared_ptr<TimelineLog> timeline_;  // null: none recorded
  std::shared_ptr<const RunDigest> digest_;
  std::vector<Frame> frames_;
  std::vector<std::uint8_t> reachesEffect_;
  mutable std::mutex mutex_;
  mutable SnapshotDecoder decoder_;
  mutable std::uint64_t decoded_ = ~std::uint64_t{0};  // the step decoder_ holds
};

}  // namespace tickscope::run
