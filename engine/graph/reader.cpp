#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "graph/json_pointer.h"
#include "graph/reader_p.h"
#include "graph/text_position_p.h"

namespace tickscope::graph::detail {
namespace {

using Json = nlohmann::json;

// Where a value is: the context of the innermost open object or array.
enum class Ctx : std::uint8_t {
  Root, Settings, Cycle, AutoDebounce, Deprioritize, Cells, Actions, Action, Reads, Writes,
  Events, Event, Set, Spawn, SpawnTask, Skip,
};

enum class Field : std::uint8_t {
  Unknown, Element,
  Version, Name, Description, Settings, Cells, Actions, Events,
  Mode, Seed, Epsilon, Cycle, AutoDebounce, Deprioritize,
  BudgetMs, MaxIterations,
  Enabled, ThresholdMs, MinRuns, DelayMs,
  Id, Kind, Reads, Writes, Expr, CostMs, DebounceMs, Label,
  AtMs, Set, Session, Spawn,
  TaskName, TaskDelayMs, WaitUntil,
  CellValue, SetValue,
};

// What a slot accepts.
enum class Want : std::uint8_t { Number, Integer, String, Bool, Object, Array, Any };

struct Spec {
  std::string_view name;
  Field field;
  Want want;
  Ctx child = Ctx::Skip;  // for Object/Array
};

constexpr Spec kRootFields[] = {
    {"tickscope", Field::Version, Want::Number},
    {"name", Field::Name, Want::String},
    {"settings", Field::Settings, Want::Object, Ctx::Settings},
    {"cells", Field::Cells, Want::Object, Ctx::Cells},
    {"actions", Field::Actions, Want::Array, Ctx::Actions},
    {"events", Field::Events, Want::Array, Ctx::Events},
    {"description", Field::Description, Want::String},
};
constexpr Spec kSettingsFields[] = {
    {"mode", Field::Mode, Want::String},
    {"seed", Field::Seed, Want::Integer},
    {"epsilon", Field::Epsilon, Want::Number},
    {"cycle", Field::Cycle, Want::Object, Ctx::Cycle},
    {"autoDebounce", Field::AutoDebounce, Want::Object, Ctx::AutoDebounce},
    {"deprioritize", Field::Deprioritize, Want::Array, Ctx::Deprioritize},
};
constexpr Spec kCycleFields[] = {
    {"budgetMs", Field::BudgetMs, Want::Number},
    {"maxIterations", Field::MaxIterations, Want::Integer},
};
constexpr Spec kAutoDebounceFields[] = {
    {"enabled", Field::Enabled, Want::Bool},
    {"thresholdMs", Field::ThresholdMs, Want::Number},
    {"minRuns", Field::MinRuns, Want::Integer},
    {"delayMs", Field::DelayMs, Want::Number},
};
constexpr Spec kActionFields[] = {
    {"id", Field::Id, Want::String},
    {"kind", Field::Kind, Want::String},
    {"reads", Field::Reads, Want::Array, Ctx::Reads},
    {"writes", Field::Writes, Want::Array, Ctx::Writes},
    {"expr", Field::Expr, Want::String},
    {"costMs", Field::CostMs, Want::Number},
    {"debounceMs", Field::DebounceMs, Want::Number},
    {"label", Field::Label, Want::String},
};
constexpr Spec kEventFields[] = {
    {"atMs", Field::AtMs, Want::Number},
    {"set", Field::Set, Want::Object, Ctx::Set},
    {"session", Field::Session, Want::String},
    {"spawn", Field::Spawn, Want::Array, Ctx::Spawn},
};
constexpr Spec kTaskFields[] = {
    {"name", Field::TaskName, Want::String},
    {"delayMs", Field::TaskDelayMs, Want::Number},
    {"waitUntil", Field::WaitUntil, Want::Bool},
};

constexpr Spec kUnknown{"", Field::Unknown, Want::Any};
constexpr Spec kCellValue{"", Field::CellValue, Want::Number};
constexpr Spec kSetValue{"", Field::SetValue, Want::Number};
constexpr Spec kDeprioritizeItem{"", Field::Element, Want::String};
constexpr Spec kActionItem{"", Field::Element, Want::Object, Ctx::Action};
constexpr Spec kReadItem{"", Field::Element, Want::String};
constexpr Spec kEventItem{"", Field::Element, Want::Object, Ctx::Event};
constexpr Spec kTaskItem{"", Field::Element, Want::Object, Ctx::SpawnTask};
constexpr Spec kSkipItem{"", Field::Element, Want::Any};

std::span<const Spec> fieldsOf(Ctx ctx) {
  switch (ctx) {
    case Ctx::Root: return kRootFields;
    case Ctx::Settings: return kSettingsFields;
    case Ctx::Cycle: return kCycleFields;
    case Ctx::AutoDebounce: return kAutoDebounceFields;
    case Ctx::Action: return kActionFields;
    case Ctx::Event: return kEventFields;
    case Ctx::SpawnTask: return kTaskFields;
    default: return {};
  }
}

const Spec& elementOf(Ctx ctx) {
  switch (ctx) {
    case Ctx::Deprioritize: return kDeprioritizeItem;
    case Ctx::Actions: return kActionItem;
    case Ctx::Reads:
    case Ctx::Writes: return kReadItem;
    case Ctx::Events: return kEventItem;
    case Ctx::Spawn: return kTaskItem;
    default: return kSkipItem;
  }
}

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
    constexpr std::string_view kKey = "\"kind\"";
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
    if (f.slot->field == Field::Unknown || f.slot->field == Field::CellValue ||
        f.slot->field == Field::SetValue)
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
    switch (f.slot->field) {
      case Field::CellValue: return "initial value";
      case Field::SetValue: return fmt::format("value of {}", quoteText(f.key));
      case Field::Unknown: return quoteText(f.key);
      default: return std::string(f.slot->name);
    }
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
    if (f.ctx != Ctx::Action || f.slot == nullptr) return 0;
    switch (f.slot->field) {
      case Field::Id: return kBrokenId;
      case Field::Kind: return kBrokenKind;
      case Field::Reads: return kBrokenReads;
      case Field::Writes: return kBrokenWrites;
      case Field::Expr: return kBrokenExpr;
      default: return 0;
    }
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
    if (fields[i].field == Field::Reads) action_.readsFromExpr = false;
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
      if (slot.field == Field::CellValue) doc_.cells.push_back(Cell{frames_.back().key, 0});
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
  const auto missing = [&](std::string_view key, std::string_view hint) {
    pending_.push_back({Severity::Error, DiagnosticCode::MissingKey,
                        pathTo(frames_.size()),
                        fmt::format("missing required key \"{}\"{}", key, hint)});
  };
  switch (closed.ctx) {
    case Ctx::Root:
      if (!sawVersion_) {
        outcome_.versionError = Diagnostic{Severity::Error, DiagnosticCode::Version, sink_.file(),
                                           "", 0, 0,
                                           "missing required key \"tickscope\" (the format "
                                           "version; this build reads version 1)"};
      }
      break;
    case Ctx::Action: {
      if (!(closed.seen & 1u)) {
        missing("id", "");
        broken_ |= kBrokenId;
      }
      if (!(closed.seen & 2u)) {
        missing("kind", " (\"computation\" or \"effect\")");
        broken_ |= kBrokenKind;
      }
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
      if (!(closed.seen & 1u)) missing("name", " (of the spawned task)");
      event_.spawn.push_back(std::move(task_));
      break;
    case Ctx::Event: {
      if (!(closed.seen & 1u)) missing("atMs", "");
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
    if (slot.field == Field::Version) {
      sawVersion_ = true;
      outcome_.versionError =
          Diagnostic{Severity::Error, DiagnosticCode::Version, sink_.file(), "/tickscope", 0, 0,
                     fmt::format("the format version must be the number 1, not {}", v.show())};
    } else {
      wrongType(slot, v.typeText());
      if (slot.field == Field::CellValue) doc_.cells.push_back(Cell{frames_.back().key, 0});
    }
  } else {
    store(slot, v);
  }
  afterValue();
  return !outcome_.stopped;
}

void Reader::store(const Spec& spec, const Scalar& v) {
  double number = 0;
  long long integer = 0;
  Settings& settings = doc_.settings;
  switch (spec.field) {
    case Field::Version:
      sawVersion_ = true;
      if (v.number() != 1)
        outcome_.versionError = Diagnostic{
            Severity::Error, DiagnosticCode::Version, sink_.file(), "/tickscope", 0, 0,
            fmt::format("unsupported format version {} (this build reads version 1)", v.show())};
      break;
    case Field::Name:
      doc_.name = std::move(*v.s);
      outcome_.hasName = true;
      break;
    case Field::Description: doc_.description = std::move(*v.s); break;
    case Field::Mode:
      if (auto mode = parseMode(*v.s)) settings.mode = *mode;
      else error(DiagnosticCode::BadValue,
                 fmt::format("mode must be \"pull\" or \"push\", not {}", quoteText(*v.s)));
      break;
    case Field::Seed:
      if (v.type == Scalar::Type::Uint) settings.seed = v.u;
      else if (toInt(v, 0, std::numeric_limits<long long>::max(), integer))
        settings.seed = static_cast<std::uint64_t>(integer);
      break;
    case Field::Epsilon:
      if (toNumber(v, number)) settings.epsilon = number;
      break;
    case Field::BudgetMs:
      if (toNumber(v, number)) settings.cycle.budgetMs = number;
      break;
    case Field::MaxIterations:
      if (toInt(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), integer))
        settings.cycle.maxIterations = static_cast<int>(integer);
      break;
    case Field::Enabled: settings.autoDebounce.enabled = v.b; break;
    case Field::ThresholdMs:
      if (toNumber(v, number)) settings.autoDebounce.thresholdMs = number;
      break;
    case Field::MinRuns:
      if (toInt(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), integer))
        settings.autoDebounce.minRuns = static_cast<int>(integer);
      break;
    case Field::DelayMs:
      if (toNumber(v, number)) settings.autoDebounce.delayMs = number;
      break;
    case Field::CellValue:
      doc_.cells.push_back(Cell{std::move(frames_.back().key), 0});
      if (toNumber(v, number)) doc_.cells.back().initial = number;
      break;
    case Field::Id: action_.id = std::move(*v.s); break;
    case Field::Kind:
      if (auto kind = parseActionKind(*v.s)) {
        action_.kind = *kind;
      } else {
        broken_ |= kBrokenKind;
        error(DiagnosticCode::BadValue,
              fmt::format("kind must be \"computation\" or \"effect\", not {}", quoteText(*v.s)));
      }
      break;
    case Field::Expr: action_.expr = std::move(*v.s); break;
    case Field::CostMs:
      if (toNumber(v, number)) action_.costMs = number;
      break;
    case Field::DebounceMs:
      if (toNumber(v, number)) action_.debounceMs = number;
      break;
    case Field::Label: action_.label = std::move(*v.s); break;
    case Field::AtMs:
      if (toNumber(v, number)) event_.atMs = number;
      break;
    case Field::Session: event_.session = std::move(*v.s); break;
    case Field::SetValue:
      if (toNumber(v, number)) event_.set.push_back(Assignment{frames_.back().key, number});
      break;
    case Field::TaskName: task_.name = std::move(*v.s); break;
    case Field::TaskDelayMs:
      if (toNumber(v, number)) task_.delayMs = number;
      break;
    case Field::WaitUntil: task_.waitUntil = v.b; break;
    case Field::Element:
      switch (frames_.back().ctx) {
        case Ctx::Reads: action_.reads.push_back(std::move(*v.s)); break;
        case Ctx::Writes: action_.writes.push_back(std::move(*v.s)); break;
        case Ctx::Deprioritize: settings.deprioritize.push_back(std::move(*v.s)); break;
        default: break;
      }
      break;
    default: break;
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
