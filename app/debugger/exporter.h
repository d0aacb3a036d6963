#pragma once
// Exporter: File > Export of the debugger window. The report (JSON), the CSV and the Chrome
// trace are made by the command line's own `tickscope run` (runCommand) on the open file with
// the run's mode and seed, so their bytes equal `tickscope run FILE --mode M --seed S --report
// OUT` (and --csv, --trace); they are written atomically, on a thread of their own (a large
// document runs for seconds), and hand edits made in the window are not part of them (they are
// the file's run). The graph image is the Graph pane's graph as it is now (states of the
// current step), the whole of it, rendered at up to 1.5 pixels per point and at most
// kMaxImageSide pixels a side, written atomically as PNG; or as SVG, drawn as vectors
// (GraphView::paintVector: every edge a polyline, no raster layer). The DOT is the engine's
// run/state_dot.h of the current snapshot: at the end of a run its bytes equal `tickscope run
// FILE --mode M --seed S --dot OUT`.
// With a recording open, the reports and the recording are those of the recording's graph run
// with its mode, seed and max time (the run that made it, in virtual time).
#include <memory>

#include <QObject>
#include <QString>

#include "cli/command_line.h"
#include "graph/document.h"
#include "graph_structure.h"
#include "layout/layout_graph.h"
#include "run/run_snapshot.h"

class QTemporaryFile;

namespace tickscope::app {

class Exporter final : public QObject {
  Q_OBJECT
 public:
  // Recording: the run's recording (*.tstrace), as `tickscope run FILE --record OUT`.
  enum class Report { Json, Csv, ChromeTrace, Recording };
  static constexpr int kMaxImageSide = 8192;

  explicit Exporter(QObject* parent = nullptr);

  // exportReport: starts writing `kind` of the run of `file` (mode and seed as given) to
  // `out`; exportFinished says how it went. False when another export is still running.
  bool exportReport(Report kind, const QString& file, const std::string& mode, std::uint64_t seed, const QString& out);
  // exportReport: the same for a document that is not a file of its own (an open recording's
  // graph): its text is saved to a temporary file that the command line runs, with
  // `maxTimeMs` (the recording's).
  bool exportReport(Report kind, const graph::GraphDocument& document, const std::string& mode, std::uint64_t seed,
                    double maxTimeMs, const QString& out);
  bool busy() const { return running_; }

  // exportGraphImage: the whole graph as a PNG at `out`; "" when written, else why not.
  static QString exportGraphImage(std::shared_ptr<const views::GraphStructure> structure,
                                  std::shared_ptr<const views::layout::GraphLayout> layout,
                                  std::shared_ptr<const run::RunSnapshot> snapshot, const QString& out);
  // exportGraphSvg: the whole graph as an SVG at `out` (one unit per layout point); "" when
  // written, else why not.
  static QString exportGraphSvg(std::shared_ptr<const views::GraphStructure> structure,
                                std::shared_ptr<const views::layout::GraphLayout> layout,
                                std::shared_ptr<const run::RunSnapshot> snapshot, const QString& out);
  // exportGraphDot: the document with the snapshot's states as DOT at `out`; "" when written,
  // else why not.
  static QString exportGraphDot(const run::RunSnapshot* snapshot, const QString& out);

 signals:
  // exportFinished: `message` says where it went, or why it failed (`ok` false).
  void exportFinished(bool ok, const QString& message);

 private:
  bool start(Report kind, RunCommand command, const QString& out, std::shared_ptr<QTemporaryFile> keep);

  bool running_ = false;
};

}  // namespace tickscope::app
