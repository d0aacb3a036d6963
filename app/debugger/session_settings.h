#pragma once
// SessionSettings: what the debugger remembers between sessions, in QSettings: the recent
// files (newest first, at most kMaxRecent), each file's breakpoints (JSON, keyed by the
// file's absolute path), and the window's geometry and dock layout.
#include <cstddef>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "run/breakpoint.h"

namespace tickscope::app {

class SessionSettings {
 public:
  static constexpr int kMaxRecent = 10;

  static QStringList recentFiles();
  // addRecentFile: `path` becomes the newest (absolute; listed once).
  static void addRecentFile(const QString& path);
  static void removeRecentFile(const QString& path);

  // breakpoints: the breakpoints saved for `path` (problems reading them go to `problems`).
  static std::vector<run::Breakpoint> breakpoints(const QString& path, QStringList* problems = nullptr);
  static void setBreakpoints(const QString& path, const std::vector<run::Breakpoint>& breakpoints);

  static QByteArray windowGeometry();
  static QByteArray windowState();
  static void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

  // dotThreshold: graphs of up to this many nodes get Graphviz dot's layout after the first
  // picture (`graph/dotThreshold`, default kDefaultDotThreshold; 0: never dot). dot's time grows
  // fast with size (about 0.5 s for 1,000 random nodes on 2 cores, minutes for 10,000).
  static constexpr int kDefaultDotThreshold = 2000;
  static std::size_t dotThreshold();
  static void setDotThreshold(std::size_t nodes);
};

}  // namespace tickscope::app
