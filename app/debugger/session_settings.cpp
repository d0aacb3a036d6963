#include "session_settings.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>

namespace tickscope::app {

namespace {

QString absolute(const QString& path) { return QFileInfo(path).absoluteFilePath(); }

// A settings key for a file: its path hashed (paths may hold characters QSettings keys
// cannot), the path itself kept beside it for whoever reads the file.
QString fileGroup(const QString& path) {
  const QByteArray hash = QCryptographicHash::hash(absolute(path).toUtf8(), QCryptographicHash::Sha1).toHex();
  return QStringLiteral("files/") + QString::fromLatin1(hash.left(16));
}

}  // namespace

QStringList SessionSettings::recentFiles() { return QSettings().value(QStringLiteral("recentFiles")).toStringList(); }

void SessionSettings::addRecentFile(const QString& path) {
  QStringList files = recentFiles();
  const QString file = absolute(path);
  files.removeAll(file);
  files.prepend(file);
  while (files.size() > kMaxRecent) files.removeLast();
  QSettings().setValue(QStringLiteral("recentFiles"), files);
}

void SessionSettings::removeRecentFile(const QString& path) {
  QStringList files = recentFiles();
  files.removeAll(absolute(path));
  QSettings().setValue(QStringLiteral("recentFiles"), files);
}

std::vector<run::Breakpoint> SessionSettings::breakpoints(const QString& path, QStringList* problems) {
  QSettings settings;
  settings.beginGroup(fileGroup(path));
  const QByteArray json = settings.value(QStringLiteral("breakpoints")).toByteArray();
  std::vector<std::string> found;
  std::vector<run::Breakpoint> out = run::breakpointsFromJson(std::string_view(json.constData(), json.size()), &found);
  if (problems) {
    for (const std::string& p : found) problems->append(QString::fromStdString(p));
  }
  return out;
}

void SessionSettings::setBreakpoints(const QString& path, const std::vector<run::Breakpoint>& breakpoints) {
  QSettings settings;
  settings.beginGroup(fileGroup(path));
  settings.setValue(QStringLiteral("path"), absolute(path));
  settings.setValue(QStringLiteral("breakpoints"), QByteArray::fromStdString(run::breakpointsToJson(breakpoints)));
}

QByteArray SessionSettings::windowGeometry() { return QSettings().value(QStringLiteral("window/geometry")).toByteArray(); }
QByteArray SessionSettings::windowState() { return QSettings().value(QStringLiteral("window/state")).toByteArray(); }

std::size_t SessionSettings::dotThreshold() {
  bool ok = false;
  const qlonglong n = QSettings().value(QStringLiteral("graph/dotThreshold"), kDefaultDotThreshold).toLongLong(&ok);
  return ok && n >= 0 ? static_cast<std::size_t>(n) : std::size_t(kDefaultDotThreshold);  // junk: the default
}

void SessionSettings::setDotThreshold(std::size_t nodes) {
  QSettings().setValue(QStringLiteral("graph/dotThreshold"), static_cast<qulonglong>(nodes));
}

void SessionSettings::setWindowLayout(const QByteArray& geometry, const QByteArray& state) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), geometry);
  settings.setValue(QStringLiteral("window/state"), state);
}

}  // namespace tickscope::app
