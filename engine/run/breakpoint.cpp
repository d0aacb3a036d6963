#include "run/breakpoint.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "graph/expression.h"

namespace tickscope::run {

namespace {

constexpr std::array<std::string_view, Breakpoint::kKindCount> kNames{
    "action-runs", "cell-changes", "report-error", "cycle-detected", "debounce-fires", "task-picked",
    "ready-queue-longer"};

constexpr std::array<std::string_view, 6> kErrorKinds{"cycle-limit",   "math-error",   "action-failed",
                                                      "too-many-iterations", "dangling-task", "max-time"};

}  // namespace

std::string_view nameOf(Breakpoint::Kind kind) { return kNames[static_cast<std::size_t>(kind)]; }

std::optional<Breakpoint::Kind> parseBreakpointKind(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Breakpoint::Kind>(i);
  }
  return std::nullopt;
}

bool needsTarget(Breakpoint::Kind kind) {
  return kind == Breakpoint::Kind::ActionRuns || kind == Breakpoint::Kind::CellChanges ||
         kind == Breakpoint::Kind::TaskPicked;
}

std::string describe(const Breakpoint& b) {
  using K = Breakpoint::Kind;
  switch (b.kind) {
    case K::ActionRuns:
      return fmt::format("before action {} runs", b.target);
    case K::CellChanges:
      return b.condition.empty() ? fmt::format("when cell {} changes", b.target)
                                 : fmt::format("when cell {} changes and {}", b.target, b.condition);
    case K::ReportError:
      return b.target.empty() ? std::string("on any report error") : fmt::format("on a {} error", b.target);
    case K::CycleDetected:
      return "when a cycle is detected";
    case K::DebounceFires:
      return b.target.empty() ? std::string("when any debounce timer fires")
                              : fmt::format("when the debounce of {} fires", b.target);
    case K::TaskPicked:
      return fmt::format("when a task labelled {} is picked", b.target);
    case K::ReadyQueueLonger:
      return fmt::format("when the ready queue is longer than {}", b.threshold);
  }
  return {};
}

std::string checkBreakpoint(const Breakpoint& b, const graph::GraphDocument& document) {
  using K = Breakpoint::Kind;
  if (needsTarget(b.kind) && b.target.empty()) return fmt::format("{} needs a target", nameOf(b.kind));
  switch (b.kind) {
    case K::ActionRuns:
      if (!document.findAction(b.target)) return fmt::format("no action named \"{}\"", b.target);
      break;
    case K::DebounceFires:
      if (!b.target.empty() && !document.findAction(b.target)) return fmt::format("no action named \"{}\"", b.target);
      break;
    case K::CellChanges: {
      if (!document.findCell(b.target)) return fmt::format("no cell named \"{}\"", b.target);
      if (b.condition.empty()) break;
      const graph::CompileResult compiled = graph::CompileResult::compile(b.condition);
      if (!compiled.ok()) return fmt::format("condition \"{}\": {}", b.condition, compiled.error);
      for (const std::string& v : compiled.variables) {
        if (v != "v") return fmt::format("condition \"{}\": only v (the new value) can be used, not {}", b.condition, v);
      }
      if (compiled.expression.resultCount() != 1) return fmt::format("condition \"{}\": one result expected", b.condition);
      break;
    }
    case K::ReportError:
      if (!b.target.empty() && std::find(kErrorKinds.begin(), kErrorKinds.end(), b.target) == kErrorKinds.end())
        return fmt::format("no report error kind \"{}\"", b.target);
      break;
    case K::TaskPicked: {
      const bool known = std::any_of(document.actions.begin(), document.actions.end(),
                                     [&](const graph::Action& a) { return a.label && *a.label == b.target; });
      if (!known) return fmt::format("no action is labelled \"{}\"", b.target);
      break;
    }
    case K::CycleDetected:
    case K::ReadyQueueLonger:
      break;
  }
  return {};
}

std::string breakpointsToJson(const std::vector<Breakpoint>& breakpoints) {
  nlohmann::json array = nlohmann::json::array();
  for (const Breakpoint& b : breakpoints) {
    array.push_back({{"kind", std::string(nameOf(b.kind))},
                     {"target", b.target},
                     {"condition", b.condition},
                     {"threshold", b.threshold},
                     {"enabled", b.enabled}});
  }
  return array.dump();
}

std::vector<Breakpoint> breakpointsFromJson(std::string_view json, std::vector<std::string>* problems) {
  std::vector<Breakpoint> out;
  auto problem = [&](std::string text) {
    if (problems) problems->push_back(std::move(text));
  };
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    if (!json.empty()) problem("saved breakpoints are not a JSON array; none restored");
    return out;
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const nlohmann::json& e = parsed[i];
    const auto text = [&](const char* key) {
      return e.is_object() && e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : std::string();
    };
    const std::optional<Breakpoint::Kind> kind = parseBreakpointKind(text("kind"));
    if (!kind) {
      problem(fmt::format("saved breakpoint {}: unknown kind; skipped", i + 1));
      continue;
    }
    Breakpoint b;
    b.kind = *kind;
    b.target = text("target");
    b.condition = text("condition");
    if (e.contains("threshold") && e["threshold"].is_number_unsigned())
      b.threshold = static_cast<std::uint32_t>(std::min<std::uint64_t>(e["threshold"].get<std::uint64_t>(), UINT32_MAX));
    b.enabled = !(e.contains("enabled") && e["enabled"].is_boolean()) || e["enabled"].get<bool>();
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace tickscope::run
