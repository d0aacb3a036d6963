#include "graph/writer.h"

#include <sstream>
#include <stdexcept>

#include "graph/json_text_p.h"
#include "graph/schema_p.h"

namespace tickscope::graph {
namespace {

using detail::appendJsonInteger;
using detail::appendJsonNumber;
using detail::appendJsonString;
using detail::ActionKey;
using detail::AutoDebounceKey;
using detail::CycleKey;
using detail::EventKey;
using detail::k;
using detail::keyName;
using detail::RootKey;
using detail::SettingsKey;
using detail::SpawnTaskKey;

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

// appendMembers: the members of one object in the schema's order (schema_p.h), the first
// `count` keys of its table (all by default), separated by `separator`. value(key) appends the
// key's value and returns false when the value is absent or the default: a WhenSet key is
// then left out.
template <class Key, class Value>
void appendMembers(std::string& out, std::string_view separator, Value&& value,
                   std::size_t count = detail::keysOf<Key>().size()) {
  bool first = true;
  for (const detail::KeySpec& spec : detail::keysOf<Key>().first(count)) {
    const std::size_t mark = out.size();
    if (!first) out += separator;
    appendKey(out, spec.name);
    if (!value(static_cast<Key>(spec.key)) && spec.written == detail::Written::WhenSet) {
      out.resize(mark);
      continue;
    }
    first = false;
  }
}

// The root's last keys are its sections, which GraphWriter streams after begin().
static_assert(k(RootKey::Cells) + 3 == detail::keysOf<RootKey>().size() &&
                  k(RootKey::Actions) == k(RootKey::Cells) + 1 &&
                  k(RootKey::Events) == k(RootKey::Cells) + 2,
              "GraphWriter streams cells, actions, events as the root's last keys");

// openSection: `,\n  "key": ` and the section's opening bracket.
void openSection(std::string& out, RootKey key, char bracket) {
  out += ",\n  ";
  appendKey(out, keyName(key));
  out += bracket;
}

void appendSettings(std::string& o, const Settings& settings) {
  o += "{\n    ";
  appendMembers<SettingsKey>(o, ",\n    ", [&](SettingsKey key) {
    switch (key) {
      case SettingsKey::Mode: appendJsonString(o, toString(settings.mode)); break;
      case SettingsKey::Seed: appendJsonInteger(o, settings.seed); break;
      case SettingsKey::Epsilon: appendJsonNumber(o, settings.epsilon); break;
      case SettingsKey::Cycle:
        o += '{';
        appendMembers<CycleKey>(o, ", ", [&](CycleKey c) {
          switch (c) {
            case CycleKey::BudgetMs: appendJsonNumber(o, settings.cycle.budgetMs); break;
            case CycleKey::MaxIterations: o += std::to_string(settings.cycle.maxIterations); break;
          }
          return true;
        });
        o += '}';
        break;
      case SettingsKey::AutoDebounce: {
        const AutoDebounceSettings& a = settings.autoDebounce;
        o += '{';
        appendMembers<AutoDebounceKey>(o, ", ", [&](AutoDebounceKey d) {
          switch (d) {
            case AutoDebounceKey::Enabled: o += a.enabled ? "true" : "false"; break;
            case AutoDebounceKey::ThresholdMs: appendJsonNumber(o, a.thresholdMs); break;
            case AutoDebounceKey::MinRuns: o += std::to_string(a.minRuns); break;
            case AutoDebounceKey::DelayMs: appendJsonNumber(o, a.delayMs); break;
          }
          return true;
        });
        o += '}';
        break;
      }
      case SettingsKey::Deprioritize: appendStringList(o, settings.deprioritize); break;
    }
    return true;
  });
  o += "\n  }";
}

}  // namespace

void GraphWriter::begin(const std::string& name, const Settings& settings,
                        const std::optional<std::string>& description) {
  if (phase_ != Phase::Start) throw std::logic_error("GraphWriter::begin called twice");
  std::string& o = buffer_;
  o += "{\n  ";
  appendMembers<RootKey>(o, ",\n  ", [&](RootKey key) {
    switch (key) {
      case RootKey::Version: o += '1'; return true;
      case RootKey::Name: appendJsonString(o, name); return true;
      case RootKey::Description:
        if (!description) return false;
        appendJsonString(o, *description);
        return true;
      case RootKey::Settings: appendSettings(o, settings); return true;
      case RootKey::Cells:
      case RootKey::Actions:
      case RootKey::Events: break;  // streamed (not reached: count below)
    }
    return true;
  }, k(RootKey::Cells));
  openSection(o, RootKey::Cells, '{');
  phase_ = Phase::Cells;
  first_ = true;
}

void GraphWriter::enter(Phase phase) {
  if (phase_ == Phase::Start || phase_ == Phase::Done || phase < phase_)
    throw std::logic_error("GraphWriter: begin(), cells, actions, events, end() out of order");
  while (phase_ < phase) {
    switch (phase_) {
      case Phase::Cells:
        buffer_ += first_ ? "}" : "\n  }";
        openSection(buffer_, RootKey::Actions, '[');
        break;
      case Phase::Actions:
        buffer_ += first_ ? "]" : "\n  ]";
        openSection(buffer_, RootKey::Events, '[');
        break;
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
  appendMembers<ActionKey>(o, ", ", [&](ActionKey key) {
    switch (key) {
      case ActionKey::Id: appendJsonString(o, a.id); return true;
      case ActionKey::Kind: appendJsonString(o, toString(a.kind)); return true;
      case ActionKey::Reads:
        if (a.readsFromExpr) return false;
        appendStringList(o, a.reads);
        return true;
      case ActionKey::Writes:
        if (a.writes.empty()) return false;
        appendStringList(o, a.writes);
        return true;
      case ActionKey::Expr:
        if (!a.expr) return false;
        appendJsonString(o, *a.expr);
        return true;
      case ActionKey::CostMs:
        if (a.costMs == 0) return false;
        appendJsonNumber(o, a.costMs);
        return true;
      case ActionKey::DebounceMs:
        if (a.debounceMs == 0) return false;
        appendJsonNumber(o, a.debounceMs);
        return true;
      case ActionKey::Label:
        if (!a.label) return false;
        appendJsonString(o, *a.label);
        return true;
    }
    return true;
  });
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
  appendMembers<EventKey>(o, ", ", [&](EventKey key) {
    switch (key) {
      case EventKey::AtMs: appendJsonNumber(o, e.atMs); return true;
      case EventKey::Set:
        o += '{';
        for (std::size_t i = 0; i < e.set.size(); ++i) {
          if (i > 0) o += ", ";
          appendKey(o, e.set[i].cell);
          appendJsonNumber(o, e.set[i].value);
        }
        o += '}';
        return true;
      case EventKey::Session:
        if (!e.session) return false;
        appendJsonString(o, *e.session);
        return true;
      case EventKey::Spawn:
        if (e.spawn.empty()) return false;
        o += '[';
        for (std::size_t i = 0; i < e.spawn.size(); ++i) {
          const SpawnTask& t = e.spawn[i];
          if (i > 0) o += ", ";
          o += '{';
          appendMembers<SpawnTaskKey>(o, ", ", [&](SpawnTaskKey taskKey) {
            switch (taskKey) {
              case SpawnTaskKey::Name: appendJsonString(o, t.name); return true;
              case SpawnTaskKey::DelayMs: appendJsonNumber(o, t.delayMs); return true;
              case SpawnTaskKey::WaitUntil:
                if (!t.waitUntil) return false;
                o += "true";
                return true;
            }
            return true;
          });
          o += '}';
        }
        o += ']';
        return true;
    }
    return true;
  });
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
