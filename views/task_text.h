#pragma once
// describeTask: what a ready task or a timer is for, as the Scheduler pane names it:
// "actions labelled net (3 pending)", "unlabelled actions (1 pending)", "debounce of save",
// "slow cycle 2", "task audit of session req-1", "other". `document` names debounced actions
// (null: "debounce of action N").
#include <QString>

#include "run/run_snapshot.h"

namespace tickscope::views {

QString describeTask(const run::TaskRow& task, const graph::GraphDocument* document);

// sameTaskRow: every field equal (two NaN deadlines, "no deadline", are equal too).
bool sameTaskRow(const run::TaskRow& a, const run::TaskRow& b);

}  // namespace tickscope::views
