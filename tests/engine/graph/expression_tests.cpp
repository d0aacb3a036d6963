#include <QtTest/QtTest>

#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <span>
#include <thread>
#include <vector>

#include "graph/expression.h"
#include "graph/expression_cache.h"
#include "graph/private_programs.h"
#include "support/grid_expressions.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using testing::q;

namespace {

Expression compiled(std::string_view text) {
  CompileResult r = CompileResult::compile(text);
  if (!r.ok()) qFatal("does not compile: %s", r.error.c_str());
  return r.expression;
}

std::vector<double> eval(const Expression& e, std::vector<double> inputs) {
  return e.evaluate(inputs).values;
}

QStringList names(const CompileResult& r) {
  QStringList out;
  for (const std::string& n : r.variables) out << q(n);
  return out;
}

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

QString bitsText(std::span<const double> values) {
  QStringList out;
  for (double v : values) out << QString::number(v) + "/0x" + QString::number(bits(v), 16);
  return out.join(", ");
}

// specialValues: where a private copy could part from muParser: NaNs of either sign, with
// payloads or signalling, signed zeros, infinities, subnormals, extremes.
const std::vector<double>& specialValues() {
  using L = std::numeric_limits<double>;
  static const std::vector<double> values = {
      0.0, -0.0, 1.0, -1.0, 2.0, 0.5, 3.0, L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(),
      std::bit_cast<double>(std::uint64_t{0x7ff8000000012345}), std::bit_cast<double>(std::uint64_t{0xfff80000deadbeef}),
      L::signaling_NaN(), L::denorm_min(), -L::denorm_min(), L::min(), L::max(), L::lowest(), 1e308, 1e-300};
  return values;
}

double randomInput(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0: return specialValues()[rng() % specialValues().size()];
    case 1: return std::bit_cast<double>(rng());  // any bit pattern, NaNs included
    case 2: return static_cast<double>(static_cast<int>(rng() % 21) - 10);  // zeros, exact ties
    default: return std::uniform_real_distribution<double>(-1e3, 1e3)(rng);
  }
}

using tickscope::testing::gridText;

}  // namespace

void ExpressionTests::evaluatesArithmeticAndFunctions() {
  const Expression e = compiled("a + b * 2 - c / 4 + a^2");
  QCOMPARE(names(CompileResult::compile("a + b * 2 - c / 4 + a^2")), (QStringList{"a", "b", "c"}));
  QCOMPARE(e.variableCount(), std::size_t{3});
  QCOMPARE(eval(e, {3, 5, 8}), (std::vector<double>{3 + 10 - 2 + 9}));
  QCOMPARE(eval(compiled("sqrt(x) + abs(y) + min(x, y) + max(x, y, 1)"), {16, -2}),
           (std::vector<double>{4 + 2 - 2 + 16}));
  QCOMPARE(eval(compiled("sin(0) + cos(0) + exp(0) + ln(1) + log10(100) + sum(x, x, x)"), {2}),
           (std::vector<double>{0 + 1 + 1 + 0 + 2 + 6}));
  QVERIFY(qFuzzyCompare(eval(compiled("_pi"), {})[0], M_PI));
  QCOMPARE(eval(compiled("-x + +y"), {2, 5}), (std::vector<double>{3}));
  // A variable may have a function's name when it is not called.
  QCOMPARE(eval(compiled("sin + sin(0)"), {7}), (std::vector<double>{7}));
}

void ExpressionTests::ternaryAndComparisons() {
  const Expression e = compiled("x > 0 ? x : -x");
  QCOMPARE(eval(e, {-3}), (std::vector<double>{3}));
  QCOMPARE(eval(e, {4}), (std::vector<double>{4}));
  QCOMPARE(eval(compiled("(a == b) + (a != b) * 10 + (a <= b) * 100 + (a && b) * 1000"), {1, 2}),
           (std::vector<double>{0 + 10 + 100 + 1000}));
  QCOMPARE(eval(compiled("a < 1 ? 1 : a < 2 ? 2 : 3"), {1.5}), (std::vector<double>{2}));
}

void ExpressionTests::multipleResults() {
  const Expression e = compiled("a + b, a * b, a - b");
  QCOMPARE(e.resultCount(), 3);
  QCOMPARE(eval(e, {6, 3}), (std::vector<double>{9, 18, 3}));
  // The allocation-free form writes into the caller's buffer.
  double out[3] = {};
  const std::vector<double> in{2, 5};
  QVERIFY(e.evaluateInto(in, out));
  QCOMPARE(out[1], 10.0);
  // A comma inside a call is an argument separator, not a second result.
  QCOMPARE(compiled("max(a, b)").resultCount(), 1);
}

void ExpressionTests::divisionByZeroIsFlaggedNotThrown() {
  const Expression e = compiled("a / b, -a / b, b / b, a");
  const Evaluation v = e.evaluate(std::vector<double>{1, 0});
  QVERIFY(!v.finite);
  QCOMPARE(q(v.message), QStringLiteral("result 1 of 4 is inf"));
  QVERIFY(std::isinf(v.values[0]) && v.values[0] > 0);
  QVERIFY(std::isinf(v.values[1]) && v.values[1] < 0);
  QVERIFY(std::isnan(v.values[2]));
  QCOMPARE(v.values[3], 1.0);
  QCOMPARE(q(compiled("0 * a, sqrt(a)").evaluate(std::vector<double>{-1}).message),
           QStringLiteral("result 2 of 2 is NaN"));
  const Evaluation ok = e.evaluate(std::vector<double>{1, 2});
  QVERIFY(ok.finite);
  QVERIFY(ok.message.empty());
  double out[4];
  QVERIFY(!e.evaluateInto(std::vector<double>{1, 0}, out));
}

void ExpressionTests::variablesInOrderOfFirstAppearance() {
  QCOMPARE(names(CompileResult::compile("zeta * alpha + zeta - m1")), (QStringList{"zeta", "alpha", "m1"}));
  ExpressionCache cache;
  const CompileResult cached = cache.compile("zeta * alpha + zeta - m1");
  QCOMPARE(names(cached), (QStringList{"zeta", "alpha", "m1"}));
  QCOMPARE(cached.expression.variableCount(), std::size_t{3});
  QCOMPARE(names(CompileResult::compile("3 + 4")), QStringList{});
  QCOMPARE(compiled("3 + 4").variableCount(), std::size_t{0});
}

void ExpressionTests::compileErrorsHavePositions() {
  ExpressionCache cache;
  for (CompileResult r : {CompileResult::compile("a + * b"), cache.compile("a + * b")}) {
    QVERIFY(!r.ok());
    QCOMPARE(r.errorPosition, 4);
    QCOMPARE(q(r.error), QStringLiteral("Unexpected operator \"*\""));
  }
  for (CompileResult r : {CompileResult::compile("(a + b"), cache.compile("(a + b")}) {
    QCOMPARE(r.errorPosition, 6);  // just past the end
    QCOMPARE(q(r.error), QStringLiteral("Missing parenthesis"));
  }
  const CompileResult empty = cache.compile("");
  QCOMPARE(empty.errorPosition, -1);
  QCOMPARE(q(empty.error), QStringLiteral("Expression is empty"));
  QCOMPARE(cache.compile("x y").errorPosition, 2);
  QCOMPARE(cache.compile("sin()").ok(), false);
  QCOMPARE(cache.compile("\"text\"").ok(), false);  // muParser strings are not numbers
}

void ExpressionTests::cacheSharesProgramsAcrossNamesAndLiterals() {
  ExpressionCache cache;
  const Expression a = cache.compile("c1 + 2").expression;
  const CompileResult bCompiled = cache.compile("c7 + 0.5");
  const Expression b = bCompiled.expression;
  const Expression c = cache.compile("c7 * 0.5").expression;
  const Expression d = cache.compile("x + x").expression;
  const Expression e = cache.compile("x + y").expression;
  QVERIFY(a.sharesProgramWith(b));
  QVERIFY(!a.sharesProgramWith(c));
  QVERIFY(!d.sharesProgramWith(e));  // one variable twice is another shape than two
  QCOMPARE(cache.programCount(), std::size_t{4});
  // Shared, yet each keeps its own literal and binding.
  QCOMPARE(eval(a, {10}), (std::vector<double>{12}));
  QCOMPARE(eval(b, {10}), (std::vector<double>{10.5}));
  QCOMPARE(eval(a, {1}), (std::vector<double>{3}));
  QCOMPARE(names(bCompiled), QStringList{"c7"});
  // Thousands of distinct names and literals of one shape hold one program.
  ExpressionCache big;
  std::vector<Expression> kept;
  for (int i = 0; i < 2000; ++i)
    kept.push_back(big.compile("n" + std::to_string(i) + " * " + std::to_string(i) + ".25 + 1").expression);
  QCOMPARE(big.programCount(), std::size_t{1});
  QCOMPARE(eval(kept[1999], {2}), (std::vector<double>{2 * 1999.25 + 1}));
}

void ExpressionTests::cachedAndUncachedCompilesAgree_data() {
  QTest::addColumn<QString>("text");
  for (const char* text :
       {"a + b", "1.5e3 * a", ".5 + a", "5. + a", "1e-3 + a", "1E+2", "0e5 + a", "a == 2", "a <= 2",
        "a >= 2 ? 1 : 0", "a != 2", "a = 3", "3 = a", "2a", "a2 + 1", "1.2.3", "1e", "1e+", "0x10",
        "a.b", "1..2", "_pi * a", "_e", "sin(a)", "sin (a)", "foo(a)", "min(a, 2, b)", "a, b, 1",
        "\"s\"", "a # b", "a +", "", "   ", "1e400", "1e-400", "4.9e-324 + a", "a===b", "-a^2",
        "(a)(b)", "a ? b", "a : b", "rnd()", "a && b || !a", "avg(a, b)", "3!", "a\xc3\xa9"}) {
    QTest::newRow(text) << QString::fromUtf8(text);
  }
}

void ExpressionTests::cachedAndUncachedCompilesAgree() {
  // The cache abstracts names and literals; whatever it does must not change what muParser
  // accepts, where it fails, or what it computes.
  QFETCH(QString, text);
  const std::string t = text.toStdString();
  ExpressionCache cache;
  const CompileResult cached = cache.compile(t);
  const CompileResult direct = CompileResult::compile(t);
  QCOMPARE(cached.ok(), direct.ok());
  QCOMPARE(q(cached.error), q(direct.error));
  QCOMPARE(cached.errorPosition, direct.errorPosition);
  if (!direct.ok()) return;
  QCOMPARE(names(cached), names(direct));
  QCOMPARE(cached.expression.variableCount(), direct.expression.variableCount());
  QCOMPARE(cached.expression.resultCount(), direct.expression.resultCount());
  if (t.find("rnd") != std::string::npos) return;
  for (double x : {-2.5, 0.0, 1.0, 3.0}) {
    std::vector<double> inputs(direct.expression.variableCount(), x);
    if (!inputs.empty()) inputs[0] = x + 1;
    const Evaluation c = cached.expression.evaluate(inputs);
    const Evaluation d = direct.expression.evaluate(inputs);
    QCOMPARE(c.values.size(), d.values.size());
    for (std::size_t k = 0; k < c.values.size(); ++k) {
      if (std::isnan(d.values[k])) QVERIFY(std::isnan(c.values[k]));
      else QCOMPARE(c.values[k], d.values[k]);
    }
  }
}

void ExpressionTests::literalsOutliveTheCache() {
  // The program keeps each distinct literal list once; expressions point at them, so they
  // work after the cache is gone, and equal lists (interned) or not, each keeps its values.
  std::vector<Expression> kept;
  {
    ExpressionCache cache;
    for (int i = 0; i < 300; ++i)
      kept.push_back(cache.compile("x" + std::to_string(i) + " / " + std::to_string(i % 3 + 2) + " + 0.5").expression);
    kept.push_back(cache.compile("y / -0.0").expression);
    kept.push_back(cache.compile("y / 0.0").expression);
    kept.push_back(cache.compile("y * 7").expression);  // another shape, same cache
  }
  for (int i = 0; i < 300; ++i) QCOMPARE(eval(kept[i], {12}), (std::vector<double>{12.0 / (i % 3 + 2) + 0.5}));
  QCOMPARE(eval(kept[300], {1}), (std::vector<double>{-INFINITY}));
  QCOMPARE(eval(kept[301], {1}), (std::vector<double>{INFINITY}));
  QCOMPARE(eval(kept[302], {2}), (std::vector<double>{14}));
  const Expression copy = kept[7];
  kept.clear();
  QCOMPARE(eval(copy, {12}), (std::vector<double>{12.0 / 3 + 0.5}));
}

void ExpressionTests::copiesAndMovesKeepBindings() {
  ExpressionCache cache;
  std::vector<Expression> list;
  for (int i = 0; i < 100; ++i)  // reallocations move the Expressions
    list.push_back(cache.compile("v" + std::to_string(i) + " * " + std::to_string(i)).expression);
  const Expression copy = list[42];
  std::vector<Expression> moved = std::move(list);
  list.clear();
  QCOMPARE(eval(copy, {2}), (std::vector<double>{84}));
  QCOMPARE(eval(moved[42], {3}), (std::vector<double>{126}));
  QCOMPARE(eval(moved[7], {3}), (std::vector<double>{21}));
  // The cache may go away: expressions keep their program alive.
  Expression survivor;
  {
    ExpressionCache temporary;
    survivor = temporary.compile("a - b").expression;
  }
  QCOMPARE(eval(survivor, {5, 3}), (std::vector<double>{2}));
  Expression moveTarget = std::move(survivor);
  QVERIFY(moveTarget.valid());
  QCOMPARE(eval(moveTarget, {1, 3}), (std::vector<double>{-2}));
}

void ExpressionTests::concurrentEvaluationOfOneProgram() {
  ExpressionCache cache;
  const Expression a = cache.compile("x * 2 + y").expression;
  const Expression c = cache.compile("m * 2 + n").expression;
  QVERIFY(a.sharesProgramWith(c));
  std::atomic<int> wrong{0};
  const auto worker = [&](const Expression& e, double k) {
    for (int i = 0; i < 20000; ++i) {
      const double x = i, y = k;
      if (e.evaluate(std::vector<double>{x, y}).values[0] != x * 2 + y) ++wrong;
    }
  };
  std::thread t1(worker, std::cref(a), 1.0);
  std::thread t2(worker, std::cref(c), 2.0);  // another Expression, the same muParser
  t1.join();
  t2.join();
  QCOMPARE(wrong.load(), 0);
}

void ExpressionTests::preconditionsThrow() {
  const Expression e = compiled("a + b");
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, e.evaluate(std::vector<double>{1}));
  double out[1];
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, compiled("a, a").evaluateInto(std::vector<double>{1}, out));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Expression().evaluate({}));
  QVERIFY(!Expression().valid());
  QCOMPARE(Expression().resultCount(), 0);
}

void ExpressionTests::privateCopiesMatchTheSharedPath_data() {
  QTest::addColumn<QStringList>("texts");
  // Each row's expressions are adopted by one owner, so those of one shape share its copy.
  QTest::newRow("grid") << QStringList{"c1", "c77", "(c1 + c2) / 2", "(c3 + c9) / 2", "(c1 + c2 + c3) / 3",
                                       "(c4 + c5 + c6) / 3", "(c4 + c5 + c6) / 4"};
  QTest::newRow("literals") << QStringList{"x * 0.25 + 1", "x * 0.5 + 1", "y * 0.25 + 1", "(a + b) / 4 + 1",
                                           "(a + b) / 0", "a / -0.0", "2 * a", "a * 3 + 1", "a^2", "a^3",
                                           "a^4", "3", "-4.5", "1e-3 + a", "a - 0", "0 * a"};
  QTest::newRow("multi") << QStringList{"a + b, a * b, a - b", "a / b, -a / b, b / b, a", "x, x", "x, 2",
                                        "p * 0.5, p * 2, p"};
  QTest::newRow("functions") << QStringList{"sqrt(x) + abs(y)", "x > 0 ? x : -x", "min(a, b, 1)", "max(a, b)",
                                            "(a == b) + (a != b) * 10", "a && b || a", "ln(x) + log10(y)",
                                            "x^y", "sin(x) * cos(y)", "sum(a, b, a)", "avg(a, b)", "-a^2",
                                            "_pi * r^2", "_e", "x + _pi"};
  QTest::newRow("names") << QStringList{" x ", "sin", "c_1", "(x)", "+x", "-x"};
}

void ExpressionTests::privateCopiesMatchTheSharedPath() {
  // Random inputs, NaN payloads and signed zeros included: the private copies compute what the
  // shared programs compute, bit for bit, and flag the same results as not finite.
  QFETCH(QStringList, texts);
  ExpressionCache cache;
  PrivatePrograms programs;
  std::vector<Expression> shared, adopted;
  for (const QString& text : texts) {
    const std::string t = text.toStdString();
    for (const CompileResult& r : {cache.compile(t), CompileResult::compile(t)}) {
      QVERIFY2(r.ok(), (t + ": " + r.error).c_str());
      shared.push_back(r.expression);
      adopted.push_back(programs.adopt(r.expression));
      QVERIFY(!adopted.back().sharesProgramWith(shared.back()));
    }
  }
  std::mt19937_64 rng(20240611);
  std::vector<double> inputs, expected(8), got(8);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t i = rng() % shared.size();
    inputs.resize(shared[i].variableCount());
    for (double& v : inputs) v = randomInput(rng);
    const auto count = static_cast<std::size_t>(shared[i].resultCount());
    std::fill(expected.begin(), expected.end(), 7.0);
    std::fill(got.begin(), got.end(), -7.0);
    const bool expectedFinite = shared[i].evaluateInto(inputs, expected);
    const bool gotFinite = adopted[i].evaluateInto(inputs, got);
    const std::span<const double> e(expected.data(), count), g(got.data(), count);
    const bool same = std::equal(e.begin(), e.end(), g.begin(), [](double x, double y) { return bits(x) == bits(y); });
    QVERIFY2(same && gotFinite == expectedFinite,
             qPrintable(QStringLiteral("%1 on [%2]: private [%3] (finite %4), shared [%5] (finite %6)")
                            .arg(texts[static_cast<qsizetype>(i / 2)], bitsText(inputs), bitsText(g))
                            .arg(gotFinite)
                            .arg(bitsText(e))
                            .arg(expectedFinite)));
    QCOMPARE(bits(got[count]), bits(-7.0));  // nothing written past the results
    if (round % 97 == 0) QCOMPARE(q(adopted[i].evaluate(inputs).message), q(shared[i].evaluate(inputs).message));
  }
}

void ExpressionTests::privateCopiesDoNotShareTheProgram() {
  ExpressionCache cache;
  std::vector<Expression> originals;
  for (int i = 0; i < 300; ++i) originals.push_back(cache.compile(gridText(i % 3 + 1, i)).expression);
  QCOMPARE(cache.programCount(), std::size_t{3});
  PrivatePrograms programs;
  std::vector<Expression> adopted;
  for (const Expression& e : originals) adopted.push_back(programs.adopt(e));
  QCOMPARE(programs.programCount(), std::size_t{3});  // one copy per shared program, not per expression
  for (std::size_t i = 0; i < adopted.size(); ++i) {
    QVERIFY(!adopted[i].sharesProgramWith(originals[i]));
    QVERIFY(adopted[i].sharesProgramWith(adopted[i % 3]));
    QVERIFY(!adopted[i].sharesProgramWith(adopted[(i + 1) % 3]));
    QCOMPARE(adopted[i].variableCount(), originals[i].variableCount());
    QCOMPARE(adopted[i].resultCount(), originals[i].resultCount());
  }
  // Adopting an adopted expression again gives the same copy; an empty one stays empty.
  QVERIFY(programs.adopt(adopted[5]).sharesProgramWith(adopted[5]));
  QVERIFY(!programs.adopt(Expression()).valid());
  QCOMPARE(programs.programCount(), std::size_t{3});
  // Inputs land in the copy's slots, not the shared program's, and each keeps its binding.
  QCOMPARE(eval(adopted[4], {1, 6}), (std::vector<double>{3.5}));
  QCOMPARE(eval(originals[4], {2, 4}), (std::vector<double>{3}));
  QCOMPARE(eval(adopted[2], {3, 6, 9}), (std::vector<double>{6}));
  QCOMPARE(eval(adopted[3], {-2}), (std::vector<double>{-2}));
  // An owner that moves keeps its copies.
  PrivatePrograms moved = std::move(programs);
  QVERIFY(moved.adopt(originals[7]).sharesProgramWith(adopted[1]));
  QCOMPARE(moved.programCount(), std::size_t{3});
}

void ExpressionTests::privateCopyFollowsEachExpressionsLiterals() {
  // Expressions of one shape share the copy but not their literals: the copy must load each
  // expression's list, also when they alternate and when one is interned after the copy.
  ExpressionCache cache;
  PrivatePrograms programs;
  const Expression half = programs.adopt(cache.compile("(a + b) / 2").expression);
  const Expression quarter = programs.adopt(cache.compile("(x + y) / 4").expression);
  const Expression halfAgain = programs.adopt(cache.compile("(p + r) / 2").expression);  // the same interned list
  QVERIFY(half.sharesProgramWith(quarter));
  for (int i = 0; i < 10; ++i) {
    const double v = i;
    QCOMPARE(eval(half, {v, 2}), (std::vector<double>{(v + 2) / 2}));
    QCOMPARE(eval(quarter, {v, 2}), (std::vector<double>{(v + 2) / 4}));
    QCOMPARE(eval(halfAgain, {v, 4}), (std::vector<double>{(v + 4) / 2}));
    QCOMPARE(eval(quarter, {v, 6}), (std::vector<double>{(v + 6) / 4}));
  }
  const Expression eighth = programs.adopt(cache.compile("(m + n) / 8").expression);
  QCOMPARE(programs.programCount(), std::size_t{1});
  QCOMPARE(eval(eighth, {4, 4}), (std::vector<double>{1}));
  QCOMPARE(eval(half, {4, 4}), (std::vector<double>{4}));
  QCOMPARE(eval(eighth, {8, 8}), (std::vector<double>{2}));
}

void ExpressionTests::privateOwnersAreIndependent() {
  ExpressionCache cache;
  const Expression shared = cache.compile("x * 2 + y").expression;
  const Expression sharedToo = cache.compile("m * 2 + n").expression;
  auto first = std::make_unique<PrivatePrograms>();
  PrivatePrograms second;
  const Expression a = first->adopt(shared);
  const Expression b = second.adopt(shared);
  QVERIFY(!a.sharesProgramWith(b));
  // Another owner's adopted expression is adopted through its shared program: this owner's copy.
  const Expression c = second.adopt(a);
  QVERIFY(c.sharesProgramWith(b));
  QVERIFY(!c.sharesProgramWith(a));
  QCOMPARE(second.programCount(), std::size_t{1});
  // Each owner on its thread, the shared path on a third, all of one shared program at once.
  std::atomic<int> wrong{0};
  const auto worker = [&](const Expression& e, double k) {
    double out = 0;
    for (int i = 0; i < 20000; ++i) {
      const double in[2] = {static_cast<double>(i), k};
      if (!e.evaluateInto(in, std::span<double>(&out, 1)) || out != i * 2 + k) ++wrong;
    }
  };
  std::thread t1(worker, std::cref(a), 1.0);
  std::thread t2(worker, std::cref(c), 2.0);
  std::thread t3(worker, std::cref(sharedToo), 3.0);
  t1.join();
  t2.join();
  t3.join();
  QCOMPARE(wrong.load(), 0);
  // One owner goes: the other's copies are untouched, and what it adopted still holds its copy.
  first.reset();
  QCOMPARE(eval(b, {5, 1}), (std::vector<double>{11}));
  QCOMPARE(eval(a, {5, 2}), (std::vector<double>{12}));
}

void ExpressionTests::privateIdentityReturnsTheInputBitForBit() {
  ExpressionCache cache;
  PrivatePrograms programs;
  for (const Expression& e : {cache.compile("c123").expression, compiled("x"), compiled(" y  ")}) {
    const Expression adopted = programs.adopt(e);
    QVERIFY(!adopted.sharesProgramWith(e));
    for (double v : specialValues()) {
      double out = 42, reference = 42;
      const bool finite = adopted.evaluateInto(std::span<const double>(&v, 1), std::span<double>(&out, 1));
      QCOMPARE(bits(out), bits(v));
      QCOMPARE(finite, static_cast<bool>(std::isfinite(v)));
      // What muParser gives on the shared path: the input too.
      QCOMPARE(e.evaluateInto(std::span<const double>(&v, 1), std::span<double>(&reference, 1)), finite);
      QCOMPARE(bits(reference), bits(v));
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, adopted.evaluate(std::vector<double>{1, 2}));
    double none[1];
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, adopted.evaluateInto(std::vector<double>{1}, std::span<double>(none, 0)));
  }
}
