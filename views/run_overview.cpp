#include "run_overview.h"

#include <QFileInfo>
#include <QFont>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "format.h"

namespace tickscope::views {

QString describeNextMove(const run::Move& move) {
  switch (move.kind) {
    case run::MoveKind::None: return RunOverview::tr("The run is over.");
    case run::MoveKind::Decision: return RunOverview::tr("Next: a scheduling decision.");
    case run::MoveKind::RequestValidated: return RunOverview::tr("Next: the request's session is validated.");
    case run::MoveKind::ClockMoved: return RunOverview::tr("Next: the clock moves to %1.").arg(formatMs(move.atMs));
    case run::MoveKind::EventApplied: return RunOverview::tr("Next: event %1 is applied.").arg(move.event + 1);
    case run::MoveKind::Finished: return RunOverview::tr("Next: the run finishes.");
    case run::MoveKind::ClockSet: return RunOverview::tr("Next: the clock is set to %1.").arg(formatMs(move.atMs));
  }
  return {};
}

RunOverview::RunOverview(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      file_(new QLabel(this)),
      description_(new QLabel(this)),
      position_(new QLabel(this)),
      next_(new QLabel(this)),
      message_(new QLabel(this)),
      errorBox_(new QWidget(this)),
      error_(new QPlainTextEdit(errorBox_)),
      editsBox_(new QWidget(this)),
      edits_(new QListWidget(editsBox_)),
      forget_(new QPushButton(tr("Forget Hand Edits"), editsBox_)) {
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.4);
  big.setBold(true);
  title_->setFont(big);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  file_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // Everything wraps: the central area may be narrow between the docks.
  title_->setWordWrap(true);
  file_->setWordWrap(true);
  description_->setWordWrap(true);
  position_->setWordWrap(true);
  next_->setWordWrap(true);
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* errorTitle = new QLabel(tr("The file could not be loaded; the document shown is the one open before:"), errorBox_);
  errorTitle->setWordWrap(true);
  errorTitle->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
  error_->setReadOnly(true);
  error_->setAccessibleName(tr("Load error"));
  error_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  error_->setMaximumHeight(120);
  auto* dismiss = new QPushButton(tr("Dismiss"), errorBox_);
  auto* errorLayout = new QVBoxLayout(errorBox_);
  errorLayout->setContentsMargins(0, 0, 0, 0);
  errorLayout->addWidget(errorTitle);
  errorLayout->addWidget(error_);
  errorLayout->addWidget(dismiss, 0, Qt::AlignRight);
  errorBox_->hide();

  auto* editsTitle = new QLabel(tr("Hand edits (made again when the run is replayed):"), editsBox_);
  edits_->setAccessibleName(tr("Hand edits"));
  edits_->setMaximumHeight(100);
  auto* editsLayout = new QVBoxLayout(editsBox_);
  editsLayout->setContentsMargins(0, 0, 0, 0);
  editsLayout->addWidget(editsTitle);
  editsLayout->addWidget(edits_);
  editsLayout->addWidget(forget_, 0, Qt::AlignRight);
  editsBox_->hide();

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 10);
  layout->addWidget(title_);
  layout->addWidget(file_);
  layout->addWidget(description_);
  layout->addSpacing(6);
  layout->addWidget(position_);
  layout->addWidget(next_);
  layout->addWidget(message_);
  layout->addWidget(errorBox_);
  layout->addWidget(editsBox_);
  layout->addStretch(1);

  connect(forget_, &QPushButton::clicked, this, &RunOverview::forgetInterventionsRequested);
  connect(dismiss, &QPushButton::clicked, this, [this] {
    setLoadError({});
    emit loadErrorDismissed();
  });
  setDocument({}, nullptr);
}

void RunOverview::setDocument(const QString& path, std::shared_ptr<const graph::GraphDocument> document) {
  document_ = std::move(document);
  if (!document_) {
    title_->setText(tr("No graph open"));
    file_->setText(tr("Open a graph file (File > Open…, Ctrl+O), or drop one on the window."));
    description_->clear();
    description_->hide();
    position_->clear();
    next_->clear();
    return;
  }
  title_->setText(QString::fromStdString(document_->name));
  file_->setText(QFileInfo(path).absoluteFilePath());
  const QString description = document_->description ? QString::fromStdString(*document_->description) : QString();
  description_->setText(description);
  description_->setVisible(!description.isEmpty());
}

void RunOverview::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  if (!snapshot) {
    position_->clear();
    next_->clear();
    return;
  }
  position_->setText(tr("Step %1 at %2, %3 phase; %4 decisions, %5 of %6 events applied; %7 cells, %8 actions")
                         .arg(snapshot->step)
                         .arg(formatMs(snapshot->nowMs))
                         .arg(QString::fromStdString(snapshot->phase))
                         .arg(snapshot->decisions)
                         .arg(snapshot->nextEvent)
                         .arg(snapshot->document ? snapshot->document->events.size() : 0)
                         .arg(snapshot->cells.size())
                         .arg(snapshot->actions.size()));
  next_->setText(describeNextMove(snapshot->nextMove));
}

void RunOverview::setMessage(const QString& text) {
  message_->setText(text);
  message_->setVisible(!text.isEmpty());
}

void RunOverview::setLoadError(const QString& text) {
  error_->setPlainText(text);
  errorBox_->setVisible(!text.isEmpty());
}

void RunOverview::setInterventions(const QStringList& lines) {
  edits_->clear();
  edits_->addItems(lines);
  editsBox_->setVisible(!lines.isEmpty());
}

QString RunOverview::loadErrorText() const { return error_->toPlainText(); }
QString RunOverview::messageText() const { return message_->text(); }
QString RunOverview::positionText() const { return position_->text(); }

}  // namespace tickscope::views
