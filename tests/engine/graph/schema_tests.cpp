// The graph schema table (engine/graph/schema_p.h) agrees with itself, with both readers (the
// fast reader and the reference reader) and with the writer. The documents are built from the
// table: a sample value of each key's type, so a key added to the table is covered here
// without an edit, and a reader or the writer that does not handle it fails these tests.
#include <QtTest/QtTest>

#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/loader_p.h"
#include "graph/schema_p.h"
#include "graph/writer.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using detail::KeySpec;
using detail::ObjectKind;
using detail::ValueType;
using testing::errorLines;
using testing::q;
using testing::warningLines;

namespace {

LoadResult loadAuto(std::string_view bytes) {
  return detail::loadGraphBytes(bytes, "g.tsg.json", {}, detail::ReadPath::Auto);
}
LoadResult loadReference(std::string_view bytes) {
  return detail::loadGraphBytes(bytes, "g.tsg.json", {}, detail::ReadPath::Reference);
}

// A change to the sample document, at the one object of `kind` it has.
struct Mutation {
  enum class Op { None, Omit, Duplicate, Replace, Rename, AddUnknown } op = Op::None;
  ObjectKind kind = ObjectKind::None;
  std::size_t key = 0;
  std::string text;  // Replace: the value; Rename, AddUnknown: the key
};

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string sampleObject(ObjectKind kind, const Mutation& m);

// sampleValue: a value of the key's type, not its default, that validates with the rest of
// the sample (cell "a", action "s" computing "b" from "a").
std::string sampleValue(ObjectKind object, const KeySpec& key, const Mutation& m) {
  const auto is = [&](ObjectKind o, std::string_view name) { return object == o && key.name == name; };
  if (is(ObjectKind::Root, "tickscope")) return "1";
  if (is(ObjectKind::Settings, "mode")) return inQuotes("push");
  if (is(ObjectKind::Action, "kind")) return inQuotes("computation");
  if (is(ObjectKind::Action, "expr")) return inQuotes("a");
  if (is(ObjectKind::Action, "reads")) return "[\"a\"]";
  if (is(ObjectKind::Action, "writes")) return "[\"b\"]";
  switch (key.type) {
    case ValueType::Number: return "2.5";
    case ValueType::Integer: return "4";
    case ValueType::String: return inQuotes("s");
    case ValueType::Bool: return "true";
    case ValueType::Object: return sampleObject(key.child, m);
    case ValueType::ObjectArray: return "[" + sampleObject(key.child, m) + "]";
    case ValueType::StringArray: return "[\"s\"]";
    case ValueType::NumberMap: return "{\"a\": 1}";
  }
  return "null";
}

// sampleObject: every key of the table, in table order, with its sample value.
std::string sampleObject(ObjectKind kind, const Mutation& m) {
  const std::span<const KeySpec> keys = detail::keysOf(kind);
  std::vector<std::string> members;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const bool here = m.kind == kind && m.key == i;
    std::string name(keys[i].name);
    std::string value = sampleValue(kind, keys[i], m);
    if (here && m.op == Mutation::Op::Omit) continue;
    if (here && m.op == Mutation::Op::Replace) value = m.text;
    if (here && m.op == Mutation::Op::Rename) name = m.text;
    members.push_back(inQuotes(name) + ": " + value);
    if (here && m.op == Mutation::Op::Duplicate) members.push_back(members.back());
  }
  if (m.kind == kind && m.op == Mutation::Op::AddUnknown) members.push_back(inQuotes(m.text) + ": 1");
  std::string out = "{";
  for (std::size_t i = 0; i < members.size(); ++i) out += (i > 0 ? ", " : "") + members[i];
  return out + "}";
}

std::string sample(const Mutation& m = {}) { return sampleObject(ObjectKind::Root, m) + "\n"; }

// forEachKey: every (object kind, key index) of the table.
void forEachKey(const std::function<void(ObjectKind, std::size_t, const KeySpec&)>& f) {
  for (const ObjectKind kind : detail::kObjectKinds) {
    const std::span<const KeySpec> keys = detail::keysOf(kind);
    for (std::size_t i = 0; i < keys.size(); ++i) f(kind, i, keys[i]);
  }
}

QString where(ObjectKind kind, const KeySpec& key) {
  return QString("object %1, key \"%2\"").arg(static_cast<int>(kind)).arg(q(key.name));
}

// sameResult: both read paths report the same and read the same document.
void sameResult(const LoadResult& automatic, const LoadResult& reference) {
  QCOMPARE(errorLines(automatic), errorLines(reference));
  QCOMPARE(warningLines(automatic), warningLines(reference));
  QCOMPARE(automatic.ok(), reference.ok());
  if (reference.ok()) QVERIFY(*automatic.document == *reference.document);
}

// checkOrder: every object of `json` has its keys in table order.
void checkOrder(const nlohmann::ordered_json& json, ObjectKind kind) {
  const std::span<const KeySpec> keys = detail::keysOf(kind);
  std::size_t next = 0;
  for (const auto& [name, value] : json.items()) {
    while (next < keys.size() && keys[next].name != name) ++next;
    QVERIFY2(next < keys.size(), qPrintable(QString("key \"%1\" out of table order").arg(q(name))));
    const KeySpec& key = keys[next];
    if (key.type == ValueType::Object) checkOrder(value, key.child);
    if (key.type == ValueType::ObjectArray)
      for (const auto& element : value) checkOrder(element, key.child);
    ++next;
  }
}

}  // namespace

// The table's own rules (also static_asserts in schema_p.h), and every object kind but the
// root is the value of exactly one key, so each is reachable from a file's top level.
void SchemaTests::tableIsWellFormed() {
  for (const ObjectKind kind : detail::kObjectKinds) {
    QVERIFY(detail::wellFormed(kind));
    const std::span<const KeySpec> keys = detail::keysOf(kind);
    std::uint32_t required = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      QCOMPARE(std::size_t{keys[i].key}, i);
      for (const char c : keys[i].name) QVERIFY(std::isalpha(static_cast<unsigned char>(c)));
      if (keys[i].required) {
        required |= 1u << i;
        QVERIFY2(keys[i].written == detail::Written::Always, "a required key is always written");
      }
    }
    QCOMPARE(detail::requiredMask(kind), required);
    int parents = 0;
    forEachKey([&](ObjectKind, std::size_t, const KeySpec& key) { parents += key.child == kind; });
    QCOMPARE(parents, kind == ObjectKind::Root ? 0 : 1);
  }
  QCOMPARE(detail::kKeyNames<detail::ActionKey>.size(), detail::keysOf(ObjectKind::Action).size());
  QCOMPARE(q(detail::keyName(detail::ActionKey::Kind)), QString("kind"));
  QCOMPARE(q(detail::kKeyNames<detail::EventKey>[1]), QString("set"));
}

// A document with every key of the table: both readers read it (the fast one without giving
// up), to the same document; the writer writes every key back, with the same values, in table
// order.
void SchemaTests::everyKeyIsReadAndWritten() {
  const std::string text = sample();
  const LoadResult reference = loadReference(text);
  QVERIFY2(reference.ok(), qPrintable(q(reference.errorText())));
  QVERIFY2(reference.warnings.empty(), qPrintable(q(reference.warningText())));
  const LoadResult automatic = loadAuto(text);
  QVERIFY2(automatic.timings.fastPath, "the fast reader gave up on a document of table keys");
  sameResult(automatic, reference);
  const std::string saved = saveGraph(*reference.document);
  QCOMPARE(q(nlohmann::json::parse(saved).dump()), q(nlohmann::json::parse(text).dump()));
  checkOrder(nlohmann::ordered_json::parse(saved), ObjectKind::Root);
  // ... and the saved text is read back to the same document.
  const LoadResult again = loadAuto(saved);
  QVERIFY(again.timings.fastPath);
  QVERIFY(again.ok() && *again.document == *reference.document);
}

// A key left out: a required one is reported (and the fast reader gives up), an optional one
// is not (and the fast reader reads the document).
void SchemaTests::requiredKeysAreRequiredByBoth() {
  forEachKey([&](ObjectKind kind, std::size_t i, const KeySpec& key) {
    const std::string text = sample({Mutation::Op::Omit, kind, i, {}});
    const LoadResult reference = loadReference(text);
    const LoadResult automatic = loadAuto(text);
    const bool reported = q(reference.errorText()).contains(
        QString("missing required key \"%1\"%2").arg(q(key.name), q(key.missingHint)));
    QVERIFY2(reported == key.required, qPrintable(where(kind, key)));
    QVERIFY2(automatic.timings.fastPath == !key.required, qPrintable(where(kind, key)));
    sameResult(automatic, reference);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(where(kind, key)));
  });
}

// A key not in the table (a name of no table, and every table key misspelled by its case) is
// an unknown key to both readers: the reference reader's warning, the fast reader gives up.
void SchemaTests::unknownKeysAreRejectedByBoth() {
  for (const ObjectKind kind : detail::kObjectKinds) {
    const std::string text = sample({Mutation::Op::AddUnknown, kind, 0, "notAKey"});
    const LoadResult reference = loadReference(text);
    const LoadResult automatic = loadAuto(text);
    QVERIFY(reference.ok());
    QCOMPARE(reference.warnings.size(), std::size_t{1});
    QVERIFY(q(reference.warningText()).contains("unknown key \"notAKey\" ignored"));
    QVERIFY(!automatic.timings.fastPath);
    sameResult(automatic, reference);
  }
  forEachKey([&](ObjectKind kind, std::size_t i, const KeySpec& key) {
    std::string renamed(key.name);
    renamed[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(renamed[0])));
    const std::string text = sample({Mutation::Op::Rename, kind, i, renamed});
    const LoadResult reference = loadReference(text);
    const LoadResult automatic = loadAuto(text);
    // (Without "tickscope" the loader reports the version error alone.)
    const bool version = kind == ObjectKind::Root && i == detail::k(detail::RootKey::Version);
    QVERIFY2(version || q(reference.warningText()).contains(
                            QString("unknown key \"%1\" ignored").arg(q(renamed))),
             qPrintable(where(kind, key)));
    QVERIFY2(!automatic.timings.fastPath, qPrintable(where(kind, key)));
    sameResult(automatic, reference);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(where(kind, key)));
  });
}

// Every key given twice, or with a value of no type (null): an error of the reference reader,
// and the fast reader gives up.
void SchemaTests::duplicateAndMistypedKeysAreRejectedByBoth() {
  forEachKey([&](ObjectKind kind, std::size_t i, const KeySpec& key) {
    const std::string twice = sample({Mutation::Op::Duplicate, kind, i, {}});
    const LoadResult reference = loadReference(twice);
    QVERIFY2(q(reference.errorText()).contains(QString("key \"%1\" given twice").arg(q(key.name))),
             qPrintable(where(kind, key)));
    const LoadResult automatic = loadAuto(twice);
    QVERIFY(!automatic.timings.fastPath);
    sameResult(automatic, reference);

    const std::string mistyped = sample({Mutation::Op::Replace, kind, i, "null"});
    const LoadResult badReference = loadReference(mistyped);
    QVERIFY2(!badReference.ok(), qPrintable(where(kind, key)));
    const LoadResult badAutomatic = loadAuto(mistyped);
    QVERIFY(!badAutomatic.timings.fastPath);
    sameResult(badAutomatic, badReference);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(where(kind, key)));
  });
}
