#pragma once
// Helpers of the debugger tests: waiting for the session (it works on its own thread), the
// bundled examples, and reference snapshots from a Runner made as the debugger makes it.
#include <QtTest/QtTest>

#include <memory>
#include <string>

#include "debug_session.h"
#include "run/runner.h"

namespace tickscope::testing {

// examplePath: resources/examples/NAME.
QString examplePath(const QString& name);

// waitIdle: until the session has nothing in flight (fails the test after `ms`).
bool waitIdle(app::DebugSession& session, int ms = 20000);
// openAndWait: opens `path` and waits until its run is there and shown.
bool openAndWait(app::DebugSession& session, const QString& path, const app::DebugSession::OpenOptions& options = {});

// referenceRunner: a runner as the debugger's worker makes it (journal, causes, no recorder).
std::unique_ptr<run::Runner> referenceRunner(const QString& path, std::optional<graph::Mode> mode = {},
                                             std::optional<std::uint64_t> seed = {});

// sessionText: the session's current snapshot as snapshotText renders it.
std::string sessionText(const app::DebugSession& session);

}  // namespace tickscope::testing
