#include "layout/layout_cache.h"

#include <cmath>
#include <cstring>
#include <utility>

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace tickscope::views::layout {

namespace {

// The file: big-endian (QDataStream's default), in this order:
//   magic "TSLAYOUT" (8 bytes), version (u32), engine (u32 length, then its bytes),
//   node, layer, edge and route point counts (u64 each), bounds (4 doubles),
//   nodes (x, y doubles), layers (u32), per edge its bezier flag (u8) and point count (u32),
//   every route's points one after the other (x, y doubles),
//   a checksum of every byte before it (u64, FNV-1a), and nothing after it.
// A new layout of the file bumps kVersion: an old file is then ignored and removed.
constexpr char kMagic[8] = {'T', 'S', 'L', 'A', 'Y', 'O', 'U', 'T'};
constexpr quint32 kVersion = 1;
constexpr quint32 kMaxEngineBytes = 64;
constexpr qint64 kMaxFileBytes = qint64(1) << 30;
constexpr quint64 kMaxCount = quint64(1) << 32;

quint64 fnv1a(const char* data, qsizetype size) {
  quint64 h = 1469598103934665603ull;
  for (qsizetype i = 0; i < size; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

bool finite(const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

QString defaultFolder() {
  const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
  return cache.isEmpty() ? QString() : cache + QStringLiteral("/layouts");
}

}  // namespace

LayoutCache::LayoutCache(QString folder, std::size_t memoryEntries)
    : folder_(folder.isEmpty() ? defaultFolder() : std::move(folder)), memoryEntries_(memoryEntries) {}

QString LayoutCache::filePath(std::uint64_t key, std::string_view engine) const {
  if (folder_.isEmpty()) return {};
  return QStringLiteral("%1/%2-%3.layout")
      .arg(folder_)
      .arg(key, 16, 16, QLatin1Char('0'))
      .arg(QString::fromUtf8(engine.data(), static_cast<qsizetype>(engine.size())));
}

std::shared_ptr<const GraphLayout> LayoutCache::touch(std::uint64_t key, std::string_view engine) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key == key && it->engine == engine) {
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().layout;
    }
  }
  return nullptr;
}

void LayoutCache::put(std::uint64_t key, std::shared_ptr<const GraphLayout> layout) {
  if (touch(key, layout->engine)) {
    entries_.front().layout = std::move(layout);
    return;
  }
  std::string engine = layout->engine;
  entries_.push_front({key, std::move(engine), std::move(layout)});
  while (entries_.size() > memoryEntries_) entries_.pop_back();
}

std::shared_ptr<const GraphLayout> LayoutCache::findInMemory(std::uint64_t key, std::string_view engine) {
  if (key == 0) return nullptr;
  const std::lock_guard lock(mutex_);
  return touch(key, engine);
}

std::shared_ptr<const GraphLayout> LayoutCache::find(std::uint64_t key, std::string_view engine, bool disk) {
  if (auto cached = findInMemory(key, engine)) return cached;
  if (key == 0 || !disk || folder_.isEmpty()) return nullptr;
  QFile file(filePath(key, engine));
  if (!file.exists()) return nullptr;
  std::optional<GraphLayout> decoded;
  if (file.size() <= kMaxFileBytes && file.open(QIODevice::ReadOnly)) decoded = decode(file.readAll());
  file.close();
  if (!decoded || decoded->engine != engine) {
    file.remove();  // damaged, truncated or of another version: never read it again
    return nullptr;
  }
  auto layout = std::make_shared<const GraphLayout>(std::move(*decoded));
  const std::lock_guard lock(mutex_);
  put(key, layout);
  return layout;
}

bool LayoutCache::insert(std::uint64_t key, std::shared_ptr<const GraphLayout> layout, bool disk) {
  if (key == 0 || !layout) return false;
  {
    const std::lock_guard lock(mutex_);
    put(key, layout);
  }
  if (!disk || folder_.isEmpty()) return true;
  if (!QDir().mkpath(folder_)) return false;
  // QSaveFile writes a temporary file and renames it over the old one on commit: a reader (or a
  // crash) never meets half a file.
  QSaveFile file(filePath(key, layout->engine));
  if (!file.open(QIODevice::WriteOnly)) return false;
  file.write(encode(*layout));
  return file.commit();
}

void LayoutCache::clearMemory() {
  const std::lock_guard lock(mutex_);
  entries_.clear();
}

QByteArray LayoutCache::encode(const GraphLayout& layout) {
  QByteArray bytes;
  QDataStream out(&bytes, QIODevice::WriteOnly);
  out.setVersion(QDataStream::Qt_6_4);
  out.setFloatingPointPrecision(QDataStream::DoublePrecision);
  out.writeRawData(kMagic, sizeof kMagic);
  out << kVersion;
  const std::string& engine = layout.engine;
  out << static_cast<quint32>(engine.size());
  out.writeRawData(engine.data(), static_cast<int>(engine.size()));
  quint64 points = 0;
  for (const EdgeRoute& r : layout.edges) points += r.points.size();
  out << quint64(layout.nodes.size()) << quint64(layout.layers.size()) << quint64(layout.edges.size()) << points;
  out << layout.bounds.x << layout.bounds.y << layout.bounds.width << layout.bounds.height;
  for (const Point& p : layout.nodes) out << p.x << p.y;
  for (std::uint32_t layer : layout.layers) out << quint32(layer);
  for (const EdgeRoute& r : layout.edges) out << quint8(r.bezier ? 1 : 0) << quint32(r.points.size());
  for (const EdgeRoute& r : layout.edges) {
    for (const Point& p : r.points) out << p.x << p.y;
  }
  out << fnv1a(bytes.constData(), bytes.size());
  return bytes;
}

std::optional<GraphLayout> LayoutCache::decode(const QByteArray& bytes) {
  constexpr qsizetype kHeader = sizeof kMagic + 4 + 4;  // magic, version, engine length
  if (bytes.size() < kHeader + 4 * 8 + 4 * 8 + 8) return std::nullopt;
  if (std::memcmp(bytes.constData(), kMagic, sizeof kMagic) != 0) return std::nullopt;
  // The checksum first: what follows may then trust the bytes it reads (not their counts).
  quint64 stored = 0;
  {
    QDataStream tail(bytes.sliced(bytes.size() - 8));
    tail >> stored;
  }
  if (stored != fnv1a(bytes.constData(), bytes.size() - 8)) return std::nullopt;

  QDataStream in(bytes);
  in.setVersion(QDataStream::Qt_6_4);
  in.setFloatingPointPrecision(QDataStream::DoublePrecision);
  in.skipRawData(sizeof kMagic);
  quint32 version = 0, engineBytes = 0;
  in >> version >> engineBytes;
  if (version != kVersion || engineBytes > kMaxEngineBytes) return std::nullopt;
  GraphLayout layout;
  layout.engine.resize(engineBytes);
  if (in.readRawData(layout.engine.data(), static_cast<int>(engineBytes)) != static_cast<int>(engineBytes)) return std::nullopt;
  quint64 nodes = 0, layers = 0, edges = 0, points = 0;
  in >> nodes >> layers >> edges >> points;
  if (in.status() != QDataStream::Ok || nodes > kMaxCount || layers > kMaxCount || edges > kMaxCount || points > kMaxCount) {
    return std::nullopt;
  }
  if (layers != 0 && layers != nodes) return std::nullopt;
  // The exact size these counts need (no multiplication overflows below 2^32 each).
  const quint64 expected = quint64(kHeader) + engineBytes + 4 * 8 + 4 * 8 + nodes * 16 + layers * 4 + edges * 5 + points * 16 + 8;
  if (expected != quint64(bytes.size())) return std::nullopt;

  in >> layout.bounds.x >> layout.bounds.y >> layout.bounds.width >> layout.bounds.height;
  layout.nodes.resize(nodes);
  for (Point& p : layout.nodes) in >> p.x >> p.y;
  layout.layers.resize(layers);
  for (std::uint32_t& layer : layout.layers) {
    quint32 v = 0;
    in >> v;
    layer = v;
  }
  layout.edges.resize(edges);
  quint64 total = 0;
  std::vector<quint32> counts(edges);
  for (std::size_t k = 0; k < edges; ++k) {
    quint8 bezier = 0;
    in >> bezier >> counts[k];
    if (bezier > 1) return std::nullopt;
    layout.edges[k].bezier = bezier == 1;
    total += counts[k];
  }
  if (total != points) return std::nullopt;
  for (std::size_t k = 0; k < edges; ++k) {
    layout.edges[k].points.resize(counts[k]);
    for (Point& p : layout.edges[k].points) in >> p.x >> p.y;
  }
  if (in.status() != QDataStream::Ok) return std::nullopt;
  const Rect& b = layout.bounds;
  if (!std::isfinite(b.x) || !std::isfinite(b.y) || !std::isfinite(b.width) || !std::isfinite(b.height)) return std::nullopt;
  for (const Point& p : layout.nodes) {
    if (!finite(p)) return std::nullopt;
  }
  for (const EdgeRoute& r : layout.edges) {
    for (const Point& p : r.points) {
      if (!finite(p)) return std::nullopt;
    }
  }
  return layout;
}

}  // namespace tickscope::views::layout
