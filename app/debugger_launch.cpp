#include "debugger_launch.h"

#include <clocale>
#include <memory>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QIcon>
#include <QImageWriter>
#include <QTimer>
#include <fmt/format.h>

#include "cli/commands.h"
#include "debugger/debug_session.h"
#include "debugger/main_window.h"
#include "inspector_pane.h"
#include "trace/json_writer.h"

namespace tickscope::app {

namespace {

// hasDisplay: somewhere to show a window: an X or Wayland display, or a platform plugin the
// user chose that shows one (offscreen and minimal show nothing: a headless run then).
bool hasDisplay() {
  const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
  if (!platform.isEmpty()) return !platform.startsWith("offscreen") && !platform.startsWith("minimal");
  return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

int headlessRun(const DebuggerCommand& command, std::ostream& out, std::ostream& err) {
  if (command.file.empty()) {
    err << "tickscope: no display to open the debugger on; give a FILE to run it headless\n\n" << usage();
    return kExitInputError;
  }
  err << fmt::format(
      "tickscope: no display to open the debugger on: running {} headless, the JSON report follows on standard output "
      "(see `tickscope run --help` for options)\n",
      command.file);
  RunCommand run;
  run.file = command.file;
  run.mode = command.mode;
  run.seed = command.seed;
  return runCommand(run, out, err);
}

// Screenshot: saves the window once the session has its document at its step and the
// panes have shown it (the graph laid out), then quits with the exit code.
constexpr qint64 kLayoutWaitMs = 120'000;
void scheduleScreenshot(QApplication& app, MainWindow& window, DebugSession& session, const QString& out,
                        bool selecting, std::ostream& stdOut, std::ostream& err) {
  auto* checking = new QTimer(&window);
  checking->setInterval(50);
  // The graph's final layout (dot's for a small graph) is waited for, up to kLayoutWaitMs.
  auto waited = std::make_shared<QElapsedTimer>();
  waited->start();
  auto shoot = [&app, &window, &session, out, selecting, &stdOut, &err, checking, waited] {
    if (!session.snapshot() || !session.idle()) return;
    if (selecting && !window.inspectorPane()->inspection()) return;
    if (!window.graphSettled() && waited->elapsed() < kLayoutWaitMs) return;
    checking->stop();
    // One more turn of the event loop: layouts and table geometry settle after the data.
    QTimer::singleShot(150, &window, [&app, &window, &session, out, &stdOut, &err] {
      const QImage image = window.grab().toImage();
      QImageWriter writer(out);
      if (!writer.write(image)) {
        err << fmt::format("tickscope: cannot write the screenshot {}: {}\n", out.toStdString(),
                           writer.errorString().toStdString());
        app.exit(kExitFailure);
        return;
      }
      // Where the run stood, for scripts: the status bar's fields.
      const auto snapshot = session.snapshot();
      stdOut << fmt::format("tickscope: saved {} ({}x{}): step {}, time {} ms, mode {}, seed {}\n", out.toStdString(),
                            image.width(), image.height(), snapshot->step, trace::formatNumber(snapshot->nowMs),
                            snapshot->mode, snapshot->seed)
             << std::flush;
      app.exit(kExitOk);
    });
  };
  QObject::connect(checking, &QTimer::timeout, &window, shoot);
  QObject::connect(&session, &DebugSession::loadFailed, &window, [&app, &err](const QString& text) {
    err << text.toStdString() << "\n";
    app.exit(kExitInputError);
  });
  checking->start();
}

// selectOnceOpen: --select: once the file is open, its action or cell `command.select` is
// selected; an unknown id is said on standard error (and ends a screenshot run, exit 2).
void selectOnceOpen(QApplication& app, DebugSession& session, const DebuggerCommand& command, bool screenshot,
                    std::ostream& err) {
  auto* once = new QObject(&session);
  QObject::connect(&session, &DebugSession::loadSucceeded, once, [&app, &session, &err, once, screenshot,
                                                                   id = command.select, file = command.file] {
    once->deleteLater();
    const auto document = session.document();
    if (const auto action = document->findAction(id)) {
      session.select(views::Selection::ofAction(static_cast<std::uint32_t>(*action)));
    } else if (const auto cell = document->findCell(id)) {
      session.select(views::Selection{{}, {static_cast<std::uint32_t>(*cell)}});
    } else {
      err << fmt::format("tickscope: --select: {} has no action or cell \"{}\"\n", file, id) << std::flush;
      if (screenshot) app.exit(kExitInputError);
    }
  });
}

}  // namespace

int launchDebugger(const DebuggerCommand& command, int& argc, char** argv, std::ostream& out, std::ostream& err) {
  if (!hasDisplay()) {
    if (command.screenshot.empty()) return headlessRun(command, out, err);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  QApplication app(argc, argv);
  std::setlocale(LC_NUMERIC, "C");  // Qt adopted the system locale; numbers in files are C
  QApplication::setOrganizationName(QStringLiteral("Tickscope"));
  QApplication::setApplicationName(QStringLiteral("Tickscope"));
  QGuiApplication::setDesktopFileName(QStringLiteral("io.github.tickscope.tickscope"));  // packaging/linux
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tickscope.svg")));

  DebugSession session;
  MainWindow window(&session);
  const bool screenshot = !command.screenshot.empty();
  if (!screenshot) window.restoreLayout();  // a screenshot shows the default layout
  if (command.size) window.resize(command.size->first, command.size->second);
  window.show();

  if (!command.file.empty()) {
    DebugSession::OpenOptions options;
    if (command.mode) options.mode = graph::parseMode(*command.mode);
    options.seed = command.seed;
    options.gotoStep = command.gotoStep.value_or(0);
    session.open(QString::fromStdString(command.file), options);
  }
  if (!command.select.empty()) selectOnceOpen(app, session, command, screenshot, err);
  if (screenshot)
    scheduleScreenshot(app, window, session, QString::fromStdString(command.screenshot), !command.select.empty(), out,
                       err);
  return app.exec();
}

}  // namespace tickscope::app
