#include "trace/report_json.h"

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

void namedValues(JsonWriter& w, const std::vector<NamedValue>& values, Layout layout) {
  w.beginObject(layout);
  for (const auto& v : values) {
    w.key(v.name);
    w.number(v.value);
  }
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
void lines(JsonWriter& w, const std::vector<T>& items, F each) {
  w.beginArray(Layout::Lines);
  for (const auto& item : items) each(w, item);
  w.endArray();
}

}  // namespace

void writeReportJson(std::ostream& out, const Report& report) {
  JsonWriter w(out);
  w.beginObject(Layout::Lines);
  w.key("tickscope");
  w.integer(report.version);
  w.key("graph");
  w.string(report.graph);
  w.key("mode");
  w.string(report.mode);
  w.key("seed");
  w.unsignedInteger(report.seed);
  w.key("virtualTimeMs");
  w.number(report.virtualTimeMs);
  w.key("stats");
  w.beginObject();
  w.key("effects");
  w.unsignedInteger(report.stats.effects);
  w.key("computations");
  w.unsignedInteger(report.stats.computations);
  w.key("pending");
  w.unsignedInteger(report.stats.pending);
  w.endObject();
  w.key("cells");
  namedValues(w, report.cells, Layout::Lines);
  w.key("actions");
  lines(w, report.actions, action);
  w.key("effectRuns");
  lines(w, report.effectRuns, effectRun);
  w.key("cycles");
  lines(w, report.cycles, cycle);
  w.key("errors");
  lines(w, report.errors, error);
  w.key("sessions");
  lines(w, report.sessions, session);
  w.endObject();
  w.newline();
}

std::string reportJson(const Report& report) {
  std::ostringstream out;
  writeReportJson(out, report);
  return std::move(out).str();
}

}  // namespace tickscope::trace
