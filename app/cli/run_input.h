#pragma once
// The inputs of `tickscope diff` and `tickscope sweep`: graph files, loaded as `tickscope run`
// loads them, and recordings (`*.tstrace`, for diff: the digest they hold). An input that cannot be used is an InputError: the
// command prints its message and exits 2 (spec section 4) without running anything.
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include "graph/document.h"
#include "run/run_digest.h"
#include "run/runner.h"

namespace tickscope::app {

// InputError: what() is the full text for standard error (one or more lines, each ending in
// a newline): the loader's messages, or why the input is not accepted.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// isRecordingPath: a recording (`*.tstrace`), by its name.
bool isRecordingPath(const std::string& path);

// loadGraphInput: the validated document of graph file `path`; its warnings (unknown keys)
// go to `warnings`. Throws InputError with the loader's messages, and for a recording (a
// graph file is needed: a sweep or a diff under other seeds or modes re-runs the graph).
std::shared_ptr<const graph::GraphDocument> loadGraphInput(const std::string& path, std::ostream& warnings);

// digestOfInput: the digest of one input of `tickscope diff A B`: a graph file is run to the
// end with the file's own settings (mode, seed); a recording's digest is read from it (a
// damaged recording, or one whose run did not reach its end, is an InputError). Every other
// input problem is an InputError too.
run::RunDigest digestOfInput(const std::string& path, std::ostream& warnings);

}  // namespace tickscope::app
