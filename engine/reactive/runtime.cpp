// Runtime: the public face of RuntimeCore. Every call takes the runtime's mutex.
#include "reactive/runtime.h"

#include "reactive/runtime_core_p.h"

namespace tickscope::reactive {

using Lock = detail::RuntimeLock;

void Cancel::operator()() const {
  if (auto runtime = runtime_.lock()) (*runtime)->unsubscribe(action_);
}

Runtime::Runtime(std::shared_ptr<sched::Scheduler> scheduler, RuntimeConfig config)
    : core_(std::make_unique<detail::RuntimeCore>(*this, std::move(scheduler), config)),
      self_(std::make_shared<Runtime*>(this)) {}

Runtime::~Runtime() {
  self_.reset();  // outstanding Cancel handles become no-ops
  core_.reset();
}

const RuntimeConfig& Runtime::config() const { return core_->config; }
Mode Runtime::mode() const { return core_->config.mode; }
sched::Scheduler& Runtime::scheduler() const { return *core_->scheduler; }
const std::shared_ptr<sched::Scheduler>& Runtime::sharedScheduler() const { return core_->scheduler; }

// --- cells ---------------------------------------------------------------------------------

CellId Runtime::createCell(std::string name, Value initial) {
  Lock lock(core_->mutex);
  return core_->createCell(std::move(name), std::move(initial));
}

std::optional<CellId> Runtime::findCell(std::string_view name) const {
  Lock lock(core_->mutex);
  for (std::uint32_t i = 1; i <= core_->cellCount(); ++i) {
    if (core_->cellName(CellId{i}) == name) return CellId{i};
  }
  return std::nullopt;
}

std::string Runtime::cellName(CellId cell) const {
  Lock lock(core_->mutex);
  core_->requireCell(cell);
  return std::string(core_->cellName(cell));
}

std::size_t Runtime::cellCount() const {
  Lock lock(core_->mutex);
  return core_->cellCount();
}

Value Runtime::peek(CellId cell) const {
  Lock lock(core_->mutex);
  return core_->requireCell(cell).value;
}

void Runtime::peekNumbers(std::span<const CellId> cells, std::span<double> out) const {
  Lock lock(core_->mutex);
  for (std::size_t k = 0; k < cells.size() && k < out.size(); ++k) out[k] = numberOf(core_->requireCell(cells[k]).value);
}

Value Runtime::peek(const Address& address) const {
  Lock lock(core_->mutex);
  const Value* v = valueAt(core_->requireCell(address.cell).value, address.path);
  return v ? *v : Value();
}

Value Runtime::pull(CellId cell) { return pull(Address{cell, {}}); }

Value Runtime::pull(const Address& address) {
  Lock lock(core_->mutex);
  Value v = core_->pullAddress(address);
  core_->checkIdle();
  return v;
}

// --- writes ----------------------------------------------------------------------------------

void Runtime::write(CellId cell, Value value) { write(Address{cell, {}}, std::move(value)); }

void Runtime::write(const Address& address, Value value) {
  Lock lock(core_->mutex);
  core_->externalWrite(address, std::move(value));
}

void Runtime::batch(const std::function<void(Transaction&)>& writes) {
  Lock lock(core_->mutex);
  core_->batch(writes);
}

// --- actions ---------------------------------------------------------------------------------

Cancel Runtime::subscribe(Action action, ReactivityLog log, SubscribeOptions options) {
  Lock lock(core_->mutex);
  return core_->subscribe(std::move(action), std::move(log), options, self_);
}

void Runtime::unsubscribe(ActionId action) {
  Lock lock(core_->mutex);
  core_->unsubscribe(action);
}

bool Runtime::isSubscribed(ActionId action) const {
  Lock lock(core_->mutex);
  const detail::ActionSlot* a = core_->find(action);
  return a && a->alive;
}

namespace {
template <class Pred>
std::vector<ActionId> collect(const detail::RuntimeCore& core, Pred pred) TICKSCOPE_REQUIRES(core.mutex) {
  std::vector<ActionId> out;
  for (std::uint32_t i = 1; i <= core.actionCount(); ++i) {
    const detail::ActionSlot& a = core.slot(ActionId{i});
    if (a.alive && pred(a)) out.push_back(a.id);
  }
  return out;
}
}  // namespace

std::vector<ActionId> Runtime::actions() const {
  Lock lock(core_->mutex);
  return collect(*core_, [](const detail::ActionSlot&) { return true; });
}

std::vector<ActionId> Runtime::effects() const {
  Lock lock(core_->mutex);
  return collect(*core_, [](const detail::ActionSlot& a) { return a.effect; });
}

std::vector<ActionId> Runtime::computations() const {
  Lock lock(core_->mutex);
  return collect(*core_, [](const detail::ActionSlot& a) { return !a.effect; });
}

std::optional<ActionId> Runtime::findAction(std::string_view name) const {
  Lock lock(core_->mutex);
  auto found = collect(*core_, [&](const detail::ActionSlot& a) {
    core_->mutex.assertHeld();  // (collect calls it under the lock taken above)
    return core_->actionName(a) == name;
  });
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::string Runtime::actionName(ActionId action) const {
  Lock lock(core_->mutex);
  return std::string(core_->actionName(core_->require(action)));
}

ActionKind Runtime::kind(ActionId action) const {
  Lock lock(core_->mutex);
  return core_->require(action).effect ? ActionKind::Effect : ActionKind::Computation;
}

sched::TaskLabel Runtime::label(ActionId action) const {
  Lock lock(core_->mutex);
  return core_->labelOf(core_->require(action));
}

ReactivityLog Runtime::dependencies(ActionId action) const {
  Lock lock(core_->mutex);
  const detail::ActionSlot& a = core_->require(action);
  ReactivityLog log;
  for (const detail::Dep r : a.reads) log.reads.push_back(core_->addressOf(r));
  for (const detail::Dep w : a.writes) log.writes.push_back(core_->addressOf(w));
  return log;
}

std::vector<ActionId> Runtime::dependents(ActionId action) const {
  Lock lock(core_->mutex);
  detail::ActionSlot& a = core_->require(action);
  const detail::ActionList& down = core_->downstreamOf(a);
  return {down.begin(), down.end()};
}

std::vector<ActionId> Runtime::upstream(ActionId action) const {
  Lock lock(core_->mutex);
  detail::ActionSlot& a = core_->require(action);
  const detail::ActionList& up = core_->upstreamOf(a);
  return {up.begin(), up.end()};
}

std::vector<ActionId> Runtime::topologicalOrder() const {
  Lock lock(core_->mutex);
  return core_->topologicalOrder();
}

RuntimeStats Runtime::getStats() const {
  Lock lock(core_->mutex);
  return RuntimeStats{core_->effectCount(), core_->computationCount(), core_->pendingCount(),
                      core_->orderComputations(), core_->plannedPulls()};
}

std::vector<RuntimeTask> Runtime::tasks() const {
  Lock lock(core_->mutex);
  return core_->tasks();
}

// --- state -----------------------------------------------------------------------------------

void Runtime::markDirty(ActionId action) {
  Lock lock(core_->mutex);
  detail::ActionSlot& a = core_->require(action);
  if (!a.alive) return;
  core_->beginPropagation();
  core_->markDirty(a, DirtyLevel::Dirty, ActionId{});
}

bool Runtime::isDirty(ActionId action) const {
  Lock lock(core_->mutex);
  const detail::ActionSlot& a = core_->require(action);
  return core_->config.mode == Mode::Pull && !a.effect ? core_->levelOf(a) != DirtyLevel::Clean : core_->pending(a.id);
}

DirtyLevel Runtime::dirtyLevel(ActionId action) const {
  Lock lock(core_->mutex);
  return core_->levelOf(core_->require(action));
}

void Runtime::clearDirty(ActionId action) {
  Lock lock(core_->mutex);
  detail::ActionSlot& a = core_->require(action);
  core_->setLevel(a, DirtyLevel::Clean);
  core_->setFlag(a.id, detail::mark::kStaleClean, true);  // its upstream may still be dirty
  core_->pausePullPlans();  // (only the walk knows to skip it)
}

std::size_t Runtime::dirtyCount() const {
  Lock lock(core_->mutex);
  return core_->dirtyCount();
}

bool Runtime::isPending(ActionId action) const {
  Lock lock(core_->mutex);
  const detail::ActionSlot& a = core_->require(action);
  return core_->pending(a.id) || a.waitingCycle != 0;
}

std::size_t Runtime::pendingCount() const {
  Lock lock(core_->mutex);
  return core_->pendingCount();
}

bool Runtime::isIdle() const {
  Lock lock(core_->mutex);
  return core_->isIdle();
}

sched::Task<void> Runtime::idle() { return core_->idle(); }

// --- timing ----------------------------------------------------------------------------------

ActionStats Runtime::getActionStats(ActionId action) const {
  Lock lock(core_->mutex);
  return detail::RuntimeCore::statsOf(core_->require(action));
}

void Runtime::setDebounce(ActionId action, sched::Duration delay) {
  Lock lock(core_->mutex);
  detail::ActionSlot& a = core_->require(action);
  if (a.alive) core_->setDebounce(a, delay);
}

sched::Duration Runtime::getDebounce(ActionId action) const {
  Lock lock(core_->mutex);
  return core_->require(action).debounce;
}

void Runtime::setAutoDebounce(ActionId action, bool enabled) {
  Lock lock(core_->mutex);
  core_->setAutoDebounce(core_->require(action), enabled);
}

DebounceState Runtime::debounceState(ActionId action) const {
  Lock lock(core_->mutex);
  return core_->debounceState(core_->require(action));
}

void Runtime::setThrottle(ActionId action, sched::Duration throttle) {
  Lock lock(core_->mutex);
  detail::ActionSlot& a = core_->require(action);
  a.throttle = std::max(throttle, sched::Duration::zero());
  core_->syncMark(a);
}

sched::Duration Runtime::getThrottle(ActionId action) const {
  Lock lock(core_->mutex);
  return core_->require(action).throttle;
}

// --- cycles, errors, tracing -------------------------------------------------------------------

std::vector<CycleRecord> Runtime::cycles() const {
  Lock lock(core_->mutex);
  return core_->cycles();
}

std::vector<ReactiveError> Runtime::errors() const {
  Lock lock(core_->mutex);
  return core_->errors();
}

std::uint32_t Runtime::addErrorHandler(ErrorHandler handler) {
  Lock lock(core_->mutex);
  return core_->addErrorHandler(std::move(handler));
}

void Runtime::removeErrorHandler(std::uint32_t id) {
  Lock lock(core_->mutex);
  core_->removeErrorHandler(id);
}

void Runtime::setObserver(trace::Observer* observer) {
  Lock lock(core_->mutex);
  core_->setObserver(observer);
}

void Runtime::setRunPrefetch(RunPrefetch prefetch) {
  Lock lock(core_->mutex);
  core_->runPrefetch = prefetch;
}

}  // namespace tickscope::reactive
