#pragma once
// Helpers for the engine/graph tests: loading text, finding diagnostics, readable QCOMPARE.
#include <QtTest/QtTest>

#include <string>
#include <string_view>

#include "graph/loader.h"

namespace QTest {
// (Mode and ActionKind have tickscope::graph::toString, which ADL prefers: compare them
// with QVERIFY(a == b).)
template <>
inline char* toString(const tickscope::graph::DiagnosticCode& v) {
  return qstrdup(std::to_string(static_cast<int>(v)).c_str());
}
template <>
inline char* toString(const tickscope::graph::Severity& v) {
  return qstrdup(v == tickscope::graph::Severity::Error ? "error" : "warning");
}
}  // namespace QTest

namespace tickscope::testing {

inline QString q(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// load: loadGraphBytes under the display name "g.tsg.json".
inline graph::LoadResult load(std::string_view text, const graph::LoadLimits& limits = {}) {
  return graph::loadGraphBytes(text, "g.tsg.json", limits);
}

// errorLines: every error formatted, for QCOMPARE against the exact expected text.
inline QStringList errorLines(const graph::LoadResult& r) {
  QStringList lines;
  for (const auto& d : r.errors) lines << q(d.format());
  return lines;
}
inline QStringList warningLines(const graph::LoadResult& r) {
  QStringList lines;
  for (const auto& d : r.warnings) lines << q(d.format());
  return lines;
}

// validGraph: a small well-formed graph (the spec's example) to derive bad inputs from.
inline constexpr std::string_view kSpecExample = R"({
  "tickscope": 1,
  "name": "diamond",
  "settings": {
    "mode": "pull",
    "seed": 7,
    "epsilon": 0,
    "cycle": { "budgetMs": 16, "maxIterations": 20 },
    "autoDebounce": { "enabled": true, "thresholdMs": 50, "minRuns": 3, "delayMs": 100 }
  },
  "cells": { "a": 1, "b": 2 },
  "actions": [
    { "id": "sum",    "kind": "computation", "reads": ["a", "b"], "writes": ["s"], "expr": "a + b", "costMs": 2 },
    { "id": "twice",  "kind": "computation", "reads": ["s"], "writes": ["d"], "expr": "s * 2" },
    { "id": "show",   "kind": "effect", "reads": ["s", "d"], "costMs": 1, "label": "ui", "debounceMs": 0 }
  ],
  "events": [
    { "atMs": 0, "set": { "a": 10 } },
    { "atMs": 5, "set": { "a": 4, "b": 3 } }
  ]
}
)";

}  // namespace tickscope::testing
