#pragma once
// The graph file's schema (spec/graph-format.md sections 1 and 6), written once. The reference
// reader (reader.cpp), the fast reader (fast_reader.cpp) and the writer (writer.cpp) all take
// their keys from here.
//
// Contract:
// - Every object of the format with fixed keys is an ObjectKind; its keys are one enum (RootKey,
//   SettingsKey, ...) and one table (kRootKeys, ...) whose row i describes the enumerator i.
//   Objects of free keys (cells, an event's set) are values of type NumberMap, not kinds.
// - A table's order is the order the writer writes the keys in; the readers accept any order.
// - A key not in its object's table is unknown: the reference reader warns and ignores it, the
//   fast reader gives up (so the reference reader reports it).
// - `required` keys missing are errors ("missing required key \"K\"" + missingHint).
// - `written`: Always (even when the value is the default) or WhenSet (omitted when the value
//   is absent, empty or the default of document.h, which holds every default).
// - Everything is constexpr: the fast reader matches keys against kKeyNames<Key>, an array of
//   string_views, and a seen-mask of up to 32 bits, exactly as with hand-written lists.
//
// Adding a key: a row in its table and an enumerator in its enum (same position), then the
// code that handles its value. The readers and the writer switch over the key enums without a
// default, so the compiler (-Wswitch) points at each place that must handle it;
// tests/engine/graph/schema_tests.cpp checks that both readers read it and the writer writes it.
// Private to engine/graph.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tickscope::graph::detail {

// The objects with fixed keys. None: no object (the child of a key that holds none).
enum class ObjectKind : std::uint8_t { Root, Settings, Cycle, AutoDebounce, Action, Event, SpawnTask, None };
inline constexpr ObjectKind kObjectKinds[] = {
    ObjectKind::Root,   ObjectKind::Settings, ObjectKind::Cycle,     ObjectKind::AutoDebounce,
    ObjectKind::Action, ObjectKind::Event,    ObjectKind::SpawnTask,
};

// What a key's value is. `null` is never accepted.
enum class ValueType : std::uint8_t {
  Number,       // a finite number
  Integer,      // a number with an integral value (ranges are the reader's)
  String,
  Bool,
  Object,       // an object of kind KeySpec::child
  ObjectArray,  // an array of objects of kind KeySpec::child
  StringArray,  // an array of strings
  NumberMap,    // an object of any keys, each a finite number
};

enum class Written : std::uint8_t { Always, WhenSet };

struct KeySpec {
  std::uint8_t key = 0;  // the enumerator of the object's key enum: equal to the row (checked)
  std::string_view name;
  ValueType type = ValueType::Number;
  ObjectKind child = ObjectKind::None;  // Object and ObjectArray: the kind of the object(s)
  bool required = false;
  Written written = Written::Always;
  std::string_view missingHint;  // required: follows "missing required key \"name\""
};

template <class Key>
constexpr std::uint8_t k(Key key) {
  return static_cast<std::uint8_t>(key);
}

// --- the tables ---

enum class RootKey : std::uint8_t { Version, Name, Description, Settings, Cells, Actions, Events };
inline constexpr KeySpec kRootKeys[] = {
    {.key = k(RootKey::Version), .name = "tickscope", .type = ValueType::Number, .required = true,
     .missingHint = " (the format version; this build reads version 1)"},
    {.key = k(RootKey::Name), .name = "name", .type = ValueType::String},
    {.key = k(RootKey::Description), .name = "description", .type = ValueType::String,
     .written = Written::WhenSet},
    {.key = k(RootKey::Settings), .name = "settings", .type = ValueType::Object,
     .child = ObjectKind::Settings},
    // The writer streams the last three (GraphWriter::cell/action/event).
    {.key = k(RootKey::Cells), .name = "cells", .type = ValueType::NumberMap},
    {.key = k(RootKey::Actions), .name = "actions", .type = ValueType::ObjectArray,
     .child = ObjectKind::Action},
    {.key = k(RootKey::Events), .name = "events", .type = ValueType::ObjectArray,
     .child = ObjectKind::Event},
};

enum class SettingsKey : std::uint8_t { Mode, Seed, Epsilon, Cycle, AutoDebounce, Deprioritize };
inline constexpr KeySpec kSettingsKeys[] = {
    {.key = k(SettingsKey::Mode), .name = "mode", .type = ValueType::String},
    {.key = k(SettingsKey::Seed), .name = "seed", .type = ValueType::Integer},
    {.key = k(SettingsKey::Epsilon), .name = "epsilon", .type = ValueType::Number},
    {.key = k(SettingsKey::Cycle), .name = "cycle", .type = ValueType::Object,
     .child = ObjectKind::Cycle},
    {.key = k(SettingsKey::AutoDebounce), .name = "autoDebounce", .type = ValueType::Object,
     .child = ObjectKind::AutoDebounce},
    {.key = k(SettingsKey::Deprioritize), .name = "deprioritize", .type = ValueType::StringArray},
};

enum class CycleKey : std::uint8_t { BudgetMs, MaxIterations };
inline constexpr KeySpec kCycleKeys[] = {
    {.key = k(CycleKey::BudgetMs), .name = "budgetMs", .type = ValueType::Number},
    {.key = k(CycleKey::MaxIterations), .name = "maxIterations", .type = ValueType::Integer},
};

enum class AutoDebounceKey : std::uint8_t { Enabled, ThresholdMs, MinRuns, DelayMs };
inline constexpr KeySpec kAutoDebounceKeys[] = {
    {.key = k(AutoDebounceKey::Enabled), .name = "enabled", .type = ValueType::Bool},
    {.key = k(AutoDebounceKey::ThresholdMs), .name = "thresholdMs", .type = ValueType::Number},
    {.key = k(AutoDebounceKey::MinRuns), .name = "minRuns", .type = ValueType::Integer},
    {.key = k(AutoDebounceKey::DelayMs), .name = "delayMs", .type = ValueType::Number},
};

enum class ActionKey : std::uint8_t { Id, Kind, Reads, Writes, Expr, CostMs, DebounceMs, Label };
inline constexpr KeySpec kActionKeys[] = {
    {.key = k(ActionKey::Id), .name = "id", .type = ValueType::String, .required = true},
    {.key = k(ActionKey::Kind), .name = "kind", .type = ValueType::String, .required = true,
     .missingHint = " (\"computation\" or \"effect\")"},
    // Absent: the variables of expr (Action::readsFromExpr).
    {.key = k(ActionKey::Reads), .name = "reads", .type = ValueType::StringArray,
     .written = Written::WhenSet},
    {.key = k(ActionKey::Writes), .name = "writes", .type = ValueType::StringArray,
     .written = Written::WhenSet},
    {.key = k(ActionKey::Expr), .name = "expr", .type = ValueType::String,
     .written = Written::WhenSet},
    {.key = k(ActionKey::CostMs), .name = "costMs", .type = ValueType::Number,
     .written = Written::WhenSet},
    {.key = k(ActionKey::DebounceMs), .name = "debounceMs", .type = ValueType::Number,
     .written = Written::WhenSet},
    {.key = k(ActionKey::Label), .name = "label", .type = ValueType::String,
     .written = Written::WhenSet},
};

enum class EventKey : std::uint8_t { AtMs, Set, Session, Spawn };
inline constexpr KeySpec kEventKeys[] = {
    {.key = k(EventKey::AtMs), .name = "atMs", .type = ValueType::Number, .required = true},
    {.key = k(EventKey::Set), .name = "set", .type = ValueType::NumberMap},
    {.key = k(EventKey::Session), .name = "session", .type = ValueType::String,
     .written = Written::WhenSet},
    {.key = k(EventKey::Spawn), .name = "spawn", .type = ValueType::ObjectArray,
     .child = ObjectKind::SpawnTask, .written = Written::WhenSet},
};

enum class SpawnTaskKey : std::uint8_t { Name, DelayMs, WaitUntil };
inline constexpr KeySpec kSpawnTaskKeys[] = {
    {.key = k(SpawnTaskKey::Name), .name = "name", .type = ValueType::String, .required = true,
     .missingHint = " (of the spawned task)"},
    {.key = k(SpawnTaskKey::DelayMs), .name = "delayMs", .type = ValueType::Number},
    {.key = k(SpawnTaskKey::WaitUntil), .name = "waitUntil", .type = ValueType::Bool,
     .written = Written::WhenSet},
};

// --- lookups ---

// keysOf: the table of an object kind (empty for None).
constexpr std::span<const KeySpec> keysOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Root: return kRootKeys;
    case ObjectKind::Settings: return kSettingsKeys;
    case ObjectKind::Cycle: return kCycleKeys;
    case ObjectKind::AutoDebounce: return kAutoDebounceKeys;
    case ObjectKind::Action: return kActionKeys;
    case ObjectKind::Event: return kEventKeys;
    case ObjectKind::SpawnTask: return kSpawnTaskKeys;
    case ObjectKind::None: break;
  }
  return {};
}

// kObjectOf<Key>: the object kind of a key enum.
template <class Key>
inline constexpr ObjectKind kObjectOf = ObjectKind::None;
template <> inline constexpr ObjectKind kObjectOf<RootKey> = ObjectKind::Root;
template <> inline constexpr ObjectKind kObjectOf<SettingsKey> = ObjectKind::Settings;
template <> inline constexpr ObjectKind kObjectOf<CycleKey> = ObjectKind::Cycle;
template <> inline constexpr ObjectKind kObjectOf<AutoDebounceKey> = ObjectKind::AutoDebounce;
template <> inline constexpr ObjectKind kObjectOf<ActionKey> = ObjectKind::Action;
template <> inline constexpr ObjectKind kObjectOf<EventKey> = ObjectKind::Event;
template <> inline constexpr ObjectKind kObjectOf<SpawnTaskKey> = ObjectKind::SpawnTask;

template <class Key>
constexpr std::span<const KeySpec> keysOf() {
  static_assert(kObjectOf<Key> != ObjectKind::None, "not a key enum of the schema");
  return keysOf(kObjectOf<Key>);
}
template <class Key>
constexpr const KeySpec& keySpec(Key key) {
  return keysOf<Key>()[k(key)];
}
template <class Key>
constexpr std::string_view keyName(Key key) {
  return keySpec(key).name;
}

// kKeyNames<Key>: the names in table order, for matching keys by position.
template <class Key>
inline constexpr auto kKeyNames = [] {
  std::array<std::string_view, keysOf<Key>().size()> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = keysOf<Key>()[i].name;
  return names;
}();

// requiredMask: bit i set when key i is required (bits as the readers' seen-masks).
constexpr std::uint32_t requiredMask(ObjectKind kind) {
  std::uint32_t mask = 0;
  const std::span<const KeySpec> keys = keysOf(kind);
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i].required) mask |= std::uint32_t{1} << i;
  return mask;
}
template <class Key>
inline constexpr std::uint32_t kRequiredMask = requiredMask(kObjectOf<Key>);

// wellFormed: rows numbered as their enumerators, at most 32 keys (seen-masks), unique
// non-empty names, a child exactly for Object/ObjectArray, a hint only on a required key.
constexpr bool wellFormed(ObjectKind kind) {
  const std::span<const KeySpec> keys = keysOf(kind);
  if (keys.empty() || keys.size() > 32) return false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const KeySpec& key = keys[i];
    if (key.key != i || key.name.empty()) return false;
    const bool hasChild = key.type == ValueType::Object || key.type == ValueType::ObjectArray;
    if (hasChild != (key.child != ObjectKind::None)) return false;
    if (!key.required && !key.missingHint.empty()) return false;
    for (std::size_t j = 0; j < i; ++j)
      if (keys[j].name == key.name) return false;
  }
  return true;
}
static_assert(wellFormed(ObjectKind::Root) && wellFormed(ObjectKind::Settings) &&
              wellFormed(ObjectKind::Cycle) && wellFormed(ObjectKind::AutoDebounce) &&
              wellFormed(ObjectKind::Action) && wellFormed(ObjectKind::Event) &&
              wellFormed(ObjectKind::SpawnTask));

}  // namespace tickscope::graph::detail
