// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_device_lost: the device dies under the driver. The test VM's runner
 * kills card 0's duet-sim on request (scripts/duet-vm, "Device control")
 * while jobs run on both nodes. The driver must notice (the jobs time out
 * and its heartbeat has stopped), fail the in-flight work with -EIO, wedge
 * the card (later buffers and jobs fail with -EIO) instead of hanging,
 * keep both nodes' files usable for everything that does not need the
 * device, and let the modules unload. This destroys card 0, so it only runs when
 * DUET_DEVICE_LOST=1 (scripts/vm-tests/device-lost.sh, in a VM of its own).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

/* Ask the runner to kill card 0's device model and wait for it. */
static void kill_device(void)
{
	const char *results = getenv("DUET_RESULTS");
	char request[PATH_MAX], ack[PATH_MAX], tmp[PATH_MAX];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s/.duet-vm/tmp-kill-sim-0", results);
	snprintf(request, sizeof(request), "%s/.duet-vm/kill-sim-0", results);
	snprintf(ack, sizeof(ack), "%s/.duet-vm/sim-0-killed", results);
	/* Renamed into place: the runner removes it as soon as it sees it. */
	f = fopen(tmp, "w");
	igt_assert_f(f, "cannot ask the runner: %s\n", tmp);
	fclose(f);
	igt_assert_f(rename(tmp, request) == 0, "cannot ask the runner: %s\n",
		     request);
	for (int i = 0; i < 100 && access(ack, F_OK); i++)
		usleep(100000);
	igt_assert_f(!access(ack, F_OK), "the runner did not kill duet-sim\n");
}

static void device_lost(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER), a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct igt_duet_buf rb = igt_duet_buf_new(r, IGT_DUET_RENDER, 4096);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000000);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&rb), 1);
	struct igt_duet_card card;
	uint32_t rs, as, later;
	uint64_t size;
	int err, fresh;
	int64_t start;

	/* What the driver must say when the device goes: it is an error. */
	igt_duet_expect_kmsg("^duet_core [0-9a-f:.]+: card wedged: device lost");
	/* Removing a dead card: its GART cannot be disabled, bus mastering is. */
	igt_duet_expect_kmsg("^duet_core [0-9a-f:.]+: GART invalidation [0-9]+ not acknowledged");
	igt_duet_expect_kmsg("^duet_core [0-9a-f:.]+: GART not disabled by the device: bus mastering turned off");

	rs = igt_duet_submit(r, IGT_DUET_RENDER, 1, &spin, 1);
	as = igt_duet_submit(a, IGT_DUET_ACCEL, 1, &spin, 1);
	usleep(100000);
	kill_device();
	start = igt_duet_now_ms();

	/* In-flight and queued work fails, it does not hang. */
	igt_assert_eq(igt_duet_syncobj_wait(r, rs, 0, 20000), 0);
	igt_assert_eq(igt_duet_syncobj_wait(a, as, 0, 20000), 0);
	err = igt_duet_syncobj_error(r, rs);
	igt_info("lost device noticed after %" PRId64 " ms: render job %s, accel job %s\n",
		 igt_duet_now_ms() - start, strerror(-err),
		 strerror(-igt_duet_syncobj_error(a, as)));
	igt_assert_neq(err, 0);
	igt_assert_neq(igt_duet_syncobj_error(a, as), 0);

	/*
	 * The card is wedged, for good (no reset is ever acknowledged): no
	 * file, old or new, gets a buffer or a job (-EIO).
	 */
	igt_assert_eq(igt_duet_syncobj_error(r, rs), -EIO);
	err = __igt_duet_submit(r, IGT_DUET_RENDER, 1, &fill, 1, NULL, 0,
			    (struct drm_duet_sync){ 0 });
	igt_assert_f(err == -EIO, "submit after loss: %s\n", strerror(-err));
	fresh = igt_duet_open_node(0, IGT_DUET_RENDER);
	size = 4096;
	igt_assert_eq(__igt_duet_bo_create(fresh, IGT_DUET_RENDER, &size, &later), -EIO);
	igt_assert_eq(__igt_duet_submit(fresh, IGT_DUET_RENDER, 1, &spin, 1, NULL, 0,
					(struct drm_duet_sync){ 0 }), -EIO);
	card = igt_duet_get_card(0);
	sleep(2);
	igt_assert_eq(igt_duet_card_wedged(card.pci_path), 1);
	close(fresh);

	/* What does not need the device still works. */
	igt_assert_eq_u32(((uint32_t *)rb.map)[0], 0);
	igt_duet_buf_free(r, &rb);
	close(r);
	close(a);

	igt_assert_eq(system("rmmod duet_accel duet_drm duet_core"), 0);
}

igt_main
{
	igt_describe("Kill the device model while both nodes have jobs "
		     "running: the jobs and later work fail with an error, "
		     "nothing hangs, the modules unload.");
	igt_subtest("sim-killed-mid-job") {
		igt_require_f(getenv("DUET_DEVICE_LOST") && getenv("DUET_RESULTS"),
			      "destroys card 0: run by scripts/vm-tests/"
			      "device-lost.sh in a VM of its own\n");
		device_lost();
	}
}
