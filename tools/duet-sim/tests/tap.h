/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Minimal TAP-like test reporting with a per-test timeout.
 */
#ifndef __DUET_SIM_TEST_TAP_H__
#define __DUET_SIM_TEST_TAP_H__

#include <stdbool.h>
#include <sys/types.h>

/* Seconds a single test may take before the whole run is aborted. */
#define TAP_TEST_TIMEOUT	20

typedef void (*tap_test_fn)(void *ctx);

/* Run @fn as test @name; it fails if any expect() inside fails. */
void tap_run(const char *name, tap_test_fn fn, void *ctx);

/* Record a failed check with a "# " diagnostic unless @cond holds. */
bool tap_expect(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define expect(cond, ...)	tap_expect((cond), __VA_ARGS__)
#define expect_eq(a, b, what)						\
	tap_expect((unsigned long long)(a) == (unsigned long long)(b),	\
		   "%s: got 0x%llx, expected 0x%llx", (what),		\
		   (unsigned long long)(a), (unsigned long long)(b))

/* Processes killed if a test times out. */
void tap_watch_pid(pid_t pid);
void tap_unwatch_pid(pid_t pid);

/* Print the summary line; returns the process exit status. */
int tap_finish(void);

#endif /* __DUET_SIM_TEST_TAP_H__ */
