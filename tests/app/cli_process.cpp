#include "cli_process.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest/QtTest>

namespace cli {

Result run(const QStringList& args, const QString& workDir, const QProcessEnvironment& extraEnv) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const QString& key : extraEnv.keys()) {
    if (extraEnv.value(key).isEmpty()) {
      env.remove(key);  // an empty value unsets the variable
    } else {
      env.insert(key, extraEnv.value(key));
    }
  }
  p.setProcessEnvironment(env);
  if (!workDir.isEmpty()) p.setWorkingDirectory(workDir);
  p.start(QStringLiteral(TICKSCOPE_BINARY), args);
  Result r;
  if (!p.waitForStarted(30000)) {
    qWarning("cannot start %s", TICKSCOPE_BINARY);
    r.crashed = true;
    return r;
  }
  p.closeWriteChannel();
  if (!p.waitForFinished(120000)) {
    p.kill();
    p.waitForFinished();
    qWarning("tickscope %s timed out", qPrintable(args.join(' ')));
    r.crashed = true;
  }
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  r.crashed = r.crashed || p.exitStatus() != QProcess::NormalExit;
  r.exitCode = r.crashed ? -1 : p.exitCode();
  if (r.crashed) qWarning("tickscope %s crashed; stderr: %s", qPrintable(args.join(' ')), r.err.constData());
  return r;
}

QString example(const QString& name) { return QStringLiteral(TICKSCOPE_EXAMPLES_DIR) + "/" + name + ".tsg.json"; }

QByteArray readFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

void writeFile(const QString& path, const QByteArray& content) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
  f.write(content);
}

nlohmann::json parseJson(const QByteArray& bytes) {
  auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded()) {
    qWarning("not JSON: %.300s", bytes.constData());
    return nlohmann::json();
  }
  return j;
}

QStringList entries(const QString& dir) {
  QStringList names = QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
  names.sort();
  return names;
}

}  // namespace cli
