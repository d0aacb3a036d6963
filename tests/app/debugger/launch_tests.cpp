// The binary's debugger forms: --screenshot (offscreen without a display), --size, --goto.
#include <QtTest/QtTest>

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include "debugger_test_classes.h"
#include "debugger_test_support.h"

using tickscope::testing::examplePath;

namespace {

struct Run {
  int exitCode = -1;
  QByteArray out;
  QByteArray err;
};

// tickscope with no display at all: --screenshot must render offscreen by itself.
Run runTickscope(const QStringList& args) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(name);
  p.setProcessEnvironment(env);
  p.start(QStringLiteral(TICKSCOPE_BINARY), args);
  Run r;
  if (!p.waitForFinished(60000)) {
    p.kill();
    p.waitForFinished();
    qWarning("tickscope %s did not finish", qPrintable(args.join(' ')));
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace

void LaunchTests::screenshotHasTheGivenSize() {
  QTemporaryDir dir;
  const QString png = dir.filePath("shot.png");
  const Run r = runTickscope({examplePath("diamond.tsg.json"), "--screenshot", png, "--size", "1000x700"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QImage image(png);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), QSize(1000, 700));
  QVERIFY2(r.out.contains("step 0"), r.out.constData());
  // Not one flat colour: the window was drawn.
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 7)
    for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
  QVERIFY(colours.size() > 8);
}

void LaunchTests::gotoOpensAtThatStep() {
  QTemporaryDir dir;
  const QString png = dir.filePath("at.png");
  const Run r = runTickscope({examplePath("debounce-storm.tsg.json"), "--goto", "9", "--seed", "4", "--mode", "push",
                           "--screenshot", png});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QVERIFY2(r.out.contains("step 9,"), r.out.constData());
  QVERIFY2(r.out.contains("mode push, seed 4"), r.out.constData());
  QVERIFY(QFile::exists(png));
  // --select: the action is selected and inspected before the shot; an unknown id is an input error.
  const Run selected = runTickscope({examplePath("newton-cycle.tsg.json"), "--goto", "4", "--select", "halfStep",
                                     "--screenshot", png});
  QVERIFY2(selected.exitCode == 0, selected.err.constData());
  const Run unknown = runTickscope({examplePath("newton-cycle.tsg.json"), "--select", "nope", "--screenshot", png});
  QCOMPARE(unknown.exitCode, 2);
  QVERIFY2(unknown.err.contains("has no action or cell \"nope\""), unknown.err.constData());
  // --goto past the end stops at the end.
  const Run end = runTickscope({examplePath("diamond.tsg.json"), "--goto", "100000", "--screenshot", png});
  QCOMPARE(end.exitCode, 0);
  QVERIFY2(end.out.contains("step 13,"), end.out.constData());
}

void LaunchTests::screenshotFailures() {
  QTemporaryDir dir;
  const Run unwritable = runTickscope({examplePath("diamond.tsg.json"), "--screenshot", dir.filePath("no/such/dir/x.png")});
  QCOMPARE(unwritable.exitCode, 1);
  QVERIFY(unwritable.err.contains("cannot write the screenshot"));
  const QString bad = dir.filePath("bad.tsg.json");
  QFile f(bad);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("{ nope");
  f.close();
  const QString png = dir.filePath("bad.png");
  const Run invalid = runTickscope({bad, "--screenshot", png});
  QCOMPARE(invalid.exitCode, 2);
  QVERIFY2(invalid.err.contains(bad.toUtf8() + ":1:"), invalid.err.constData());
  QVERIFY(!QFile::exists(png));
}
