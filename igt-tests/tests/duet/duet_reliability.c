// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_reliability: what a card has to survive before a vendor copies the
 * design. Repeated resets under load (only guilty contexts lose work),
 * binding churn of each child and of the parent with clients coming and
 * going, and isolation: a client cannot reach another client's buffer by
 * guessing handles, offsets or device addresses, and a user without access
 * cannot open the nodes. Each subtest reports its figures with igt_info.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

#define PAGE	4096u

static struct igt_duet_card card0;
static char pci_bdf[64], render_aux[256], accel_aux[256];

/*
 * @rounds times: a new guilty client of alternating nodes hangs compute
 * engine 0; meanwhile an innocent render client works on the graphics
 * engine and an innocent accel client on compute engine 1. Every hang is
 * reset and fails with ETIMEDOUT, every innocent job completes correctly.
 */
static void resets_under_load(unsigned int rounds)
{
	/* Short, but long enough for an innocent FILL on a busy host. */
	const unsigned int timeout = 400;
	int r = -1, a = -1;
	unsigned int resets = 0, innocent = 0;
	struct igt_duet_buf rb, ab;
	int64_t start;

	igt_duet_reload_modules(timeout);
	r = igt_duet_open_node(0, IGT_DUET_RENDER);
	a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	rb = igt_duet_buf_new(r, IGT_DUET_RENDER, PAGE);
	ab = igt_duet_buf_new(a, IGT_DUET_ACCEL, PAGE);
	start = igt_duet_now_ms();

	for (unsigned int i = 0; i < rounds; i++) {
		enum igt_duet_node_type gnode = i % 2 ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
		int g = igt_duet_open_node(0, gnode);
		uint32_t ge = igt_duet_find_engine(g, gnode, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
		uint32_t gfx = igt_duet_find_engine(r, IGT_DUET_RENDER,
						DRM_DUET_ENGINE_CLASS_GRAPHICS, 0);
		uint32_t c1 = igt_duet_find_engine(a, IGT_DUET_ACCEL,
					       DRM_DUET_ENGINE_CLASS_COMPUTE, 1);
		struct drm_duet_cmd spin = igt_duet_cmd_spin((timeout + 300) * 1000);
		struct drm_duet_cmd rfill = igt_duet_cmd_fill(igt_duet_buf_op(&rb), i);
		struct drm_duet_cmd afill = igt_duet_cmd_fill(igt_duet_buf_op(&ab), ~i);
		uint32_t gs, rs, as;

		gs = igt_duet_submit(g, gnode, ge, &spin, 1);
		rs = igt_duet_submit(r, IGT_DUET_RENDER, gfx, &rfill, 1);
		as = igt_duet_submit(a, IGT_DUET_ACCEL, c1, &afill, 1);

		igt_assert_eq(igt_duet_syncobj_wait(r, rs, 0, IGT_DUET_WAIT_MS), 0);
		igt_assert_eq(igt_duet_syncobj_wait(a, as, 0, IGT_DUET_WAIT_MS), 0);
		igt_assert_eq(igt_duet_syncobj_error(r, rs), 0);
		igt_assert_eq(igt_duet_syncobj_error(a, as), 0);
		igt_assert_eq_u32(((uint32_t *)rb.map)[PAGE / 4 - 1], i);
		igt_assert_eq_u32(((uint32_t *)ab.map)[PAGE / 4 - 1], ~i);
		innocent += 2;

		igt_assert_eq(igt_duet_syncobj_wait(g, gs, 0, IGT_DUET_WAIT_MS), 0);
		igt_assert_eq(igt_duet_syncobj_error(g, gs), -ETIMEDOUT);
		resets++;
		close(g);
	}
	igt_info("%u resets survived, %u innocent jobs all completed, %" PRId64
		 " ms\n", resets, innocent, igt_duet_now_ms() - start);

	igt_duet_buf_free(r, &rb);
	igt_duet_buf_free(a, &ab);
	close(r);
	close(a);
	igt_duet_reload_modules(2000);
}

static void write_sysfs(const char *bus, const char *driver, const char *what,
			const char *dev)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "/sys/bus/%s/drivers/%s/%s", bus, driver, what);
	err = igt_duet_sysfs_write(path, dev);
	igt_assert_f(!err, "%s %s: %s\n", path, dev, strerror(-err));
}

/* A short-lived client: open, allocate, run a job, check, close. */
static void client_once(enum igt_duet_node_type node, uint32_t value)
{
	int fd = igt_duet_open_node(0, node);
	struct igt_duet_buf b = igt_duet_buf_new(fd, node, PAGE);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&b), value);

	igt_duet_run(fd, node, igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0),
		 &fill, 1);
	igt_assert_eq_u32(((uint32_t *)b.map)[7], value);
	igt_duet_buf_free(fd, &b);
	close(fd);
}

/*
 * @cycles times, in turn: unbind and rebind the accel child, the render
 * child, then the PCI parent, while a client of the other node (or, for
 * the parent, of both) holds an open file and a buffer across the unbind
 * and new clients run before and after.
 */
static void churn(unsigned int cycles)
{
	uint64_t start_avail;
	int64_t start = igt_duet_now_ms();
	int probe;

	probe = igt_duet_open_node(0, IGT_DUET_RENDER);
	start_avail = igt_duet_vram_available(probe, IGT_DUET_RENDER);
	close(probe);

	for (unsigned int i = 0; i < cycles; i++) {
		int which = i % 3;
		int r = igt_duet_open_node(0, IGT_DUET_RENDER);
		int a = igt_duet_open_node(0, IGT_DUET_ACCEL);

		/* Buffers held across the unbind, freed by the close. */
		igt_duet_bo_create(r, IGT_DUET_RENDER, PAGE);
		igt_duet_bo_create(a, IGT_DUET_ACCEL, PAGE);

		client_once(IGT_DUET_RENDER, i);
		client_once(IGT_DUET_ACCEL, i);
		if (which == 0) {
			write_sysfs("auxiliary", "duet_accel", "unbind", accel_aux);
			client_once(IGT_DUET_RENDER, i + 1);
			write_sysfs("auxiliary", "duet_accel", "bind", accel_aux);
		} else if (which == 1) {
			write_sysfs("auxiliary", "duet_drm", "unbind", render_aux);
			client_once(IGT_DUET_ACCEL, i + 1);
			write_sysfs("auxiliary", "duet_drm", "bind", render_aux);
		} else {
			write_sysfs("pci", "duet_core", "unbind", pci_bdf);
			write_sysfs("pci", "duet_core", "bind", pci_bdf);
		}
		close(r);
		close(a);
		client_once(IGT_DUET_RENDER, ~i);
		client_once(IGT_DUET_ACCEL, ~i);
	}

	/* Finished jobs let go of their buffers a moment after their fences. */
	probe = igt_duet_open_node(0, IGT_DUET_RENDER);
	for (int i = 0; i < 100 &&
	     igt_duet_vram_available(probe, IGT_DUET_RENDER) != start_avail; i++)
		usleep(20000);
	igt_assert_eq_u64(igt_duet_vram_available(probe, IGT_DUET_RENDER), start_avail);
	close(probe);
	igt_info("%u bind/unbind cycles survived (accel, render, parent in turn), %" PRId64
		 " ms\n", cycles, igt_duet_now_ms() - start);
}

/*
 * A client that knows (or guesses) another client's handles, mmap offsets
 * and device addresses still cannot read or change its bytes.
 */
static void isolation(enum igt_duet_node_type attacker_node)
{
	int victim = igt_duet_open_node(0, IGT_DUET_RENDER);
	int attacker = igt_duet_open_node(0, attacker_node);
	struct igt_duet_buf secret = igt_duet_buf_new(victim, IGT_DUET_RENDER, PAGE);
	struct drm_duet_bo_info vinfo = igt_duet_bo_info(victim, IGT_DUET_RENDER,
						     secret.handle);
	struct igt_duet_buf mine = igt_duet_buf_new(attacker, attacker_node, PAGE);
	struct drm_duet_bo_info minfo = igt_duet_bo_info(attacker, attacker_node,
						     mine.handle);
	uint32_t e = igt_duet_find_engine(attacker, attacker_node,
				      DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct drm_duet_sync none = { 0 };
	unsigned int tries = 0;
	void *ptr;

	memset(secret.map, 0x5e, PAGE);

	/* Every handle number that is not the attacker's own is unknown. */
	for (uint32_t h = 1; h < 256; h++) {
		struct drm_duet_cmd copy = igt_duet_cmd_copy(igt_duet_buf_op(&mine),
							 igt_duet_op(h, 0, PAGE));
		int err = __igt_duet_submit(attacker, attacker_node, e, &copy, 1,
					NULL, 0, none);

		tries++;
		igt_assert_eq(err, h == mine.handle ? 0 : -ENOENT);
	}

	/* Offsets from its own buffer towards the victim's device address. */
	{
		uint64_t delta = vinfo.device_address > minfo.device_address ?
			vinfo.device_address - minfo.device_address :
			minfo.device_address - vinfo.device_address;
		const uint64_t offsets[] = { PAGE, delta, -delta, UINT64_MAX - PAGE + 1 };

		for (unsigned int i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
			struct drm_duet_cmd fill = igt_duet_cmd_fill(
				igt_duet_op(mine.handle, offsets[i], PAGE), 0);

			tries++;
			igt_assert_eq(__igt_duet_submit(attacker, attacker_node, e, &fill,
						    1, NULL, 0, none), -EINVAL);
		}
	}

	/*
	 * The victim's mmap offset names nothing of the attacker's file, or,
	 * on the other node (whose offsets are allocated independently), at
	 * most the attacker's own buffer: never the victim's bytes.
	 */
	ptr = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, attacker, vinfo.mmap_offset);
	tries++;
	if (ptr != MAP_FAILED) {
		igt_assert_f(attacker_node != IGT_DUET_RENDER &&
			     vinfo.mmap_offset == minfo.mmap_offset,
			     "mapped another client's buffer\n");
		igt_assert_eq_u32(((uint8_t *)ptr)[0], 0);
		munmap(ptr, PAGE);
	}

	/* Let the attacker's jobs finish, then check the secret is intact. */
	{
		struct drm_duet_cmd nop = igt_duet_cmd_spin(0);

		igt_duet_run(attacker, attacker_node, e, &nop, 1);
	}
	for (unsigned int i = 0; i < PAGE; i++)
		igt_assert_eq_u32(((uint8_t *)secret.map)[i], 0x5e);
	for (unsigned int i = 0; i < PAGE; i++)
		igt_assert_eq_u32(((uint8_t *)mine.map)[i], 0);
	igt_info("%u attempts to reach another client's buffer refused\n", tries);

	igt_duet_buf_free(victim, &secret);
	igt_duet_buf_free(attacker, &mine);
	close(victim);
	close(attacker);
}

/* A user without access to the nodes cannot open them. */
static void unprivileged(void)
{
	struct igt_duet_card c = igt_duet_get_card(0);

	igt_fork(child, 1) {
		igt_assert(!setgroups(0, NULL) && !setgid(65534) &&
			   !setuid(65534));
		igt_assert_f(open(c.render.dev, O_RDWR) < 0 && errno == EACCES,
			     "nobody opened %s\n", c.render.dev);
		igt_assert_f(open(c.accel.dev, O_RDWR) < 0 && errno == EACCES,
			     "nobody opened %s\n", c.accel.dev);
	}
	igt_waitchildren();
}

igt_main
{
	igt_fixture {
		igt_duet_require_cards();
		card0 = igt_duet_get_card(0);
		snprintf(pci_bdf, sizeof(pci_bdf), "%s", igt_duet_basename(card0.pci_path));
		snprintf(render_aux, sizeof(render_aux), "%s",
			 igt_duet_basename(card0.render.aux));
		snprintf(accel_aux, sizeof(accel_aux), "%s",
			 igt_duet_basename(card0.accel.aux));
	}

	igt_describe("100 hangs on a compute engine by guilty clients of both "
		     "nodes, each reset; innocent clients on the graphics engine "
		     "and the other compute engine never lose a job.");
	igt_subtest("resets-under-load")
		resets_under_load(100);

	igt_describe("100 cycles of unbinding and binding each child and 100 "
		     "of the PCI parent (300 in turn) while clients start, hold "
		     "buffers and stop; VRAM returns to its start value.");
	igt_subtest("binding-churn")
		churn(300);

	igt_describe("A render client guessing handles, offsets and device "
		     "addresses of another render client's buffer cannot read "
		     "or change it.");
	igt_subtest("isolation-render")
		isolation(IGT_DUET_RENDER);

	igt_describe("The same attacker on the accel node.");
	igt_subtest("isolation-accel")
		isolation(IGT_DUET_ACCEL);

	igt_describe("A user without access to the nodes gets EACCES.");
	igt_subtest("unprivileged-open")
		unprivileged();

	/* A failed resets-under-load must not leave its short timeout. */
	igt_fixture {
		if (igt_duet_job_timeout_ms() != 2000)
			igt_duet_reload_modules(2000);
	}
}
