/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * libduet internals: struct duet_dev and the per-node ioctl table.
 */
#ifndef DUET_PRIV_H
#define DUET_PRIV_H

#include "duet.h"

#define DUET_PUBLIC __attribute__((visibility("default")))

/* The ioctl numbers of one node's uAPI (same structures on both). */
struct duet_ioctls {
	unsigned long get_param;
	unsigned long bo_create;
	unsigned long bo_info;
	unsigned long submit;
};

struct duet_dev {
	int fd;
	enum duet_node_type type;
	const struct duet_ioctls *ioc;
};

/* ioctl() restarted on EINTR/EAGAIN; 0 or -errno. */
int duet_ioctl(int fd, unsigned long request, void *arg);

#endif /* DUET_PRIV_H */
