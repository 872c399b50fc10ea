// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_hotunplug: modelled on IGT's core_hotunplug. Take away part or all
 * of a Duet card while its nodes are open: files of a node that went away
 * fail with ENODEV and close cleanly later, the other node keeps working,
 * and binding again brings the nodes back. Modules cannot go while a node
 * is open.
 *
 * Every subtest works on card 0 and, whatever happens, the last fixture
 * puts back what was there at the start (drivers bound, modules loaded).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

/* What card 0 was at the start, for the recovery fixture. */
static struct igt_duet_card card0;
static char pci_bdf[64], render_aux[64], accel_aux[64];

static int render_answers(int fd)
{
	struct drm_duet_get_param p = { .param = DRM_DUET_PARAM_HW_VERSION };

	return __igt_duet_render_get_param(fd, &p);
}

static int accel_answers(int fd)
{
	struct drm_duet_accel_get_param p = {
		.param = DRM_DUET_ACCEL_PARAM_HW_VERSION,
	};

	return __igt_duet_accel_get_param(fd, &p);
}

static int node_answers(int fd, bool accel)
{
	return accel ? accel_answers(fd) : render_answers(fd);
}

static bool module_loaded(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return !access(path, F_OK);
}

static bool bound(const char *bus, const char *dev)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/driver", bus, dev);
	return !access(path, F_OK);
}

/* Put card 0 back as it was; quiet unless something had to be done. */
static void recover(void)
{
	if (!module_loaded(DUET_RENDER_DRIVER) || !module_loaded(DUET_ACCEL_DRIVER)) {
		igt_info("recovery: loading the Duet modules\n");
		igt_assert_eq(system("modprobe " DUET_RENDER_DRIVER
				     " && modprobe " DUET_ACCEL_DRIVER), 0);
	}
	if (!bound("pci", pci_bdf)) {
		igt_info("recovery: binding %s\n", pci_bdf);
		igt_duet_driver_bind("pci", DUET_PCI_DRIVER, pci_bdf);
	}
	if (!bound("auxiliary", render_aux)) {
		igt_info("recovery: binding %s\n", render_aux);
		igt_duet_driver_bind("auxiliary", DUET_RENDER_DRIVER, render_aux);
	}
	if (!bound("auxiliary", accel_aux)) {
		igt_info("recovery: binding %s\n", accel_aux);
		igt_duet_driver_bind("auxiliary", DUET_ACCEL_DRIVER, accel_aux);
	}
}

/* Card 0 is back with both nodes, and both answer. */
static void check_card0_back(void)
{
	struct igt_duet_card c = igt_duet_get_card(0);
	int fd;

	igt_assert_f(!strcmp(c.pci_path, card0.pci_path),
		     "card 0 is %s, was %s\n", c.pci_path, card0.pci_path);
	igt_assert_f(c.render.name[0] && c.accel.name[0],
		     "card 0 lacks a node after rebinding\n");
	fd = igt_duet_open_path(c.render.dev);
	igt_assert_eq(render_answers(fd), 0);
	close(fd);
	fd = igt_duet_open_path(c.accel.dev);
	igt_assert_eq(accel_answers(fd), 0);
	close(fd);
}

/*
 * Unbind one child of card 0 while both nodes are open: the unbound node's
 * file fails with ENODEV (and closes cleanly later), the other node keeps
 * working, binding again brings the node back.
 */
static void unbind_one_child(bool accel)
{
	const struct igt_duet_node *gone = accel ? &card0.accel : &card0.render;
	const struct igt_duet_node *kept = accel ? &card0.render : &card0.accel;
	const char *driver = accel ? DUET_ACCEL_DRIVER : DUET_RENDER_DRIVER;
	const char *aux = igt_duet_basename(gone->aux);
	int fd_gone, fd_kept, fd;

	fd_gone = igt_duet_open_path(gone->dev);
	fd_kept = igt_duet_open_path(kept->dev);
	igt_assert_eq(node_answers(fd_gone, accel), 0);

	igt_duet_driver_unbind("auxiliary", driver, aux);

	igt_assert_eq(node_answers(fd_gone, accel), -ENODEV);
	igt_assert_eq(node_answers(fd_kept, !accel), 0);
	fd = igt_duet_open_path(kept->dev);		/* new opens work too */
	igt_assert_eq(node_answers(fd, !accel), 0);
	close(fd);
	igt_assert_f(access(gone->dev, F_OK), "%s still exists after unbind\n",
		     gone->dev);
	igt_assert_eq(close(fd_gone), 0);	/* late close */

	igt_duet_driver_bind("auxiliary", driver, aux);
	check_card0_back();
	igt_assert_eq(node_answers(fd_kept, !accel), 0);
	igt_assert_eq(close(fd_kept), 0);
}

/*
 * Unbind one child while the other node has jobs in flight on the shared
 * compute engine and on an engine of its own: those jobs complete with the
 * right results; the unbound node's queued jobs finish too (they hold its
 * buffers until then), its file fails with ENODEV, and its VRAM comes back
 * when its file is closed. Binding again gives a working node.
 */
static void unbind_during_work(enum igt_duet_node_type gone)
{
	enum igt_duet_node_type kept = gone == IGT_DUET_ACCEL ? IGT_DUET_RENDER :
							      IGT_DUET_ACCEL;
	const char *driver = gone == IGT_DUET_ACCEL ? DUET_ACCEL_DRIVER :
						      DUET_RENDER_DRIVER;
	const char *aux = gone == IGT_DUET_ACCEL ? accel_aux : render_aux;
	int fd_gone = igt_duet_open_node(0, gone), fd_kept = igt_duet_open_node(0, kept);
	uint32_t n = igt_duet_num_engines(fd_kept, kept), syncs[8];
	struct igt_duet_buf kb = igt_duet_buf_new(fd_kept, kept, 8 * 64);
	struct igt_duet_buf gb = igt_duet_buf_new(fd_gone, gone, 64 * 1024);
	struct drm_duet_cmd gcmds[] = {
		igt_duet_cmd_spin(200000),
		igt_duet_cmd_fill(igt_duet_buf_op(&gb), 0x9011e),
	};
	uint64_t avail;

	/* Work on both nodes, the kept node's on every engine it has. */
	igt_duet_submit(fd_gone, gone, 0, gcmds, 2);
	for (int i = 0; i < 8; i++) {
		struct drm_duet_cmd cmds[] = {
			igt_duet_cmd_spin(50000),
			igt_duet_cmd_fill(igt_duet_op(kb.handle, i * 64, 64), 0x1000 + i),
		};

		syncs[i] = igt_duet_submit(fd_kept, kept, i % n, cmds, 2);
	}

	igt_duet_driver_unbind("auxiliary", driver, aux);

	for (int i = 0; i < 8; i++) {
		igt_assert_eq(igt_duet_syncobj_wait(fd_kept, syncs[i], 0, IGT_DUET_WAIT_MS), 0);
		igt_assert_eq(igt_duet_syncobj_error(fd_kept, syncs[i]), 0);
		igt_assert_eq_u32(((uint32_t *)kb.map)[i * 16 + 15], 0x1000 + i);
	}
	igt_assert_eq(node_answers(fd_gone, gone == IGT_DUET_ACCEL), -ENODEV);

	/* The gone node's buffer is freed once its job is done and it is closed. */
	avail = igt_duet_vram_available(fd_kept, kept);
	munmap(gb.map, gb.size);
	igt_assert_eq(close(fd_gone), 0);
	for (int i = 0; i < 100 && igt_duet_vram_available(fd_kept, kept) == avail; i++)
		usleep(20000);
	igt_assert_eq_u64(igt_duet_vram_available(fd_kept, kept), avail + 64 * 1024);

	igt_duet_driver_bind("auxiliary", driver, aux);
	check_card0_back();
	fd_gone = igt_duet_open_node(0, gone);
	gb = igt_duet_buf_new(fd_gone, gone, 4096);
	gcmds[1] = igt_duet_cmd_fill(igt_duet_buf_op(&gb), 5);
	igt_duet_run(fd_gone, gone, 0, &gcmds[1], 1);
	igt_assert_eq_u32(((uint32_t *)gb.map)[0], 5);
	igt_duet_buf_free(fd_gone, &gb);
	close(fd_gone);
	igt_duet_buf_free(fd_kept, &kb);
	close(fd_kept);
}

/*
 * Unbind the PCI parent while both nodes have jobs running: their fences
 * signal with ENODEV (seen through sync_files exported before), the files
 * fail with ENODEV and close cleanly, and rebinding gives working nodes.
 */
static void unbind_pci_during_work(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER), a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1500000);
	int rs, as;

	rs = igt_duet_syncobj_export_sync_file(r,
		igt_duet_submit(r, IGT_DUET_RENDER, 0, &spin, 1));
	as = igt_duet_syncobj_export_sync_file(a,
		igt_duet_submit(a, IGT_DUET_ACCEL, 1, &spin, 1));
	usleep(100000);

	igt_duet_driver_unbind("pci", DUET_PCI_DRIVER, pci_bdf);

	igt_assert_eq(igt_duet_sync_file_wait(rs, 1000), -ENODEV);
	igt_assert_eq(igt_duet_sync_file_wait(as, 1000), -ENODEV);
	igt_assert_eq(render_answers(r), -ENODEV);
	igt_assert_eq(accel_answers(a), -ENODEV);
	close(rs);
	close(as);
	igt_assert_eq(close(r), 0);
	igt_assert_eq(close(a), 0);

	igt_duet_driver_bind("pci", DUET_PCI_DRIVER, pci_bdf);
	check_card0_back();
	r = igt_duet_open_node(0, IGT_DUET_RENDER);
	spin = igt_duet_cmd_spin(1000);
	igt_duet_run(r, IGT_DUET_RENDER, 1, &spin, 1);
	close(r);
}

/*
 * Remove the card from the PCI bus (what a hot-unplug does to the driver:
 * pciehp calls the same pci_stop_and_remove_bus_device()) while both nodes
 * hold files, CPU mappings and running jobs; then rescan, which finds the
 * card again as a new device. qmp_device_del() below is the same through
 * the VM's hotplug controller.
 */
static void pci_remove_rescan(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER), a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct igt_duet_buf rb = igt_duet_buf_new(r, IGT_DUET_RENDER, 4 * 4096);
	struct igt_duet_buf ab = igt_duet_buf_new(a, IGT_DUET_ACCEL, 4 * 4096);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1500000);
	char path[PATH_MAX];
	volatile uint32_t *rp = rb.map, *ap = ab.map;
	int rs, as, err;

	rp[0] = 0x1234;
	ap[0] = 0x5678;
	rs = igt_duet_syncobj_export_sync_file(r,
		igt_duet_submit(r, IGT_DUET_RENDER, 1, &spin, 1));
	as = igt_duet_syncobj_export_sync_file(a,
		igt_duet_submit(a, IGT_DUET_ACCEL, 0, &spin, 1));
	usleep(100000);

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", pci_bdf);
	err = igt_duet_sysfs_write(path, "1");
	igt_assert_f(!err, "%s: %s\n", path, strerror(-err));

	/* In-flight work fails with ENODEV, files fail, nothing hangs. */
	igt_assert_eq(igt_duet_sync_file_wait(rs, 2000), -ENODEV);
	igt_assert_eq(igt_duet_sync_file_wait(as, 2000), -ENODEV);
	igt_assert_eq(render_answers(r), -ENODEV);
	igt_assert_eq(accel_answers(a), -ENODEV);
	/* Mappings no longer reach the BAR: a private zero page instead. */
	igt_assert_eq_u32(rp[0], 0);
	igt_assert_eq_u32(ap[0], 0);
	rp[1] = 1;
	ap[1] = 1;
	munmap(rb.map, rb.size);
	munmap(ab.map, ab.size);
	close(rs);
	close(as);
	igt_assert_eq(close(r), 0);
	igt_assert_eq(close(a), 0);

	/* A rescan finds the card again, as a new device that works. */
	err = igt_duet_sysfs_write("/sys/bus/pci/rescan", "1");
	igt_assert_f(!err, "rescan: %s\n", strerror(-err));
	check_card0_back();
	r = igt_duet_open_node(0, IGT_DUET_RENDER);
	spin = igt_duet_cmd_spin(1000);
	igt_duet_run(r, IGT_DUET_RENDER, 1, &spin, 1);
	close(r);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Poll (sysfs, /dev: guest-local) until @cond holds or @timeout_s passes. */
static bool wait_until(bool (*cond)(void), double timeout_s)
{
	double end = now_s() + timeout_s;

	while (!cond()) {
		if (now_s() > end)
			return false;
		usleep(10000);
	}
	return true;
}

static bool card0_gone(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", pci_bdf);
	return access(path, F_OK) != 0;
}

/*
 * Both nodes of a card at card 0's PCI address are registered. (The PCI
 * driver link appears before duet_core's probe runs, and until the new
 * card has a node, "card 0" of the scan is the next card.)
 */
static bool card0_nodes_up(void)
{
	struct igt_duet_card c;

	if (card0_gone() || igt_duet_card_count() < 1)
		return false;
	c = igt_duet_get_card(0);
	return !strcmp(c.pci_path, card0.pci_path) &&
	       c.render.name[0] && c.accel.name[0] &&
	       !access(c.render.dev, F_OK) && !access(c.accel.dev, F_OK);
}

static const char *replug_answer;

static bool replug_answered(void)
{
	return !access(replug_answer, F_OK);
}

/*
 * A second client process (igt_fork): it alone holds an accel file, a
 * mapping and a running job on the card, and checks what it sees once the
 * card is gone.
 */
static void accel_client(int fd, volatile uint32_t *map, int sync_file, int ready)
{
	char c = 1;
	int status = 0;

	igt_assert_eq(write(ready, &c, 1), 1);
	while (!card0_gone())
		usleep(10000);
	igt_assert_eq(__igt_duet_sync_file_wait(sync_file, 5000, &status), 0);
	igt_assert_eq(status, -ENODEV);
	igt_assert_eq(accel_answers(fd), -ENODEV);
	igt_assert_eq_u32(map[0], 0);
	map[1] = 1;	/* must not fault */
	igt_assert_eq(close(sync_file), 0);
	igt_assert_eq(close(fd), 0);
}

/*
 * Hot-unplug through the VM: the runner's QMP device_del takes card 0 out
 * (the guest's ACPI hotplug driver removes the Duet drivers, then the slot
 * is ejected) while this process holds render files, a mapping and a
 * running job, and a forked client holds the same on the accel node. Then
 * the runner's device_add puts a new card (a new duet-sim) into the slot.
 *
 * From asking for the replug until the new card is up, the test must not
 * touch the host's file system (the root over 9p): QEMU 7.2 leaves stale
 * handlers on the removed device's descriptors until the runner has fenced
 * them (scripts/duet-qmp). It waits on sysfs and /dev only.
 *
 * With @storm, the card raises a spurious error interrupt every
 * millisecond until the runner quiesces it: an interrupt is nearly always
 * in flight when QEMU ejects the slot, the case that crashes QEMU 7.2
 * without the quiesce (DUET_QMP_NO_QUIESCE=1 shows it).
 */
static void qmp_device_del(bool storm)
{
	const char *results = getenv("DUET_RESULTS");
	char req[PATH_MAX], ans[PATH_MAX], tmp[PATH_MAX];
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000000), fill;
	struct igt_duet_buf rb, ab;
	volatile uint32_t *rp;
	uint32_t rjob = 0, ajob = 0;
	int r, a, rs, as, ready[2], reqfd;
	double t0, t_gone, t_new;
	char c;

	igt_require_f(results, "not in the test VM (DUET_RESULTS unset)\n");
	snprintf(req, sizeof(req), "%s/.duet-vm", results);
	igt_require_f(!access(req, F_OK),
		      "%s missing: not under scripts/duet-vm, no QMP service\n", req);
	if (storm)
		igt_duet_fault(0, "irq-storm 0 1000");	/* the error vector */
	snprintf(req, sizeof(req), "%s/.duet-vm/replug-0", results);
	snprintf(tmp, sizeof(tmp), "%s/.duet-vm/tmp-replug-0", results);
	snprintf(ans, sizeof(ans), "%s/.duet-vm/replugged-0", results);
	unlink(ans);

	r = igt_duet_open_node(0, IGT_DUET_RENDER);
	a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	rb = igt_duet_buf_new(r, IGT_DUET_RENDER, 4 * 4096);
	ab = igt_duet_buf_new(a, IGT_DUET_ACCEL, 4 * 4096);
	rp = rb.map;
	rp[0] = 0x1234;
	((volatile uint32_t *)ab.map)[0] = 0x5678;
	/*
	 * Work for 30 s, far longer than the unplug takes to come (under a
	 * second, several on a loaded host: with 4 s of work the last job
	 * once completed first), in jobs shorter than the job timeout (a job
	 * that times out first would signal ETIMEDOUT, not ENODEV): the
	 * last one's fence.
	 */
	for (int i = 0; i < 30; i++) {
		rjob = igt_duet_submit(r, IGT_DUET_RENDER, 1, &spin, 1);
		ajob = igt_duet_submit(a, IGT_DUET_ACCEL, 0, &spin, 1);
	}
	rs = igt_duet_syncobj_export_sync_file(r, rjob);
	as = igt_duet_syncobj_export_sync_file(a, ajob);

	igt_assert_eq(pipe(ready), 0);
	igt_fork(child, 1) {
		close(ready[0]);
		close(r);
		close(rs);
		munmap(rb.map, rb.size);
		accel_client(a, ab.map, as, ready[1]);
	}
	/* The accel file, mapping and job are the child's alone now. */
	close(ready[1]);
	igt_assert_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	munmap(ab.map, ab.size);
	close(as);
	close(a);

	/*
	 * Ask the runner; no host file access from here on. The request is
	 * created under another name and renamed: the runner removes it as
	 * soon as it sees it, which must not race with its creation.
	 */
	reqfd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	igt_assert_f(reqfd >= 0, "%s: %s\n", tmp, strerror(errno));
	close(reqfd);
	igt_assert_f(rename(tmp, req) == 0, "%s: %s\n", req, strerror(errno));
	t0 = now_s();

	igt_assert_f(wait_until(card0_gone, 60), "card 0 still there 60 s after device_del\n");
	t_gone = now_s();
	/* In-flight work failed with ENODEV, files fail, nothing hangs. */
	igt_assert_eq(igt_duet_sync_file_wait(rs, 5000), -ENODEV);
	igt_assert_eq(render_answers(r), -ENODEV);
	igt_assert_f(access(card0.render.dev, F_OK) && access(card0.accel.dev, F_OK),
		     "a node of the removed card is still in /dev\n");
	/* The mapping no longer reaches the BAR: a private zero page. */
	igt_assert_eq_u32(rp[0], 0);
	rp[1] = 1;
	igt_waitchildren();	/* fails if the accel client failed */
	munmap(rb.map, rb.size);
	close(rs);
	igt_assert_eq(close(r), 0);

	igt_assert_f(wait_until(card0_nodes_up, 60),
		     "no new card in the slot 60 s after the unplug\n");
	t_new = now_s();
	/* The runner fenced QEMU before device_add: the host's files are safe. */
	replug_answer = ans;
	igt_assert_f(wait_until(replug_answered, 10),
		     "the runner did not confirm the replug\n");
	igt_info("device_del: card gone after %.1f s; new card up %.1f s later\n",
		 t_gone - t0, t_new - t_gone);

	/* The new card works on both nodes. */
	r = igt_duet_open_node(0, IGT_DUET_RENDER);
	a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	rb = igt_duet_buf_new(r, IGT_DUET_RENDER, 4096);
	ab = igt_duet_buf_new(a, IGT_DUET_ACCEL, 4096);
	fill = igt_duet_cmd_fill(igt_duet_buf_op(&rb), 0xa11ce);
	igt_duet_run(r, IGT_DUET_RENDER, 1, &fill, 1);
	fill = igt_duet_cmd_fill(igt_duet_buf_op(&ab), 0xb0b);
	igt_duet_run(a, IGT_DUET_ACCEL, 0, &fill, 1);
	igt_assert_eq_u32(((uint32_t *)rb.map)[0], 0xa11ce);
	igt_assert_eq_u32(((uint32_t *)ab.map)[0], 0xb0b);
	igt_duet_buf_free(r, &rb);
	igt_duet_buf_free(a, &ab);
	close(r);
	close(a);
}

/*
 * Unload and reload one child's module while the other node runs jobs:
 * they complete, and the reloaded node works.
 */
static void reload_child_module(enum igt_duet_node_type gone)
{
	enum igt_duet_node_type kept = gone == IGT_DUET_ACCEL ? IGT_DUET_RENDER :
							      IGT_DUET_ACCEL;
	const char *module = gone == IGT_DUET_ACCEL ? DUET_ACCEL_DRIVER :
						      DUET_RENDER_DRIVER;
	int fd = igt_duet_open_node(0, kept), back;
	struct igt_duet_buf b = igt_duet_buf_new(fd, kept, 8 * 64);
	uint32_t syncs[8];
	char cmd[64];

	for (int i = 0; i < 8; i++) {
		struct drm_duet_cmd cmds[] = {
			igt_duet_cmd_spin(30000),
			igt_duet_cmd_fill(igt_duet_op(b.handle, i * 64, 64), 0x2000 + i),
		};

		syncs[i] = igt_duet_submit(fd, kept, i % igt_duet_num_engines(fd, kept),
				       cmds, 2);
	}

	snprintf(cmd, sizeof(cmd), "rmmod %s", module);
	igt_assert_f(system(cmd) == 0, "%s failed\n", cmd);
	for (int i = 0; i < 8; i++) {
		igt_assert_eq(igt_duet_syncobj_wait(fd, syncs[i], 0, IGT_DUET_WAIT_MS), 0);
		igt_assert_eq(igt_duet_syncobj_error(fd, syncs[i]), 0);
		igt_assert_eq_u32(((uint32_t *)b.map)[i * 16], 0x2000 + i);
	}
	snprintf(cmd, sizeof(cmd), "modprobe %s", module);
	igt_assert_f(system(cmd) == 0, "%s failed\n", cmd);

	back = igt_duet_open_node(0, gone);
	igt_assert_eq(node_answers(back, gone == IGT_DUET_ACCEL), 0);
	close(back);
	igt_duet_buf_free(fd, &b);
	close(fd);
}

static int delete_module(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

/* A module in use cannot be removed: EWOULDBLOCK (EAGAIN) or EBUSY. */
static void assert_module_busy(const char *name)
{
	int err = delete_module(name);

	igt_assert_f(err == -EAGAIN || err == -EBUSY,
		     "removing %s with a node open: %s, expected EAGAIN/EBUSY\n",
		     name, err ? strerror(-err) : "succeeded");
	igt_assert(module_loaded(name));
}

igt_main
{
	igt_fixture {
		igt_duet_require_cards();
		card0 = igt_duet_get_card(0);
		igt_require(card0.render.name[0] && card0.accel.name[0]);
		snprintf(pci_bdf, sizeof(pci_bdf), "%s",
			 igt_duet_basename(card0.pci_path));
		snprintf(render_aux, sizeof(render_aux), "%s",
			 igt_duet_basename(card0.render.aux));
		snprintf(accel_aux, sizeof(accel_aux), "%s",
			 igt_duet_basename(card0.accel.aux));
	}

	igt_describe("Unbind the accel child while both nodes are open: the "
		     "accel file gets ENODEV, the render node keeps working, "
		     "rebinding brings the accel node back.");
	igt_subtest("unbind-accel-keeps-render")
		unbind_one_child(true);

	igt_describe("Unbind the render child while both nodes are open: the "
		     "render file gets ENODEV, the accel node keeps working, "
		     "rebinding brings the render node back.");
	igt_subtest("unbind-render-keeps-accel")
		unbind_one_child(false);

	igt_describe("Unbind the accel child while the render node has jobs "
		     "in flight on every engine: they complete correctly, the "
		     "accel file gets ENODEV, its VRAM returns on close, and "
		     "rebinding gives a working accel node.");
	igt_subtest("unbind-accel-during-render-work")
		unbind_during_work(IGT_DUET_ACCEL);

	igt_describe("Unbind the render child while the accel node has jobs "
		     "in flight on the shared compute engines: they complete, "
		     "and rebinding gives a working render node.");
	igt_subtest("unbind-render-during-accel-work")
		unbind_during_work(IGT_DUET_RENDER);

	igt_describe("Unload and reload the accel driver module while the "
		     "render node runs jobs: they complete, accel comes back.");
	igt_subtest("reload-accel-module-during-render-work")
		reload_child_module(IGT_DUET_ACCEL);

	igt_describe("Unload and reload the render driver module while the "
		     "accel node runs jobs: they complete, render comes back.");
	igt_subtest("reload-render-module-during-accel-work")
		reload_child_module(IGT_DUET_RENDER);

	igt_describe("Unbind the PCI parent while both nodes have jobs "
		     "running: their fences signal with ENODEV, the files fail "
		     "with ENODEV and close cleanly, rebinding works.");
	igt_subtest("unbind-pci-during-work")
		unbind_pci_during_work();

	igt_describe("Remove the card from the PCI bus while both nodes hold "
		     "files, mappings and running jobs: fences signal ENODEV, "
		     "files fail with ENODEV, mappings read a zero page, "
		     "processes close cleanly; a rescan brings a working card.");
	igt_subtest("pci-remove-rescan-with-clients")
		pci_remove_rescan();

	igt_describe("Hot-unplug card 0 with QMP device_del while a render "
		     "client and a forked accel client hold files, mappings "
		     "and running jobs: fences signal ENODEV, files fail with "
		     "ENODEV, mappings read a zero page, the client exits "
		     "normally; device_add then brings a new card that works.");
	igt_subtest("qmp-device-del-with-clients")
		qmp_device_del(false);

	igt_describe("The same while card 0 raises a spurious error interrupt "
		     "every millisecond: the driver takes them as nothing, and "
		     "the unplug (quiesced by the runner) still succeeds.");
	igt_subtest("qmp-device-del-during-interrupt-storm")
		qmp_device_del(true);

	igt_describe("Unbind the PCI parent with both nodes open: both files "
		     "get ENODEV and close cleanly, both nodes disappear, and "
		     "binding the parent again brings both back.");
	igt_subtest("unbind-rebind-pci-parent") {
		int render = igt_duet_open_path(card0.render.dev);
		int accel = igt_duet_open_path(card0.accel.dev);
		int cards = igt_duet_card_count();

		igt_duet_driver_unbind("pci", DUET_PCI_DRIVER, pci_bdf);

		igt_assert_eq(render_answers(render), -ENODEV);
		igt_assert_eq(accel_answers(accel), -ENODEV);
		igt_assert_f(access(card0.render.dev, F_OK),
			     "%s still exists\n", card0.render.dev);
		igt_assert_f(access(card0.accel.dev, F_OK),
			     "%s still exists\n", card0.accel.dev);
		igt_assert_f(!bound("auxiliary", render_aux) &&
			     !bound("auxiliary", accel_aux),
			     "aux devices still bound\n");
		igt_assert_eq(igt_duet_card_count(), cards - 1);
		igt_assert_eq(close(render), 0);
		igt_assert_eq(close(accel), 0);

		igt_duet_driver_bind("pci", DUET_PCI_DRIVER, pci_bdf);
		igt_assert_eq(igt_duet_card_count(), cards);
		check_card0_back();
	}

	igt_describe("The Duet modules cannot be removed while a node is open; "
		     "once the files are closed they unload, and loading them "
		     "again brings the nodes back.");
	igt_subtest("module-unload-busy") {
		int render = igt_duet_open_path(card0.render.dev);
		int accel = igt_duet_open_path(card0.accel.dev);

		assert_module_busy(DUET_RENDER_DRIVER);
		assert_module_busy(DUET_ACCEL_DRIVER);
		assert_module_busy(DUET_PCI_DRIVER);
		igt_assert_eq(render_answers(render), 0);
		igt_assert_eq(accel_answers(accel), 0);

		igt_assert_eq(close(render), 0);
		igt_assert_eq(delete_module(DUET_RENDER_DRIVER), 0);
		igt_assert(!module_loaded(DUET_RENDER_DRIVER));
		igt_assert_f(access(card0.render.dev, F_OK),
			     "%s still exists\n", card0.render.dev);
		/* duet_core still has duet_accel as a user */
		assert_module_busy(DUET_PCI_DRIVER);
		igt_assert_eq(accel_answers(accel), 0);

		igt_assert_eq(close(accel), 0);
		igt_assert_eq(delete_module(DUET_ACCEL_DRIVER), 0);
		igt_assert(!module_loaded(DUET_ACCEL_DRIVER));

		igt_assert_eq(system("modprobe " DUET_RENDER_DRIVER
				     " && modprobe " DUET_ACCEL_DRIVER), 0);
		check_card0_back();
	}

	igt_fixture
		recover();
}
