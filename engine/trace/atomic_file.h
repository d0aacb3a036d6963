#pragma once
// AtomicFile: writes a file all-or-nothing. Content goes to a temporary file in the target's
// directory; commit() flushes, fsyncs and renames it over the target, so a reader (or a
// crash) sees either the old file or the complete new one, never a half file. Anything that
// fails — creating the temporary, writing, syncing, renaming — throws OutputError, removes
// the temporary and leaves the existing target untouched; so does destroying an AtomicFile
// that was not committed. A target that exists and is neither a regular file nor a directory
// (a device such as /dev/null, a FIFO) is written directly: there is nothing to replace.
// POSIX only (Linux); not for concurrent use of one instance.
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

namespace tickscope::trace {

// OutputError: an output could not be written; the message starts with the path.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AtomicFile {
 public:
  // AtomicFile: creates the temporary next to `target` (mode of an existing target, else
  // 0666 less the umask). Throws OutputError when the directory is missing or not
  // writable, or when `target` is a directory or exists and is not writable.
  explicit AtomicFile(std::filesystem::path target);
  // ~AtomicFile: discards the temporary unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // stream: where the content goes. Write errors are remembered and reported by commit().
  std::ostream& stream();
  // commit: flush, fsync, rename over the target, fsync the directory. Throws OutputError
  // (and discards the temporary) on any failure. Call at most once.
  void commit();
  // discard: removes the temporary; the target is untouched. Idempotent.
  void discard() noexcept;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporaryPath() const { return temporary_; }

 private:
  class Buffer;
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool done_ = false;
  bool direct_ = false;  // writing straight into a device or FIFO
};

// isStdoutPath: "-", the command line's name for standard output.
inline bool isStdoutPath(const std::string& path) { return path == "-"; }

// writeOutput: `write` into `path` atomically, or into `stdoutStream` when `path` is "-"
// (flushed; a failing stream is an error). Throws OutputError.
void writeOutput(const std::string& path, const std::function<void(std::ostream&)>& write,
                 std::ostream& stdoutStream);

}  // namespace tickscope::trace
