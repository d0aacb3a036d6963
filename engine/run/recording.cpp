#include "run/recording.h"

#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "graph/loader.h"
#include "graph/writer.h"
#include "run/insights.h"
#include "run/runner.h"
#include "trace/atomic_file.h"

namespace tickscope::run {

namespace {

// The file: kMagic, u32 version, u32 0, then chunks: u32 type, u32 0, u64 payload length,
// the payload, u64 FNV-1a of type, length and payload.
constexpr std::string_view kMagic{"TSTRACE\x1a", 8};
constexpr std::size_t kHeaderBytes = 16;
constexpr std::size_t kChunkHeadBytes = 16;
enum ChunkType : std::uint32_t { kMeta = 1, kDocument = 2, kFrame = 3, kTimeline = 4, kDigest = 5, kTimelineValues = 6, kEnd = 15 };

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}
constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ULL;

void appendChunk(std::string& out, std::uint32_t type, std::string_view payload) {
  ByteWriter head;
  head.u32(type);
  head.u32(0);
  head.u64(payload.size());
  ByteWriter tail;
  tail.u64(fnv1a(fnv1a(kFnvBasis, head.data()), payload));
  out += head.data();
  out.append(payload.data(), payload.size());
  out += tail.data();
}

std::string chunkName(std::uint32_t type) {
  switch (type) {
    case kMeta: return "the header";
    case kDocument: return "the graph";
    case kFrame: return "a step's frame";
    case kTimeline: return "the timeline";
    case kTimelineValues: return "the timeline's values";
    case kDigest: return "the digest";
    case kEnd: return "the end marker";
    default: return fmt::format("a chunk of type {}", type);
  }
}

}  // namespace

// --- writing -------------------------------------------------------------------------------

void RecordingWriter::begin(const graph::GraphDocument& document, const RecordingInfo& info) {
  info_ = info;
  document_ = graph::saveGraph(document);
  frameChunks_.clear();
  encoder_ = SnapshotEncoder{};
  frames_ = framesSinceKey_ = 0;
  deltaBytesSinceKey_ = lastKeyBytes_ = 0;
}

void RecordingWriter::addFrame(const RunSnapshot& snapshot) {
  // A key frame once the deltas since the last one weigh as much as it (and at least every
  // 4,096 frames, so that a seek never decodes more than that many).
  const bool key = frames_ == 0 || deltaBytesSinceKey_ >= std::max<std::size_t>(lastKeyBytes_, 16 * 1024) ||
                   framesSinceKey_ >= 4096;
  const std::string frame = encoder_.encode(snapshot, key);
  appendChunk(frameChunks_, kFrame, frame);
  if (key) {
    lastKeyBytes_ = frame.size();
    deltaBytesSinceKey_ = 0;
    framesSinceKey_ = 0;
  } else {
    deltaBytesSinceKey_ += frame.size();
    ++framesSinceKey_;
  }
  info_.steps = snapshot.step;
  info_.finished = snapshot.done;
  ++frames_;
}

void RecordingWriter::setDigest(const RunDigest& digest) { digest_ = toJson(digest).dump(); }

std::size_t RecordingWriter::encodedBytes() const { return document_.size() + frameChunks_.size(); }

std::string RecordingWriter::bytes() const {
  std::string out(kMagic);
  ByteWriter header;
  header.u32(kRecordingVersion);
  header.u32(0);
  out += header.data();
  const nlohmann::json meta = {
      {"format", "tickscope-recording"}, {"version", kRecordingVersion}, {"graph", info_.graph},
      {"mode", info_.mode},              {"seed", info_.seed},           {"maxTimeMs", info_.maxTimeMs},
      {"steps", info_.steps},            {"finished", info_.finished},   {"frames", frames_},
  };
  appendChunk(out, kMeta, meta.dump());
  appendChunk(out, kDocument, document_);
  out += frameChunks_;
  if (timeline_) {
    // The values its runs read, before the timeline that names them (a reader of the first
    // version skips this chunk and shows no values).
    ByteWriter v;
    const std::size_t values = timeline_->valueCount();
    v.u64(values);
    for (std::size_t i = 0; i < values; ++i) v.f64(timeline_->value(i));
    const std::size_t valueRuns = timeline_->runCount();
    v.u64(valueRuns);
    for (std::size_t i = 0; i < valueRuns; ++i) {
      v.u16(timeline_->run(i).valueCount);
      v.u32(timeline_->run(i).valuesAt);
    }
    appendChunk(out, kTimelineValues, v.data());
    ByteWriter t;
    const std::size_t runs = timeline_->runCount();
    t.u64(runs);
    for (std::size_t i = 0; i < runs; ++i) {
      const TimelineRun& r = timeline_->run(i);
      t.f64(r.startMs);
      t.f64(r.costMs);
      t.u64(r.step);
      t.u32(r.action);
      t.u32(r.causeAction);
      t.u8(static_cast<std::uint8_t>(r.cause));
      t.u8(r.flags);
    }
    const std::size_t marks = timeline_->markCount();
    t.u64(marks);
    for (std::size_t i = 0; i < marks; ++i) {
      const TimelineMark& m = timeline_->mark(i);
      t.f64(m.atMs);
      t.f64(m.untilMs);
      t.u64(m.step);
      t.u32(m.subject);
      t.u32(m.detail);
      t.u8(static_cast<std::uint8_t>(m.kind));
    }
    appendChunk(out, kTimeline, t.data());
  }
  if (!digest_.empty()) appendChunk(out, kDigest, digest_);
  ByteWriter end;
  end.u64(frames_);
  appendChunk(out, kEnd, end.data());
  return out;
}

void RecordingWriter::save(const std::filesystem::path& path) const {
  trace::AtomicFile file(path);
  const std::string data = bytes();
  file.stream().write(data.data(), static_cast<std::streamsize>(data.size()));
  file.commit();
}

void RecordingObserver::setUp(Runner& runner) {
  runner_ = &runner;
  RecordingInfo info;
  info.graph = runner.document().name;
  info.mode = std::string(graph::toString(runner.mode()));
  info.seed = runner.seed();
  info.maxTimeMs = runner.options().maxTimeMs;
  writer_.begin(runner.document(), info);
  writer_.setTimeline(runner.timeline());
  digest_.setUp(runner);
  frame();
}

void RecordingObserver::onStepEnd(std::uint64_t step, const Move& move) {
  digest_.onStepEnd(step, move);
  frame();
  if (move.kind == MoveKind::Finished) writer_.setDigest(digest_.digest(*runner_));
}

void RecordingObserver::frame() {
  SnapshotOptions options;
  options.recentSteps = kRecordedSteps;
  options.insights = false;  // found again when read
  writer_.addFrame(runner_->snapshot(options));
}

// --- reading -------------------------------------------------------------------------------

std::shared_ptr<const Recording> Recording::open(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RecordingError(fmt::format("{}: cannot open the recording", path.string()));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw RecordingError(fmt::format("{}: cannot read the recording", path.string()));
  return fromBytes(std::move(bytes), path.string());
}

std::shared_ptr<const Recording> Recording::fromBytes(std::string bytes, const std::string& name) {
  std::shared_ptr<Recording> recording(new Recording());
  recording->bytes_ = std::move(bytes);
  try {
    recording->parse(name);
  } catch (const RecordingError& e) {
    if (e.offset() == RecordingError::npos) throw RecordingError(fmt::format("{}: {}", name, e.what()));
    throw RecordingError(fmt::format("{}: damaged recording at offset {}: {}", name, e.offset(), e.what()),
                         e.offset());
  }
  return recording;
}

void Recording::parse(const std::string& name) {
  const std::string_view all(bytes_);
  if (all.size() < kHeaderBytes || all.substr(0, kMagic.size()) != kMagic) {
    if (all.size() < kMagic.size() && kMagic.substr(0, all.size()) == all)
      throw RecordingError("the recording ends inside its header", all.size());
    throw RecordingError(fmt::format("not a Tickscope recording (*.tstrace)"));
  }
  ByteReader header(all.substr(kMagic.size(), 8), kMagic.size());
  const std::uint32_t version = header.u32();
  if (version != kRecordingVersion)
    throw RecordingError(fmt::format("the recording has format version {}; this Tickscope reads version {}", version,
                                     kRecordingVersion));
  if (header.u32() != 0) throw RecordingError("the file header has flags this Tickscope does not know", 12);
  std::size_t at = kHeaderBytes;
  bool meta = false, document = false, end = false;
  std::uint64_t endFrames = 0;
  while (at < all.size()) {
    if (end) throw RecordingError("data after the end marker", at);
    if (all.size() - at < kChunkHeadBytes)
      throw RecordingError(fmt::format("the recording is truncated: {} bytes of a chunk header", all.size() - at),
                           at);
    ByteReader head(all.substr(at, kChunkHeadBytes), at);
    const std::uint32_t type = head.u32();
    (void)head.u32();
    const std::uint64_t length = head.u64();
    const std::size_t payloadAt = at + kChunkHeadBytes;
    if (length > all.size() - payloadAt || all.size() - payloadAt - length < 8)
      throw RecordingError(fmt::format("the recording is truncated: {} announces {} bytes, {} are left", chunkName(type),
                                       length, all.size() - payloadAt),
                           at);
    const std::string_view payload = all.substr(payloadAt, length);
    ByteReader tail(all.substr(payloadAt + length, 8), payloadAt + length);
    if (tail.u64() != fnv1a(fnv1a(kFnvBasis, all.substr(at, kChunkHeadBytes)), payload))
      throw RecordingError(fmt::format("{} does not match its checksum", chunkName(type)), at);
    switch (type) {
      case kMeta: {
        const nlohmann::json j = nlohmann::json::parse(payload, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw RecordingError("the header is not JSON", payloadAt);
        try {
          info_.graph = j.at("graph").get<std::string>();
          info_.mode = j.at("mode").get<std::string>();
          info_.seed = j.at("seed").get<std::uint64_t>();
          info_.maxTimeMs = j.at("maxTimeMs").get<double>();
          info_.steps = j.at("steps").get<std::uint64_t>();
          info_.finished = j.at("finished").get<bool>();
        } catch (const nlohmann::json::exception& e) {
          throw RecordingError(fmt::format("the header lacks a field: {}", e.what()), payloadAt);
        }
        meta = true;
        break;
      }
      case kDocument: {
        graph::LoadResult loaded = graph::loadGraphBytes(payload, name + " (its graph)");
        if (!loaded.ok()) throw RecordingError("its graph does not load: " + loaded.errorText(), payloadAt);
        document_ = std::make_shared<const graph::GraphDocument>(std::move(*loaded.document));
        document = true;
        break;
      }
      case kFrame: {
        if (payload.empty()) throw RecordingError("an empty frame", payloadAt);
        if (frames_.empty() && !isKeyFrame(payload)) throw RecordingError("the first frame is not a key frame", payloadAt);
        frames_.push_back({payloadAt, payload.size(), isKeyFrame(payload)});
        break;
      }
      case kTimelineValues:
        if (timeline_) throw RecordingError("the timeline's values come after the timeline", at);
        timelineValues_ = parseTimelineValues(payload, payloadAt);
        break;
      case kTimeline:
        parseTimeline(payload, payloadAt);
        timelineValues_.reset();
        break;
      case kDigest: {
        const nlohmann::json j = nlohmann::json::parse(payload, nullptr, false);
        if (j.is_discarded()) throw RecordingError("the digest is not JSON", payloadAt);
        try {
          digest_ = std::make_shared<const RunDigest>(digestFromJson(j));
        } catch (const std::exception& e) {
          throw RecordingError(std::string("the digest is wrong: ") + e.what(), payloadAt);
        }
        break;
      }
      case kEnd: {
        ByteReader r(payload, payloadAt);
        endFrames = r.u64();
        end = true;
        break;
      }
      default:
        break;  // a chunk of a later minor addition: skipped (its checksum was checked)
    }
    at = payloadAt + length + 8;
  }
  if (!meta || !document) throw RecordingError("the recording lacks its header or its graph", at);
  if (!end) throw RecordingError("the recording is truncated: it has no end marker", at);
  if (endFrames != frames_.size() || frames_.size() != info_.steps + 1)
    throw RecordingError(fmt::format("the recording holds {} frames, its end marker says {} and its header {} steps",
                                     frames_.size(), endFrames, info_.steps),
                         at);
  if (timeline_) {
    for (std::size_t i = 0; i < timeline_->runCount(); ++i)
      if (timeline_->run(i).action >= document_->actions.size() || timeline_->run(i).step > info_.steps)
        throw RecordingError(fmt::format("timeline run {} names an action or a step the recording does not have", i), at);
  }
  if (document_->actions.size() > 0) reachesEffect_ = actionsReachingAnEffect(*document_);
  // Decode every frame once: a damaged frame is found now, not while scrubbing.
  SnapshotDecoder check;
  std::uint64_t step = 0;
  for (const Frame& f : frames_) {
    check.apply(std::string_view(bytes_).substr(f.offset, f.size), f.offset);
    if (check.step() != step) throw RecordingError(fmt::format("frame {} is of step {}", step, check.step()), f.offset);
    if (check.actionCount() != document_->actions.size())
      throw RecordingError(fmt::format("frame {} has {} actions, the graph {}", step, check.actionCount(),
                                       document_->actions.size()),
                           f.offset);
    ++step;
  }
}

std::shared_ptr<TimelineLog> Recording::parseTimelineValues(std::string_view payload, std::size_t offset) {
  ByteReader r(payload, offset);
  auto log = std::make_shared<TimelineLog>();
  std::size_t at = r.offset();
  const std::uint64_t values = r.u64();
  if (values > r.left() / 8) throw RecordingError("the timeline's values count more than they hold", at);
  if (values > TimelineLog::kMaxRecords) r.fail("the timeline has more values than a log keeps");
  for (std::uint64_t i = 0; i < values; ++i) log->appendValue(r.f64());
  at = r.offset();
  const std::uint64_t runs = r.u64();
  if (runs > r.left() / 6) throw RecordingError("the timeline's values name more runs than they hold", at);
  for (std::uint64_t i = 0; i < runs; ++i) {
    TimelineRun run;
    run.valueCount = r.u16();
    run.valuesAt = r.u32();
    if (run.valuesAt == TimelineRun::kNoValues ? run.valueCount != 0 : run.valuesAt + std::uint64_t{run.valueCount} > values)
      r.fail("a run's values lie outside the values");
    log->append(run);
  }
  if (!r.atEnd()) r.fail("the timeline's values are longer than their records");
  return log;
}

void Recording::parseTimeline(std::string_view payload, std::size_t offset) {
  constexpr std::size_t kRunBytes = 8 + 8 + 8 + 4 + 4 + 1 + 1;
  constexpr std::size_t kMarkBytes = 8 + 8 + 8 + 4 + 4 + 1;
  ByteReader r(payload, offset);
  auto log = std::make_shared<TimelineLog>();
  // The values (chunk 6, before this one) go with the runs; the runs read there only carry
  // valueCount and valuesAt.
  const std::shared_ptr<TimelineLog>& values = timelineValues_;
  if (values) {
    for (std::size_t i = 0; i < values->valueCount(); ++i) log->appendValue(values->value(i));
  }
  std::uint64_t step = 0;
  const auto count = [&](std::size_t bytes) {
    const std::size_t at = r.offset();
    const std::uint64_t n = r.u64();
    if (n > r.left() / bytes) throw RecordingError("the timeline counts more records than it holds", at);
    return n;
  };
  const std::uint64_t runs = count(kRunBytes);
  if (values && values->runCount() != runs) r.fail("the timeline's values are for another number of runs");
  for (std::uint64_t i = 0; i < runs; ++i) {
    TimelineRun run;
    run.startMs = r.f64();
    run.costMs = r.f64();
    run.step = r.u64();
    run.action = r.u32();
    run.causeAction = r.u32();
    const std::uint8_t cause = r.u8();
    run.flags = r.u8();
    if (cause > static_cast<std::uint8_t>(TimelineCause::HandEdit)) r.fail("a run of an unknown cause");
    run.cause = static_cast<TimelineCause>(cause);
    if (run.step < step) r.fail("the timeline's runs are not in step order");
    step = run.step;
    if (values) {
      run.valueCount = values->run(i).valueCount;
      run.valuesAt = values->run(i).valuesAt;
    }
    log->append(run);
  }
  step = 0;
  const std::uint64_t marks = count(kMarkBytes);
  for (std::uint64_t i = 0; i < marks; ++i) {
    TimelineMark mark;
    mark.atMs = r.f64();
    mark.untilMs = r.f64();
    mark.step = r.u64();
    mark.subject = r.u32();
    mark.detail = r.u32();
    const std::uint8_t kind = r.u8();
    if (kind > static_cast<std::uint8_t>(TimelineMarkKind::HandEdit)) r.fail("a mark of an unknown kind");
    mark.kind = static_cast<TimelineMarkKind>(kind);
    if (mark.step < step) r.fail("the timeline's marks are not in step order");
    step = mark.step;
    log->append(mark);
  }
  if (!r.atEnd()) r.fail("the timeline is longer than its records");
  timeline_ = std::move(log);
}

RunSnapshot Recording::snapshotAt(std::uint64_t step) const {
  step = std::min(step, lastStep());
  RunSnapshot s;
  {
    std::lock_guard lock(mutex_);
    std::uint64_t from = step;
    while (!frames_[from].key) --from;
    // Going on from the decoded position is cheaper when it lies between the key frame and
    // the target.
    if (decoded_ == ~std::uint64_t{0} || decoded_ > step || decoded_ < from) {
      decoder_ = SnapshotDecoder{};
    } else {
      from = decoded_ + 1;
    }
    for (std::uint64_t k = from; k <= step; ++k)
      decoder_.apply(std::string_view(bytes_).substr(frames_[k].offset, frames_[k].size), frames_[k].offset);
    decoded_ = step;
    s = decoder_.snapshot();
  }
  s.document = document_;
  s.insights = findInsights(s, reachesEffect_);
  if (timeline_) {
    s.timeline = timeline_;
    s.timelineRuns = timeline_->runsUpToStep(s.step, timeline_->runCount());
    s.timelineMarks = timeline_->marksUpToStep(s.step, timeline_->markCount());
  }
  return s;
}

}  // namespace tickscope::run
