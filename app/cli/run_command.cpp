#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "graph/loader.h"
#include "run/recording.h"
#include "run/runner.h"
#include "run/state_dot.h"
#include "trace/atomic_file.h"
#include "trace/chrome_trace.h"
#include "trace/csv_report.h"
#include "trace/report_json.h"

namespace tickscope::app {

namespace {

struct Output {
  std::string path;
  std::function<void(std::ostream&)> write;
  std::unique_ptr<trace::AtomicFile> file;  // unset for "-"
};

}  // namespace

int runCommand(const RunCommand& command, std::ostream& out, std::ostream& err) {
  graph::LoadResult loaded = graph::loadGraph(command.file, graph::LoadLimits::fromEnvironment());
  err << loaded.warningText();
  if (!loaded.ok()) {
    err << loaded.errorText();
    return kExitInputError;
  }

  run::RunOptions options;
  if (command.mode) options.mode = graph::parseMode(*command.mode);
  options.seed = command.seed;
  if (command.maxTimeMs) options.maxTimeMs = *command.maxTimeMs;
  // Recording costs time and memory: only when a trace was asked for.
  if (command.trace.empty()) options.recorderCapacity = 0;
  // Nothing here saves or re-validates the document: let the runner drop what it has built.
  // The DOT needs it whole (reads, writes, expressions), and a journal of the last step for
  // what ran in it, as the debugger's snapshots have. A recording keeps it too (it holds the
  // graph) and what the debugger's panes show: the journal, the causes and the timeline. None
  // of them changes the run or its report (observers only).
  const bool dot = !command.dot.empty();
  const bool recording = !command.record.empty();
  options.keepDocument = dot || recording;
  if (dot) options.journalSteps = 1;
  if (recording) {
    options.journalSteps = 1000;
    options.recordCauses = true;
    options.recordTimeline = true;
  }
  run::RecordingWriter recordingWriter;

  std::optional<run::Runner> runner;
  // Written row by row from the runner: a big graph's report is never held whole.
  std::unique_ptr<trace::ReportSource> report;
  std::optional<run::RunSnapshot> finalState;  // --dot
  try {
    runner.emplace(std::move(*loaded.document), options);
    if (recording) runner->makeObserver<run::RecordingObserver>(recordingWriter);
    runner->runToEnd();
    report = runner->reportSource();
    if (dot) finalState = runner->snapshot({.recentSteps = 0});
  } catch (const std::exception& e) {
    err << fmt::format("tickscope: {}: the run failed: {}\n", command.file, e.what());
    return kExitFailure;
  }

  std::vector<Output> outputs;
  if (!command.report.empty() || (command.csv.empty() && command.trace.empty() && !dot))
    outputs.push_back({command.report.empty() ? "-" : command.report,
                       [&](std::ostream& o) { trace::writeReportJson(o, *report); }, nullptr});
  if (!command.csv.empty())
    outputs.push_back({command.csv, [&](std::ostream& o) { trace::writeCsvReport(o, *report); }, nullptr});
  if (!command.trace.empty()) {
    outputs.push_back({command.trace,
                       [&](std::ostream& o) {
                         trace::writeChromeTrace(o, runner->recorder()->events(), runner->chromeTraceOptions());
                       },
                       nullptr});
  }
  if (dot) outputs.push_back({command.dot, [&](std::ostream& o) { run::writeStateDot(o, *finalState); }, nullptr});
  if (recording) {
    outputs.push_back({command.record,
                       [&](std::ostream& o) {
                         const std::string bytes = recordingWriter.bytes();
                         o.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                       },
                       nullptr});
  }
  try {
    // Open every file first: a path that cannot be written fails before anything is.
    for (Output& o : outputs)
      if (!trace::isStdoutPath(o.path)) o.file = std::make_unique<trace::AtomicFile>(o.path);
    for (Output& o : outputs) {
      if (o.file) {
        o.write(o.file->stream());
      } else {
        trace::writeOutput("-", o.write, out);
      }
    }
    for (Output& o : outputs)
      if (o.file) o.file->commit();
  } catch (const trace::OutputError& e) {
    err << "tickscope: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {  // the rows are read from the runner while writing
    err << fmt::format("tickscope: {}: the run failed: {}\n", command.file, e.what());
    return kExitFailure;
  }

  if (runner->recorder() && runner->recorder()->dropped() > 0) {
    err << fmt::format("tickscope: warning: the trace lacks the {} oldest events (recorder capacity {})\n",
                       runner->recorder()->dropped(), runner->recorder()->capacity());
  }
  if (command.strict && !report->errors().empty()) {
    err << fmt::format("tickscope: {}: the report has {} error(s) (--strict)\n", command.file, report->errors().size());
    for (const trace::ReportError& e : report->errors()) err << fmt::format("  {}: {}\n", e.kind, e.message);
    return kExitStrict;
  }
  return kExitOk;
}

}  // namespace tickscope::app
