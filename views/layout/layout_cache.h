#pragma once
// LayoutCache: finished layouts by graph structure (a key, GraphStructure::hash) and engine
// ("layered", "dot"), in memory (the most recently used few dozen) and on disk, one file per
// layout: <folder>/<key as 16 hex digits>-<engine>.layout, so reopening a file (even after a
// restart) shows its layout at once. The file format is ours, small and versioned (see
// layout_cache.cpp); a file is written to a temporary name and renamed, so a reader never sees
// half of one, and a file that is damaged, truncated or of another version is ignored and
// removed. Thread-safe: every member may be called from any thread (the layout service's jobs
// read and write it off the UI thread).
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <QByteArray>
#include <QString>

#include "layout/layout_graph.h"

namespace tickscope::views::layout {

class LayoutCache {
 public:
  static constexpr std::size_t kDefaultMemoryEntries = 32;

  // LayoutCache: files under `folder`; an empty folder means
  // QStandardPaths::writableLocation(CacheLocation)/layouts, resolved here (construct it on a
  // thread where QCoreApplication's names are set). No folder at all: memory only.
  explicit LayoutCache(QString folder = {}, std::size_t memoryEntries = kDefaultMemoryEntries);

  // find: the layout of `key` by `engine`, from memory, else (when `disk`) from its file, which
  // then also goes into memory. Null when there is none or its file is damaged (and removed).
  std::shared_ptr<const GraphLayout> find(std::uint64_t key, std::string_view engine, bool disk = true);
  // findInMemory: as find, without touching the disk (cheap enough for the UI thread).
  std::shared_ptr<const GraphLayout> findInMemory(std::uint64_t key, std::string_view engine);
  // insert: keeps `layout` under (key, layout->engine) in memory, dropping the least recently
  // used beyond the bound, and (when `disk`) writes its file. False when the file could not be
  // written (the memory entry is kept). Key 0 is never cached.
  bool insert(std::uint64_t key, std::shared_ptr<const GraphLayout> layout, bool disk = true);
  // clearMemory: forgets every layout held in memory (the files stay).
  void clearMemory();

  QString folder() const { return folder_; }
  // filePath: where (key, engine)'s file is, or "" without a folder.
  QString filePath(std::uint64_t key, std::string_view engine) const;

  // encode, decode: the file format. decode returns nullopt for anything that is not exactly
  // one well-formed file of this version (wrong magic, version, counts, checksum, trailing or
  // missing bytes, numbers that are not finite).
  static QByteArray encode(const GraphLayout& layout);
  static std::optional<GraphLayout> decode(const QByteArray& bytes);

 private:
  struct Entry {
    std::uint64_t key;
    std::string engine;
    std::shared_ptr<const GraphLayout> layout;
  };
  std::shared_ptr<const GraphLayout> touch(std::uint64_t key, std::string_view engine);  // requires mutex_
  void put(std::uint64_t key, std::shared_ptr<const GraphLayout> layout);                // requires mutex_

  const QString folder_;
  const std::size_t memoryEntries_;
  std::mutex mutex_;
  std::list<Entry> entries_;  // guarded by mutex_; most recently used first
};

}  // namespace tickscope::views::layout
