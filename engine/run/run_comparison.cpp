#include "run/run_comparison.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

using nlohmann::json;

template <class T>
json optional(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_floating_point_v<T>) {
    return jsonNumber(*v);
  } else {
    return *v;
  }
}
json errorsJson(const std::vector<ErrorOutcome>& errors) {
  json a = json::array();
  for (const ErrorOutcome& e : errors) a.push_back({{"kind", e.kind}, {"actions", e.actions}, {"message", e.message}});
  return a;
}

// sameDecision: what the user sees of a step is alike (the actions by id).
bool sameDecision(const RunDigest& da, const StepDecision& a, const RunDigest& db, const StepDecision& b) {
  if (a.kind != b.kind || a.timerFired != b.timerFired || a.label != b.label || !sameValue(a.atMs, b.atMs) ||
      a.ranCount != b.ranCount)
    return false;
  if (a.kind == MoveKind::EventApplied && a.event != b.event) return false;
  for (std::uint32_t k = 0; k < a.ranCount; ++k) {
    const std::uint32_t x = da.ran[a.ranBegin + k];
    const std::uint32_t y = db.ran[b.ranBegin + k];
    if (da.actionName(x) != db.actionName(y)) return false;  // by id: two files compare too
  }
  return true;
}

bool rangesValid(const RunDigest& d) {
  for (const StepDecision& s : d.decisions)
    if (s.ranBegin > d.ran.size() || s.ranCount > d.ran.size() - s.ranBegin) return false;
  return true;
}

}  // namespace

std::string DecisionView::describe() const {
  std::string what;
  switch (kind) {
    case MoveKind::Decision:
      what = timerFired ? "a timer fired" : "picked a task";
      if (!label.empty()) what += fmt::format(" labelled \"{}\"", label);
      break;
    case MoveKind::EventApplied: what = fmt::format("applied event {}", event); break;
    default: what = std::string(nameOf(kind)); break;
  }
  std::string ranText;
  for (std::size_t i = 0; i < ranNames.size(); ++i) ranText += (i ? ", " : "") + ranNames[i];
  return fmt::format("step {} at {} ms: {}{}", step, trace::formatNumber(atMs), what,
                     ranNames.empty() ? std::string(", ran nothing") : ", ran " + ranText);
}

std::int64_t ActionDelta::runCountDelta() const {
  return static_cast<std::int64_t>(runCountB.value_or(0)) - static_cast<std::int64_t>(runCountA.value_or(0));
}
double ActionDelta::totalMsDelta() const { return totalMsB.value_or(0) - totalMsA.value_or(0); }
bool ActionDelta::differs() const {
  return runCountA != runCountB || totalMsA.has_value() != totalMsB.has_value() ||
         (totalMsA && !sameValue(*totalMsA, *totalMsB));
}

std::optional<DecisionView> decisionView(const RunDigest& digest, std::uint64_t step) {
  if (step == 0 || step > digest.decisions.size()) return std::nullopt;
  const StepDecision& d = digest.decisions[step - 1];
  DecisionView v;
  v.step = step;
  v.kind = d.kind;
  v.timerFired = d.timerFired;
  v.label = d.label;
  v.atMs = d.atMs;
  v.event = d.event;
  v.ran = digest.ranOf(d);
  for (std::uint32_t a : v.ran) v.ranNames.push_back(digest.actionName(a));
  return v;
}

std::optional<Parting> firstParting(const RunDigest& a, const RunDigest& b) {
  if (!rangesValid(a) || !rangesValid(b)) return Parting{0, 0};  // a damaged digest: nothing can be matched
  std::size_t i = 0, j = 0;
  const std::size_t na = a.decisions.size(), nb = b.decisions.size();
  for (;;) {
    while (i < na && a.decisions[i].idle) ++i;
    while (j < nb && b.decisions[j].idle) ++j;
    if (i == na && j == nb) return std::nullopt;
    if (i == na || j == nb || !sameDecision(a, a.decisions[i], b, b.decisions[j]))
      return Parting{i < na ? std::optional<std::size_t>(i) : std::nullopt, j < nb ? std::optional<std::size_t>(j) : std::nullopt};
    ++i;
    ++j;
  }
}

std::optional<std::uint64_t> firstDifferentStep(const RunDigest& a, const RunDigest& b) {
  const auto p = firstParting(a, b);
  if (!p) return std::nullopt;
  return p->a ? *p->a + 1 : a.decisions.size() + 1;
}

RunComparison compareRuns(const RunDigest& a, const RunDigest& b) {
  RunComparison c;
  c.a = {a.graph, a.mode, a.seed, a.steps};
  c.b = {b.graph, b.mode, b.seed, b.steps};
  c.same = sameOutcome(a.outcome, b.outcome);
  if (const auto p = firstParting(a, b)) {
    c.firstDifferentStep = p->a ? *p->a + 1 : a.decisions.size() + 1;
    if (p->a) c.decisionA = decisionView(a, *p->a + 1);
    if (p->b) c.decisionB = decisionView(b, *p->b + 1);
  }

  std::unordered_map<std::string_view, std::size_t> row;
  for (const ActionTotals& t : a.actions) {
    row.emplace(t.id, c.actions.size());
    c.actions.push_back({t.id, t.runCount, std::nullopt, t.totalMs, std::nullopt});
  }
  for (const ActionTotals& t : b.actions) {
    auto it = row.find(t.id);
    if (it == row.end()) {
      c.actions.push_back({t.id, std::nullopt, t.runCount, std::nullopt, t.totalMs});
    } else {
      c.actions[it->second].runCountB = t.runCount;
      c.actions[it->second].totalMsB = t.totalMs;
    }
  }

  std::unordered_map<std::string_view, double> cellsB;
  for (const trace::NamedValue& v : b.outcome.cells) cellsB.emplace(v.name, v.value);
  std::unordered_map<std::string_view, bool> inA;
  for (const trace::NamedValue& v : a.outcome.cells) {
    inA.emplace(v.name, true);
    const auto it = cellsB.find(v.name);
    if (it == cellsB.end()) {
      c.cells.push_back({v.name, v.value, std::nullopt});
    } else if (!sameValue(v.value, it->second)) {
      c.cells.push_back({v.name, v.value, it->second});
    }
  }
  for (const trace::NamedValue& v : b.outcome.cells)
    if (!inA.contains(v.name)) c.cells.push_back({v.name, std::nullopt, v.value});

  std::unordered_map<std::string_view, const EffectOutputs*> effectsB;
  for (const EffectOutputs& e : b.outcome.effects) effectsB.emplace(e.action, &e);
  std::unordered_map<std::string_view, bool> effectInA;
  for (const EffectOutputs& e : a.outcome.effects) {
    effectInA.emplace(e.action, true);
    const auto it = effectsB.find(e.action);
    EffectDifference d;
    d.action = e.action;
    d.outputsA = e.outputs.size();
    if (it == effectsB.end()) {
      if (!e.outputs.empty()) d.outputA = e.outputs.front();
      c.effects.push_back(std::move(d));
      continue;
    }
    const EffectOutputs& f = *it->second;
    d.outputsB = f.outputs.size();
    const std::size_t common = std::min(e.outputs.size(), f.outputs.size());
    std::size_t k = 0;
    auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!sameValue(x[i], y[i])) return false;
      return true;
    };
    while (k < common && same(e.outputs[k], f.outputs[k])) ++k;
    if (k == common && e.outputs.size() == f.outputs.size()) continue;
    d.firstDifferentRun = k;
    if (k < e.outputs.size()) d.outputA = e.outputs[k];
    if (k < f.outputs.size()) d.outputB = f.outputs[k];
    c.effects.push_back(std::move(d));
  }
  for (const EffectOutputs& f : b.outcome.effects) {
    if (effectInA.contains(f.action)) continue;
    EffectDifference d;
    d.action = f.action;
    d.outputsB = f.outputs.size();
    if (!f.outputs.empty()) d.outputB = f.outputs.front();
    c.effects.push_back(std::move(d));
  }

  const auto& ea = a.outcome.errors;
  const auto& eb = b.outcome.errors;
  c.errorsDiffer = ea.size() != eb.size() ||
                   !std::equal(ea.begin(), ea.end(), eb.begin(), [](const ErrorOutcome& x, const ErrorOutcome& y) {
                     return x.kind == y.kind && x.actions == y.actions && x.message == y.message;
                   });
  if (c.errorsDiffer) {
    c.errorsA = ea;
    c.errorsB = eb;
  }
  return c;
}

nlohmann::json toJson(const DecisionView& d) {
  return {{"step", d.step},
          {"kind", nameOf(d.kind)},
          {"timerFired", d.timerFired},
          {"label", d.label},
          {"atMs", jsonNumber(d.atMs)},
          {"event", d.kind == MoveKind::EventApplied ? json(d.event) : json(nullptr)},
          {"ran", d.ranNames},
          {"text", d.describe()}};
}

nlohmann::json toJson(const RunComparison& c) {
  json j;
  j["same"] = c.same;
  j["firstDifferentStep"] = optional(c.firstDifferentStep);
  auto side = [&](const RunSide& s, const std::optional<DecisionView>& d) {
    return json{{"graph", s.graph},
                {"mode", s.mode},
                {"seed", s.seed},
                {"steps", s.steps},
                {"decision", d ? toJson(*d) : json(nullptr)}};
  };
  j["a"] = side(c.a, c.decisionA);
  j["b"] = side(c.b, c.decisionB);
  json actions = json::array();
  for (const ActionDelta& d : c.actions) {
    actions.push_back({{"id", d.id},
                       {"runCountA", optional(d.runCountA)},
                       {"runCountB", optional(d.runCountB)},
                       {"runCountDelta", d.runCountDelta()},
                       {"totalMsA", optional(d.totalMsA)},
                       {"totalMsB", optional(d.totalMsB)},
                       {"totalMsDelta", jsonNumber(d.totalMsDelta())}});
  }
  j["actions"] = std::move(actions);
  json cells = json::array();
  for (const CellDifference& d : c.cells) cells.push_back({{"name", d.name}, {"a", optional(d.a)}, {"b", optional(d.b)}});
  j["cells"] = std::move(cells);
  json effects = json::array();
  for (const EffectDifference& d : c.effects) {
    effects.push_back({{"action", d.action},
                       {"outputsA", optional(d.outputsA)},
                       {"outputsB", optional(d.outputsB)},
                       {"firstDifferentRun", d.firstDifferentRun},
                       {"outputA", jsonNumbers(d.outputA)},
                       {"outputB", jsonNumbers(d.outputB)}});
  }
  j["effects"] = std::move(effects);
  j["errors"] = c.errorsDiffer ? json{{"a", errorsJson(c.errorsA)}, {"b", errorsJson(c.errorsB)}} : json(nullptr);
  return j;
}

}  // namespace tickscope::run
