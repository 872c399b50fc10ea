/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The control socket: a Unix stream socket on which a test sends fault
 * commands (faults.h), one per line, and reads one answer line for each.
 * One connection is served at a time; a new one replaces it.
 */
#ifndef __DUET_SIM_CONTROL_H__
#define __DUET_SIM_CONTROL_H__

#include <stddef.h>

struct duet_device;

#define DUET_CONTROL_LINE_MAX	256

struct duet_control {
	const char *path;
	int listen_fd;
	int client_fd;
	size_t len;
	char buf[DUET_CONTROL_LINE_MAX];
};

/* Listen on @path (a stale socket is replaced). Returns 0 or -errno. */
int duet_control_init(struct duet_control *ctl, const char *path);
void duet_control_fini(struct duet_control *ctl);

/*
 * Accept a connection (replacing the current one). Returns the new
 * client's fd, to be watched for input, or -1.
 */
int duet_control_accept(struct duet_control *ctl);

/*
 * Read what the client sent and answer every complete line. Returns 0,
 * or -1 once the client is gone (its fd is then closed).
 */
int duet_control_serve(struct duet_control *ctl, struct duet_device *dev);

#endif /* __DUET_SIM_CONTROL_H__ */
