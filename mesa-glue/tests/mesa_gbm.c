// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * GBM on every render node: gbm_create_device() works or fails cleanly
 * (NULL), never crashes; where it works, a small buffer can be created or
 * is refused cleanly. Each node is tried in a child process so a crash is
 * a failed test, not a dead suite.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <gbm.h>

#include "common.h"

/* Child: 0 device and BO work, 1 device NULL, 2 device works but no BO. */
static int try_gbm(void *arg)
{
	const struct render_node *node = arg;
	struct gbm_device *gbm;
	struct gbm_bo *bo;
	int fd = open(node->path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		diag("  %s: open failed", node->path);
		return 4;
	}
	gbm = gbm_create_device(fd);
	if (!gbm) {
		diag("  %s: gbm_create_device: NULL", node->path);
		close(fd);
		return 1;
	}
	diag("  %s: gbm backend %s", node->path,
	     gbm_device_get_backend_name(gbm));
	bo = gbm_bo_create(gbm, 64, 64, GBM_FORMAT_ARGB8888,
			   GBM_BO_USE_LINEAR);
	if (bo) {
		diag("  %s: 64x64 ARGB8888 BO, stride %u", node->path,
		     gbm_bo_get_stride(bo));
		gbm_bo_destroy(bo);
	} else {
		diag("  %s: gbm_bo_create failed", node->path);
	}
	gbm_device_destroy(gbm);
	close(fd);
	return bo ? 0 : 2;
}

int main(void)
{
	static const char *const what[] = {
		"device and BO", "no device (clean)", "device, no BO (clean)" };
	struct render_node nodes[MAX_NODES];
	int n = sysfs_render_nodes(nodes, MAX_NODES), i;
	char name[96];

	tap_check(n > 0, "gbm-render-nodes", "no render node in sysfs");
	for (i = 0; i < n; i++) {
		int st = run_isolated(try_gbm, &nodes[i]);

		snprintf(name, sizeof(name), "gbm-%.31s%s", nodes[i].name,
			 nodes[i].duet ? "-duet" : "");
		if (st >= 0 && st <= 2)
			diag("%s (%s): %s", nodes[i].path, nodes[i].driver,
			     what[st]);
		tap_check(st >= 0 && st <= 2, name,
			  "%s: child status %d (crash or open failure)",
			  nodes[i].path, st);
	}
	return tap_status();
}
