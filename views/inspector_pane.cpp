#include "inspector_pane.h"

#include <QDoubleValidator>
#include <QFont>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollArea>
#include <QVBoxLayout>

#include "format.h"

namespace tickscope::views {

namespace {

// Links in the fields: "action:3", "cell:7"; a cause row carries the same in its data.
QString link(const QString& kind, std::uint32_t index, const QString& text) {
  return QStringLiteral("<a href=\"%1:%2\">%3</a>").arg(kind).arg(index).arg(text.toHtmlEscaped());
}

QString kindText(const run::Inspection& i) {
  if (i.target == run::Inspection::Target::Cell) return InspectorPane::tr("cell");
  return i.kind == graph::ActionKind::Effect ? InspectorPane::tr("effect") : InspectorPane::tr("computation");
}

}  // namespace

QString describeState(const run::ActionState& s) {
  QStringList parts;
  using F = run::ActionState;
  if (s.has(F::RanThisStep)) parts << InspectorPane::tr("ran this step");
  if (s.has(F::Errored)) parts << InspectorPane::tr("errored");
  if (s.has(F::InCycle)) parts << InspectorPane::tr("in cycle %1 (iteration %2)").arg(s.cycle).arg(s.cycleIteration);
  if (s.has(F::DebounceArmed)) parts << InspectorPane::tr("debounced until %1").arg(formatMs(s.debounceDeadlineMs));
  if (s.has(F::Pending)) parts << InspectorPane::tr("pending");
  if (s.has(F::Dirty)) parts << InspectorPane::tr("dirty");
  if (s.has(F::Check)) parts << InspectorPane::tr("check (something upstream is dirty)");
  if (s.has(F::Deprioritized)) parts << InspectorPane::tr("deprioritized label");
  if (s.has(F::NeverRun)) parts << InspectorPane::tr("never run");
  if (parts.isEmpty()) parts << InspectorPane::tr("clean");
  return parts.join(QStringLiteral(", "));
}

InspectorPane::InspectorPane(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      hint_(new QLabel(this)),
      form_(new QWidget(this)),
      layout_(new QGridLayout(form_)),
      value_(new QLineEdit(form_)),
      valueLabel_(new QLabel(tr("Value"), form_)),
      causesLabel_(new QLabel(tr("Why did this run"), form_)),
      causes_(new QListWidget(form_)),
      whyNotLabel_(new QLabel(tr("Why not"), form_)),
      whyNot_(new QListWidget(form_)) {
  QFont big = title_->font();
  big.setBold(true);
  big.setPointSizeF(big.pointSizeF() * 1.2);
  title_->setFont(big);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  hint_->setWordWrap(true);
  hint_->setText(tr("Select an action or a cell (in the graph or any table) to inspect it."));

  // A grid, not a QFormLayout: Qt 6.4's QFormLayout corrupts memory in heightForWidth when rows
  // with word-wrapped labels are hidden (seen with valgrind here).
  layout_->setColumnStretch(1, 1);
  layout_->setContentsMargins(0, 0, 0, 0);
  value_->setValidator(new QDoubleValidator(value_));
  value_->setAccessibleName(tr("Value"));
  value_->setToolTip(tr("A cell's value: type a number and press Enter to set it by hand"));
  valueLabel_->setBuddy(value_);
  addRow(valueLabel_, value_);
  for (const QString& label : {tr("Kind"), tr("Expression"), tr("Label"), tr("State"), tr("Reads"), tr("Writes"),
                               tr("Dependents"), tr("Upstream"), tr("Runs"), tr("Times"), tr("Debounce"), tr("Throttle"),
                               tr("Writers"), tr("Readers"), tr("Last change")})
    addField(label);
  // The two questions get the pane's whole width below the fields: their sentences are long.
  QFont heading = causesLabel_->font();
  heading.setBold(true);
  for (QLabel* l : {causesLabel_, whyNotLabel_}) l->setFont(heading);
  causes_->setAccessibleName(tr("Why did this run"));
  causes_->setWordWrap(true);
  causes_->setMinimumHeight(110);
  causesLabel_->setBuddy(causes_);
  whyNot_->setAccessibleName(tr("Why not"));
  whyNot_->setWordWrap(true);
  whyNot_->setMinimumHeight(70);
  whyNotLabel_->setBuddy(whyNot_);

  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget(scroll);
  auto* contentLayout = new QVBoxLayout(content);
  contentLayout->addWidget(title_);
  contentLayout->addWidget(hint_);
  contentLayout->addWidget(form_);
  contentLayout->addWidget(causesLabel_);
  // The cause chain takes the room there is (it is often long); the rest stays at the top.
  contentLayout->addWidget(causes_, 8);
  contentLayout->addWidget(whyNotLabel_);
  contentLayout->addWidget(whyNot_, 2);
  contentLayout->addStretch(1);
  scroll->setWidget(content);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(scroll);

  connect(value_, &QLineEdit::returnPressed, this, &InspectorPane::valueEntered);
  connect(causes_, &QListWidget::itemActivated, this, &InspectorPane::causeActivated);
  connect(whyNot_, &QListWidget::itemActivated, this, &InspectorPane::causeActivated);
  setInspection(nullptr);
}

QLabel* InspectorPane::addField(const QString& label) {
  auto* name = new QLabel(label, form_);
  auto* value = new QLabel(form_);
  value->setWordWrap(true);
  value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
  value->setTextFormat(Qt::RichText);
  name->setBuddy(value);  // a screen reader reads the value as the label's (not a name that hides it)
  connect(value, &QLabel::linkActivated, this, &InspectorPane::linkActivated);
  addRow(name, value);
  fields_.emplace_back(label, value);
  return value;
}

void InspectorPane::addRow(QLabel* name, QWidget* field) {
  const int row = layout_->rowCount();
  layout_->addWidget(name, row, 0, Qt::AlignRight | Qt::AlignTop);
  layout_->addWidget(field, row, 1);
  labels_.emplace_back(field, name);
}

void InspectorPane::setRowShown(QWidget* field, bool shown) {
  field->setVisible(shown);
  for (const auto& [f, label] : labels_) {
    if (f == field) label->setVisible(shown);
  }
  if (field == causes_) causesLabel_->setVisible(shown);
  if (field == whyNot_) whyNotLabel_->setVisible(shown);
}

QLabel* InspectorPane::field(const QString& label) const {
  for (const auto& [name, value] : fields_) {
    if (name == label) return value;
  }
  return nullptr;
}

void InspectorPane::setDocument(std::shared_ptr<const graph::GraphDocument> document) {
  document_ = std::move(document);
  if (!document_) setInspection(nullptr);
}

void InspectorPane::clearFields() {
  for (const auto& [name, value] : fields_) {
    value->clear();
    setRowShown(value, false);
  }
  setRowShown(value_, false);
  causes_->clear();
  whyNot_->clear();
  setRowShown(causes_, false);
  setRowShown(whyNot_, false);
}

void InspectorPane::setInspection(std::shared_ptr<const run::Inspection> inspection) {
  inspection_ = std::move(inspection);
  clearFields();
  const bool shown = inspection_ && document_ && inspection_->target != run::Inspection::Target::None;
  hint_->setVisible(!shown);
  form_->setVisible(shown);
  if (!shown) {
    title_->setText(tr("Nothing selected"));
    return;
  }
  const run::Inspection& i = *inspection_;
  title_->setText(QStringLiteral("%1 (%2)").arg(QString::fromStdString(i.id), kindText(i)));
  if (i.target == run::Inspection::Target::Action) {
    showAction(i);
  } else {
    showCell(i);
  }
}

QString InspectorPane::cellLinks(const std::vector<graph::CellIndex>& cells) const {
  QStringList out;
  for (graph::CellIndex c : cells) {
    if (c < document_->cellCount()) out << link(QStringLiteral("cell"), c, QString::fromStdString(std::string(document_->cellId(c))));
  }
  return out.isEmpty() ? tr("none") : out.join(QStringLiteral(", "));
}

QString InspectorPane::actionLinks(const std::vector<std::uint32_t>& actions) const {
  QStringList out;
  for (std::uint32_t a : actions) {
    if (a < document_->actions.size()) out << link(QStringLiteral("action"), a, QString::fromStdString(document_->actions[a].id));
  }
  return out.isEmpty() ? tr("none") : out.join(QStringLiteral(", "));
}

void InspectorPane::showAction(const run::Inspection& i) {
  auto set = [this](const QString& label, const QString& text) {
    QLabel* f = field(label);
    f->setText(text);
    setRowShown(f, true);
  };
  set(tr("Kind"), kindText(i));
  set(tr("Expression"), i.expression.empty() ? tr("none (it only reads)")
                                             : QStringLiteral("<code>%1</code>")
                                                   .arg(QString::fromStdString(i.expression).toHtmlEscaped()));
  if (!i.label.empty()) set(tr("Label"), QString::fromStdString(i.label).toHtmlEscaped());
  set(tr("State"), describeState(i.state).toHtmlEscaped());
  set(tr("Reads"), cellLinks(i.reads));
  set(tr("Writes"), cellLinks(i.writes));
  set(tr("Dependents"), actionLinks(i.dependents));
  set(tr("Upstream"), actionLinks(i.upstream));
  const run::ActionState& s = i.state;
  set(tr("Runs"), QString::number(s.runCount));
  set(tr("Times"), s.runCount == 0 ? tr("never run")
                                   : tr("total %1, average %2, last %3, min %4, max %5")
                                         .arg(formatMs(s.totalMs), formatMs(s.averageMs), formatMs(s.lastMs),
                                              formatMs(s.minMs), formatMs(s.maxMs)));
  set(tr("Debounce"), i.debounceMs > 0 ? tr("%1 (%2)").arg(formatMs(i.debounceMs),
                                                         i.autoDebounced ? tr("automatic") : tr("manual"))
                                       : tr("none"));
  set(tr("Throttle"), i.throttleMs > 0 ? formatMs(i.throttleMs) : tr("none"));
  setRowShown(causes_, true);
  // A run picked by its step (the Scheduler's decisions) is explained instead of the last one.
  const std::optional<run::RunCause>& explained = i.pickedStep != 0 ? i.pickedRun : i.lastRun;
  causesLabel_->setText(i.pickedStep != 0 ? tr("Why did this run in step %1").arg(i.pickedStep) : tr("Why did this run"));
  causes_->setAccessibleName(causesLabel_->text());
  if (explained) {
    const run::RunCause& r = *explained;
    auto* head = new QListWidgetItem(
        r.pulled && r.puller > 0 && r.puller <= document_->actions.size()
            ? tr("run %1 at step %2 (%3), pulled by %4")
                  .arg(r.run)
                  .arg(r.step)
                  .arg(formatMs(r.atMs), QString::fromStdString(document_->actions[r.puller - 1].id))
            : tr("run %1 at step %2 (%3)").arg(r.run).arg(r.step).arg(formatMs(r.atMs)),
        causes_);
    if (r.pulled && r.puller > 0) head->setData(Qt::UserRole, QStringLiteral("action:%1").arg(r.puller - 1));
    for (const run::CauseLink& c : r.chain) {
      auto* item = new QListWidgetItem(QStringLiteral("\u2190 ") + QString::fromStdString(c.text), causes_);
      if (c.kind == run::CauseLink::Kind::CellChanged && c.writer > 0)
        item->setData(Qt::UserRole, QStringLiteral("action:%1").arg(c.writer - 1));
      else if (c.kind == run::CauseLink::Kind::EventApplied || c.kind == run::CauseLink::Kind::HandEdit)
        item->setData(Qt::UserRole, QStringLiteral("cell:%1").arg(c.cell));
    }
  } else if (i.pickedStep != 0) {
    new QListWidgetItem(tr("It did not run in step %1, or that run was not recorded.").arg(i.pickedStep), causes_);
  } else {
    new QListWidgetItem(s.runCount == 0 ? tr("It has not run yet.") : tr("Its last run was not recorded."), causes_);
  }
  if (!i.whyNot.empty()) {
    setRowShown(whyNot_, true);
    for (const run::WhyNot& w : i.whyNot) new QListWidgetItem(QString::fromStdString(w.text), whyNot_);
  }
}

void InspectorPane::showCell(const run::Inspection& i) {
  setRowShown(value_, true);
  if (!value_->hasFocus()) value_->setText(formatNumber(i.value));
  auto set = [this](const QString& label, const QString& text) {
    QLabel* f = field(label);
    f->setText(text);
    setRowShown(f, true);
  };
  set(tr("Kind"), kindText(i));
  set(tr("Writers"), actionLinks(i.writers));
  set(tr("Readers"), actionLinks(i.readers));
  set(tr("Last change"), i.lastChange ? QString::fromStdString(i.lastChange->text).toHtmlEscaped() : tr("unchanged since the start"));
}

void InspectorPane::linkActivated(const QString& target) {
  const QString kind = target.section(QLatin1Char(':'), 0, 0);
  bool ok = false;
  const uint index = target.section(QLatin1Char(':'), 1, 1).toUInt(&ok);
  if (!ok) return;
  if (kind == QLatin1String("action")) emit selectionRequested(Selection::ofAction(index));
  if (kind == QLatin1String("cell")) emit selectionRequested(Selection{{}, {index}});
}

void InspectorPane::causeActivated(QListWidgetItem* item) {
  if (item) linkActivated(item->data(Qt::UserRole).toString());
}

void InspectorPane::valueEntered() {
  if (!inspection_ || inspection_->target != run::Inspection::Target::Cell) return;
  bool ok = false;
  const double v = QLocale::c().toDouble(value_->text(), &ok);
  const double local = ok ? v : QLocale().toDouble(value_->text(), &ok);
  if (ok) emit cellValueEditRequested(inspection_->index, local);
  value_->clearFocus();
}

}  // namespace tickscope::views
