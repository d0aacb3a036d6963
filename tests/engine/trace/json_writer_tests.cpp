#include <QtTest/QtTest>

#include <clocale>
#include <cmath>
#include <limits>
#include <locale>
#include <sstream>

#include <nlohmann/json.hpp>

#include "trace/json_writer.h"
#include "trace_test_classes.h"

using tickscope::trace::formatNumber;
using tickscope::trace::JsonWriter;

namespace {

// A numpunct that would print 1234.5 as "1.234,5" if anything consulted the locale.
struct CommaPunct : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

std::string write(const std::function<void(JsonWriter&)>& f) {
  std::ostringstream out;
  {
    JsonWriter w(out);
    f(w);
  }
  return out.str();
}

}  // namespace

void JsonWriterTests::numbersAreShortestAndLocaleIndependent() {
  const std::locale previous = std::locale::global(std::locale(std::locale::classic(), new CommaPunct));
  const std::string previousC = std::setlocale(LC_NUMERIC, nullptr);
  std::setlocale(LC_NUMERIC, "de_DE.UTF-8");  // may be missing; the C++ locale above suffices
  const std::string text = write([](JsonWriter& w) {
    w.beginArray();
    w.number(12.0);
    w.number(0.1);
    w.number(1234.5);
    w.number(-0.0);
    w.number(100000.0);
    w.number(-3e14);
    w.number(1e21);
    w.number(2.5e-7);
    w.integer(-1234567);
    w.unsignedInteger(18446744073709551615ull);
    w.endArray();
  });
  std::setlocale(LC_NUMERIC, previousC.c_str());
  std::locale::global(previous);
  QCOMPARE(text, std::string("[12, 0.1, 1234.5, 0, 100000, -300000000000000, 1e+21, 2.5e-07, -1234567, "
                             "18446744073709551615]"));
  QCOMPARE(formatNumber(3.0), std::string("3"));
  QCOMPARE(formatNumber(1.0 / 3.0), std::string("0.3333333333333333"));
  // Shortest form still reads back exactly.
  QCOMPARE(std::stod(formatNumber(0.1 + 0.2)), 0.1 + 0.2);
}

void JsonWriterTests::nonFiniteNumbersAreNull() {
  const std::string text = write([](JsonWriter& w) {
    w.beginArray();
    w.number(std::numeric_limits<double>::quiet_NaN());
    w.number(std::numeric_limits<double>::infinity());
    w.number(-std::numeric_limits<double>::infinity());
    w.endArray();
  });
  QCOMPARE(text, std::string("[null, null, null]"));
  QCOMPARE(formatNumber(std::nan("")), std::string("nan"));
  QCOMPARE(formatNumber(-std::numeric_limits<double>::infinity()), std::string("-inf"));
}

void JsonWriterTests::stringsAreEscaped() {
  const std::string raw = std::string("q\"b\\n\nt\tc") + '\x01' + "\xc3\xa9";
  const std::string text = write([&](JsonWriter& w) { w.string(raw); });
  QCOMPARE(text, std::string("\"q\\\"b\\\\n\\nt\\tc\\u0001\xc3\xa9\""));
  QCOMPARE(nlohmann::json::parse(text).get<std::string>(), raw);
}

void JsonWriterTests::layoutsNestAndParse() {
  const std::string text = write([](JsonWriter& w) {
    w.beginObject(JsonWriter::Layout::Lines);
    w.key("a");
    w.beginArray(JsonWriter::Layout::Lines);
    w.beginObject();
    w.key("x");
    w.boolean(true);
    w.key("y");
    w.null();
    w.endObject();
    w.integer(2);
    w.endArray();
    w.key("empty");
    w.beginArray(JsonWriter::Layout::Lines);
    w.endArray();
    w.key("o");
    w.beginObject();
    w.endObject();
    w.endObject();
    w.newline();
  });
  QCOMPARE(text, std::string("{\n  \"a\": [\n    {\"x\": true, \"y\": null},\n    2\n  ],\n  \"empty\": [],\n"
                             "  \"o\": {}\n}\n"));
  const auto j = nlohmann::json::parse(text);
  QCOMPARE(j["a"][1].get<int>(), 2);
  QVERIFY(j["a"][0]["y"].is_null());
}
