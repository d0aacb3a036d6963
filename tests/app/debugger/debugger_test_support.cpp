#include "debugger_test_support.h"

#include "engine/run/run_test_support.h"
#include "graph/loader.h"

namespace tickscope::testing {

QString examplePath(const QString& name) { return QStringLiteral(TICKSCOPE_EXAMPLES_DIR "/") + name; }

bool waitIdle(app::DebugSession& session, int ms) {
  QElapsedTimer t;
  t.start();
  // Twice idle in a row, a turn of the event loop apart: a command's result and its
  // publication arrive separately.
  int calm = 0;
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    calm = session.idle() ? calm + 1 : 0;
    if (calm >= 3) return true;
    QTest::qWait(2);
  }
  qWarning("the session did not become idle in %d ms (busy: %s)", ms, qPrintable(session.busy().what));
  return false;
}

bool openAndWait(app::DebugSession& session, const QString& path, const app::DebugSession::OpenOptions& options) {
  QSignalSpy changed(&session, &app::DebugSession::documentChanged);
  QSignalSpy failed(&session, &app::DebugSession::loadFailed);
  session.open(path, options);
  QElapsedTimer t;
  t.start();
  while (changed.isEmpty() && failed.isEmpty() && t.elapsed() < 30000) QTest::qWait(5);
  if (!failed.isEmpty()) {
    qWarning("%s does not load: %s", qPrintable(path), qPrintable(failed.front().front().toString()));
    return false;
  }
  return !changed.isEmpty() && waitIdle(session) && session.snapshot() != nullptr;
}

std::unique_ptr<run::Runner> referenceRunner(const QString& path, std::optional<graph::Mode> mode,
                                             std::optional<std::uint64_t> seed) {
  graph::LoadResult r = graph::loadGraph(path.toStdString());
  if (!r.ok()) qFatal("%s does not load", qPrintable(path));
  run::RunOptions options;
  options.recorderCapacity = 0;
  options.journalSteps = 1000;
  options.recordCauses = true;  // the Controller forces it on
  options.mode = mode;
  options.seed = seed;
  return std::make_unique<run::Runner>(std::make_shared<const graph::GraphDocument>(std::move(*r.document)), options);
}

std::string sessionText(const app::DebugSession& session) {
  return session.snapshot() ? snapshotText(*session.snapshot()) : std::string("(no snapshot)");
}

}  // namespace tickscope::testing
