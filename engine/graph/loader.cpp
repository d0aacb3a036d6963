#include "graph/loader.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "graph/diagnostic_sink_p.h"
#include "graph/fast_reader_p.h"
#include "graph/loader_p.h"
#include "graph/prefault_p.h"
#include "graph/reader_p.h"
#include "graph/text_position_p.h"
#include "graph/validate_p.h"

namespace tickscope::graph {
namespace {

std::string defaultName(std::string_view displayName) {
  if (const auto slash = displayName.find_last_of("/\\"); slash != std::string_view::npos)
    displayName.remove_prefix(slash + 1);
  for (std::string_view ext : {".tsg.json", ".json"}) {
    if (displayName.size() > ext.size() && displayName.ends_with(ext)) {
      displayName.remove_suffix(ext.size());
      break;
    }
  }
  return std::string(displayName);
}

std::string mebibytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

LoadResult fileError(std::string_view file, DiagnosticCode code, std::string message) {
  LoadResult result;
  result.errors.push_back(
      Diagnostic{Severity::Error, code, std::string(file), {}, 0, 0, std::move(message)});
  return result;
}

std::string tooLarge(std::uint64_t size, const LoadLimits& limits) {
  return fmt::format("the file is {} ({} bytes), over the limit of {} bytes ({}; set {} to raise it)",
                     mebibytes(size), size, limits.maxFileBytes, mebibytes(limits.maxFileBytes),
                     kEnvMaxFileBytes);
}

LoadResult load(std::string_view bytes, std::string_view displayName, const LoadLimits& limits,
                std::string* owned, detail::ReadPath path);
void validateRead(LoadResult& result, GraphDocument& document, detail::ReadOutcome& read,
                  detail::DiagnosticSink& sink, std::string_view displayName,
                  const LoadLimits& limits);

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

LoadResult loadGraph(const std::filesystem::path& path, const LoadLimits& limits) {
  return detail::loadGraphFile(path, limits, 0);
}

LoadResult detail::loadGraphFile(const std::filesystem::path& path, const LoadLimits& limits,
                                 std::size_t streamWindow) {
  const std::string display = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    return fileError(display, DiagnosticCode::CannotOpen,
                     fmt::format("cannot open: {}", ec ? ec.message() : "no such file"));
  if (std::filesystem::is_directory(status))
    return fileError(display, DiagnosticCode::CannotOpen, "cannot open: it is a directory");
  if (std::filesystem::is_regular_file(status)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > limits.maxFileBytes)
      return fileError(display, DiagnosticCode::FileTooLarge, tooLarge(size, limits));
  }

  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(display.c_str(), "rb"));
  if (!file)
    return fileError(display, DiagnosticCode::CannotOpen,
                     fmt::format("cannot open: {}", std::strerror(errno)));
  // A regular file streams through the fast reader first (no buffer of the whole file);
  // when it gives up, the file is read whole for the reference reader.
  double streamSeconds = 0;
  bool streamed = false;
  if (std::filesystem::is_regular_file(status)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    GraphDocument document;
    detail::ReadOutcome read;
    detail::StreamTimings stream;
    streamed = true;
    if (detail::readGraphFast(file.get(), ec ? 0 : size, limits, document, read, stream,
                              streamWindow)) {
      file.reset();
      LoadResult result;
      result.timings.fastPath = true;
      result.timings.readSeconds = stream.readSeconds;
      result.timings.parseSeconds = secondsSince(start) - stream.readSeconds;
      detail::DiagnosticSink sink(display, limits.maxErrors);
      validateRead(result, document, read, sink, display, limits);
      return result;
    }
    streamSeconds = secondsSince(start);
    std::clearerr(file.get());
    if (std::fseek(file.get(), 0, SEEK_SET) != 0)
      return fileError(display, DiagnosticCode::CannotOpen,
                       fmt::format("cannot read: {}", std::strerror(errno)));
    start = std::chrono::steady_clock::now();
  }
  std::string bytes;
  if (std::filesystem::is_regular_file(status)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec) bytes.reserve(static_cast<std::size_t>(size));
  }
  detail::Prefaulter prefaulter;  // maps the buffer's pages ahead of the reads
  prefaulter.start(bytes.data(), bytes.capacity());
  // Read in chunks up to one byte over the limit, so a file that grew (or a pipe) is caught.
  char chunk[1 << 16];
  while (true) {
    const std::size_t n = std::fread(chunk, 1, sizeof chunk, file.get());
    if (bytes.size() + n > bytes.capacity()) prefaulter.wait();  // before the buffer moves
    bytes.append(chunk, n);
    if (bytes.size() > limits.maxFileBytes)
      return fileError(display, DiagnosticCode::FileTooLarge, tooLarge(bytes.size(), limits));
    if (n < sizeof chunk) break;
  }
  if (std::ferror(file.get()))
    return fileError(display, DiagnosticCode::CannotOpen,
                     fmt::format("cannot read: {}", std::strerror(errno)));
  file.reset();
  prefaulter.wait();
  const double readSeconds = secondsSince(start);
  // The fast reader has had its try on these bytes already when they streamed.
  LoadResult result = load(bytes, display, limits, &bytes,
                           streamed ? detail::ReadPath::Reference : detail::ReadPath::Auto);
  result.timings.readSeconds = readSeconds;
  result.timings.parseSeconds += streamSeconds;
  return result;
}

LoadResult loadGraphBytes(std::string_view bytes, std::string_view displayName,
                          const LoadLimits& limits) {
  return load(bytes, displayName, limits, nullptr, detail::ReadPath::Auto);
}

namespace detail {

LoadResult loadGraphBytes(std::string_view bytes, std::string_view displayName,
                          const LoadLimits& limits, ReadPath path) {
  return load(bytes, displayName, limits, nullptr, path);
}

}  // namespace detail

namespace {

// load: the loader proper. When `owned` holds the bytes, it is released once the document is
// read, before validation, to keep the peak memory of huge graphs down.
LoadResult load(std::string_view bytes, std::string_view displayName, const LoadLimits& limits,
                std::string* owned, detail::ReadPath path) {
  if (bytes.size() > limits.maxFileBytes)
    return fileError(displayName, DiagnosticCode::FileTooLarge, tooLarge(bytes.size(), limits));

  LoadResult result;
  const auto positioned = [&](DiagnosticCode code, std::size_t offset, std::string message) {
    const detail::TextPosition at = detail::positionAt(bytes, offset);
    result.errors.push_back(Diagnostic{Severity::Error, code, std::string(displayName), {},
                                       at.line, at.column, std::move(message)});
    return result;
  };
  if (detail::firstValueAt(bytes) == bytes.size()) {
    return positioned(DiagnosticCode::EmptyFile, bytes.size(),
                      bytes.empty() ? "the file is empty (expected a JSON object)"
                                    : "the file has only whitespace (expected a JSON object)");
  }

  detail::DiagnosticSink sink(displayName, limits.maxErrors);
  GraphDocument document;
  detail::ReadOutcome read;
  const auto start = std::chrono::steady_clock::now();
  // nlohmann takes a NUL byte for the end of the input; JSON text never holds one.
  const std::size_t nul = bytes.find('\0');
  // The fast reader, when it can say nothing would be reported; else the reference reader
  // from the start, on a fresh document.
  if (path == detail::ReadPath::Auto && nul == std::string_view::npos)
    result.timings.fastPath = detail::readGraphFast(bytes, limits, document, read);
  if (!result.timings.fastPath) {
    document = GraphDocument{};
    read = detail::readGraph(bytes, limits, document, sink);
  }
  result.timings.parseSeconds = secondsSince(start);
  // A NUL the parser stopped at (or never reached) is the error to report.
  if (nul != std::string_view::npos && (!read.stopped || read.stopOffset >= nul)) {
    result.errors.clear();
    return positioned(DiagnosticCode::Syntax, nul, "a NUL byte (JSON text cannot contain one; is this a binary file?)");
  }
  if (read.stopped) {
    if (read.stopError) result.errors.push_back(std::move(*read.stopError));
    else positioned(DiagnosticCode::Syntax, 0, "cannot read the file as JSON");
    return result;
  }
  if (read.versionError) {
    result.errors.push_back(std::move(*read.versionError));
    return result;
  }
  if (owned != nullptr) {
    bytes = {};
    std::string().swap(*owned);
  }
  validateRead(result, document, read, sink, displayName, limits);
  return result;
}

// validateRead: the end of every load that read a document: the default name, validation
// (expressions compiled on a helper thread for big documents), the diagnostics.
void validateRead(LoadResult& result, GraphDocument& document, detail::ReadOutcome& read,
                  detail::DiagnosticSink& sink, std::string_view displayName,
                  const LoadLimits& limits) {
  if (!read.hasName) document.name = defaultName(displayName);
  const auto start = std::chrono::steady_clock::now();
  ExpressionCache cache;
  detail::validateDocument(document, sink, limits, cache, &read.actionBroken, true);
  result.timings.validateSeconds = secondsSince(start);
  sink.finish(result.errors, result.warnings);
  if (result.errors.empty()) result.document = std::move(document);
}

}  // namespace

}  // namespace tickscope::graph
