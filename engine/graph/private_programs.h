#pragma once
// PrivatePrograms: lock-free Expression evaluation for an owner that evaluates from one thread
// only (a Runner).
//
//   PrivatePrograms programs_;                          // a member of the owner
//   plan.expression = programs_.adopt(r.expression);   // once per expression, at build
//   plan.expression.evaluateInto(inputs, results);     // per run: takes no lock
//
// adopt(e) returns an Expression equivalent to e (the same variableCount() and resultCount(),
// and for the same inputs the same results bit for bit, inf/NaN and -0.0 included, and the
// same finite flag) that runs on this owner's private copy of e's program. One copy per
// distinct shared program: 100,000 expressions of 3 shapes make 3 copies (a Parser each,
// ~6 KB). A copy is the program built again from its text and slot names, so it runs the
// same bytecode; the literals stay e's (interned in the shared program, which the copy keeps
// alive).
//
// An adopted Expression evaluates more cheaply: no mutex; one that is a single variable
// returns its input without muParser; a single-result one calls muParser's single-result
// Eval(); literals are copied into the slots only when the list changes (the expressions of a
// shape mostly share one interned list). evaluateInto's size checks stay: they are what
// makes a wrong call an exception rather than a stray write.
//
// Thread rules: adopt() and every evaluation of the Expressions it returned (and of their
// copies) happen on one thread at a time, the owner's: a copy's Parser and slots are not
// guarded, and the adopted expressions of one shape share them. Owners are independent of one
// another and may work on different threads, with expressions of the same shared programs.
// The original expressions keep the shared, locked path and stay usable from any thread;
// adopt() takes a shared program's lock once, when it copies it.
//
// Lifetime: the copies live as long as the owner object. An adopted Expression also holds its
// copy (as Expressions hold their programs), so one that outlives the owner is still valid
// memory, still bound by the thread rule.
//
// adopt() of an empty Expression returns it as is; of one this owner adopted before, the same
// again; of one another owner adopted, this owner's copy of the same shared program. Should
// muParser refuse to build a program again (it compiled once, so it should not), the
// expression is returned on its shared program: slower, still correct and thread-safe.
#include <cstddef>
#include <memory>
#include <unordered_map>

#include "graph/expression.h"

namespace tickscope::graph {

class PrivatePrograms {
 public:
  PrivatePrograms();
  ~PrivatePrograms();
  // Not copyable: a copy would share the private programs with another owner.
  PrivatePrograms(const PrivatePrograms&) = delete;
  PrivatePrograms& operator=(const PrivatePrograms&) = delete;
  PrivatePrograms(PrivatePrograms&&) noexcept;
  PrivatePrograms& operator=(PrivatePrograms&&) noexcept;

  // adopt: `expression` on this owner's private copy of its program (see above).
  Expression adopt(const Expression& expression);

  // programCount: the private copies made (shared programs adopted).
  std::size_t programCount() const;

 private:
  // Shared program -> its private copy (null when muParser refused to build it again). The
  // copy holds the shared program, so a key cannot be freed and reused while it is here.
  std::unordered_map<const detail::Program*, std::shared_ptr<detail::Program>> copies_;
};

}  // namespace tickscope::graph
