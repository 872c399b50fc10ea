// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * duet-sim diagnostics on stderr.
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static bool log_quiet;

void duet_log_set_quiet(bool quiet)
{
	log_quiet = quiet;
}

/* One line at a time: engine threads log concurrently. */
static void duet_vlog(const char *fmt, va_list ap)
{
	flockfile(stderr);
	fputs("duet-sim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

void duet_info(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	duet_vlog(fmt, ap);
	va_end(ap);
}

void duet_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	duet_vlog(fmt, ap);
	va_end(ap);
}
