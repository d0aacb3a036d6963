#include "graph/writer.h"

#include <sstream>
#include <stdexcept>

#include "graph/json_text_p.h"

namespace tickscope::graph {
namespace {

using detail::appendJsonInteger;
using detail::appendJsonNumber;
using detail::appendJsonString;

constexpr std::size_t kFlushBytes = 1 << 16;

void appendStringList(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    appendJsonString(out, list[i]);
  }
  out += ']';
}

void appendKey(std::string& out, std::string_view key) {
  appendJsonString(out, key);
  out += ": ";
}

}  // namespace

void GraphWriter::begin(const std::string& name, const Settings& settings,
                        const std::optional<std::string>& description) {
  if (phase_ != Phase::Start) throw std::logic_error("GraphWriter::begin called twice");
  std::string& o = buffer_;
  o += "{\n  \"tickscope\": 1,\n  \"name\": ";
  appendJsonString(o, name);
  if (description) {
    o += ",\n  \"description\": ";
    appendJsonString(o, *description);
  }
  o += ",\n  \"settings\": {\n    \"mode\": ";
  appendJsonString(o, toString(settings.mode));
  o += ",\n    \"seed\": ";
  appendJsonInteger(o, settings.seed);
  o += ",\n    \"epsilon\": ";
  appendJsonNumber(o, settings.epsilon);
  o += ",\n    \"cycle\": {\"budgetMs\": ";
  appendJsonNumber(o, settings.cycle.budgetMs);
  o += ", \"maxIterations\": ";
  o += std::to_string(settings.cycle.maxIterations);
  o += "},\n    \"autoDebounce\": {\"enabled\": ";
  o += settings.autoDebounce.enabled ? "true" : "false";
  o += ", \"thresholdMs\": ";
  appendJsonNumber(o, settings.autoDebounce.thresholdMs);
  o += ", \"minRuns\": ";
  o += std::to_string(settings.autoDebounce.minRuns);
  o += ", \"delayMs\": ";
  appendJsonNumber(o, settings.autoDebounce.delayMs);
  o += "},\n    \"deprioritize\": ";
  appendStringList(o, settings.deprioritize);
  o += "\n  },\n  \"cells\": {";
  phase_ = Phase::Cells;
  first_ = true;
}

void GraphWriter::enter(Phase phase) {
  if (phase_ == Phase::Start || phase_ == Phase::Done || phase < phase_)
    throw std::logic_error("GraphWriter: begin(), cells, actions, events, end() out of order");
  while (phase_ < phase) {
    switch (phase_) {
      case Phase::Cells: buffer_ += first_ ? "},\n  \"actions\": [" : "\n  },\n  \"actions\": ["; break;
      case Phase::Actions: buffer_ += first_ ? "],\n  \"events\": [" : "\n  ],\n  \"events\": ["; break;
      case Phase::Events: buffer_ += first_ ? "]\n}\n" : "\n  ]\n}\n"; break;
      default: break;
    }
    phase_ = static_cast<Phase>(static_cast<int>(phase_) + 1);
    first_ = true;
  }
}

void GraphWriter::cell(const Cell& cell) {
  enter(Phase::Cells);
  buffer_ += first_ ? "\n    " : ",\n    ";
  first_ = false;
  appendKey(buffer_, cell.id);
  appendJsonNumber(buffer_, cell.initial);
  if (buffer_.size() >= kFlushBytes) {
    out_ << buffer_;
    buffer_.clear();
  }
}

void GraphWriter::action(const Action& a) {
  enter(Phase::Actions);
  std::string& o = buffer_;
  o += first_ ? "\n    {" : ",\n    {";
  first_ = false;
  appendKey(o, "id");
  appendJsonString(o, a.id);
  o += ", ";
  appendKey(o, "kind");
  appendJsonString(o, toString(a.kind));
  if (!a.readsFromExpr) {
    o += ", ";
    appendKey(o, "reads");
    appendStringList(o, a.reads);
  }
  if (!a.writes.empty()) {
    o += ", ";
    appendKey(o, "writes");
    appendStringList(o, a.writes);
  }
  if (a.expr) {
    o += ", ";
    appendKey(o, "expr");
    appendJsonString(o, *a.expr);
  }
  if (a.costMs != 0) {
    o += ", ";
    appendKey(o, "costMs");
    appendJsonNumber(o, a.costMs);
  }
  if (a.debounceMs != 0) {
    o += ", ";
    appendKey(o, "debounceMs");
    appendJsonNumber(o, a.debounceMs);
  }
  if (a.label) {
    o += ", ";
    appendKey(o, "label");
    appendJsonString(o, *a.label);
  }
  o += '}';
  if (o.size() >= kFlushBytes) {
    out_ << o;
    o.clear();
  }
}

void GraphWriter::event(const Event& e) {
  enter(Phase::Events);
  std::string& o = buffer_;
  o += first_ ? "\n    {" : ",\n    {";
  first_ = false;
  appendKey(o, "atMs");
  appendJsonNumber(o, e.atMs);
  o += ", ";
  appendKey(o, "set");
  o += '{';
  for (std::size_t i = 0; i < e.set.size(); ++i) {
    if (i > 0) o += ", ";
    appendKey(o, e.set[i].cell);
    appendJsonNumber(o, e.set[i].value);
  }
  o += '}';
  if (e.session) {
    o += ", ";
    appendKey(o, "session");
    appendJsonString(o, *e.session);
  }
  if (!e.spawn.empty()) {
    o += ", ";
    appendKey(o, "spawn");
    o += '[';
    for (std::size_t i = 0; i < e.spawn.size(); ++i) {
      const SpawnTask& t = e.spawn[i];
      if (i > 0) o += ", ";
      o += '{';
      appendKey(o, "name");
      appendJsonString(o, t.name);
      o += ", ";
      appendKey(o, "delayMs");
      appendJsonNumber(o, t.delayMs);
      if (t.waitUntil) o += ", \"waitUntil\": true";
      o += '}';
    }
    o += ']';
  }
  o += '}';
  if (o.size() >= kFlushBytes) {
    out_ << o;
    o.clear();
  }
}

void GraphWriter::end() {
  enter(Phase::Done);
  out_ << buffer_;
  buffer_.clear();
  out_.flush();
}

void writeGraph(std::ostream& out, const GraphDocument& document) {
  GraphWriter writer(out);
  writer.begin(document.name, document.settings, document.description);
  for (const Cell& cell : document.cells) writer.cell(cell);
  for (const Action& action : document.actions) writer.action(action);
  for (const Event& event : document.events) writer.event(event);
  writer.end();
}

std::string saveGraph(const GraphDocument& document) {
  std::ostringstream out;
  writeGraph(out, document);
  return std::move(out).str();
}

}  // namespace tickscope::graph
