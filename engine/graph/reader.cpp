#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "graph/json_pointer.h"
#include "graph/reader_p.h"
#include "graph/schema_p.h"
#include "graph/text_position_p.h"

namespace tickscope::graph::detail {
namespace {

using Json = nlohmann::json;

// Where a value is: the context of the innermost open object or array.
enum class Ctx : std::uint8_t {
  Root, Settings, Cycle, AutoDebounce, Deprioritize, Cells, Actions, Action, Reads, Writes,
  Events, Event, Set, Spawn, SpawnTask, Skip,
};

// What the current slot of a frame is: a key of the schema (schema_p.h), an unknown key, an
// array element, or a value of a free-key object (cells, an event's set).
enum class Slot : std::uint8_t { Key, Unknown, Element, CellValue, SetValue };

// What a slot accepts.
enum class Want : std::uint8_t { Number, Integer, String, Bool, Object, Array, Any };

struct Spec {
  std::string_view name;
  Slot slot = Slot::Key;
  ObjectKind object = ObjectKind::None;  // Slot::Key: the object and its key enumerator
  std::uint8_t key = 0;
  Want want = Want::Any;
  Ctx child = Ctx::Skip;  // for Object/Array
};

// is: the slot is `key` of its object.
template <class Key>
bool is(const Spec& spec, Key key) {
  return spec.slot == Slot::Key && spec.object == kObjectOf<Key> && spec.key == k(key);
}

constexpr Ctx ctxOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Root: return Ctx::Root;
    case ObjectKind::Settings: return Ctx::Settings;
    case ObjectKind::Cycle: return Ctx::Cycle;
    case ObjectKind::AutoDebounce: return Ctx::AutoDebounce;
    case ObjectKind::Action: return Ctx::Action;
    case ObjectKind::Event: return Ctx::Event;
    case ObjectKind::SpawnTask: return Ctx::SpawnTask;
    case ObjectKind::None: break;
  }
  return Ctx::Skip;
}

constexpr Want wantOf(ValueType type) {
  switch (type) {
    case ValueType::Number: return Want::Number;
    case ValueType::Integer: return Want::Integer;
    case ValueType::String: return Want::String;
    case ValueType::Bool: return Want::Bool;
    case ValueType::Object:
    case ValueType::NumberMap: return Want::Object;
    case ValueType::ObjectArray:
    case ValueType::StringArray: return Want::Array;
  }
  return Want::Any;
}

// childOf: the context of a key's object or array value: where its contents go.
constexpr Ctx childOf(ObjectKind object, const KeySpec& key) {
  switch (key.type) {
    case ValueType::Object: return ctxOf(key.child);
    case ValueType::ObjectArray:
      switch (key.child) {
        case ObjectKind::Action: return Ctx::Actions;
        case ObjectKind::Event: return Ctx::Events;
        case ObjectKind::SpawnTask: return Ctx::Spawn;
        default: return Ctx::Skip;
      }
    case ValueType::StringArray:
    case ValueType::NumberMap:
      if (object == ObjectKind::Root && key.key == k(RootKey::Cells)) return Ctx::Cells;
      if (object == ObjectKind::Settings && key.key == k(SettingsKey::Deprioritize))
        return Ctx::Deprioritize;
      if (object == ObjectKind::Action && key.key == k(ActionKey::Reads)) return Ctx::Reads;
      if (object == ObjectKind::Action && key.key == k(ActionKey::Writes)) return Ctx::Writes;
      if (object == ObjectKind::Event && key.key == k(EventKey::Set)) return Ctx::Set;
      return Ctx::Skip;
    default: return Ctx::Skip;
  }
}

// kSpecs<kind>: the slots of an object's keys, from its schema table.
template <ObjectKind kind>
inline constexpr auto kSpecs = [] {
  constexpr std::span<const KeySpec> keys = keysOf(kind);
  std::array<Spec, keys.size()> specs{};
  for (std::size_t i = 0; i < keys.size(); ++i)
    specs[i] = Spec{keys[i].name, Slot::Key, kind, keys[i].key, wantOf(keys[i].type),
                    childOf(kind, keys[i])};
  return specs;
}();

constexpr Spec kUnknown{"", Slot::Unknown, ObjectKind::None, 0, Want::Any};
constexpr Spec kCellValue{"", Slot::CellValue, ObjectKind::None, 0, Want::Number};
constexpr Spec kSetValue{"", Slot::SetValue, ObjectKind::None, 0, Want::Number};
constexpr Spec kStringItem{"", Slot::Element, ObjectKind::None, 0, Want::String};
constexpr Spec kActionItem{"", Slot::Element, ObjectKind::None, 0, Want::Object, Ctx::Action};
constexpr Spec kEventItem{"", Slot::Element, ObjectKind::None, 0, Want::Object, Ctx::Event};
constexpr Spec kTaskItem{"", Slot::Element, ObjectKind::None, 0, Want::Object, Ctx::SpawnTask};
constexpr Spec kSkipItem{"", Slot::Element, ObjectKind::None, 0, Want::Any};

std::span<const Spec> fieldsOf(Ctx ctx) {
  switch (ctx) {
    case Ctx::Root: return kSpecs<ObjectKind::Root>;
    case Ctx::Settings: return kSpecs<ObjectKind::Settings>;
    case Ctx::Cycle: return kSpecs<ObjectKind::Cycle>;
    case Ctx::AutoDebounce: return kSpecs<ObjectKind::AutoDebounce>;
    case Ctx::Action: return kSpecs<ObjectKind::Action>;
    case Ctx::Event: return kSpecs<ObjectKind::Event>;
    case Ctx::SpawnTask: return kSpecs<ObjectKind::SpawnTask>;
    default: return {};
  }
}

const Spec& elementOf(Ctx ctx) {
  switch (ctx) {
    case Ctx::Deprioritize:
    case Ctx::Reads:
    case Ctx::Writes: return kStringItem;
    case Ctx::Actions: return kActionItem;
    case Ctx::Events: return kEventItem;
    case Ctx::Spawn: return kTaskItem;
    default: return kSkipItem;
  }
}

// brokenBitOf: the BrokenField bit of an action key that could not be taken.
std::uint8_t brokenBitOf(ActionKey key) {
  switch (key) {
    case ActionKey::Id: return kBrokenId;
    case ActionKey::Kind: return kBrokenKind;
    case ActionKey::Reads: return kBrokenReads;
    case ActionKey::Writes: return kBrokenWrites;
    case ActionKey::Expr: return kBrokenExpr;
    case ActionKey::CostMs:
    case ActionKey::DebounceMs:
    case ActionKey::Label: return 0;
  }
  return 0;
}

std::string missingKeyMessage(const KeySpec& key) {
  return fmt::format("missing required key \"{}\"{}", key.name, key.missingHint);
}

// The top level reports only a missing "tickscope", alone (ReadOutcome::versionError).
static_assert(kRequiredMask<RootKey> == 1u << k(RootKey::Version));
// reserveActions counts a key every action has.
static_assert(keySpec(ActionKey::Kind).required);

bool isArrayCtx(Ctx ctx) {
  switch (ctx) {
    case Ctx::Deprioritize:
    case Ctx::Actions:
    case Ctx::Reads:
    case Ctx::Writes:
    case Ctx::Events:
    case Ctx::Spawn: return true;
    default: return false;
  }
}

std::string_view wantText(Want want) {
  switch (want) {
    case Want::Number: return "a number";
    case Want::Integer: return "an integer";
    case Want::String: return "a string";
    case Want::Bool: return "true or false";
    case Want::Object: return "an object";
    case Want::Array: return "an array";
    case Want::Any: return "any value";
  }
  return "";
}

struct Scalar {
  enum class Type : std::uint8_t { Null, Bool, Int, Uint, Float, String } type = Type::Null;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  std::string* s = nullptr;

  std::string_view typeText() const {
    switch (type) {
      case Type::Null: return "null";
      case Type::Bool: return "a boolean";
      case Type::Int:
      case Type::Uint:
      case Type::Float: return "a number";
      case Type::String: return "a string";
    }
    return "";
  }
  bool isNumber() const { return type == Type::Int || type == Type::Uint || type == Type::Float; }
  double number() const {
    switch (type) {
      case Type::Int: return static_cast<double>(i);
      case Type::Uint: return static_cast<double>(u);
      default: return d;
    }
  }
  std::string show() const {
    switch (type) {
      case Type::Int: return std::to_string(i);
      case Type::Uint: return std::to_string(u);
      case Type::Float: return fmt::format("{}", d);
      case Type::Bool: return b ? "true" : "false";
      case Type::String: return quoteText(*s);
      case Type::Null: return "null";
    }
    return "";
  }
};

struct Frame {
  Ctx ctx = Ctx::Root;
  const Spec* slot = nullptr;  // object frames: spec of the current key
  std::uint32_t seen = 0;      // object frames: bits of the fields given so far
  std::size_t index = 0;       // array frames: index of the current element
  std::string key;             // object frames: the current key when it is not a known field
};

class Reader {
 public:
  Reader(std::string_view bytes, const LoadLimits& limits, GraphDocument& document,
         DiagnosticSink& sink)
      : bytes_(bytes), limits_(limits), doc_(document), sink_(sink) {
    frames_.reserve(16);
  }

  ReadOutcome run() {
    reserveActions();
    const bool completed = Json::sax_parse(bytes_.begin(), bytes_.end(), this);
    if (!completed) outcome_.stopped = true;
    return std::move(outcome_);
  }

  // nlohmann SAX interface.
  bool null() { return scalar(Scalar{}); }
  bool boolean(bool v) { return scalar(Scalar{Scalar::Type::Bool, v}); }
  bool number_integer(std::int64_t v) { return scalar(Scalar{Scalar::Type::Int, false, v}); }
  bool number_unsigned(std::uint64_t v) { return scalar(Scalar{Scalar::Type::Uint, false, 0, v}); }
  bool number_float(double v, const std::string&) {
    return scalar(Scalar{Scalar::Type::Float, false, 0, 0, v});
  }
  bool string(std::string& v) { return scalar(Scalar{Scalar::Type::String, false, 0, 0, 0, &v}); }
  bool binary(Json::binary_t&) { return true; }  // never produced by the JSON parser
  bool start_object(std::size_t) { return startContainer(false); }
  bool start_array(std::size_t) { return startContainer(true); }
  bool end_object() { return endContainer(); }
  bool end_array() { return endContainer(); }
  bool key(std::string& k);
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e);

 private:
  // reserveActions: sizes doc_.actions from a count of "kind" keys (every action has one),
  // so a million actions are not moved through a series of doublings (time and peak memory).
  void reserveActions() {
    const std::string key = fmt::format("\"{}\"", keyName(ActionKey::Kind));
    const std::string_view kKey = key;
    std::size_t count = 0;
    for (std::size_t at = bytes_.find(kKey); at != std::string_view::npos && count <= limits_.maxActions;
         at = bytes_.find(kKey, at + kKey.size()))
      ++count;
    doc_.actions.reserve(std::min<std::size_t>(count, limits_.maxActions));
    outcome_.actionBroken.reserve(std::min<std::size_t>(count, limits_.maxActions));
  }

  // --- positions and messages ---
  std::string slotToken(const Frame& f) const {
    if (isArrayCtx(f.ctx) || f.ctx == Ctx::Skip) return std::to_string(f.index);
    if (f.slot == nullptr) return {};
    if (f.slot->slot == Slot::Unknown || f.slot->slot == Slot::CellValue ||
        f.slot->slot == Slot::SetValue)
      return escapePointerToken(f.key);
    return std::string(f.slot->name);
  }
  // pathTo: the pointer of the value in the current slot of frames_[n - 1]; pathTo(d) is
  // also the pointer of the container frames_[d].
  std::string pathTo(std::size_t n) const {
    std::string p;
    for (std::size_t i = 0; i < n; ++i) {
      p += '/';
      p += slotToken(frames_[i]);
    }
    return p;
  }
  std::string pointerHere() const { return pathTo(frames_.size()); }

  // what: the name of the current slot for messages ("costMs", "reads[2]").
  std::string what() const {
    const Frame& f = frames_.back();
    if (isArrayCtx(f.ctx)) {
      const std::string parent =
          frames_.size() >= 2 ? slotToken(frames_[frames_.size() - 2]) : std::string("value");
      return fmt::format("{}[{}]", parent, f.index);
    }
    if (f.slot == nullptr) return "value";
    switch (f.slot->slot) {
      case Slot::CellValue: return "initial value";
      case Slot::SetValue: return fmt::format("value of {}", quoteText(f.key));
      case Slot::Unknown: return quoteText(f.key);
      case Slot::Key:
      case Slot::Element: break;
    }
    return std::string(f.slot->name);
  }

  // report: a diagnostic now, or, inside an action or event, once it ends (to name it).
  void report(Severity severity, DiagnosticCode code, std::string pointer, std::string message) {
    if (inAction_ || inEvent_) {
      pending_.push_back({severity, code, std::move(pointer), std::move(message)});
      return;
    }
    if (frames_.size() == 2 && frames_[1].ctx == Ctx::Cells) {
      message = fmt::format("cell {}: {}", quoteText(frames_[1].key), message);
    }
    if (severity == Severity::Error) sink_.error(code, std::move(pointer), std::move(message));
    else sink_.warning(code, std::move(pointer), std::move(message));
  }
  void error(DiagnosticCode code, std::string message) {
    report(Severity::Error, code, pointerHere(), std::move(message));
  }
  void markBroken(std::uint8_t bits) {
    if (inAction_) broken_ |= bits;
  }
  // brokenFor: the BrokenField bit of a failed value in the current slot.
  std::uint8_t brokenBitHere() const {
    const Frame& f = frames_.back();
    if (f.ctx == Ctx::Reads) return kBrokenReads;
    if (f.ctx == Ctx::Writes) return kBrokenWrites;
    if (f.slot == nullptr || f.slot->slot != Slot::Key || f.slot->object != ObjectKind::Action)
      return 0;
    return brokenBitOf(static_cast<ActionKey>(f.slot->key));
  }
  void wrongType(const Spec& spec, std::string_view actual) {
    markBroken(brokenBitHere());
    error(DiagnosticCode::WrongType,
          fmt::format("{} must be {}, not {}", what(), wantText(spec.want), actual));
  }

  // --- structure ---
  const Spec& currentSlot() const {
    const Frame& f = frames_.back();
    if (isArrayCtx(f.ctx)) return elementOf(f.ctx);
    if (f.ctx == Ctx::Skip) return kSkipItem;
    return f.slot != nullptr ? *f.slot : kUnknown;
  }
  void afterValue() {
    if (!frames_.empty() && (isArrayCtx(frames_.back().ctx) || frames_.back().ctx == Ctx::Skip))
      ++frames_.back().index;
  }
  bool startContainer(bool isArray);
  bool endContainer();
  bool scalar(const Scalar& v);
  void store(const Spec& spec, const Scalar& v);
  void storeRoot(RootKey key, const Scalar& v);
  void storeSettings(SettingsKey key, const Scalar& v);
  void storeCycle(CycleKey key, const Scalar& v);
  void storeAutoDebounce(AutoDebounceKey key, const Scalar& v);
  void storeAction(ActionKey key, const Scalar& v);
  void storeEvent(EventKey key, const Scalar& v);
  void storeTask(SpawnTaskKey key, const Scalar& v);
  void beginChild(Ctx ctx);
  void endChild(const Frame& closed);
  void flushPending(const std::string& prefix);
  bool stopAt(std::size_t offset, DiagnosticCode code, std::string message) {
    if (!outcome_.stopError) outcome_.stopOffset = offset;
    const TextPosition at = positionAt(bytes_, offset);
    stop(Diagnostic{Severity::Error, code, sink_.file(), {}, at.line, at.column, std::move(message)});
    return false;
  }
  void stop(Diagnostic d) {
    outcome_.stopped = true;
    if (!outcome_.stopError) outcome_.stopError = std::move(d);
  }

  // --- typed stores ---
  bool toNumber(const Scalar& v, double& out) {
    out = v.number();
    if (!std::isfinite(out)) {
      markBroken(brokenBitHere());
      error(DiagnosticCode::BadValue, fmt::format("{} must be a finite number", what()));
      return false;
    }
    return true;
  }
  bool toInt(const Scalar& v, long long min, long long max, long long& out) {
    bool ok = false;
    if (v.type == Scalar::Type::Int) {
      ok = v.i >= min && v.i <= max;
      out = v.i;
    } else if (v.type == Scalar::Type::Uint) {
      ok = v.u <= static_cast<std::uint64_t>(max);
      out = static_cast<long long>(v.u);
    } else if (v.type == Scalar::Type::Float) {
      ok = std::isfinite(v.d) && std::floor(v.d) == v.d && v.d >= static_cast<double>(min) &&
           v.d <= static_cast<double>(max);
      out = ok ? static_cast<long long>(v.d) : 0;
    }
    if (!ok)
      error(DiagnosticCode::BadValue,
            fmt::format("{} must be an integer from {} to {}, not {}", what(), min, max, v.show()));
    return ok;
  }

  std::string_view bytes_;
  const LoadLimits& limits_;
  GraphDocument& doc_;
  DiagnosticSink& sink_;
  ReadOutcome outcome_;
  std::vector<Frame> frames_;

  bool sawVersion_ = false;

  // The action or event being read, and its diagnostics until its id is known.
  bool inAction_ = false;
  bool inEvent_ = false;
  Action action_;
  std::uint8_t broken_ = 0;
  Event event_;
  SpawnTask task_;
  struct Pending {
    Severity severity;
    DiagnosticCode code;
    std::string pointer;
    std::string message;
  };
  std::vector<Pending> pending_;
};

bool Reader::key(std::string& k) {
  Frame& f = frames_.back();
  switch (f.ctx) {
    case Ctx::Cells:
      if (doc_.cells.size() >= std::min(limits_.maxCells, kMaxIndexable)) {
        stop(Diagnostic{Severity::Error, DiagnosticCode::TooManyCells, sink_.file(), pathTo(1), 0, 0,
                        fmt::format("more than {} cells (the limit; set {} to raise it)",
                                    limits_.maxCells, kEnvMaxCells)});
        return false;
      }
      f.slot = &kCellValue;
      f.key = std::move(k);
      return true;
    case Ctx::Set:
      f.slot = &kSetValue;
      f.key = std::move(k);
      return true;
    case Ctx::Skip: return true;
    default: break;
  }
  const std::span<const Spec> fields = fieldsOf(f.ctx);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name != k) continue;
    f.slot = &fields[i];
    if (is(fields[i], ActionKey::Reads)) action_.readsFromExpr = false;
    if (f.seen & (1u << i))
      error(DiagnosticCode::DuplicateKey, fmt::format("key {} given twice", quoteText(k)));
    f.seen |= 1u << i;
    return true;
  }
  f.slot = &kUnknown;
  f.key = std::move(k);
  report(Severity::Warning, DiagnosticCode::UnknownKey, pointerHere(),
         fmt::format("unknown key {} ignored", quoteText(f.key)));
  return true;
}

bool Reader::startContainer(bool isArray) {
  if (frames_.size() + 1 > limits_.maxDepth) {
    return stopAt(nestingExceededAt(bytes_, limits_.maxDepth), DiagnosticCode::TooDeep,
                  fmt::format("nesting deeper than {} levels (the limit; set {} to raise it)",
                              limits_.maxDepth, kEnvMaxDepth));
  }
  if (frames_.empty()) {
    if (isArray)
      return stopAt(firstValueAt(bytes_), DiagnosticCode::WrongType,
                    "the top level must be an object (a Tickscope graph), not an array");
    frames_.push_back(Frame{Ctx::Root});
    return true;
  }
  const Spec& slot = currentSlot();
  const bool fits = slot.want == (isArray ? Want::Array : Want::Object);
  if (!fits) {
    if (slot.want != Want::Any) {
      wrongType(slot, isArray ? "an array" : "an object");
      if (slot.slot == Slot::CellValue) doc_.cells.push_back(Cell{frames_.back().key, 0});
    }
    frames_.push_back(Frame{Ctx::Skip});
    return true;
  }
  frames_.push_back(Frame{slot.child});
  beginChild(slot.child);
  return !outcome_.stopped;
}

void Reader::beginChild(Ctx ctx) {
  switch (ctx) {
    case Ctx::Action:
      if (doc_.actions.size() >= std::min(limits_.maxActions, kMaxIndexable)) {
        stop(Diagnostic{Severity::Error, DiagnosticCode::TooManyActions, sink_.file(),
                        pathTo(frames_.size() - 1), 0, 0,
                        fmt::format("more than {} actions (the limit; set {} to raise it)",
                                    limits_.maxActions, kEnvMaxActions)});
        return;
      }
      inAction_ = true;
      action_ = Action{};
      action_.readsFromExpr = true;
      broken_ = 0;
      pending_.clear();
      break;
    case Ctx::Event:
      inEvent_ = true;
      event_ = Event{};
      pending_.clear();
      break;
    case Ctx::SpawnTask:
      task_ = SpawnTask{};
      break;
    default: break;
  }
}

bool Reader::endContainer() {
  Frame closed = std::move(frames_.back());
  frames_.pop_back();
  endChild(closed);
  afterValue();
  return !outcome_.stopped;
}

void Reader::flushPending(const std::string& prefix) {
  for (Pending& p : pending_) {
    std::string message = prefix + p.message;
    if (p.severity == Severity::Error) sink_.error(p.code, std::move(p.pointer), std::move(message));
    else sink_.warning(p.code, std::move(p.pointer), std::move(message));
  }
  pending_.clear();
}

void Reader::endChild(const Frame& closed) {
  // Required keys not given, in table order (inside an action or event: pending until it ends).
  if (closed.ctx != Ctx::Root) {
    const std::span<const Spec> fields = fieldsOf(closed.ctx);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const KeySpec& key = keysOf(fields[i].object)[i];
      if (!key.required || (closed.seen & (1u << i))) continue;
      report(Severity::Error, DiagnosticCode::MissingKey, pathTo(frames_.size()),
             missingKeyMessage(key));
      if (closed.ctx == Ctx::Action) broken_ |= brokenBitOf(static_cast<ActionKey>(key.key));
    }
  }
  switch (closed.ctx) {
    case Ctx::Root:
      if (!sawVersion_) {
        outcome_.versionError = Diagnostic{Severity::Error, DiagnosticCode::Version, sink_.file(),
                                           "", 0, 0, missingKeyMessage(keySpec(RootKey::Version))};
      }
      break;
    case Ctx::Action: {
      if (!pending_.empty()) {
        const std::size_t index = doc_.actions.size();
        flushPending((broken_ & kBrokenId) ? fmt::format("action at index {}: ", index)
                                           : fmt::format("action {}: ", quoteText(action_.id)));
      }
      doc_.actions.push_back(std::move(action_));
      outcome_.actionBroken.push_back(broken_);
      inAction_ = false;
      break;
    }
    case Ctx::SpawnTask:
      event_.spawn.push_back(std::move(task_));
      break;
    case Ctx::Event: {
      if (!pending_.empty()) flushPending(fmt::format("event {}: ", doc_.events.size()));
      doc_.events.push_back(std::move(event_));
      inEvent_ = false;
      break;
    }
    default: break;
  }
}

bool Reader::scalar(const Scalar& v) {
  if (frames_.empty()) {
    return stopAt(firstValueAt(bytes_), DiagnosticCode::WrongType,
                  fmt::format("the top level must be an object (a Tickscope graph), not {}",
                              v.typeText()));
  }
  const Spec& slot = currentSlot();
  bool fits = false;
  switch (slot.want) {
    case Want::Number:
    case Want::Integer: fits = v.isNumber(); break;
    case Want::String: fits = v.type == Scalar::Type::String; break;
    case Want::Bool: fits = v.type == Scalar::Type::Bool; break;
    case Want::Object:
    case Want::Array: fits = false; break;
    case Want::Any: fits = true; break;
  }
  if (!fits) {
    if (is(slot, RootKey::Version)) {
      sawVersion_ = true;
      outcome_.versionError =
          Diagnostic{Severity::Error, DiagnosticCode::Version, sink_.file(), "/tickscope", 0, 0,
                     fmt::format("the format version must be the number 1, not {}", v.show())};
    } else {
      wrongType(slot, v.typeText());
      if (slot.slot == Slot::CellValue) doc_.cells.push_back(Cell{frames_.back().key, 0});
    }
  } else {
    store(slot, v);
  }
  afterValue();
  return !outcome_.stopped;
}

void Reader::store(const Spec& spec, const Scalar& v) {
  double number = 0;
  switch (spec.slot) {
    case Slot::Key:
      switch (spec.object) {
        case ObjectKind::Root: storeRoot(static_cast<RootKey>(spec.key), v); break;
        case ObjectKind::Settings: storeSettings(static_cast<SettingsKey>(spec.key), v); break;
        case ObjectKind::Cycle: storeCycle(static_cast<CycleKey>(spec.key), v); break;
        case ObjectKind::AutoDebounce:
          storeAutoDebounce(static_cast<AutoDebounceKey>(spec.key), v);
          break;
        case ObjectKind::Action: storeAction(static_cast<ActionKey>(spec.key), v); break;
        case ObjectKind::Event: storeEvent(static_cast<EventKey>(spec.key), v); break;
        case ObjectKind::SpawnTask: storeTask(static_cast<SpawnTaskKey>(spec.key), v); break;
        case ObjectKind::None: break;
      }
      break;
    case Slot::CellValue:
      doc_.cells.push_back(Cell{std::move(frames_.back().key), 0});
      if (toNumber(v, number)) doc_.cells.back().initial = number;
      break;
    case Slot::SetValue:
      if (toNumber(v, number)) event_.set.push_back(Assignment{frames_.back().key, number});
      break;
    case Slot::Element:
      switch (frames_.back().ctx) {
        case Ctx::Reads: action_.reads.push_back(std::move(*v.s)); break;
        case Ctx::Writes: action_.writes.push_back(std::move(*v.s)); break;
        case Ctx::Deprioritize: doc_.settings.deprioritize.push_back(std::move(*v.s)); break;
        default: break;
      }
      break;
    case Slot::Unknown: break;
  }
}

// The store* functions take a scalar of the key's type (objects and arrays never get here).
void Reader::storeRoot(RootKey key, const Scalar& v) {
  switch (key) {
    case RootKey::Version:
      sawVersion_ = true;
      if (v.number() != 1)
        outcome_.versionError = Diagnostic{
            Severity::Error, DiagnosticCode::Version, sink_.file(), "/tickscope", 0, 0,
            fmt::format("unsupported format version {} (this build reads version 1)", v.show())};
      break;
    case RootKey::Name:
      doc_.name = std::move(*v.s);
      outcome_.hasName = true;
      break;
    case RootKey::Description: doc_.description = std::move(*v.s); break;
    case RootKey::Settings:
    case RootKey::Cells:
    case RootKey::Actions:
    case RootKey::Events: break;
  }
}

void Reader::storeSettings(SettingsKey key, const Scalar& v) {
  double number = 0;
  long long integer = 0;
  Settings& settings = doc_.settings;
  switch (key) {
    case SettingsKey::Mode:
      if (auto mode = parseMode(*v.s)) settings.mode = *mode;
      else error(DiagnosticCode::BadValue,
                 fmt::format("mode must be \"pull\" or \"push\", not {}", quoteText(*v.s)));
      break;
    case SettingsKey::Seed:
      if (v.type == Scalar::Type::Uint) settings.seed = v.u;
      else if (toInt(v, 0, std::numeric_limits<long long>::max(), integer))
        settings.seed = static_cast<std::uint64_t>(integer);
      break;
    case SettingsKey::Epsilon:
      if (toNumber(v, number)) settings.epsilon = number;
      break;
    case SettingsKey::Cycle:
    case SettingsKey::AutoDebounce:
    case SettingsKey::Deprioritize: break;
  }
}

void Reader::storeCycle(CycleKey key, const Scalar& v) {
  double number = 0;
  long long integer = 0;
  CycleSettings& cycle = doc_.settings.cycle;
  switch (key) {
    case CycleKey::BudgetMs:
      if (toNumber(v, number)) cycle.budgetMs = number;
      break;
    case CycleKey::MaxIterations:
      if (toInt(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), integer))
        cycle.maxIterations = static_cast<int>(integer);
      break;
  }
}

void Reader::storeAutoDebounce(AutoDebounceKey key, const Scalar& v) {
  double number = 0;
  long long integer = 0;
  AutoDebounceSettings& autoDebounce = doc_.settings.autoDebounce;
  switch (key) {
    case AutoDebounceKey::Enabled: autoDebounce.enabled = v.b; break;
    case AutoDebounceKey::ThresholdMs:
      if (toNumber(v, number)) autoDebounce.thresholdMs = number;
      break;
    case AutoDebounceKey::MinRuns:
      if (toInt(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), integer))
        autoDebounce.minRuns = static_cast<int>(integer);
      break;
    case AutoDebounceKey::DelayMs:
      if (toNumber(v, number)) autoDebounce.delayMs = number;
      break;
  }
}

void Reader::storeAction(ActionKey key, const Scalar& v) {
  double number = 0;
  switch (key) {
    case ActionKey::Id: action_.id = std::move(*v.s); break;
    case ActionKey::Kind:
      if (auto kind = parseActionKind(*v.s)) {
        action_.kind = *kind;
      } else {
        broken_ |= kBrokenKind;
        error(DiagnosticCode::BadValue,
              fmt::format("kind must be \"computation\" or \"effect\", not {}", quoteText(*v.s)));
      }
      break;
    case ActionKey::Expr: action_.expr = std::move(*v.s); break;
    case ActionKey::CostMs:
      if (toNumber(v, number)) action_.costMs = number;
      break;
    case ActionKey::DebounceMs:
      if (toNumber(v, number)) action_.debounceMs = number;
      break;
    case ActionKey::Label: action_.label = std::move(*v.s); break;
    case ActionKey::Reads:
    case ActionKey::Writes: break;
  }
}

void Reader::storeEvent(EventKey key, const Scalar& v) {
  double number = 0;
  switch (key) {
    case EventKey::AtMs:
      if (toNumber(v, number)) event_.atMs = number;
      break;
    case EventKey::Session: event_.session = std::move(*v.s); break;
    case EventKey::Set:
    case EventKey::Spawn: break;
  }
}

void Reader::storeTask(SpawnTaskKey key, const Scalar& v) {
  double number = 0;
  switch (key) {
    case SpawnTaskKey::Name: task_.name = std::move(*v.s); break;
    case SpawnTaskKey::DelayMs:
      if (toNumber(v, number)) task_.delayMs = number;
      break;
    case SpawnTaskKey::WaitUntil: task_.waitUntil = v.b; break;
  }
}

bool Reader::parse_error(std::size_t position, const std::string&,
                         const nlohmann::detail::exception& e) {
  // nlohmann's position is the 1-based index of the last byte it read.
  std::size_t offset = position > 0 ? position - 1 : 0;
  std::string message = e.what();
  // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...",
  // "[json.exception.out_of_range.406] number overflow parsing '1e999'": keep the last part.
  if (message.rfind("[json.exception.", 0) == 0) {
    if (const auto bracket = message.find("] "); bracket != std::string::npos) message.erase(0, bracket + 2);
    if (message.rfind("parse error", 0) == 0) {
      if (const auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
    }
  }
  const bool utf8 = message.find("UTF-8") != std::string::npos;
  // A rejected token is shown where it starts, as compilers do ("unexpected string literal"
  // points at its opening quote, "invalid literal" at its first letter); a bad byte inside a
  // string or number is shown where it is, the last byte read.
  if (message.find("unexpected") != std::string::npos || message.find("overflow") != std::string::npos)
    offset = tokenStartAt(bytes_, offset);
  else if (message.find("invalid literal") != std::string::npos) offset = literalStartAt(bytes_, offset);
  // "last read: '...'" quotes raw input bytes; keep the message printable ASCII.
  std::string printable;
  for (char c : message) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7f) printable += fmt::format("\\x{:02x}", b);
    else printable += c;
  }
  stopAt(offset, utf8 ? DiagnosticCode::InvalidUtf8 : DiagnosticCode::Syntax, std::move(printable));
  return false;
}

}  // namespace

ReadOutcome readGraph(std::string_view bytes, const LoadLimits& limits, GraphDocument& document,
                      DiagnosticSink& sink) {
  Reader reader(bytes, limits, document, sink);
  return reader.run();
}

}  // namespace tickscope::graph::detail
