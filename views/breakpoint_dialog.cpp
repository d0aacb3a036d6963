#include "breakpoint_dialog.h"

#include <algorithm>
#include <array>
#include <limits>

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "breakpoint_model.h"
#include "item_view_setup.h"

namespace tickscope::views {

namespace {

using Kind = run::Breakpoint::Kind;

// The report's error kinds (spec section 5), as checkBreakpoint accepts them.
constexpr std::array<const char*, 6> kErrorKinds{"cycle-limit",         "math-error",    "action-failed",
                                                 "too-many-iterations", "dangling-task", "max-time"};

bool hasTarget(Kind kind) { return kind != Kind::CycleDetected && kind != Kind::ReadyQueueLonger; }

QStringList targetsFor(Kind kind, const graph::GraphDocument* document) {
  QStringList out;
  if (kind == Kind::ReportError || kind == Kind::DebounceFires) out << BreakpointDialog::anyTarget();
  if (kind == Kind::ReportError) {
    for (const char* e : kErrorKinds) out << QString::fromLatin1(e);
  }
  if (!document) return out;
  switch (kind) {
    case Kind::ActionRuns:
    case Kind::DebounceFires:
      for (const graph::Action& a : document->actions) out << QString::fromStdString(a.id);
      break;
    case Kind::CellChanges:
      for (graph::CellIndex i = 0; i < document->cellCount(); ++i)
        out << QString::fromUtf8(document->cellId(i).data(), static_cast<qsizetype>(document->cellId(i).size()));
      break;
    case Kind::TaskPicked:
      for (const graph::Action& a : document->actions) {
        if (a.label && !out.contains(QString::fromStdString(*a.label))) out << QString::fromStdString(*a.label);
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

QString BreakpointDialog::anyTarget() { return tr("(any)"); }

BreakpointDialog::BreakpointDialog(QWidget* parent)
    : QDialog(parent),
      form_(new QFormLayout),
      kind_(new QComboBox(this)),
      target_(new QComboBox(this)),
      condition_(new QLineEdit(this)),
      threshold_(new QSpinBox(this)),
      error_(new QLabel(this)),
      stops_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setWindowTitle(tr("Add Breakpoint"));

  for (int k = 0; k < run::Breakpoint::kKindCount; ++k)
    kind_->addItem(BreakpointModel::kindText(static_cast<Kind>(k)), k);
  kind_->setAccessibleName(tr("Kind"));

  target_->setEditable(true);
  target_->setInsertPolicy(QComboBox::NoInsert);  // typing a target does not add it to the list
  target_->setAccessibleName(tr("Target"));
  target_->completer()->setCompletionMode(QCompleter::PopupCompletion);
  target_->completer()->setFilterMode(Qt::MatchContains);
  target_->completer()->setCaseSensitivity(Qt::CaseInsensitive);
  target_->setMinimumContentsLength(18);
  target_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

  condition_->setPlaceholderText(QStringLiteral("v > 10"));
  condition_->setAccessibleName(tr("Condition"));
  condition_->setToolTip(tr("A muParser expression of v, the new value; empty stops on every change"));
  enableClearButton(*condition_);

  threshold_->setRange(0, std::numeric_limits<int>::max());
  threshold_->setValue(4);
  threshold_->setPrefix(QStringLiteral("> "));
  threshold_->setSuffix(tr(" tasks"));
  threshold_->setAccessibleName(tr("Threshold"));

  // Top-aligned: a wrapped message sits right under the fields, not centred in its row.
  error_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  stops_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QPalette red = error_->palette();
  red.setColor(QPalette::WindowText, BreakpointModel::problemColor());
  error_->setPalette(red);
  error_->setObjectName(QStringLiteral("breakpointError"));
  stops_->setWordWrap(true);
  stops_->setObjectName(QStringLiteral("breakpointStops"));

  QList<QLabel*> labels;
  auto label = [&](const QString& text, QWidget* buddy) {
    auto* l = new QLabel(text, this);
    l->setBuddy(buddy);
    labels << l;
    return l;
  };
  form_->addRow(label(tr("&Kind:"), kind_), kind_);
  form_->addRow(label(tr("&Target:"), target_), target_);
  form_->addRow(label(tr("Co&ndition:"), condition_), condition_);
  form_->addRow(label(tr("T&hreshold:"), threshold_), threshold_);
  // As wide as the widest, hidden rows included: the fields stay put when the kind changes.
  int labelWidth = 0;
  for (QLabel* l : labels) labelWidth = std::max(labelWidth, l->sizeHint().width());
  for (QLabel* l : labels) l->setMinimumWidth(labelWidth);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form_);
  layout->addWidget(stops_);
  layout->addWidget(error_);
  layout->addStretch(1);
  layout->addWidget(buttons_);
  setMinimumWidth(440);  // the usual message fits on one line

  connect(kind_, &QComboBox::currentIndexChanged, this, &BreakpointDialog::kindChanged);
  connect(target_, &QComboBox::editTextChanged, this, &BreakpointDialog::validate);
  connect(condition_, &QLineEdit::textChanged, this, &BreakpointDialog::validate);
  connect(threshold_, &QSpinBox::valueChanged, this, &BreakpointDialog::validate);
  connect(buttons_, &QDialogButtonBox::accepted, this, &BreakpointDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &BreakpointDialog::reject);

  kindChanged();
}

QPushButton* BreakpointDialog::okButton() const { return buttons_->button(QDialogButtonBox::Ok); }

void BreakpointDialog::setDocument(std::shared_ptr<const graph::GraphDocument> document) {
  document_ = std::move(document);
  fillTargets();
  validate();
}

void BreakpointDialog::setSuggestions(const QString& action, const QString& cell) {
  suggestedAction_ = action;
  suggestedCell_ = cell;
}

void BreakpointDialog::setBreakpoint(const run::Breakpoint& breakpoint) {
  kind_->setCurrentIndex(static_cast<int>(breakpoint.kind));  // refills the targets
  if (hasTarget(breakpoint.kind)) {
    target_->setEditText(breakpoint.target.empty() && !run::needsTarget(breakpoint.kind)
                             ? anyTarget()
                             : QString::fromStdString(breakpoint.target));
  }
  condition_->setText(QString::fromStdString(breakpoint.condition));
  threshold_->setValue(static_cast<int>(std::min<std::uint32_t>(breakpoint.threshold, std::numeric_limits<int>::max())));
  enabled_ = breakpoint.enabled;
  validate();
}

run::Breakpoint BreakpointDialog::breakpoint() const {
  run::Breakpoint b;
  b.kind = currentKind();
  b.enabled = enabled_;
  if (hasTarget(b.kind)) {
    const QString text = target_->currentText().trimmed();
    if (text != anyTarget()) b.target = text.toStdString();
  }
  if (b.kind == Kind::CellChanges) b.condition = condition_->text().trimmed().toStdString();
  if (b.kind == Kind::ReadyQueueLonger) b.threshold = static_cast<std::uint32_t>(threshold_->value());
  return b;
}

Kind BreakpointDialog::currentKind() const { return static_cast<Kind>(std::max(0, kind_->currentIndex())); }

void BreakpointDialog::kindChanged() {
  const Kind kind = currentKind();
  form_->setRowVisible(target_, hasTarget(kind));
  form_->setRowVisible(condition_, kind == Kind::CellChanges);
  form_->setRowVisible(threshold_, kind == Kind::ReadyQueueLonger);
  fillTargets();
  validate();
}

void BreakpointDialog::fillTargets() {
  const Kind kind = currentKind();
  const QString keep = target_->currentText();
  const QStringList items = targetsFor(kind, document_.get());
  const QSignalBlocker block(target_);  // one validate() after the refill, not one per item
  target_->clear();
  target_->addItems(items);
  target_->setEnabled(hasTarget(kind));
  // Keep what was typed when it fits the new kind; else the selection's action or cell; else
  // the first choice, so a new breakpoint starts valid whenever the document allows.
  QString text;
  const QString suggested = kind == Kind::CellChanges ? suggestedCell_
                            : kind == Kind::ActionRuns || kind == Kind::DebounceFires ? suggestedAction_
                                                                                       : QString();
  if (items.contains(keep)) {
    text = keep;
  } else if (!suggested.isEmpty() && items.contains(suggested)) {
    text = suggested;
  } else if (!items.isEmpty()) {
    text = items.front();
  }
  target_->setCurrentIndex(static_cast<int>(items.indexOf(text)));
  target_->setEditText(text);
}

void BreakpointDialog::validate() {
  const run::Breakpoint b = breakpoint();
  problem_ = document_ ? QString::fromStdString(run::checkBreakpoint(b, *document_)) : tr("no graph is open");
  error_->setText(problem_);
  error_->setVisible(!problem_.isEmpty());
  stops_->setText(problem_.isEmpty() ? tr("Stops %1.").arg(QString::fromStdString(run::describe(b))) : QString());
  stops_->setVisible(problem_.isEmpty());
  okButton()->setEnabled(problem_.isEmpty());
}

void BreakpointDialog::accept() {
  validate();
  if (!problem_.isEmpty()) return;  // Enter in a field while the breakpoint is invalid
  QDialog::accept();
}

}  // namespace tickscope::views
