/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * igt_subset.h: the part of IGT's lib/igt_core.h and lib/ioctl_wrappers.h
 * that the Duet tests use, declared against the libigt.so.0 that Debian's
 * intel-gpu-tools package ships (IGT 1.27.1) without headers.
 *
 * Written from IGT's documented API and checked against the library's
 * exported symbols (igt_subset_check.c takes the address of every function
 * and variable declared here, so a missing one fails the link). In an IGT
 * tree this header is replaced by "igt.h"; the tests include nothing else
 * of IGT's.
 *
 * Control flow is IGT's: a subtest body runs under sigsetjmp() on
 * igt_subtest_jmpbuf; igt_assert*() / igt_skip*() / igt_fail() longjmp out
 * of it through the library, and igt_success() ends it normally.
 */
#ifndef DUET_IGT_SUBSET_H
#define DUET_IGT_SUBSET_H

#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef IGT_LOG_DOMAIN
#define IGT_LOG_DOMAIN NULL
#endif

/* Exit codes of a test binary (IGT's IGT_EXIT_*). */
#define IGT_EXIT_SUCCESS	0
#define IGT_EXIT_SKIP		77
#define IGT_EXIT_INVALID	79
#define IGT_EXIT_FAILURE	98
#define IGT_EXIT_ABORT		112

enum igt_log_level {
	IGT_LOG_DEBUG,
	IGT_LOG_INFO,
	IGT_LOG_WARN,
	IGT_LOG_CRITICAL,
	IGT_LOG_NONE,
};

typedef int (*igt_opt_handler_t)(int opt, int opt_index, void *data);

/* ---- libigt.so.0 symbols (all exported by IGT 1.27.1) ----------------- */

extern jmp_buf igt_subtest_jmpbuf;
extern jmp_buf igt_dynamic_jmpbuf;
/*
 * IGT 1.28 made igt_ioctl thread-local; meson.build finds out which the
 * library has (IGT_IOCTL_THREAD_LOCAL) by linking against it.
 */
#ifdef IGT_IOCTL_THREAD_LOCAL
extern __thread int (*igt_ioctl)(int fd, unsigned long request, void *arg);
#else
extern int (*igt_ioctl)(int fd, unsigned long request, void *arg);
#endif

int igt_subtest_init_parse_opts(int *argc, char **argv,
				const char *extra_short_opts,
				const struct option *extra_long_opts,
				const char *help_str,
				igt_opt_handler_t extra_opt_handler,
				void *handler_data);
bool __igt_run_subtest(const char *subtest_name, const char *file,
		       const int line);
bool __igt_enter_dynamic_container(void);
bool __igt_run_dynamic_subtest(const char *dynamic_subtest_name);
bool __igt_fixture(void);
void __igt_fixture_complete(void);
bool igt_only_list_subtests(void);
const char *igt_subtest_name(void);
const char *igt_test_name(void);

__attribute__((format(printf, 1, 2)))
void igt_describe_f(const char *fmt, ...);

void igt_success(void);
__attribute__((noreturn)) void igt_exit(void);
__attribute__((noreturn)) void igt_fail(int exitcode);
__attribute__((noreturn, format(printf, 1, 2)))
void igt_skip(const char *fmt, ...);
__attribute__((noreturn, format(printf, 5, 6)))
void __igt_skip_check(const char *file, const int line, const char *func,
		      const char *check, const char *fmt, ...);
__attribute__((noreturn, format(printf, 6, 7)))
void __igt_fail_assert(const char *domain, const char *file, const int line,
		       const char *func, const char *assertion,
		       const char *fmt, ...);

__attribute__((format(printf, 3, 4)))
void igt_log(const char *domain, enum igt_log_level level,
	     const char *fmt, ...);

bool __igt_fork(void);
void igt_waitchildren(void);

__attribute__((format(printf, 1, 2)))
void igt_kmsg(const char *fmt, ...);

/* ---- blocks ------------------------------------------------------------ */

#define __igt_cat2(a, b)	a ## b
#define __igt_cat(a, b)		__igt_cat2(a, b)
/* A name unique to the source line the macro is expanded on. */
#define __igt_uniq(name)	__igt_cat(__igt_cat(__igt_u_, name), __LINE__)

/*
 * igt_main: replaces main(). Parses IGT's options (--list-subtests,
 * --run-subtest, --describe, --debug, ...), runs the body, igt_exit()s.
 */
#define igt_main							\
	static void __igt_uniq(body)(void);				\
	int main(int argc, char **argv)					\
	{								\
		igt_subtest_init_parse_opts(&argc, argv, NULL, NULL,	\
					    NULL, NULL, NULL);		\
		__igt_uniq(body)();					\
		igt_exit();						\
	}								\
	static void __igt_uniq(body)(void)

/*
 * igt_fixture: set-up/tear-down code between subtests. Skipped while only
 * listing subtests; a skip or failure inside it skips or fails every
 * subtest that follows.
 */
#define igt_fixture							\
	for (volatile int __igt_uniq(fx) = 0;				\
	     __igt_uniq(fx) < 1 && __igt_fixture() &&			\
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     __igt_uniq(fx)++, __igt_fixture_complete())

/* igt_subtest: a subtest named @name; runs only when selected. */
#define igt_subtest(name)						\
	for (; __igt_run_subtest((name), __FILE__, __LINE__) &&	\
	       sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

/* igt_subtest_f: igt_subtest() with a printf-formatted name. */
#define igt_subtest_f(...)						\
	for (char __igt_uniq(name)[256];				\
	     snprintf(__igt_uniq(name), sizeof(__igt_uniq(name)),	\
		      __VA_ARGS__),					\
	     __igt_run_subtest(__igt_uniq(name), __FILE__, __LINE__) &&	\
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

/*
 * igt_subtest_with_dynamic: a subtest whose results are those of the
 * igt_dynamic() blocks inside it (skip if none ran, fail if any failed).
 */
#define igt_subtest_with_dynamic(name)					\
	for (; __igt_run_subtest((name), __FILE__, __LINE__) &&	\
	       __igt_enter_dynamic_container() &&			\
	       sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

#define igt_dynamic(name)						\
	for (; __igt_run_dynamic_subtest(name) &&			\
	       sigsetjmp(igt_dynamic_jmpbuf, 1) == 0;			\
	     igt_success())

#define igt_dynamic_f(...)						\
	for (char __igt_uniq(dname)[256];				\
	     snprintf(__igt_uniq(dname), sizeof(__igt_uniq(dname)),	\
		      __VA_ARGS__),					\
	     __igt_run_dynamic_subtest(__igt_uniq(dname)) &&		\
	     sigsetjmp(igt_dynamic_jmpbuf, 1) == 0;			\
	     igt_success())

/* igt_describe: documents the next subtest (shown by --describe). */
#define igt_describe(text)	igt_describe_f("%s", (text))

/*
 * igt_fork: run the block in @num children (numbered by int @child) in
 * parallel; reap them with igt_waitchildren(), which fails the subtest if
 * any child failed.
 */
#define igt_fork(child, num)						\
	for (int child = 0; child < (num); child++)			\
		for (; __igt_fork(); exit(0))

/* ---- logging ----------------------------------------------------------- */

#define igt_debug(...)	igt_log(IGT_LOG_DOMAIN, IGT_LOG_DEBUG, __VA_ARGS__)
#define igt_info(...)	igt_log(IGT_LOG_DOMAIN, IGT_LOG_INFO, __VA_ARGS__)
#define igt_warn(...)	igt_log(IGT_LOG_DOMAIN, IGT_LOG_WARN, __VA_ARGS__)

/* ---- skips -------------------------------------------------------------- */

#define igt_require(cond) do {						\
	if (!(cond))							\
		__igt_skip_check(__FILE__, __LINE__, __func__, #cond, NULL); \
} while (0)

#define igt_require_f(cond, ...) do {					\
	if (!(cond))							\
		__igt_skip_check(__FILE__, __LINE__, __func__, #cond,	\
				 __VA_ARGS__);				\
} while (0)

#define igt_skip_on(cond) do {						\
	if (cond)							\
		__igt_skip_check(__FILE__, __LINE__, __func__,		\
				 "!(" #cond ")", NULL);			\
} while (0)

#define igt_skip_on_f(cond, ...) do {					\
	if (cond)							\
		__igt_skip_check(__FILE__, __LINE__, __func__,		\
				 "!(" #cond ")", __VA_ARGS__);		\
} while (0)

/* ---- assertions ---------------------------------------------------------- */

#define igt_assert(cond) do {						\
	if (!(cond))							\
		__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__,	\
				  __func__, #cond, NULL);		\
} while (0)

#define igt_assert_f(cond, ...) do {					\
	if (!(cond))							\
		__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__,	\
				  __func__, #cond, __VA_ARGS__);	\
} while (0)

#define igt_fail_on(cond)	igt_assert(!(cond))
#define igt_fail_on_f(cond, ...) igt_assert_f(!(cond), __VA_ARGS__)

/*
 * Comparisons print both values on failure. @T is the type both operands
 * are converted to, @fmt how it is printed, @op the comparison and @nop
 * its negation (shown in the message).
 */
#define __igt_assert_cmp(T, fmt, a, op, nop, b) do {			\
	T __a = (a), __b = (b);						\
	if (!(__a op __b))						\
		__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__,	\
				  __func__, #a " " #op " " #b,		\
				  "error: " fmt " " #nop " " fmt "\n",	\
				  __a, __b);				\
} while (0)

#define igt_assert_cmpint(a, op, nop, b) \
	__igt_assert_cmp(int, "%d", a, op, nop, b)
#define igt_assert_cmpuint(a, op, nop, b) \
	__igt_assert_cmp(uint32_t, "%#x", a, op, nop, b)
#define igt_assert_cmpu64(a, op, nop, b) \
	__igt_assert_cmp(unsigned long long, "%#llx", a, op, nop, b)

#define igt_assert_eq(a, b)		igt_assert_cmpint(a, ==, !=, b)
#define igt_assert_neq(a, b)		igt_assert_cmpint(a, !=, ==, b)
#define igt_assert_lt(a, b)		igt_assert_cmpint(a, <, >=, b)
#define igt_assert_lte(a, b)		igt_assert_cmpint(a, <=, >, b)
#define igt_assert_eq_u32(a, b)		igt_assert_cmpuint(a, ==, !=, b)
#define igt_assert_neq_u32(a, b)	igt_assert_cmpuint(a, !=, ==, b)
#define igt_assert_eq_u64(a, b)		igt_assert_cmpu64(a, ==, !=, b)
#define igt_assert_neq_u64(a, b)	igt_assert_cmpu64(a, !=, ==, b)
#define igt_assert_lt_u64(a, b)		igt_assert_cmpu64(a, <, >=, b)
#define igt_assert_lte_u64(a, b)	igt_assert_cmpu64(a, <=, >, b)

#define igt_assert_fd(fd) \
	igt_assert_f((fd) >= 0, "file descriptor " #fd " failed\n")

/* ---- ioctls (IGT's lib/ioctl_wrappers.h) ------------------------------ */

/* do_ioctl: the ioctl must succeed. */
#define do_ioctl(fd, req, arg) do {					\
	igt_assert_eq(igt_ioctl((fd), (req), (arg)), 0);		\
	errno = 0;							\
} while (0)

/* do_ioctl_err: the ioctl must fail with errno @err. */
#define do_ioctl_err(fd, req, arg, err) do {				\
	igt_assert_eq(igt_ioctl((fd), (req), (arg)), -1);		\
	igt_assert_eq(errno, (err));					\
	errno = 0;							\
} while (0)

#endif /* DUET_IGT_SUBSET_H */
