#include "trace/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <streambuf>
#include <vector>

#include <fmt/format.h>

namespace tickscope::trace {

namespace {

std::string describe(const std::filesystem::path& path, std::string_view what, int error) {
  return fmt::format("{}: {}: {}", path.string(), what, std::strerror(error));
}

// The process umask, read without changing it (umask(2) would race other threads).
mode_t currentUmask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  }
  return 022;
}

}  // namespace

// A streambuf over a file descriptor that remembers the first write error.
class AtomicFile::Buffer final : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), data_(1 << 16) { setp(data_.data(), data_.data() + data_.size()); }
  ~Buffer() override { closeFd(); }

  int fd() const { return fd_; }
  int error() const { return error_; }
  bool drain() {
    const char* p = pbase();
    while (p < pptr()) {
      const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0) {
        if (errno == EINTR) continue;
        if (!error_) error_ = errno;
        setp(data_.data(), data_.data() + data_.size());
        return false;
      }
      p += n;
    }
    setp(data_.data(), data_.data() + data_.size());
    return true;
  }
  int closeFd() {
    if (fd_ < 0) return 0;
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  int fd_;
  int error_ = 0;
  std::vector<char> data_;
};

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  if (target_.empty()) throw OutputError("(empty path): cannot write an output with no name");
  std::filesystem::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  mode_t mode = 0666 & ~currentUmask();
  struct stat st {};
  if (::stat(target_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw OutputError(fmt::format("{}: is a directory", target_.string()));
    if (!S_ISREG(st.st_mode)) {
      // A device or a pipe (/dev/null, /dev/stdout, <(...)): nothing to replace, write through.
      const int fd = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) throw OutputError(describe(target_, "cannot write", errno));
      direct_ = true;
      buffer_ = std::make_unique<Buffer>(fd);
      stream_ = std::make_unique<std::ostream>(buffer_.get());
      return;
    }
    if (::access(target_.c_str(), W_OK) != 0) throw OutputError(describe(target_, "cannot write", errno));
    mode = st.st_mode & 07777;
  }
  std::string pattern = (dir / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) throw OutputError(describe(target_, "cannot create a file in " + dir.string(), errno));
  temporary_ = pattern;
  buffer_ = std::make_unique<Buffer>(fd);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
  if (::fchmod(fd, mode) != 0) {
    const int error = errno;
    discard();
    throw OutputError(describe(target_, "cannot set permissions", error));
  }
}

AtomicFile::~AtomicFile() { discard(); }

std::ostream& AtomicFile::stream() { return *stream_; }

void AtomicFile::discard() noexcept {
  if (done_) return;
  done_ = true;
  if (buffer_) buffer_->closeFd();
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::commit() {
  if (done_) throw OutputError(fmt::format("{}: already committed or discarded", target_.string()));
  auto fail = [&](std::string_view what, int error) {
    discard();
    throw OutputError(describe(target_, what, error));
  };
  stream_->flush();
  if (!buffer_->drain() || buffer_->error() || !*stream_) fail("write failed", buffer_->error() ? buffer_->error() : EIO);
  if (direct_) {
    if (const int error = buffer_->closeFd()) fail("close failed", error);
    done_ = true;
    return;
  }
  if (::fsync(buffer_->fd()) != 0) fail("fsync failed", errno);
  if (const int error = buffer_->closeFd()) fail("close failed", error);
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot replace the file", errno);
  done_ = true;
  // Make the rename itself durable; failing here cannot undo it, so it is best-effort.
  std::filesystem::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

void writeOutput(const std::string& path, const std::function<void(std::ostream&)>& write,
                 std::ostream& stdoutStream) {
  if (isStdoutPath(path)) {
    write(stdoutStream);
    stdoutStream.flush();
    if (!stdoutStream) throw OutputError("-: cannot write to standard output");
    return;
  }
  AtomicFile file(path);
  write(file.stream());
  file.commit();
}

}  // namespace tickscope::trace
