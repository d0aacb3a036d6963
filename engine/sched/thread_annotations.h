#pragma once
// Clang thread-safety analysis attributes (-Wthread-safety), after marl's tsa.h. They
// document and, under clang, check which lock guards which field and which functions expect
// it held: the runtime's mutex (reactive/runtime_mutex_p.h), a task's spin lock
// (sched/task_header.h), the test scheduler's and the parker's mutexes, and the platform
// schedulers' (platform/mutex.h includes this header). On other compilers (GCC builds the
// product) they expand to nothing. tests/lint (ctest -L lint) runs the analysis with clang.

#if defined(__clang__)
#define TICKSCOPE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define TICKSCOPE_THREAD_ANNOTATION(x)
#endif

#define TICKSCOPE_CAPABILITY(x) TICKSCOPE_THREAD_ANNOTATION(capability(x))
#define TICKSCOPE_SCOPED_CAPABILITY TICKSCOPE_THREAD_ANNOTATION(scoped_lockable)
#define TICKSCOPE_GUARDED_BY(x) TICKSCOPE_THREAD_ANNOTATION(guarded_by(x))
#define TICKSCOPE_PT_GUARDED_BY(x) TICKSCOPE_THREAD_ANNOTATION(pt_guarded_by(x))
#define TICKSCOPE_REQUIRES(...) TICKSCOPE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define TICKSCOPE_EXCLUDES(...) TICKSCOPE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define TICKSCOPE_ACQUIRE(...) TICKSCOPE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define TICKSCOPE_RELEASE(...) TICKSCOPE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define TICKSCOPE_TRY_ACQUIRE(...) TICKSCOPE_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// ASSERT_CAPABILITY: the function (an assertHeld()) tells the analysis that the capability is
// held from the call on, where it cannot follow: a lambda or a callback run under the lock.
#define TICKSCOPE_ASSERT_CAPABILITY(x) TICKSCOPE_THREAD_ANNOTATION(assert_capability(x))
#define TICKSCOPE_RETURN_CAPABILITY(x) TICKSCOPE_THREAD_ANNOTATION(lock_returned(x))
#define TICKSCOPE_NO_THREAD_SAFETY_ANALYSIS TICKSCOPE_THREAD_ANNOTATION(no_thread_safety_analysis)
