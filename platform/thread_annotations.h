#pragma once
// The clang thread-safety attributes live in the engine (sched/thread_annotations.h), which
// must not include platform/; the platform schedulers use the same macros.
#include "sched/thread_annotations.h"
