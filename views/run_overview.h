#pragma once
// RunOverview: the window's central area: what is open (name, file, description), where the
// run stands (step, time, phase, the next move), how the last command ended (a breakpoint
// hit...), a load error when there is one (with the loader's FILE:LINE:COLUMN or FILE:
// /pointer messages, selectable), and the hand edits of the session with a button to forget
// them. With nothing open it says how to open a file.
#include <memory>

#include <QWidget>

#include "run/run_snapshot.h"

class QLabel;
class QListWidget;
class QPushButton;
class QPlainTextEdit;

namespace tickscope::views {

class RunOverview final : public QWidget {
  Q_OBJECT
 public:
  explicit RunOverview(QWidget* parent = nullptr);

  // setDocument: the open file (empty path: nothing open).
  void setDocument(const QString& path, std::shared_ptr<const graph::GraphDocument> document);
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setMessage: how the last command ended ("" hides it).
  void setMessage(const QString& text);
  // setLoadError: the last load error, shown until cleared ("" hides it).
  void setLoadError(const QString& text);
  // setInterventions: the session's hand edits, one line each.
  void setInterventions(const QStringList& lines);

  QString loadErrorText() const;
  QString messageText() const;
  QString positionText() const;

 signals:
  void forgetInterventionsRequested();
  void loadErrorDismissed();

 private:
  QLabel* title_;
  QLabel* file_;
  QLabel* description_;
  QLabel* position_;
  QLabel* next_;
  QLabel* message_;
  QWidget* errorBox_;
  QPlainTextEdit* error_;
  QWidget* editsBox_;
  QListWidget* edits_;
  QPushButton* forget_;
  std::shared_ptr<const graph::GraphDocument> document_;
};

// describeMove: a sentence for a move, e.g. "the clock moves to 50 ms", "event 3 is applied".
QString describeNextMove(const run::Move& move);

}  // namespace tickscope::views
