#include "run/snapshot_codec.h"

#include <bit>
#include <utility>

namespace tickscope::run {

static_assert(std::endian::native == std::endian::little, "recordings are written little-endian as in memory");

namespace {

enum FrameKind : std::uint8_t { kKeyFrame = 1, kDeltaFrame = 2 };

// --- rows --------------------------------------------------------------------------------

void put(ByteWriter& w, const Move& m) {
  w.u8(static_cast<std::uint8_t>(m.kind));
  w.f64(m.atMs);
  w.u64(m.event);
}
Move getMove(ByteReader& r) {
  Move m;
  const std::uint8_t kind = r.u8();
  if (kind > static_cast<std::uint8_t>(MoveKind::ClockSet)) r.fail("an unknown move kind");
  m.kind = static_cast<MoveKind>(kind);
  m.atMs = r.f64();
  m.event = r.u64();
  return m;
}

void put(ByteWriter& w, const ActionState& a) {
  w.u16(a.flags);
  w.u32(a.cycle);
  w.u32(a.cycleIteration);
  w.u64(a.runCount);
  w.f64(a.totalMs);
  w.f64(a.averageMs);
  w.f64(a.lastMs);
  w.f64(a.minMs);
  w.f64(a.maxMs);
  w.f64(a.lastRunStartMs);
  w.u64(a.unchangedRuns);
  w.f64(a.debounceMs);
  w.u8(a.autoDebounced ? 1 : 0);
  w.f64(a.debounceDeadlineMs);
}
constexpr std::size_t kActionRowBytes = 2 + 4 + 4 + 8 + 8 * 6 + 8 + 8 + 1 + 8;
ActionState getActionState(ByteReader& r) {
  ActionState a;
  a.flags = r.u16();
  a.cycle = r.u32();
  a.cycleIteration = r.u32();
  a.runCount = r.u64();
  a.totalMs = r.f64();
  a.averageMs = r.f64();
  a.lastMs = r.f64();
  a.minMs = r.f64();
  a.maxMs = r.f64();
  a.lastRunStartMs = r.f64();
  a.unchangedRuns = r.u64();
  a.debounceMs = r.f64();
  a.autoDebounced = r.u8() != 0;
  a.debounceDeadlineMs = r.f64();
  return a;
}

void put(ByteWriter& w, const TaskRow& t) {
  w.u64(t.task);
  w.u8(static_cast<std::uint8_t>(t.role));
  w.str(t.label);
  w.str(t.name);
  w.str(t.session);
  w.u8(static_cast<std::uint8_t>((t.deprioritized ? 1 : 0) | (t.foreground ? 2 : 0)));
  w.f64(t.deadlineMs);
  w.u32(t.action);
  w.u32(t.cycle);
  w.u32(t.pending);
  w.u64(t.wakes);
}
TaskRow getTaskRow(ByteReader& r) {
  TaskRow t;
  t.task = r.u64();
  const std::uint8_t role = r.u8();
  if (role > static_cast<std::uint8_t>(TaskRow::Role::Other)) r.fail("an unknown task role");
  t.role = static_cast<TaskRow::Role>(role);
  t.label = r.str();
  t.name = r.str();
  t.session = r.str();
  const std::uint8_t flags = r.u8();
  t.deprioritized = (flags & 1) != 0;
  t.foreground = (flags & 2) != 0;
  t.deadlineMs = r.f64();
  t.action = r.u32();
  t.cycle = r.u32();
  t.pending = r.u32();
  t.wakes = r.u64();
  return t;
}

void put(ByteWriter& w, const StepRecord& s) {
  w.u64(s.step);
  put(w, s.move);
  w.f64(s.atMs);
  w.f64(s.endMs);
  w.u64(s.task);
  w.u8(static_cast<std::uint8_t>((s.timerFired ? 1 : 0) | (s.deprioritized ? 2 : 0)));
  w.str(s.label);
  w.u32(s.candidates);
  w.u32(static_cast<std::uint32_t>(s.ran.size()));
  for (std::uint32_t a : s.ran) w.u32(a);
  w.u32(s.ranCount);
  w.u32(s.cellsChanged);
  w.u32(s.errorsAdded);
}
StepRecord getStepRecord(ByteReader& r) {
  StepRecord s;
  s.step = r.u64();
  s.move = getMove(r);
  s.atMs = r.f64();
  s.endMs = r.f64();
  s.task = r.u64();
  const std::uint8_t flags = r.u8();
  s.timerFired = (flags & 1) != 0;
  s.deprioritized = (flags & 2) != 0;
  s.label = r.str();
  s.candidates = r.u32();
  s.ran.resize(r.count(4));
  for (std::uint32_t& a : s.ran) a = r.u32();
  s.ranCount = r.u32();
  s.cellsChanged = r.u32();
  s.errorsAdded = r.u32();
  return s;
}

void put(ByteWriter& w, const DebounceRow& d) {
  w.u32(d.action);
  w.f64(d.delayMs);
  w.u8(static_cast<std::uint8_t>((d.automatic ? 1 : 0) | (d.manual ? 2 : 0)));
  w.f64(d.deadlineMs);
  w.f64(d.leftMs);
  w.u32(d.restarts);
  w.u64(d.armedTotal);
  w.u64(d.restartsTotal);
  w.u64(d.firedTotal);
}
DebounceRow getDebounceRow(ByteReader& r) {
  DebounceRow d;
  d.action = r.u32();
  d.delayMs = r.f64();
  const std::uint8_t flags = r.u8();
  d.automatic = (flags & 1) != 0;
  d.manual = (flags & 2) != 0;
  d.deadlineMs = r.f64();
  d.leftMs = r.f64();
  d.restarts = r.u32();
  d.armedTotal = r.u64();
  d.restartsTotal = r.u64();
  d.firedTotal = r.u64();
  return d;
}

void put(ByteWriter& w, const AutoDebounceDecision& a) {
  w.u32(a.action);
  w.u64(a.step);
  w.f64(a.atMs);
  w.u64(a.runs);
  w.f64(a.averageMs);
  w.f64(a.thresholdMs);
  w.u32(a.minRuns);
  w.f64(a.delayMs);
}
AutoDebounceDecision getAutoDebounce(ByteReader& r) {
  AutoDebounceDecision a;
  a.action = r.u32();
  a.step = r.u64();
  a.atMs = r.f64();
  a.runs = r.u64();
  a.averageMs = r.f64();
  a.thresholdMs = r.f64();
  a.minRuns = r.u32();
  a.delayMs = r.f64();
  return a;
}

void put(ByteWriter& w, const CycleRow& c) {
  w.u32(c.id);
  w.u32(static_cast<std::uint32_t>(c.members.size()));
  for (std::uint32_t m : c.members) w.u32(m);
  w.str(c.strategy);
  w.u32(c.iterations);
  w.u32(c.maxIterations);
  w.f64(c.estimatedCostMs);
  w.u8(static_cast<std::uint8_t>((c.finished ? 1 : 0) | (c.converged ? 2 : 0) | (c.stopped ? 4 : 0)));
  w.f64(c.atMs);
  w.f64(c.finishedAtMs);
  w.u32(static_cast<std::uint32_t>(c.valueCells.size()));
  for (graph::CellIndex cell : c.valueCells) w.u32(static_cast<std::uint32_t>(cell));
  w.u32(static_cast<std::uint32_t>(c.values.size()));
  for (const std::vector<double>& row : c.values) {
    w.u32(static_cast<std::uint32_t>(row.size()));
    for (double v : row) w.f64(v);
  }
}
CycleRow getCycleRow(ByteReader& r) {
  CycleRow c;
  c.id = r.u32();
  c.members.resize(r.count(4));
  for (std::uint32_t& m : c.members) m = r.u32();
  c.strategy = r.str();
  c.iterations = r.u32();
  c.maxIterations = r.u32();
  c.estimatedCostMs = r.f64();
  const std::uint8_t flags = r.u8();
  c.finished = (flags & 1) != 0;
  c.converged = (flags & 2) != 0;
  c.stopped = (flags & 4) != 0;
  c.atMs = r.f64();
  c.finishedAtMs = r.f64();
  c.valueCells.resize(r.count(4));
  for (graph::CellIndex& cell : c.valueCells) cell = static_cast<graph::CellIndex>(r.u32());
  c.values.resize(r.count(4));
  for (std::vector<double>& row : c.values) {
    row.resize(r.count(8));
    for (double& v : row) v = r.f64();
  }
  return c;
}

void put(ByteWriter& w, const SessionRow& s) {
  w.str(s.id);
  w.f64(s.atMs);
  w.u32(static_cast<std::uint32_t>(s.tasks.size()));
  for (const SessionRow::Task& t : s.tasks) {
    w.u64(t.task);
    w.str(t.name);
    w.str(t.state);
    w.u8(static_cast<std::uint8_t>((t.waitUntil ? 1 : 0) | (t.dangling ? 2 : 0)));
  }
  w.u8(static_cast<std::uint8_t>((s.validated ? 1 : 0) | (s.valid ? 2 : 0)));
  w.str(s.message);
}
SessionRow getSessionRow(ByteReader& r) {
  SessionRow s;
  s.id = r.str();
  s.atMs = r.f64();
  s.tasks.resize(r.count(8 + 4 + 4 + 1));
  for (SessionRow::Task& t : s.tasks) {
    t.task = r.u64();
    t.name = r.str();
    t.state = r.str();
    const std::uint8_t flags = r.u8();
    t.waitUntil = (flags & 1) != 0;
    t.dangling = (flags & 2) != 0;
  }
  const std::uint8_t flags = r.u8();
  s.validated = (flags & 1) != 0;
  s.valid = (flags & 2) != 0;
  s.message = r.str();
  return s;
}

void put(ByteWriter& w, const trace::ReportError& e) {
  w.str(e.kind);
  w.u32(static_cast<std::uint32_t>(e.actions.size()));
  for (const std::string& a : e.actions) w.str(a);
  w.f64(e.atMs);
  w.str(e.message);
  w.str(e.session);
  w.u32(static_cast<std::uint32_t>(e.tasks.size()));
  for (const std::string& t : e.tasks) w.str(t);
}
trace::ReportError getReportError(ByteReader& r) {
  trace::ReportError e;
  e.kind = r.str();
  e.actions.resize(r.count(4));
  for (std::string& a : e.actions) a = r.str();
  e.atMs = r.f64();
  e.message = r.str();
  e.session = r.str();
  e.tasks.resize(r.count(4));
  for (std::string& t : e.tasks) t = r.str();
  return e;
}

void put(ByteWriter& w, const std::string& s) { w.str(s); }
std::string getString(ByteReader& r) { return r.str(); }

template <class T>
std::vector<std::string> encodeRows(const std::vector<T>& rows) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  ByteWriter w;
  for (const T& row : rows) {
    w.clear();
    put(w, row);
    out.push_back(w.data());
  }
  return out;
}

// getTable: a table's frame data onto `rows`: its size, then (index, length, row) for each
// row that changed (every row in a key frame).
template <class T, class Get>
void getTable(ByteReader& r, std::vector<T>& rows, Get get) {
  const std::uint32_t size = r.u32();
  const std::uint32_t changed = r.count(8);
  if (size > rows.size() + changed) r.fail("a table grows by more rows than the frame holds");
  rows.resize(size);
  for (std::uint32_t k = 0; k < changed; ++k) {
    const std::uint32_t index = r.u32();
    if (index >= size) r.fail("a row index beyond its table");
    const std::uint32_t length = r.u32();
    const std::size_t base = r.offset();
    ByteReader row(r.bytes(length), base);
    rows[index] = get(row);
    if (!row.atEnd()) row.fail("a row longer than its fields");
  }
}

void putScalars(ByteWriter& w, const RunSnapshot& s) {
  w.u64(s.generation);
  w.u64(s.step);
  w.f64(s.nowMs);
  w.str(s.mode);
  w.u64(s.seed);
  w.str(s.phase);
  w.u8(s.done ? 1 : 0);
  w.u64(s.nextEvent);
  put(w, s.lastMove);
  put(w, s.nextMove);
  w.u64(s.decisions);
  w.u64(s.pending);
  w.u64(s.dirty);
  w.u64(s.effects);
  w.u64(s.computations);
}
void getScalars(ByteReader& r, RunSnapshot& s) {
  s.generation = r.u64();
  s.step = r.u64();
  s.nowMs = r.f64();
  s.mode = r.str();
  s.seed = r.u64();
  s.phase = r.str();
  s.done = r.u8() != 0;
  s.nextEvent = r.u64();
  s.lastMove = getMove(r);
  s.nextMove = getMove(r);
  s.decisions = r.u64();
  s.pending = r.u64();
  s.dirty = r.u64();
  s.effects = r.u64();
  s.computations = r.u64();
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

bool isKeyFrame(std::string_view frame) { return !frame.empty() && frame[0] == kKeyFrame; }

void SnapshotEncoder::table(ByteWriter& out, Table& previous, std::vector<std::string> rows, bool key) {
  out.u32(static_cast<std::uint32_t>(rows.size()));
  const std::size_t countAt = out.size();
  out.u32(0);
  std::uint32_t changed = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!key && i < previous.rows.size() && previous.rows[i] == rows[i]) continue;
    out.u32(static_cast<std::uint32_t>(i));
    out.str(rows[i]);
    ++changed;
  }
  out.patchU32(countAt, changed);
  previous.rows = std::move(rows);
}

std::string SnapshotEncoder::encode(const RunSnapshot& s, bool key) {
  key = key || !started_;
  ByteWriter w;
  w.u8(key ? kKeyFrame : kDeltaFrame);
  putScalars(w, s);

  // Actions: the rows that differ from the previous frame's, byte for byte.
  ByteWriter rows;
  for (const ActionState& a : s.actions) put(rows, a);
  const std::string& now = rows.data();
  const std::size_t n = s.actions.size();
  w.u32(static_cast<std::uint32_t>(n));
  std::size_t countAt = w.size();
  w.u32(0);
  std::uint32_t changed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view row(now.data() + i * kActionRowBytes, kActionRowBytes);
    if (!key && (i + 1) * kActionRowBytes <= actions_.size() &&
        std::memcmp(actions_.data() + i * kActionRowBytes, row.data(), kActionRowBytes) == 0)
      continue;
    w.u32(static_cast<std::uint32_t>(i));
    w.bytes(row);
    ++changed;
  }
  w.patchU32(countAt, changed);
  actions_ = rows.take();

  w.u32(static_cast<std::uint32_t>(s.cells.size()));
  countAt = w.size();
  w.u32(0);
  changed = 0;
  for (std::size_t i = 0; i < s.cells.size(); ++i) {
    if (!key && i < cells_.size() && sameBits(cells_[i], s.cells[i])) continue;
    w.u32(static_cast<std::uint32_t>(i));
    w.f64(s.cells[i]);
    ++changed;
  }
  w.patchU32(countAt, changed);
  cells_ = s.cells;

  table(w, labels_, encodeRows(s.labels), key);
  table(w, deprioritized_, encodeRows(s.deprioritized), key);
  table(w, ready_, encodeRows(s.ready), key);
  table(w, timers_, encodeRows(s.timers), key);
  table(w, debounces_, encodeRows(s.debounces), key);
  table(w, autoDebounces_, encodeRows(s.autoDebounces), key);
  table(w, cycles_, encodeRows(s.cycles), key);
  table(w, sessions_, encodeRows(s.sessions), key);
  table(w, errors_, encodeRows(s.errors), key);

  // Step records, oldest first: a key frame carries the decoder's whole window, a delta the
  // records made since the previous frame.
  std::vector<const StepRecord*> fresh;
  const std::size_t window = key ? kRecordedSteps : s.recentSteps.size();
  for (const StepRecord& r : s.recentSteps) {
    if (fresh.size() == window || (!key && r.step <= lastStep_)) break;
    fresh.push_back(&r);
  }
  w.u32(static_cast<std::uint32_t>(fresh.size()));
  for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) put(w, **it);
  if (!s.recentSteps.empty()) lastStep_ = s.recentSteps.front().step;
  started_ = true;
  return w.take();
}

void SnapshotDecoder::apply(std::string_view frame, std::size_t offset) {
  ByteReader r(frame, offset);
  const std::uint8_t kind = r.u8();
  if (kind != kKeyFrame && kind != kDeltaFrame) r.fail("an unknown frame kind");
  const bool key = kind == kKeyFrame;
  if (key) {
    state_ = RunSnapshot{};
    steps_.clear();
  }
  getScalars(r, state_);

  const std::uint32_t actions = r.u32();
  const std::uint32_t changedActions = r.count(4 + kActionRowBytes);
  if (actions > state_.actions.size() + changedActions) r.fail("more actions than the frame holds");
  state_.actions.resize(actions);
  for (std::uint32_t k = 0; k < changedActions; ++k) {
    const std::uint32_t i = r.u32();
    if (i >= actions) r.fail("an action index beyond the actions");
    state_.actions[i] = getActionState(r);
  }
  const std::uint32_t cells = r.u32();
  const std::uint32_t changedCells = r.count(12);
  if (cells > state_.cells.size() + changedCells) r.fail("more cells than the frame holds");
  state_.cells.resize(cells);
  for (std::uint32_t k = 0; k < changedCells; ++k) {
    const std::uint32_t i = r.u32();
    if (i >= cells) r.fail("a cell index beyond the cells");
    state_.cells[i] = r.f64();
  }

  getTable(r, state_.labels, getString);
  getTable(r, state_.deprioritized, getString);
  getTable(r, state_.ready, getTaskRow);
  getTable(r, state_.timers, getTaskRow);
  getTable(r, state_.debounces, getDebounceRow);
  getTable(r, state_.autoDebounces, getAutoDebounce);
  getTable(r, state_.cycles, getCycleRow);
  getTable(r, state_.sessions, getSessionRow);
  getTable(r, state_.errors, getReportError);

  const std::uint32_t records = r.count(8);
  for (std::uint32_t k = 0; k < records; ++k) {
    steps_.push_back(getStepRecord(r));
    if (steps_.size() > kRecordedSteps) steps_.pop_front();
  }
  if (!r.atEnd()) r.fail("a frame longer than its fields");
}

RunSnapshot SnapshotDecoder::snapshot() const {
  RunSnapshot s = state_;
  s.recentSteps.assign(steps_.rbegin(), steps_.rend());
  return s;
}

}  // namespace tickscope::run
