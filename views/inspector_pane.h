#pragma once
// InspectorPane: the Inspector pane (spec section 7's title): the selected action or cell, in
// standard widgets a screen reader reads: its id and kind; a cell's value, editable (Enter sets
// it by hand: cellValueEditRequested, a hand edit of the session); an action's expression,
// label, reads, writes, dependents and upstream (each a link that selects it), state,
// statistics, debounce and throttle settings; "Why did this run" (the cause chain of its last
// run, link by link back to the event, timer or hand edit that started it; a link that names
// an action or a cell selects it) and "Why not" (why it did not run after the last change it
// could have seen). It shows a run::Inspection (plain data made by the run's worker for the
// primary selection) and nothing else; with none it says how to get one.
#include <memory>

#include <QWidget>

#include "graph/document.h"
#include "run/inspection.h"
#include "selection.h"

class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace tickscope::views {

class InspectorPane final : public QWidget {
  Q_OBJECT
 public:
  explicit InspectorPane(QWidget* parent = nullptr);

  // setDocument: names the indices an inspection holds (null: nothing open).
  void setDocument(std::shared_ptr<const graph::GraphDocument> document);
  // setInspection: what to show (null: nothing selected).
  void setInspection(std::shared_ptr<const run::Inspection> inspection);
  const run::Inspection* inspection() const { return inspection_.get(); }

  // For tests and screen readers: the field widgets by their label ("Value", "Reads", ...).
  QLabel* field(const QString& label) const;
  QLineEdit* valueEditor() const { return value_; }
  QListWidget* causes() const { return causes_; }
  QListWidget* whyNot() const { return whyNot_; }

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);
  void cellValueEditRequested(quint32 cell, double value);

 private:
  QLabel* addField(const QString& label);
  void showAction(const run::Inspection& i);
  void showCell(const run::Inspection& i);
  void clearFields();
  void addRow(QLabel* name, QWidget* field);
  void setRowShown(QWidget* field, bool shown);
  QString cellLinks(const std::vector<graph::CellIndex>& cells) const;
  QString actionLinks(const std::vector<std::uint32_t>& actions) const;
  void linkActivated(const QString& link);
  void causeActivated(QListWidgetItem* item);
  void valueEntered();

  std::shared_ptr<const graph::GraphDocument> document_;
  std::shared_ptr<const run::Inspection> inspection_;
  QLabel* title_;
  QLabel* hint_;
  QWidget* form_;
  QGridLayout* layout_;
  QLineEdit* value_;
  QLabel* valueLabel_;
  QLabel* causesLabel_;
  QListWidget* causes_;
  QLabel* whyNotLabel_;
  QListWidget* whyNot_;
  std::vector<std::pair<QString, QLabel*>> fields_;
  std::vector<std::pair<QWidget*, QLabel*>> labels_;  // each field's name label
};

// describeState: an action's state in words ("dirty, pending", "debounced until 230 ms",
// "in cycle 2 (iteration 3)", "never run", "clean").
QString describeState(const run::ActionState& state);

}  // namespace tickscope::views
