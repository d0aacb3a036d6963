#include "exporter.h"

#include <sstream>

#include <QBuffer>
#include <QDir>
#include <QFutureWatcher>
#include <QTemporaryFile>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QtConcurrent/QtConcurrentRun>

#include "cli/commands.h"
#include "graph/writer.h"
#include "graph_view.h"
#include "run/state_dot.h"

namespace tickscope::app {

namespace {

struct ReportResult {
  int exitCode = 0;
  std::string errors;
};

// saveAtomically: `bytes` to `out` through a QSaveFile (never half a file); "" or why not.
QString saveAtomically(const QByteArray& bytes, const QString& out) {
  QSaveFile file(out);
  if (!file.open(QIODevice::WriteOnly)) return file.errorString();
  if (file.write(bytes) != bytes.size()) return file.errorString();
  if (!file.commit()) return file.errorString();
  return {};
}

}  // namespace

Exporter::Exporter(QObject* parent) : QObject(parent) {}

bool Exporter::exportReport(Report kind, const QString& file, const std::string& mode, std::uint64_t seed,
                            const QString& out) {
  if (running_) return false;
  running_ = true;
  RunCommand command;
  command.file = file.toStdString();
  command.mode = mode;
  command.seed = seed;
  return start(kind, std::move(command), out, nullptr);
}

bool Exporter::exportReport(Report kind, const graph::GraphDocument& document, const std::string& mode,
                            std::uint64_t seed, double maxTimeMs, const QString& out) {
  if (running_) return false;
  auto graphFile = std::make_shared<QTemporaryFile>(QDir::temp().filePath(QStringLiteral("tickscope-XXXXXX.tsg.json")));
  const std::string text = graph::saveGraph(document);
  if (!graphFile->open() || graphFile->write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) ||
      !graphFile->flush()) {
    emit exportFinished(false, tr("Export failed: %1").arg(graphFile->errorString()));
    return true;
  }
  running_ = true;
  RunCommand command;
  command.file = graphFile->fileName().toStdString();
  command.mode = mode;
  command.seed = seed;
  command.maxTimeMs = maxTimeMs;
  return start(kind, std::move(command), out, std::move(graphFile));
}

bool Exporter::start(Report kind, RunCommand command, const QString& out, std::shared_ptr<QTemporaryFile> keep) {
  switch (kind) {
    case Report::Json: command.report = out.toStdString(); break;
    case Report::Csv: command.csv = out.toStdString(); break;
    case Report::ChromeTrace: command.trace = out.toStdString(); break;
    case Report::Recording: command.record = out.toStdString(); break;
  }
  auto* watcher = new QFutureWatcher<ReportResult>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, out] {
    const ReportResult result = watcher->result();
    watcher->deleteLater();
    running_ = false;
    // Exit 3 (--strict) is not asked for; 0 is written, anything else says why on "stderr".
    const bool ok = result.exitCode == kExitOk;
    emit exportFinished(ok, ok ? tr("Exported %1").arg(out)
                               : tr("Export failed: %1").arg(QString::fromStdString(result.errors).trimmed()));
  });
  watcher->setFuture(QtConcurrent::run([command, keep] {
    std::ostringstream stdOut, stdErr;
    ReportResult r;
    try {
      r.exitCode = runCommand(command, stdOut, stdErr);
      r.errors = stdErr.str();
    } catch (const std::exception& e) {
      r.exitCode = kExitFailure;
      r.errors = e.what();
    }
    return r;
  }));
  return true;
}

QString Exporter::exportGraphImage(std::shared_ptr<const views::GraphStructure> structure,
                                   std::shared_ptr<const views::layout::GraphLayout> layout,
                                   std::shared_ptr<const run::RunSnapshot> snapshot, const QString& out) {
  if (!structure || !layout) return tr("the graph is not laid out yet");
  const double margin = 24;
  const double width = layout->bounds.width + 2 * margin;
  const double height = layout->bounds.height + 2 * margin;
  const double scale = std::min({views::GraphView::kMaxFitScale, kMaxImageSide / width, kMaxImageSide / height});
  const QSize size(std::max(1, static_cast<int>(width * scale)), std::max(1, static_cast<int>(height * scale)));
  // A view of its own, the image's size, never shown: the pane's view keeps its zoom.
  views::GraphView view;
  view.resize(size);
  view.setGraph(std::move(structure), std::move(layout));
  view.setSnapshot(std::move(snapshot));
  view.fit();
  QImage image(size, QImage::Format_RGB32);
  view.render(&image);
  QSaveFile file(out);  // a temporary file renamed on commit: never half an image
  if (!file.open(QIODevice::WriteOnly)) return file.errorString();
  QImageWriter writer(&file, "png");
  if (!writer.write(image)) return writer.errorString();
  if (!file.commit()) return file.errorString();
  return {};
}

QString Exporter::exportGraphSvg(std::shared_ptr<const views::GraphStructure> structure,
                                 std::shared_ptr<const views::layout::GraphLayout> layout,
                                 std::shared_ptr<const run::RunSnapshot> snapshot, const QString& out) {
  if (!structure || !layout) return tr("the graph is not laid out yet");
  // A view of its own, never shown: it prepares the boxes, routes and states as the pane's.
  views::GraphView view;
  view.setGraph(std::move(structure), std::move(layout));
  view.setSnapshot(snapshot);
  const QSizeF size = view.vectorSize();
  if (size.isEmpty()) return tr("the graph is empty");
  QBuffer buffer;  // drawn in memory first: a failed drawing writes nothing
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(size.toSize());
  svg.setViewBox(QRectF(QPointF(0, 0), size));
  const QString name = snapshot && snapshot->document ? QString::fromStdString(snapshot->document->name) : QString();
  svg.setTitle(name);
  if (snapshot) {
    svg.setDescription(tr("%1, %2, seed %3, step %4, t = %5 ms")
                           .arg(name, QString::fromStdString(snapshot->mode))
                           .arg(snapshot->seed)
                           .arg(snapshot->step)
                           .arg(snapshot->nowMs));
  }
  {
    QPainter painter;
    if (!painter.begin(&svg)) return tr("cannot draw the SVG");
    view.paintVector(painter);
  }
  return saveAtomically(buffer.data(), out);
}

QString Exporter::exportGraphDot(const run::RunSnapshot* snapshot, const QString& out) {
  if (!snapshot || !snapshot->document) return tr("nothing is open");
  std::string dot;
  try {
    dot = run::toStateDot(*snapshot);
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return saveAtomically(QByteArray::fromStdString(dot), out);
}

}  // namespace tickscope::app
