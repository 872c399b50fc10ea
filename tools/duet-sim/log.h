/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * duet-sim diagnostics on stderr.
 */
#ifndef __DUET_SIM_LOG_H__
#define __DUET_SIM_LOG_H__

#include <stdbool.h>

void duet_log_set_quiet(bool quiet);

/* Informational message, suppressed by --quiet. */
void duet_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Error message, always printed. */
void duet_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* __DUET_SIM_LOG_H__ */
