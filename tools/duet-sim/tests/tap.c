// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Minimal TAP-like test reporting with a per-test timeout.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define MAX_WATCHED	8

static unsigned int tests_run, tests_failed;
static bool current_failed;
static const char *current_name;
static pid_t watched[MAX_WATCHED];

void tap_watch_pid(pid_t pid)
{
	unsigned int i;

	for (i = 0; i < MAX_WATCHED; i++) {
		if (!watched[i]) {
			watched[i] = pid;
			return;
		}
	}
}

void tap_unwatch_pid(pid_t pid)
{
	unsigned int i;

	for (i = 0; i < MAX_WATCHED; i++)
		if (watched[i] == pid)
			watched[i] = 0;
}

static void write_str(const char *s)
{
	if (write(STDOUT_FILENO, s, strlen(s)) < 0)
		return;
}

/* Async-signal-safe: report the hung test, kill the sims, give up. */
static void on_timeout(int sig)
{
	unsigned int i;

	(void)sig;
	write_str("not ok - ");
	write_str(current_name ? current_name : "?");
	write_str("\n# timeout, aborting\n");
	for (i = 0; i < MAX_WATCHED; i++)
		if (watched[i])
			kill(watched[i], SIGKILL);
	_exit(1);
}

void tap_run(const char *name, tap_test_fn fn, void *ctx)
{
	current_name = name;
	current_failed = false;
	signal(SIGALRM, on_timeout);
	alarm(TAP_TEST_TIMEOUT);
	fn(ctx);
	alarm(0);

	tests_run++;
	if (current_failed)
		tests_failed++;
	printf("%sok %u - %s\n", current_failed ? "not " : "", tests_run, name);
	fflush(stdout);
}

bool tap_expect(bool cond, const char *fmt, ...)
{
	va_list ap;

	if (cond)
		return true;
	current_failed = true;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return false;
}

int tap_finish(void)
{
	printf("%u passed, %u failed\n", tests_run - tests_failed, tests_failed);
	return tests_failed ? 1 : 0;
}
