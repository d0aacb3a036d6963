#include "trace/report_json.h"

#include <span>
#include <sstream>

#include "trace/json_writer.h"

namespace tickscope::trace {

namespace {

using Layout = JsonWriter::Layout;

void stringArray(JsonWriter& w, const std::vector<std::string>& items) {
  w.beginArray();
  for (const auto& s : items) w.string(s);
  w.endArray();
}

void namedValue(JsonWriter& w, const NamedValue& v) {
  w.key(v.name);
  w.number(v.value);
}

void namedValues(JsonWriter& w, const std::vector<NamedValue>& values, Layout layout) {
  w.beginObject(layout);
  for (const auto& v : values) namedValue(w, v);
  w.endObject();
}

void action(JsonWriter& w, const ActionReport& a) {
  w.beginObject();
  w.key("id");
  w.string(a.id);
  w.key("kind");
  w.string(a.kind);
  w.key("runCount");
  w.unsignedInteger(a.runCount);
  w.key("totalMs");
  w.number(a.totalMs);
  w.key("averageMs");
  w.number(a.averageMs);
  w.key("lastRunMs");
  w.number(a.lastRunMs);
  w.key("debounceMs");
  w.number(a.debounceMs);
  w.key("autoDebounced");
  w.boolean(a.autoDebounced);
  w.key("minMs");
  w.number(a.minMs);
  w.key("maxMs");
  w.number(a.maxMs);
  w.endObject();
}

void effectRun(JsonWriter& w, const EffectRunReport& r) {
  w.beginObject();
  w.key("action");
  w.string(r.action);
  w.key("atMs");
  w.number(r.atMs);
  w.key("reads");
  namedValues(w, r.reads, Layout::Compact);
  w.key("output");
  if (r.outputs.empty()) {
    w.null();
  } else if (r.outputs.size() == 1) {
    w.number(r.outputs.front());
  } else {
    w.beginArray();
    for (double v : r.outputs) w.number(v);
    w.endArray();
  }
  w.endObject();
}

void cycle(JsonWriter& w, const CycleReport& c) {
  w.beginObject();
  w.key("members");
  stringArray(w, c.members);
  w.key("iterations");
  w.unsignedInteger(c.iterations);
  w.key("converged");
  w.boolean(c.converged);
  w.key("strategy");
  w.string(c.strategy);
  w.key("atMs");
  w.number(c.atMs);
  w.endObject();
}

void error(JsonWriter& w, const ReportError& e) {
  w.beginObject();
  w.key("kind");
  w.string(e.kind);
  w.key("actions");
  stringArray(w, e.actions);
  w.key("atMs");
  w.number(e.atMs);
  w.key("message");
  w.string(e.message);
  if (!e.session.empty()) {
    w.key("session");
    w.string(e.session);
    w.key("tasks");
    stringArray(w, e.tasks);
  }
  w.endObject();
}

void session(JsonWriter& w, const SessionReport& s) {
  w.beginObject();
  w.key("id");
  w.string(s.id);
  w.key("atMs");
  w.number(s.atMs);
  w.key("tasks");
  stringArray(w, s.tasks);
  w.key("waitUntil");
  stringArray(w, s.waitUntil);
  w.key("dangling");
  stringArray(w, s.dangling);
  w.key("valid");
  w.boolean(s.valid);
  w.endObject();
}

template <class T, class F>
void lines(JsonWriter& w, std::span<const T> items, F each) {
  w.beginArray(Layout::Lines);
  for (const auto& item : items) each(w, item);
  w.endArray();
}

}  // namespace

void writeReportJson(std::ostream& out, const ReportSource& report) {
  const ReportSummary head = report.summary();
  JsonWriter w(out);
  w.beginObject(Layout::Lines);
  w.key("tickscope");
  w.integer(head.version);
  w.key("graph");
  w.string(head.graph);
  w.key("mode");
  w.string(head.mode);
  w.key("seed");
  w.unsignedInteger(head.seed);
  w.key("virtualTimeMs");
  w.number(head.virtualTimeMs);
  w.key("stats");
  w.beginObject();
  w.key("effects");
  w.unsignedInteger(head.stats.effects);
  w.key("computations");
  w.unsignedInteger(head.stats.computations);
  w.key("pending");
  w.unsignedInteger(head.stats.pending);
  w.endObject();
  w.key("cells");
  w.beginObject(Layout::Lines);
  for (std::size_t i = 0; i < report.cellCount(); ++i) namedValue(w, report.cell(i));
  w.endObject();
  w.key("actions");
  w.beginArray(Layout::Lines);
  for (std::size_t i = 0; i < report.actionCount(); ++i) action(w, report.action(i));
  w.endArray();
  w.key("effectRuns");
  w.beginArray(Layout::Lines);
  for (std::size_t i = 0; i < report.effectRunCount(); ++i) effectRun(w, report.effectRun(i));
  w.endArray();
  w.key("cycles");
  lines(w, report.cycles(), cycle);
  w.key("errors");
  lines(w, report.errors(), error);
  w.key("sessions");
  lines(w, report.sessions(), session);
  w.endObject();
  w.newline();
}

void writeReportJson(std::ostream& out, const Report& report) { writeReportJson(out, ReportView(report)); }

std::string reportJson(const ReportSource& report) {
  std::ostringstream out;
  writeReportJson(out, report);
  return std::move(out).str();
}

std::string reportJson(const Report& report) { return reportJson(ReportView(report)); }

}  // namespace tickscope::trace
