#include <QtTest/QtTest>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "graph/expression.h"
#include "graph/expression_cache.h"
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
