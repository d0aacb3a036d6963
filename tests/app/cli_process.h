#pragma once
// Runs the built `tickscope` binary (path from the TICKSCOPE_BINARY compile definition) and
// collects its exit code and output, plus small helpers shared by the CLI test classes.
#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace cli {

struct Result {
  int exitCode = -1;
  bool crashed = false;
  QByteArray out;
  QByteArray err;
};

// run: `tickscope args...` in `workDir` (default: the current directory) with extra
// environment variables (an empty value unsets one); fails the current test on a crash or a
// 120 s timeout.
Result run(const QStringList& args, const QString& workDir = {},
           const QProcessEnvironment& extraEnv = QProcessEnvironment());

QString example(const QString& name);  // resources/examples/<name>.tsg.json
QByteArray readFile(const QString& path);
void writeFile(const QString& path, const QByteArray& content);
nlohmann::json parseJson(const QByteArray& bytes);  // fails the test (returns null) if invalid
// entries: the names in `dir`, sorted (to prove no temporary file was left behind).
QStringList entries(const QString& dir);

}  // namespace cli
