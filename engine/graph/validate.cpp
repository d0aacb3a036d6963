#include "graph/validate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <span>
#include <stop_token>
#include <system_error>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>

#include "graph/identifier.h"
#include "graph/json_pointer.h"
#include "graph/program_p.h"
#include "graph/reader_p.h"
#include "graph/validate_p.h"

namespace tickscope::graph {
namespace detail {
namespace {

constexpr std::string_view kIdentifierRule = "an id must match [A-Za-z_][A-Za-z0-9_]*";

class Validator {
 public:
  Validator(GraphDocument& doc, DiagnosticSink& sink, const LoadLimits& limits,
            ExpressionCache& cache, const std::vector<std::uint8_t>* broken)
      : doc_(doc), res_(doc.resolution), sink_(sink), limits_(limits), cache_(cache),
        broken_(broken), nameOf_{&doc} {}

  void run(bool parallel) {
    const std::size_t errorsBefore = sink_.errorCount();
    res_ = Resolution{};
    const std::size_t n = doc_.actions.size();
    ranges_.assign(n, Ranges{});
    // Sizes first, so the big arrays are not moved through a series of doublings: every id
    // (cells, actions, at most one implicit cell per write) and about every cell reference.
    std::size_t writes = 0, references = 0;
    for (const Action& a : doc_.actions) {
      writes += a.writes.size();
      references += a.writes.size() + 2 * (a.readsFromExpr ? 2 : a.reads.size());
    }
    res_.ids.reserve(doc_.cells.size() + n + writes);
    res_.implicitCells.reserve(writes);
    refs_.clear();
    refs_.reserve(references);
    // Expressions compile on a helper thread meanwhile (see Precompiler), which also sizes
    // res_.actions (its page faults are a tenth of validating a big graph).
    if (!(parallel && n >= kParallelActions && startPrecompiler())) res_.actions.resize(n);
    checkSettings();
    indexCells();
    indexActions();
    // Over the cell limit, stop: what follows would only repeat it as unknown cells.
    if (!addImplicitCells()) {
      stopPrecompiler();
      res_ = Resolution{};
      return;
    }
    precompiled_ = precompiler_.joinable();
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kPrefetchDistance < n)
        for (const std::string& r : doc_.actions[i + kPrefetchDistance].reads)
          res_.ids.prefetch(IdIndex::hashOf(r));
      if (precompiled_) awaitPrecompiled(i);
      checkAction(i);
    }
    if (precompiled_) precompiler_.join();
    checkEvents();
    if (sink_.errorCount() != errorsBefore) {
      res_ = Resolution{};
      return;
    }
    // The spans point into one shared array, complete only now.
    auto refs = std::make_shared<const std::vector<CellIndex>>(std::move(refs_));
    const CellIndex* base = refs->data();
    for (std::size_t i = 0; i < n; ++i) {
      const Ranges& r = ranges_[i];
      ResolvedAction& a = res_.actions[i];
      a.reads = {base + r.reads, r.readsCount};
      a.writes = {base + r.writes, r.writesCount};
      a.inputs = {base + r.inputs, r.inputsCount};
    }
    res_.cellRefs = std::move(refs);
    ranges_ = {};
    res_.valid = true;
  }

 private:
  // --- Precompiler ---
  // Compiling the expressions (muParser, shared through the cache) is about a third of
  // validating a big graph and needs nothing the id indexing computes. So, for the loader
  // and big documents, a helper thread compiles every expression checkAction will compile,
  // in the same order and with the same cache (so the same programs are shared), while this
  // thread indexes ids; then checkAction(i) waits until the helper is past action i and
  // takes its result (the expression in res_.actions[i], or its failure in failures_)
  // instead of compiling. Diagnostics stay in the same order, and equal: they are made from
  // the same CompileResults.
  static constexpr std::size_t kParallelActions = 2048;
  static constexpr std::size_t kPrecompileFailed = ~std::size_t{0};
  struct CompileFailure {
    std::size_t action;
    std::string error;
    int position;
  };
  struct Named {  // the variables of an action whose variables are not its first reads
    std::size_t action;
    std::vector<std::string> variables;
  };
  // leadsReads: the variables are the action's first reads, in order (what the generator
  // and most files write): each variable's input is the read at its position.
  static bool leadsReads(const Action& a, std::span<const std::string> variables) {
    return !a.readsFromExpr && variables.size() <= a.reads.size() &&
           std::equal(variables.begin(), variables.end(), a.reads.begin());
  }
  bool wantsCompile(std::size_t i) const {
    const Action& a = doc_.actions[i];
    return a.expr && !(brokenOf(i) & kBrokenExpr) && a.expr->size() <= limits_.maxExpressionBytes;
  }
  void precompile(const std::stop_token& stop) {
    try {
      res_.actions.resize(doc_.actions.size());
      leads_.resize(doc_.actions.size());
      for (std::size_t i = 0; i < doc_.actions.size(); ++i) {
        if ((i & 1023) == 0 && stop.stop_requested()) return;
        if (wantsCompile(i)) {
          CompileResult c = cache_.compile(*doc_.actions[i].expr);
          if (c.ok()) {
            res_.actions[i].expression = std::move(c.expression);
            // Checking action i only reads action i, which the main thread leaves alone
            // until this one is past it.
            if (leadsReads(doc_.actions[i], c.variables)) {
              leads_[i] = 1;
            } else {
              const std::lock_guard lock(failuresMutex_);
              named_.push_back({i, std::move(c.variables)});
            }
          } else {
            const std::lock_guard lock(failuresMutex_);
            failures_.push_back({i, std::move(c.error), c.errorPosition});
          }
        }
        precompiledCount_.store(i + 1, std::memory_order_release);
      }
    } catch (...) {
      precompileError_ = std::current_exception();
      precompiledCount_.store(kPrecompileFailed, std::memory_order_release);
    }
  }
  bool startPrecompiler() {
    try {
      precompiler_ = std::jthread([this](std::stop_token stop) { precompile(stop); });
      return true;
    } catch (const std::system_error&) {
      return false;  // no thread: compile in checkAction as usual
    }
  }
  void stopPrecompiler() {
    if (!precompiler_.joinable()) return;
    precompiler_.request_stop();
    precompiler_.join();
  }
  // awaitPrecompiled: until the helper is done with action i (and res_.actions is sized).
  void awaitPrecompiled(std::size_t i) {
    while (true) {
      const std::size_t done = precompiledCount_.load(std::memory_order_acquire);
      if (done == kPrecompileFailed) {
        precompiler_.join();
        std::rethrow_exception(precompileError_);
      }
      if (done > i) return;
      std::this_thread::yield();
    }
  }
  // compileResult: the result for action i (which wantsCompile), from the helper or compiled
  // now. `leading`: the variables are the first variableCount() reads, and c.variables is
  // left empty (what the helper finds for most actions; their names are not copied).
  CompileResult compileResult(std::size_t i, ResolvedAction& r, bool& leading) {
    leading = false;
    if (!precompiled_) return cache_.compile(*doc_.actions[i].expr);
    CompileResult c;
    if (r.expression.valid()) {
      c.expression = std::move(r.expression);
      leading = leads_[i] != 0;
      if (!leading) {
        const std::lock_guard lock(failuresMutex_);
        c.variables = std::move(named_.at(nextNamed_++).variables);  // the helper's next is i's
      }
      return c;
    }
    const std::lock_guard lock(failuresMutex_);
    CompileFailure& f = failures_.at(nextFailure_++);  // the helper's next failure is i's
    c.error = std::move(f.error);
    c.errorPosition = f.position;
    return c;
  }

 private:
  // Ranges: where an action's cell indices are in refs_ while validating.
  struct Ranges {
    std::uint32_t reads = 0, readsCount = 0;
    std::uint32_t writes = 0, writesCount = 0;
    std::uint32_t inputs = 0, inputsCount = 0;
  };
  std::uint32_t refCount() const { return static_cast<std::uint32_t>(refs_.size()); }

  std::uint8_t brokenOf(std::size_t action) const {
    return broken_ != nullptr && action < broken_->size() ? (*broken_)[action] : 0;
  }
  std::string actionName(std::size_t i) const {
    if (brokenOf(i) & kBrokenId) return fmt::format("action at index {}", i);
    return fmt::format("action {}", quoteText(doc_.actions[i].id));
  }
  std::optional<CellIndex> findCell(std::string_view id) const {
    auto found = res_.ids.find(id, nameOf_);
    if (!found || (*found & Resolution::kActionTag)) return std::nullopt;
    return *found;
  }
  static constexpr std::size_t kPrefetchDistance = 32;

  static bool badTime(double value) { return !std::isfinite(value) || value < 0; }
  // checkTime: a duration or time: finite and not negative.
  void checkTime(double value, std::string pointer, std::string_view owner, std::string_view what) {
    if (!std::isfinite(value))
      sink_.error(DiagnosticCode::BadValue, std::move(pointer),
                  fmt::format("{}{} must be a finite number", owner, what));
    else if (value < 0)
      sink_.error(DiagnosticCode::Negative, std::move(pointer),
                  fmt::format("{}{} must not be negative ({})", owner, what, value));
  }

  void checkSettings() {
    const Settings& s = doc_.settings;
    checkTime(s.epsilon, "/settings/epsilon", "", "epsilon");
    checkTime(s.cycle.budgetMs, "/settings/cycle/budgetMs", "", "budgetMs");
    if (s.cycle.maxIterations < 1)
      sink_.error(DiagnosticCode::BadValue, "/settings/cycle/maxIterations",
                  fmt::format("maxIterations must be at least 1 ({})", s.cycle.maxIterations));
    checkTime(s.autoDebounce.thresholdMs, "/settings/autoDebounce/thresholdMs", "", "thresholdMs");
    checkTime(s.autoDebounce.delayMs, "/settings/autoDebounce/delayMs", "", "delayMs");
    if (s.autoDebounce.minRuns < 0)
      sink_.error(DiagnosticCode::Negative, "/settings/autoDebounce/minRuns",
                  fmt::format("minRuns must not be negative ({})", s.autoDebounce.minRuns));
  }

  void indexCells() {
    const MuParserNames& names = muParserNames();
    for (std::size_t i = 0; i < doc_.cells.size(); ++i) {
      const Cell& cell = doc_.cells[i];
      if (!isIdentifier(cell.id)) {
        sink_.error(DiagnosticCode::BadIdentifier, cellPointer(cell.id),
                    fmt::format("cell {}: bad identifier ({})", quoteText(cell.id), kIdentifierRule));
        continue;
      }
      if (!std::isfinite(cell.initial))
        sink_.error(DiagnosticCode::BadValue, cellPointer(cell.id),
                    fmt::format("cell {}: initial value must be a finite number", quoteText(cell.id)));
      if (res_.ids.insert(cell.id, static_cast<CellIndex>(i), nameOf_)) {
        sink_.error(DiagnosticCode::DuplicateId, cellPointer(cell.id),
                    fmt::format("duplicate id {}: cell declared twice", quoteText(cell.id)));
      }
      if (names.isConstant(cell.id))
        sink_.warning(DiagnosticCode::Note, cellPointer(cell.id),
                      fmt::format("cell {} has the name of a muParser constant: expressions "
                                  "read the constant, not the cell",
                                  quoteText(cell.id)));
    }
  }

  void indexActions() {
    for (std::size_t i = 0; i < doc_.actions.size(); ++i) {
      if (i + kPrefetchDistance < doc_.actions.size())
        res_.ids.prefetch(IdIndex::hashOf(doc_.actions[i + kPrefetchDistance].id));
      if (brokenOf(i) & kBrokenId) continue;
      const Action& a = doc_.actions[i];
      if (!isIdentifier(a.id)) {
        sink_.error(DiagnosticCode::BadIdentifier, actionFieldPointer(i, "id"),
                    fmt::format("action {}: bad identifier ({})", quoteText(a.id), kIdentifierRule));
        continue;
      }
      const auto tagged = static_cast<std::uint32_t>(i) | Resolution::kActionTag;
      if (auto other = res_.ids.insert(a.id, tagged, nameOf_)) {
        if (*other & Resolution::kActionTag)
          sink_.error(DiagnosticCode::DuplicateId, actionFieldPointer(i, "id"),
                      fmt::format("duplicate id {}: action {} has it too", quoteText(a.id),
                                  *other & ~Resolution::kActionTag));
        else
          sink_.error(DiagnosticCode::DuplicateId, actionFieldPointer(i, "id"),
                      fmt::format("duplicate id {}: it is also a cell", quoteText(a.id)));
      }
    }
  }

  // addImplicitCells: resolves every write, adding cells that are written but not declared;
  // false when that goes over the cell limit.
  bool addImplicitCells() {
    for (std::size_t i = 0; i < doc_.actions.size(); ++i) {
      if (i + kPrefetchDistance < doc_.actions.size())
        for (const std::string& w : doc_.actions[i + kPrefetchDistance].writes)
          res_.ids.prefetch(IdIndex::hashOf(w));
      Ranges& range = ranges_[i];
      range.writes = refCount();
      if (brokenOf(i) & kBrokenWrites) continue;
      const Action& a = doc_.actions[i];
      for (std::size_t w = 0; w < a.writes.size(); ++w) {
        const std::string& id = a.writes[w];
        if (!isIdentifier(id)) {
          sink_.error(DiagnosticCode::BadIdentifier, actionListPointer(i, "writes", w),
                      fmt::format("{} writes {}, a bad identifier ({})", actionName(i),
                                  quoteText(id), kIdentifierRule));
          continue;
        }
        auto index = static_cast<std::uint32_t>(doc_.cellCount());
        std::optional<std::uint32_t> existing;
        if (index >= std::min(limits_.maxCells, kMaxIndexable)) {
          existing = res_.ids.find(id, nameOf_);
          if (!existing) {
            sink_.error(DiagnosticCode::TooManyCells, actionListPointer(i, "writes", w),
                        fmt::format("more than {} cells (the limit; set {} to raise it)",
                                    limits_.maxCells, kEnvMaxCells));
            return false;
          }
        } else {
          existing = res_.ids.insert(id, index, nameOf_);
          if (!existing) res_.implicitCells.push_back(id);
        }
        if (existing) {
          if (*existing & Resolution::kActionTag) {
            sink_.error(DiagnosticCode::DuplicateId, actionListPointer(i, "writes", w),
                        fmt::format("{} writes {}, which is the id of an action", actionName(i),
                                    quoteText(id)));
            continue;
          }
          index = *existing;
        }
        const auto begin = refs_.begin() + range.writes;
        if (std::find(begin, refs_.end(), index) != refs_.end()) {
          sink_.error(DiagnosticCode::BadValue, actionListPointer(i, "writes", w),
                      fmt::format("{} writes {} twice", actionName(i), quoteText(id)));
          continue;
        }
        refs_.push_back(index);
      }
      range.writesCount = refCount() - range.writes;
    }
    return true;
  }

  void checkAction(std::size_t i) {
    Action& a = doc_.actions[i];
    ResolvedAction& r = res_.actions[i];
    const std::uint8_t broken = brokenOf(i);

    if (badTime(a.costMs))
      checkTime(a.costMs, actionFieldPointer(i, "costMs"), actionName(i) + ": ", "costMs");
    if (badTime(a.debounceMs))
      checkTime(a.debounceMs, actionFieldPointer(i, "debounceMs"), actionName(i) + ": ",
                "debounceMs");

    Ranges& range = ranges_[i];

    // Expression.
    bool compiled = false;
    std::vector<std::string> names;  // its variables, unless they lead the reads
    bool leading = false;
    if (a.expr && !(broken & kBrokenExpr)) {
      const std::string& text = *a.expr;
      if (text.size() > limits_.maxExpressionBytes) {
        sink_.error(DiagnosticCode::ExpressionTooLong, actionFieldPointer(i, "expr"),
                    fmt::format("{}: expr is {} bytes, over the limit of {} (set {} to raise it)",
                                actionName(i), text.size(), limits_.maxExpressionBytes,
                                kEnvMaxExpressionBytes));
      } else {
        CompileResult c = compileResult(i, r, leading);
        if (!c.ok()) {
          const std::string where =
              c.errorPosition >= 0 ? fmt::format(" at character {}", c.errorPosition + 1) : "";
          sink_.error(DiagnosticCode::ExpressionSyntax, actionFieldPointer(i, "expr"),
                      fmt::format("{}: expr {} does not parse{}: {}", actionName(i), quoteText(text),
                                  where, c.error));
        } else {
          r.expression = std::move(c.expression);
          names = std::move(c.variables);
          compiled = true;
        }
      }
    }

    // The expression's variables, in order of first appearance.
    const std::span<const std::string> variables =
        leading ? std::span<const std::string>(a.reads).first(r.expression.variableCount())
                : std::span<const std::string>(names);
    const bool variablesLeadReads = compiled && (leading || leadsReads(a, variables));

    // Reads: listed, or the variables of expr.
    range.reads = refCount();
    if (!(broken & kBrokenReads)) {
      if (a.readsFromExpr) {
        // Never `leading` here; the moved buffer stays where `variables` views it.
        a.reads = compiled ? std::move(names) : std::vector<std::string>{};
        for (const std::string& id : a.reads) {
          if (auto cell = findCell(id)) refs_.push_back(*cell);
          else
            sink_.error(DiagnosticCode::UnknownCell, actionFieldPointer(i, "expr"),
                        fmt::format("{} uses unknown cell {} in expr (it lists no reads, so it "
                                    "reads the variables of expr)",
                                    actionName(i), quoteText(id)));
        }
      } else {
        for (std::size_t k = 0; k < a.reads.size(); ++k) {
          const std::string& id = a.reads[k];
          if (!isIdentifier(id)) {
            sink_.error(DiagnosticCode::BadIdentifier, actionListPointer(i, "reads", k),
                        fmt::format("{} reads {}, a bad identifier ({})", actionName(i),
                                    quoteText(id), kIdentifierRule));
          } else if (auto cell = findCell(id)) {
            refs_.push_back(*cell);
          } else {
            sink_.error(DiagnosticCode::UnknownCell, actionListPointer(i, "reads", k),
                        fmt::format("{} reads unknown cell {}", actionName(i), quoteText(id)));
          }
        }
        if (compiled && !variablesLeadReads) {
          for (const std::string& v : variables) {
            if (std::find(a.reads.begin(), a.reads.end(), v) == a.reads.end())
              sink_.error(DiagnosticCode::UnreadVariable, actionFieldPointer(i, "expr"),
                          fmt::format("{} uses {} in expr but does not read it (add it to reads)",
                                      actionName(i), quoteText(v)));
          }
        }
      }
    }
    range.readsCount = refCount() - range.reads;

    // Inputs: the cell of each expression variable, found among the reads.
    range.inputs = refCount();
    range.inputsCount = 0;
    if (compiled && a.readsFromExpr) {
      range.inputs = range.reads;  // the reads are the variables, in the same order
      range.inputsCount = range.readsCount;
    } else if (compiled && range.readsCount == a.reads.size()) {
      if (variablesLeadReads) {
        // The first reads, in order: the same cells (variables are distinct, so each is
        // found at its own position).
        range.inputs = range.reads;
        range.inputsCount = static_cast<std::uint32_t>(variables.size());
      } else {
        for (const std::string& v : variables) {
          const auto at = std::find(a.reads.begin(), a.reads.end(), v);
          if (at == a.reads.end()) continue;
          const CellIndex cell =
              refs_[range.reads + static_cast<std::size_t>(at - a.reads.begin())];
          refs_.push_back(cell);
        }
        range.inputsCount = refCount() - range.inputs;
      }
    }

    // Kind rules and result count.
    if (!(broken & (kBrokenKind | kBrokenWrites))) {
      if (a.kind == ActionKind::Computation && a.writes.empty()) {
        sink_.error(DiagnosticCode::NoWrites, actionPointer(i),
                    fmt::format("{} is a computation without writes (a computation writes at "
                                "least one cell; an action without results is an effect)",
                                actionName(i)));
      }
    }
    if (!(broken & (kBrokenWrites | kBrokenExpr)) && !a.writes.empty()) {
      if (!a.expr) {
        sink_.error(DiagnosticCode::NoExpression, actionPointer(i),
                    fmt::format("{} writes {} cell{} but has no expr to compute {}", actionName(i),
                                a.writes.size(), a.writes.size() == 1 ? "" : "s",
                                a.writes.size() == 1 ? "it" : "them"));
      } else if (compiled &&
                 static_cast<std::size_t>(r.expression.resultCount()) != a.writes.size()) {
        const int n = r.expression.resultCount();
        sink_.error(DiagnosticCode::ResultCount, actionFieldPointer(i, "expr"),
                    fmt::format("{}: expr gives {} result{} but the action writes {} cell{}",
                                actionName(i), n, n == 1 ? "" : "s", a.writes.size(),
                                a.writes.size() == 1 ? "" : "s"));
      }
    }
  }

  void checkEvents() {
    res_.eventTargets.resize(doc_.events.size());
    for (std::size_t e = 0; e < doc_.events.size(); ++e) {
      const Event& event = doc_.events[e];
      const std::string owner = fmt::format("event {}: ", e);
      if (badTime(event.atMs)) checkTime(event.atMs, eventPointer(e) + "/atMs", owner, "atMs");
      std::vector<CellIndex>& targets = res_.eventTargets[e];
      targets.reserve(event.set.size());
      std::unordered_set<CellIndex> seen;
      for (const Assignment& assignment : event.set) {
        const std::string pointer = eventSetPointer(e, assignment.cell);
        if (!std::isfinite(assignment.value))
          sink_.error(DiagnosticCode::BadValue, pointer,
                      fmt::format("{}value of {} must be a finite number", owner,
                                  quoteText(assignment.cell)));
        auto cell = findCell(assignment.cell);
        if (!cell) {
          sink_.error(isIdentifier(assignment.cell) ? DiagnosticCode::UnknownCell
                                                    : DiagnosticCode::BadIdentifier,
                      pointer, fmt::format("event {} sets unknown cell {}", e, quoteText(assignment.cell)));
          continue;
        }
        if (event.set.size() > 1 && !seen.insert(*cell).second) {
          sink_.error(DiagnosticCode::DuplicateKey, pointer,
                      fmt::format("event {} sets {} twice", e, quoteText(assignment.cell)));
          continue;
        }
        targets.push_back(*cell);
      }
      for (std::size_t t = 0; t < event.spawn.size(); ++t) {
        const SpawnTask& task = event.spawn[t];
        const std::string pointer = spawnPointer(e, t);
        if (task.name.empty())
          sink_.error(DiagnosticCode::BadValue, pointer + "/name",
                      fmt::format("{}spawned task {} has an empty name", owner, t));
        checkTime(task.delayMs, pointer + "/delayMs", owner, "delayMs");
      }
      if (!event.spawn.empty() && !event.session)
        sink_.warning(DiagnosticCode::Note, eventPointer(e) + "/spawn",
                      fmt::format("{}spawns tasks without a session: their cleanup is not "
                                  "validated",
                                  owner));
    }
  }

  GraphDocument& doc_;
  Resolution& res_;
  DiagnosticSink& sink_;
  const LoadLimits& limits_;
  ExpressionCache& cache_;
  const std::vector<std::uint8_t>* broken_;
  struct NameOf {  // GraphDocument::idOf, inline
    const GraphDocument* doc;
    std::string_view operator()(std::uint32_t k) const {
      if (k & Resolution::kActionTag) return doc->actions[k & ~Resolution::kActionTag].id;
      if (k < doc->cells.size()) return doc->cells[k].id;
      return doc->resolution.implicitCells[k - doc->cells.size()];
    }
  } nameOf_;
  std::vector<Ranges> ranges_;
  std::vector<CellIndex> refs_;
  // The precompiler's thread and results (see above).
  std::mutex failuresMutex_;
  std::vector<CompileFailure> failures_;  // guarded by failuresMutex_
  std::vector<Named> named_;  // guarded by failuresMutex_; in action order
  std::size_t nextNamed_ = 0;
  // leads_[i]: 1 when the helper found that action i's variables lead its reads (written
  // before precompiledCount_ passes i, like the expression).
  std::vector<std::uint8_t> leads_;
  std::size_t nextFailure_ = 0;
  std::atomic<std::size_t> precompiledCount_{0};  // actions done (release: their results)
  std::exception_ptr precompileError_;            // set before kPrecompileFailed
  bool precompiled_ = false;
  std::jthread precompiler_;  // last: joined (by its destructor) before the rest is destroyed
};

}  // namespace

void validateDocument(GraphDocument& document, DiagnosticSink& sink, const LoadLimits& limits,
                      ExpressionCache& cache, const std::vector<std::uint8_t>* actionBroken,
                      bool parallel) {
  Validator(document, sink, limits, cache, actionBroken).run(parallel);
}

}  // namespace detail

ValidationResult validate(GraphDocument& document, std::string_view displayName,
                          const LoadLimits& limits, ExpressionCache* cache) {
  detail::DiagnosticSink sink(displayName, limits.maxErrors);
  ExpressionCache local;
  detail::validateDocument(document, sink, limits, cache != nullptr ? *cache : local, nullptr,
                           false);
  ValidationResult result;
  sink.finish(result.errors, result.warnings);
  return result;
}

}  // namespace tickscope::graph
