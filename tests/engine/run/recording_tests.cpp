// run::Recording, RecordingWriter/Observer, SnapshotEncoder/Decoder and Playback.
#include <QtTest/QtTest>

#include <cstring>

#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "graph/loader.h"
#include "run/controller.h"
#include "run/playback.h"
#include "run/recording.h"
#include "run/runner.h"
#include "trace/atomic_file.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using namespace tickscope::testing;
using run::Recording;
using run::RecordingError;

namespace {

// The debugger's options: a journal and the causes (what a recording shows).
run::RunOptions debuggerOptions(std::optional<graph::Mode> mode = std::nullopt) {
  run::RunOptions options;
  options.journalSteps = 1000;
  options.recordCauses = true;
  options.recordTimeline = true;
  options.mode = mode;
  return options;
}

struct Recorded {
  std::string bytes;
  std::vector<std::string> texts;  // withTimeline of the live runner at every step
  std::string timeline;            // every timeline record at the end
};

// withTimeline: snapshotText, the timeline's counts and its newest records (every record is
// compared at the last step: timelineText).
std::string timelineText(const run::RunSnapshot& s, std::size_t fromRun, std::size_t fromMark) {
  std::string out = fmt::format("timeline runs {} marks {}\n", s.timelineRuns, s.timelineMarks);
  for (std::size_t i = fromRun; s.timeline && i < s.timelineRuns; ++i) {
    const run::TimelineRun& r = s.timeline->run(i);
    out += fmt::format("run {} {} {} step {} action {} cause {} {} flags {}\n", i, r.startMs, r.costMs, r.step, r.action,
                       run::nameOf(r.cause), r.causeAction, r.flags);
    for (std::uint32_t k = 0; r.valuesAt != run::TimelineRun::kNoValues && k < r.valueCount; ++k)
      out += fmt::format(" read {}", s.timeline->value(r.valuesAt + k));
  }
  for (std::size_t i = fromMark; s.timeline && i < s.timelineMarks; ++i) {
    const run::TimelineMark& m = s.timeline->mark(i);
    out += fmt::format("mark {} {} {} {} step {} subject {} detail {}\n", i, run::nameOf(m.kind), m.atMs, m.untilMs,
                       m.step, m.subject, m.detail);
  }
  return out;
}
std::string withTimeline(const run::RunSnapshot& s) {
  return snapshotText(s) + timelineText(s, s.timelineRuns ? s.timelineRuns - 1 : 0, s.timelineMarks ? s.timelineMarks - 1 : 0);
}

// record: runs `document` step by step with a recorder, keeping the live snapshots' texts.
Recorded record(graph::GraphDocument document, run::RunOptions options, std::size_t maxSteps = 100000) {
  run::Runner runner(std::move(document), options);
  run::RecordingWriter writer;
  runner.makeObserver<run::RecordingObserver>(writer);
  Recorded out;
  out.texts.push_back(withTimeline(runner.snapshot()));
  while (out.texts.size() <= maxSteps && runner.step()) out.texts.push_back(withTimeline(runner.snapshot()));
  out.bytes = writer.bytes();
  out.timeline = timelineText(runner.snapshot(), 0, 0);
  return out;
}

std::string errorOf(const std::string& bytes) {
  try {
    Recording::fromBytes(bytes, "r.tstrace");
  } catch (const RecordingError& e) {
    return e.what();
  }
  return {};
}

Recorded diamond() { return record(loadExample("diamond.tsg.json"), debuggerOptions()); }

}  // namespace

void RecordingTests::everyStepOfEveryExampleReopensIdentical() {
  for (const auto& path : examplePaths()) {
    if (path.filename().string().starts_with("grid-")) continue;  // seeksInAnyOrder covers a large graph
    for (graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      graph::LoadResult loaded = graph::loadGraph(path);
      QVERIFY(loaded.ok());
      const Recorded r = record(std::move(*loaded.document), debuggerOptions(mode));
      const auto recording = Recording::fromBytes(r.bytes, path.string());
      QCOMPARE(recording->lastStep() + 1, r.texts.size());
      QVERIFY(recording->info().finished);
      QCOMPARE(timelineText(recording->snapshotAt(recording->lastStep()), 0, 0), r.timeline);
      for (std::size_t k = 0; k < r.texts.size(); ++k) {
        const std::string diff = firstDifference(withTimeline(recording->snapshotAt(k)), r.texts[k]);
        if (!diff.empty())
          QFAIL(qPrintable(QString::fromStdString(fmt::format("{} ({}) step {}: {}", path.filename().string(),
                                                              graph::toString(mode), k, diff))));
      }
    }
  }
}

void RecordingTests::seeksInAnyOrder() {
  // A generated grid large enough for several key frames; every step visited in a random order.
  const Recorded r = record(generatedGraph(graph::Shape::Grid, 3, 400, false), debuggerOptions());
  const auto recording = Recording::fromBytes(r.bytes, "grid.tstrace");
  std::vector<std::size_t> order(r.texts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  for (std::size_t k : order) {
    const std::string diff = firstDifference(withTimeline(recording->snapshotAt(k)), r.texts[k]);
    if (!diff.empty()) QFAIL(qPrintable(QString::fromStdString(fmt::format("step {}: {}", k, diff))));
  }
  // Past the end: the last step.
  QCOMPARE(recording->snapshotAt(r.texts.size() + 10).step, recording->lastStep());
}

void RecordingTests::runToEndRecordsEveryStep() {
  // What `tickscope run --record` does: runToEnd with the recorder attached.
  run::Runner runner(loadExample("debounce-storm.tsg.json"), debuggerOptions());
  run::RecordingWriter writer;
  runner.makeObserver<run::RecordingObserver>(writer);
  runner.runToEnd();
  const auto recording = Recording::fromBytes(writer.bytes(), "storm.tstrace");
  const Recorded stepped = record(loadExample("debounce-storm.tsg.json"), debuggerOptions());
  QCOMPARE(recording->lastStep() + 1, stepped.texts.size());
  QCOMPARE(withTimeline(recording->snapshotAt(recording->lastStep())), stepped.texts.back());
  QCOMPARE(writer.bytes(), stepped.bytes);
}

void RecordingTests::aFinishedRunCarriesItsDigest() {
  for (const char* example : {"diamond", "debounce-storm", "newton-cycle", "request-dangling"}) {
    auto document = std::make_shared<const graph::GraphDocument>(loadExample(std::string(example) + ".tsg.json"));
    run::Runner runner(document, debuggerOptions());
    run::RecordingWriter writer;
    runner.makeObserver<run::RecordingObserver>(writer);
    runner.runToEnd();
    const auto recording = Recording::fromBytes(writer.bytes(), "r.tstrace");
    QVERIFY(recording->digest());
    QCOMPARE(run::toJson(*recording->digest()).dump(), run::toJson(run::digestRun(document, debuggerOptions())).dump());
  }
  // A run recorded part of the way has no digest (no outcome yet).
  run::Runner runner(loadExample("diamond.tsg.json"), debuggerOptions());
  run::RecordingWriter writer;
  runner.makeObserver<run::RecordingObserver>(writer);
  runner.step();
  QVERIFY(!Recording::fromBytes(writer.bytes(), "r.tstrace")->digest());
}

void RecordingTests::savedAtomicallyAndReopened() {
  QTemporaryDir dir;
  const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "run.tstrace";
  run::Runner runner(loadExample("newton-cycle.tsg.json"), debuggerOptions());
  run::RecordingWriter writer;
  runner.makeObserver<run::RecordingObserver>(writer);
  runner.runToEnd();
  writer.save(path);
  const auto recording = Recording::open(path);
  QCOMPARE(recording->info().graph, runner.document().name);
  QCOMPARE(recording->info().seed, runner.seed());
  QCOMPARE(recording->lastStep(), runner.steps());
  QCOMPARE(recording->fileBytes(), std::filesystem::file_size(path));
  QCOMPARE(snapshotText(recording->snapshotAt(recording->lastStep())), snapshotText(runner.snapshot()));
  // Only the file itself in the folder: no temporary left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path().toStdString())) ++files;
  QCOMPARE(files, std::size_t{1});
  // A path that cannot be written is an error that writes nothing.
  bool failed = false;
  try {
    writer.save(std::filesystem::path(dir.path().toStdString()) / "no" / "x");
  } catch (const trace::OutputError&) {
    failed = true;
  }
  QVERIFY(failed);
  QVERIFY(!std::filesystem::exists(std::filesystem::path(dir.path().toStdString()) / "no"));
  QVERIFY(errorOf("").size() > 0);
  failed = false;
  try {
    Recording::open(std::filesystem::path(dir.path().toStdString()) / "none");
  } catch (const RecordingError& e) {
    failed = std::string(e.what()).find("cannot open") != std::string::npos;
  }
  QVERIFY(failed);
}

void RecordingTests::truncatedAtEveryLengthIsAnError() {
  const std::string bytes = diamond().bytes;
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::string message = errorOf(bytes.substr(0, n));
    if (message.empty()) QFAIL(qPrintable(QString("truncated at %1 of %2 bytes opened").arg(n).arg(bytes.size())));
    if (n >= 16 && message.find("offset") == std::string::npos)
      QFAIL(qPrintable(QString::fromStdString("no offset in: " + message)));
    QVERIFY2(message.starts_with("r.tstrace: "), message.c_str());
  }
}

void RecordingTests::everyFlippedByteIsAnError() {
  const std::string bytes = diamond().bytes;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ (1 << (i % 8)));
    const std::string message = errorOf(damaged);
    if (message.empty()) QFAIL(qPrintable(QString("a bit flipped at %1 went unnoticed").arg(i)));
    // Past the magic and the version, the error names where.
    if (i >= 16 && message.find("offset") == std::string::npos)
      QFAIL(qPrintable(QString::fromStdString(fmt::format("flip at {}: no offset in: {}", i, message))));
  }
  // Bytes appended after the end marker.
  QVERIFY(errorOf(bytes + "x").find("offset") != std::string::npos);
}

void RecordingTests::wrongVersionAndForeignFilesAreErrors() {
  std::string bytes = diamond().bytes;
  bytes[8] = 2;
  QVERIFY2(errorOf(bytes).find("format version 2; this Tickscope reads version 1") != std::string::npos,
           errorOf(bytes).c_str());
  QVERIFY(errorOf("{\"name\": \"a graph file\"}").find("not a Tickscope recording") != std::string::npos);
  QVERIFY(errorOf("").find("ends inside its header") != std::string::npos);
}

// The first recordings had no chunk 6 (the values runs read): they open, without values.
void RecordingTests::aRecordingWithoutValuesOpens() {
  const Recorded r = diamond();
  std::string bytes = r.bytes;
  std::size_t at = 16;  // past the file header
  bool removed = false;
  while (at < bytes.size()) {
    std::uint32_t type = 0;
    std::uint64_t length = 0;
    std::memcpy(&type, bytes.data() + at, 4);
    std::memcpy(&length, bytes.data() + at + 8, 8);
    const std::size_t size = 16 + length + 8;
    if (type == 6) {
      bytes.erase(at, size);
      removed = true;
      continue;
    }
    at += size;
  }
  QVERIFY(removed);
  const auto recording = Recording::fromBytes(bytes, "old.tstrace");
  const run::RunSnapshot last = recording->snapshotAt(recording->lastStep());
  QVERIFY(last.timelineRuns > 0);
  QCOMPARE(last.timeline->valueCount(), std::size_t{0});
  for (std::size_t i = 0; i < last.timelineRuns; ++i)
    QCOMPARE(last.timeline->run(i).valuesAt, run::TimelineRun::kNoValues);
  QCOMPARE(snapshotText(last), snapshotText(Recording::fromBytes(r.bytes, "new.tstrace")->snapshotAt(recording->lastStep())));
  // And with it, the values are the live run's (everyStepOfEveryExampleReopensIdentical).
  QVERIFY(Recording::fromBytes(r.bytes, "new.tstrace")->snapshotAt(recording->lastStep()).timeline->valueCount() > 0);
}

void RecordingTests::playbackMovesAsTheController() {
  auto document = std::make_shared<const graph::GraphDocument>(loadExample("debounce-storm.tsg.json"));
  run::Runner runner(*document, debuggerOptions());
  run::RecordingWriter writer;
  runner.makeObserver<run::RecordingObserver>(writer);
  runner.runToEnd();
  run::Playback playback(Recording::fromBytes(writer.bytes(), "storm.tstrace"));
  run::Controller controller(document, debuggerOptions());
  const auto same = [&] { return snapshotText(playback.snapshot()) == snapshotText(controller.snapshot()); };
  QVERIFY(same());
  for (int i = 0; i < 5; ++i) {
    QCOMPARE(playback.tick().kind, controller.tick().kind);
    QVERIFY(same());
  }
  QCOMPARE(playback.nextEvent({}).step, controller.nextEvent({}).step);
  QVERIFY(same());
  QCOMPARE(playback.nextTimer({}).step, controller.nextTimer({}).step);
  QVERIFY(same());
  QCOMPARE(playback.runUntilParked({}).step, controller.runUntilParked({}).step);
  QVERIFY(same());
  playback.stepBack();
  controller.stepBack({});
  QVERIFY(same());
  playback.goToStep(3);
  controller.goToStep(3, {});
  QVERIFY(same());
  const run::Outcome end = playback.continueRun({});
  QCOMPARE(end.kind, run::Outcome::Kind::RunOver);
  controller.continueRun({});
  QVERIFY(same());
  QCOMPARE(playback.tick().kind, run::Outcome::Kind::RunOver);
  // A Progress that says stop pauses between two steps.
  playback.reset();
  QCOMPARE(playback.continueRun([](std::uint64_t done, std::uint64_t) { return done < 4; }).kind,
           run::Outcome::Kind::Interrupted);
  QCOMPARE(playback.step(), std::uint64_t{4});
}

void RecordingTests::playbackBreakpointsStopWhereTheControllerDoes() {
  for (const char* example : {"debounce-storm", "newton-cycle", "runaway-cycle"}) {
    auto document = std::make_shared<const graph::GraphDocument>(loadExample(std::string(example) + ".tsg.json"));
    run::Runner runner(*document, debuggerOptions());
    run::RecordingWriter writer;
    runner.makeObserver<run::RecordingObserver>(writer);
    runner.runToEnd();
    std::vector<run::Breakpoint> breakpoints;
    const auto add = [&](run::Breakpoint::Kind kind, std::string target) {
      run::Breakpoint b;
      b.kind = kind;
      b.target = std::move(target);
      breakpoints.push_back(b);
    };
    for (const graph::Action& a : document->actions) add(run::Breakpoint::Kind::ActionRuns, a.id);
    for (std::size_t c = 0; c < document->cellCount(); ++c)
      add(run::Breakpoint::Kind::CellChanges, std::string(document->cellId(static_cast<graph::CellIndex>(c))));
    add(run::Breakpoint::Kind::ReportError, "");
    add(run::Breakpoint::Kind::CycleDetected, "");
    add(run::Breakpoint::Kind::DebounceFires, "");
    for (const run::Breakpoint& b : breakpoints) {
      run::Playback playback(Recording::fromBytes(writer.bytes(), "r.tstrace"));
      run::Controller controller(document, debuggerOptions());
      playback.setBreakpoints({b});
      controller.setBreakpoints({b});
      for (int hit = 0; hit < 6; ++hit) {
        const run::Outcome p = playback.continueRun({});
        const run::Outcome c = controller.continueRun({});
        const std::string what = fmt::format("{}: {} hit {}", example, run::describe(b), hit);
        QVERIFY2(p.kind == c.kind, (what + ": " + p.message + " / " + c.message).c_str());
        QVERIFY2(p.step == c.step, (what + ": " + p.message + " / " + c.message).c_str());
        if (p.kind != run::Outcome::Kind::BreakpointHit) break;
      }
    }
  }
}

void RecordingTests::playbackRefusesChanges() {
  run::Playback playback(Recording::fromBytes(diamond().bytes, "d.tstrace"), 2);
  QCOMPARE(playback.step(), std::uint64_t{2});
  const run::Outcome o = playback.refuse("Set a cell's value");
  QVERIFY(o.message.find("a recording cannot be changed") != std::string::npos);
  QCOMPARE(o.step, std::uint64_t{2});
  // The Inspector from the recording: what the action is and its recorded state.
  const run::Inspection in = playback.inspect(run::Inspection::Target::Action, 0);
  QCOMPARE(in.id, playback.recording()->document()->actions[0].id);
  QCOMPARE(in.state.runCount, playback.snapshot().actions[0].runCount);
}

namespace {
// causeText: the timeline's word on the last run of `action` (for messages).
std::string causeText(const run::RunSnapshot& s, std::uint32_t action) {
  for (std::size_t i = s.timelineRuns; s.timeline && i-- > 0;) {
    const run::TimelineRun& r = s.timeline->run(i);
    if (r.action == action) return fmt::format("; the timeline: {} {}", run::nameOf(r.cause), r.causeAction);
  }
  return {};
}
}  // namespace

// A recording's Inspector says why a run happened from its timeline alone: the same run, step,
// pull and, link by link, the same kinds, cells and writers as the live CauseLog, for every
// action at every step of the examples (the links' values are the values read: compared where
// both logs know them).
void RecordingTests::playbackExplainsRunsAsTheLiveRunDoes() {
  std::size_t compared = 0, links = 0, unknown = 0;
  std::string report;
  std::size_t sameText = 0;
  for (const char* file : {"diamond.tsg.json", "debounce-storm.tsg.json", "order-dependent.tsg.json",
                           "avoidable-work.tsg.json", "auto-debounce.tsg.json", "request-dangling.tsg.json",
                           "newton-cycle.tsg.json", "slow-cycle.tsg.json", "runaway-cycle.tsg.json"}) {
    for (const auto mode : {graph::Mode::Pull, graph::Mode::Push}) {
      run::Runner runner(loadExample(file), debuggerOptions(mode));
      run::RecordingWriter writer;
      runner.makeObserver<run::RecordingObserver>(writer);
      std::vector<std::vector<std::optional<run::RunCause>>> live;  // [step][action]
      const std::size_t actions = runner.document().actions.size();
      auto keep = [&] {
        auto& row = live.emplace_back();
        for (std::uint32_t a = 0; a < actions; ++a) row.push_back(runner.inspect(run::Inspection::Target::Action, a).lastRun);
      };
      keep();
      while (runner.step() && live.size() < 400) keep();
      run::Playback playback(Recording::fromBytes(writer.bytes(), "r.tstrace"));
      for (std::uint64_t step = 0; step < live.size(); ++step) {
        playback.goToStep(step);
        for (std::uint32_t a = 0; a < actions; ++a) {
          const std::optional<run::RunCause> want = live[step][a];
          const std::optional<run::RunCause> got = playback.inspect(run::Inspection::Target::Action, a).lastRun;
          const std::string where = fmt::format("{} ({}) step {} action {}", file, mode == graph::Mode::Pull ? "pull" : "push",
                                                step, runner.document().actions[a].id);
          QVERIFY2(want.has_value() == got.has_value(), where.c_str());
          if (!want) continue;
          ++compared;
          QVERIFY2(want->run == got->run && want->step == got->step, where.c_str());
          QVERIFY2(want->pulled == got->pulled, where.c_str());
          QVERIFY2(!got->chain.empty(), where.c_str());
          for (std::size_t k = 0; k < std::min(want->chain.size(), got->chain.size()); ++k) {
            const run::CauseLink& w = want->chain[k];
            const run::CauseLink& g = got->chain[k];
            if (g.kind == run::CauseLink::Kind::Unknown || w.kind == run::CauseLink::Kind::Unknown) {
              ++unknown;
              if (report.size() < 4000) report += fmt::format("{} link {}: live \"{}\" / recorded \"{}\"\n", where, k, w.text, g.text);
              break;
            }
            ++links;
            const std::string at = fmt::format("{} link {}: live \"{}\" / recorded \"{}\" (pulled {} by {})", where, k,
                                               w.text, g.text, got->pulled, got->puller) + causeText(playback.snapshot(), a);
            QVERIFY2(w.kind == g.kind, at.c_str());
            QVERIFY2(w.cell == g.cell && w.writer == g.writer && w.writerRun == g.writerRun, at.c_str());
            // An event's link reads its "was" from the recording's frames: the same sentence.
            if (w.kind == run::CauseLink::Kind::EventApplied) QCOMPARE(g.text, w.text);
            if (w.text == g.text) ++sameText;
            else if (report.size() < 1500) report += at + "\n";
          }
        }
      }
    }
  }
  qInfo("%zu runs explained, %zu links alike (%zu with the same sentence), %zu chains end unknown on one side", compared,
        links, sameText, unknown);
  qInfo("%s", report.c_str());
}
