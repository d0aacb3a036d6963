#include "run/run_digest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run/runner.h"

namespace tickscope::run {

bool sameValue(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

namespace {

bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!sameValue(a[i], b[i])) return false;
  return true;
}

// Hash: FNV-1a, 64-bit, over bytes; numbers normalized as sameValue compares them.
struct Hash {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, std::size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= c[i];
      h *= 1099511628211ull;
    }
  }
  void text(const std::string& s) {
    size(s.size());
    bytes(s.data(), s.size());
  }
  void size(std::size_t n) {
    const auto v = static_cast<std::uint64_t>(n);
    bytes(&v, sizeof v);
  }
  void number(double v) {
    if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
    if (v == 0) v = 0;  // -0 -> 0
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    bytes(&bits, sizeof bits);
  }
};

}  // namespace

bool sameOutcome(const RunOutcome& a, const RunOutcome& b) {
  if (a.cells.size() != b.cells.size() || a.effects.size() != b.effects.size() || a.errors.size() != b.errors.size())
    return false;
  for (std::size_t i = 0; i < a.cells.size(); ++i)
    if (a.cells[i].name != b.cells[i].name || !sameValue(a.cells[i].value, b.cells[i].value)) return false;
  for (std::size_t i = 0; i < a.effects.size(); ++i) {
    const EffectOutputs& x = a.effects[i];
    const EffectOutputs& y = b.effects[i];
    if (x.action != y.action || x.outputs.size() != y.outputs.size()) return false;
    for (std::size_t k = 0; k < x.outputs.size(); ++k)
      if (!sameValues(x.outputs[k], y.outputs[k])) return false;
  }
  for (std::size_t i = 0; i < a.errors.size(); ++i) {
    const ErrorOutcome& x = a.errors[i];
    const ErrorOutcome& y = b.errors[i];
    if (x.kind != y.kind || x.actions != y.actions || x.message != y.message) return false;
  }
  return true;
}

std::uint64_t outcomeHash(const RunOutcome& outcome) {
  Hash h;
  h.size(outcome.cells.size());
  for (const trace::NamedValue& c : outcome.cells) {
    h.text(c.name);
    h.number(c.value);
  }
  h.size(outcome.effects.size());
  for (const EffectOutputs& e : outcome.effects) {
    h.text(e.action);
    h.size(e.outputs.size());
    for (const std::vector<double>& o : e.outputs) {
      h.size(o.size());
      for (double v : o) h.number(v);
    }
  }
  h.size(outcome.errors.size());
  for (const ErrorOutcome& e : outcome.errors) {
    h.text(e.kind);
    h.size(e.actions.size());
    for (const std::string& a : e.actions) h.text(a);
    h.text(e.message);
  }
  return h.h;
}

RunOutcome outcomeOf(const trace::Report& report) {
  RunOutcome o;
  o.cells = report.cells;
  std::unordered_map<std::string_view, std::size_t> effectIndex;
  for (const trace::ActionReport& a : report.actions) {
    if (a.kind != "effect") continue;
    effectIndex.emplace(a.id, o.effects.size());
    o.effects.push_back({a.id, {}});
  }
  for (const trace::EffectRunReport& r : report.effectRuns) {
    const auto it = effectIndex.find(r.action);
    if (it == effectIndex.end()) continue;  // not an effect of the report's list: cannot happen
    o.effects[it->second].outputs.push_back(r.outputs);
  }
  o.errors.reserve(report.errors.size());
  for (const trace::ReportError& e : report.errors) o.errors.push_back({e.kind, e.actions, e.message});
  return o;
}

std::vector<std::uint32_t> RunDigest::ranOf(const StepDecision& d) const {
  if (d.ranBegin > ran.size() || d.ranCount > ran.size() - d.ranBegin) return {};
  return {ran.begin() + d.ranBegin, ran.begin() + d.ranBegin + d.ranCount};
}

std::string RunDigest::actionName(std::uint32_t index) const {
  return index < actions.size() ? actions[index].id : fmt::format("#{}", index);
}

// --- DigestLog -------------------------------------------------------------------------------

void DigestLog::setUp(Runner& runner) { runner_ = &runner; }

void DigestLog::onStepBegin(std::uint64_t step) {
  (void)step;
  current_ = StepDecision{};
  current_.atMs = runner_->nowMs();
  current_.ranBegin = static_cast<std::uint32_t>(ran_.size());
  picked_ = false;
  effectful_ = false;
  inStep_ = true;
}

void DigestLog::onStepEnd(std::uint64_t step, const Move& move) {
  if (!inStep_) return;
  (void)step;
  current_.kind = move.kind;
  current_.endMs = runner_->nowMs();
  if (move.kind == MoveKind::EventApplied) current_.event = move.event;
  current_.ranCount = static_cast<std::uint32_t>(ran_.size() - current_.ranBegin);
  current_.idle = move.kind == MoveKind::Decision && !current_.timerFired && current_.ranCount == 0 && !effectful_;
  decisions_.push_back(std::move(current_));
  current_ = StepDecision{};
  inStep_ = false;
}

void DigestLog::onSchedEvent(const trace::SchedEvent& e) {
  using K = trace::SchedEventKind;
  if (!inStep_) return;
  if (picked_ || (e.kind != K::TaskPicked && e.kind != K::TimerFired)) {
    // A task re-queued (a yield) or the clock: bookkeeping; anything else is an effect.
    if (picked_ && e.kind != K::TaskScheduled && e.kind != K::ClockAdvanced) effectful_ = true;
    return;
  }
  picked_ = true;  // the step's decision
  current_.timerFired = e.kind == K::TimerFired;
  if (const auto* record = runner_->scheduler().taskRecord(e.task)) current_.label = std::string(record->label.name());
}

void DigestLog::onReactiveEvent(const trace::ReactiveEvent& e) {
  if (!inStep_) return;
  effectful_ = true;
  if (e.kind != trace::ReactiveEventKind::ActionStarted) return;
  if (e.action >= 1 && e.action <= runner_->document().actions.size()) ran_.push_back(e.action - 1);
}

void DigestLog::onSessionEvent(const trace::SessionEvent& e) {
  (void)e;
  if (inStep_) effectful_ = true;
}

RunDigest DigestLog::digest(const Runner& runner) const {
  RunDigest d;
  const trace::Report report = runner.report();
  d.graph = report.graph;
  d.mode = report.mode;
  d.seed = report.seed;
  d.steps = runner.steps();
  d.virtualTimeMs = report.virtualTimeMs;
  d.decisions = decisions_;
  d.ran = ran_;
  d.actions.reserve(report.actions.size());
  for (const trace::ActionReport& a : report.actions) d.actions.push_back({a.id, a.kind == "effect", a.runCount, a.totalMs});
  d.outcome = outcomeOf(report);
  return d;
}

RunDigest digestRun(std::shared_ptr<const graph::GraphDocument> document, const RunOptions& options) {
  RunOptions o = options;
  o.keepDocument = true;  // a shared document is never compacted
  Runner runner(std::move(document), o);
  const auto log = runner.makeObserver<DigestLog>();
  while (runner.step()) {
  }
  return log->digest(runner);
}

// --- JSON ------------------------------------------------------------------------------------

namespace {

using nlohmann::json;


[[noreturn]] void bad(const std::string& field, const char* what) {
  throw std::runtime_error(fmt::format("run digest: {}: {}", field, what));
}

const json& member(const json& object, const std::string& where, const char* key) {
  if (!object.is_object()) bad(where, "expected an object");
  const auto it = object.find(key);
  if (it == object.end()) bad(where.empty() ? std::string(key) : where + "." + key, "missing");
  return *it;
}

std::string path(const std::string& where, const char* key) { return where.empty() ? std::string(key) : where + "." + key; }
std::string path(const std::string& where, std::size_t i) { return fmt::format("{}[{}]", where, i); }

double readNumber(const json& v, const std::string& field) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
  }
  bad(field, "expected a number (or \"nan\", \"inf\", \"-inf\")");
}
double readNumber(const json& o, const std::string& where, const char* key) {
  return readNumber(member(o, where, key), path(where, key));
}
std::uint64_t readUnsigned(const json& v, const std::string& field) {
  if (!v.is_number_unsigned()) bad(field, "expected a non-negative integer");
  return v.get<std::uint64_t>();
}
std::uint64_t readUnsigned(const json& o, const std::string& where, const char* key) {
  return readUnsigned(member(o, where, key), path(where, key));
}
std::string readString(const json& v, const std::string& field) {
  if (!v.is_string()) bad(field, "expected a string");
  return v.get<std::string>();
}
std::string readString(const json& o, const std::string& where, const char* key) {
  return readString(member(o, where, key), path(where, key));
}
bool readBool(const json& o, const std::string& where, const char* key) {
  const json& v = member(o, where, key);
  if (!v.is_boolean()) bad(path(where, key), "expected true or false");
  return v.get<bool>();
}
const json& readArray(const json& o, const std::string& where, const char* key) {
  const json& v = member(o, where, key);
  if (!v.is_array()) bad(path(where, key), "expected an array");
  return v;
}
std::vector<double> readNumbers(const json& v, const std::string& field) {
  if (!v.is_array()) bad(field, "expected an array of numbers");
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(readNumber(v[i], path(field, i)));
  return out;
}
std::vector<std::string> readStrings(const json& v, const std::string& field) {
  if (!v.is_array()) bad(field, "expected an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(readString(v[i], path(field, i)));
  return out;
}

MoveKind moveKindOf(const std::string& name, const std::string& field) {
  for (MoveKind k : {MoveKind::None, MoveKind::Decision, MoveKind::RequestValidated, MoveKind::ClockMoved,
                     MoveKind::EventApplied, MoveKind::Finished, MoveKind::ClockSet})
    if (nameOf(k) == name) return k;
  bad(field, "unknown move kind");
}

}  // namespace

nlohmann::json toJson(const RunDigest& digest) {
  json j;
  j["graph"] = digest.graph;
  j["mode"] = digest.mode;
  j["seed"] = digest.seed;
  j["steps"] = digest.steps;
  j["virtualTimeMs"] = jsonNumber(digest.virtualTimeMs);
  json actions = json::array();
  for (const ActionTotals& a : digest.actions)
    actions.push_back({{"id", a.id}, {"effect", a.effect}, {"runCount", a.runCount}, {"totalMs", jsonNumber(a.totalMs)}});
  j["actions"] = std::move(actions);
  json decisions = json::array();
  for (const StepDecision& d : digest.decisions) {
    json ran = json::array();
    for (std::uint32_t a : digest.ranOf(d)) ran.push_back(a);
    decisions.push_back({{"kind", nameOf(d.kind)},
                         {"timerFired", d.timerFired},
                         {"label", d.label},
                         {"atMs", jsonNumber(d.atMs)},
                         {"endMs", jsonNumber(d.endMs)},
                         {"event", d.event},
                         {"idle", d.idle},
                         {"ran", std::move(ran)}});
  }
  j["decisions"] = std::move(decisions);
  json cells = json::array();
  for (const trace::NamedValue& c : digest.outcome.cells) cells.push_back({{"name", c.name}, {"value", jsonNumber(c.value)}});
  json effects = json::array();
  for (const EffectOutputs& e : digest.outcome.effects) {
    json outputs = json::array();
    for (const std::vector<double>& o : e.outputs) outputs.push_back(jsonNumbers(o));
    effects.push_back({{"action", e.action}, {"outputs", std::move(outputs)}});
  }
  json errors = json::array();
  for (const ErrorOutcome& e : digest.outcome.errors)
    errors.push_back({{"kind", e.kind}, {"actions", e.actions}, {"message", e.message}});
  j["outcome"] = {{"cells", std::move(cells)}, {"effects", std::move(effects)}, {"errors", std::move(errors)}};
  return j;
}

RunDigest digestFromJson(const nlohmann::json& j) {
  RunDigest d;
  if (!j.is_object()) bad("digest", "expected an object");
  d.graph = readString(j, "", "graph");
  d.mode = readString(j, "", "mode");
  if (d.mode != "pull" && d.mode != "push") bad("mode", "expected \"pull\" or \"push\"");
  d.seed = readUnsigned(j, "", "seed");
  d.steps = readUnsigned(j, "", "steps");
  d.virtualTimeMs = readNumber(j, "", "virtualTimeMs");
  const json& actions = readArray(j, "", "actions");
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const std::string w = path("actions", i);
    d.actions.push_back({readString(actions[i], w, "id"), readBool(actions[i], w, "effect"),
                         readUnsigned(actions[i], w, "runCount"), readNumber(actions[i], w, "totalMs")});
  }
  const json& decisions = readArray(j, "", "decisions");
  d.decisions.reserve(decisions.size());
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const std::string w = path("decisions", i);
    const json& o = decisions[i];
    StepDecision s;
    s.kind = moveKindOf(readString(o, w, "kind"), path(w, "kind"));
    s.timerFired = readBool(o, w, "timerFired");
    s.label = readString(o, w, "label");
    s.atMs = readNumber(o, w, "atMs");
    s.endMs = readNumber(o, w, "endMs");
    s.event = readUnsigned(o, w, "event");
    s.idle = readBool(o, w, "idle");
    s.ranBegin = static_cast<std::uint32_t>(d.ran.size());
    const json& ran = readArray(o, w, "ran");
    for (std::size_t k = 0; k < ran.size(); ++k) {
      const std::uint64_t a = readUnsigned(ran[k], path(path(w, "ran"), k));
      if (a >= d.actions.size()) bad(path(path(w, "ran"), k), "not an action index of \"actions\"");
      d.ran.push_back(static_cast<std::uint32_t>(a));
    }
    s.ranCount = static_cast<std::uint32_t>(ran.size());
    d.decisions.push_back(std::move(s));
  }
  if (d.decisions.size() > d.steps) bad("steps", "fewer than the decisions listed");
  const json& outcome = member(j, "", "outcome");
  const json& cells = readArray(outcome, "outcome", "cells");
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string w = path("outcome.cells", i);
    d.outcome.cells.push_back({readString(cells[i], w, "name"), readNumber(cells[i], w, "value")});
  }
  const json& effects = readArray(outcome, "outcome", "effects");
  for (std::size_t i = 0; i < effects.size(); ++i) {
    const std::string w = path("outcome.effects", i);
    EffectOutputs e;
    e.action = readString(effects[i], w, "action");
    const json& outputs = readArray(effects[i], w, "outputs");
    for (std::size_t k = 0; k < outputs.size(); ++k) e.outputs.push_back(readNumbers(outputs[k], path(path(w, "outputs"), k)));
    d.outcome.effects.push_back(std::move(e));
  }
  const json& errors = readArray(outcome, "outcome", "errors");
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const std::string w = path("outcome.errors", i);
    d.outcome.errors.push_back({readString(errors[i], w, "kind"),
                                readStrings(member(errors[i], w, "actions"), path(w, "actions")),
                                readString(errors[i], w, "message")});
  }
  return d;
}

json jsonNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

json jsonNumbers(const std::vector<double>& values) {
  json a = json::array();
  for (double v : values) a.push_back(jsonNumber(v));
  return a;
}

}  // namespace tickscope::run
