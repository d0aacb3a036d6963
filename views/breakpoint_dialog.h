#pragma once
// BreakpointDialog: adds or edits one breakpoint (run/breakpoint.h). A Kind combo; a Target
// combo, editable with completion, offering what the document has for that kind (action ids,
// cell ids, task labels, report error kinds, "(any)" where any will do; hidden for kinds
// without a target); a Condition edit (Cell changes only) and a Threshold spin box (Ready
// queue longer only). While the breakpoint does not fit the document, checkBreakpoint's
// message shows in red under the fields and OK is disabled; otherwise a line says what it
// stops on. The dialog only edits a value: whoever opened it reads breakpoint() when it is
// accepted. Every field has a buddy label and an accessible name.
#include <memory>

#include <QDialog>
#include <QString>

#include "graph/document.h"
#include "run/breakpoint.h"

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tickscope::views {

class BreakpointDialog final : public QDialog {
  Q_OBJECT
 public:
  explicit BreakpointDialog(QWidget* parent = nullptr);

  // setDocument: what the targets come from and what the breakpoint is checked against
  // (null: nothing to check against, OK stays disabled).
  void setDocument(std::shared_ptr<const graph::GraphDocument> document);
  // setSuggestions: the target offered first when the kind is about an action (Action runs,
  // Debounce fires) or a cell (Cell changes) and the current text is not one; "" for none.
  void setSuggestions(const QString& action, const QString& cell);
  // setBreakpoint: shows `breakpoint`, its target as written even when the document has no
  // such target (the error then says so). breakpoint() keeps its enabled flag.
  void setBreakpoint(const run::Breakpoint& breakpoint);
  // breakpoint: what the fields say now ("(any)" and blanks are the empty target).
  run::Breakpoint breakpoint() const;
  // problem: checkBreakpoint's message for breakpoint() ("" when it fits the document).
  QString problem() const { return problem_; }

  QComboBox* kindBox() const { return kind_; }
  QComboBox* targetBox() const { return target_; }
  QLineEdit* conditionEdit() const { return condition_; }
  QSpinBox* thresholdBox() const { return threshold_; }
  QLabel* errorLabel() const { return error_; }
  QLabel* stopsLabel() const { return stops_; }
  QPushButton* okButton() const;

  void accept() override;

  // anyTarget: the Target item that stands for every target ("(any)").
  static QString anyTarget();

 private:
  run::Breakpoint::Kind currentKind() const;
  void kindChanged();
  void fillTargets();
  void validate();

  std::shared_ptr<const graph::GraphDocument> document_;
  QString suggestedAction_;
  QString suggestedCell_;
  bool enabled_ = true;
  QString problem_;
  QFormLayout* form_;
  QComboBox* kind_;
  QComboBox* target_;
  QLineEdit* condition_;
  QSpinBox* threshold_;
  QLabel* error_;
  QLabel* stops_;
  QDialogButtonBox* buttons_;
};

}  // namespace tickscope::views
