// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_separation: one Duet card is two DRM drivers. The render node is a
 * DRM render node (class drm, major 226) that libdrm enumerates; the accel
 * node is a compute accel node (class accel, major 261) that graphics
 * userspace never sees, has no primary node and answers none of the KMS
 * or render ioctls. Both are auxiliary devices of the same PCI parent;
 * other ivshmem devices are left alone.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "igt_subset.h"
#include "igt_duet.h"

/* Both GET_PARAM structs share this layout. */
_Static_assert(sizeof(struct drm_duet_get_param) ==
	       sizeof(struct drm_duet_accel_get_param), "GET_PARAM layouts");

/* @dev is a character device of @major whose sysfs "dev" agrees. */
static void check_chardev(const char *dev, const char *class_dir,
			  unsigned int want_major)
{
	char sys[PATH_MAX];
	unsigned long ma, mi;
	struct stat st;

	igt_assert_f(!stat(dev, &st), "stat %s: %m\n", dev);
	igt_assert_f(S_ISCHR(st.st_mode), "%s is not a character device\n",
		     dev);
	igt_assert_f(major(st.st_rdev) == want_major,
		     "%s has major %u, expected %u\n", dev, major(st.st_rdev),
		     want_major);

	snprintf(sys, sizeof(sys), "%s/%s", class_dir, igt_duet_basename(dev));
	igt_assert_f(!access(sys, F_OK), "%s is not in %s\n", dev, class_dir);
	snprintf(sys, sizeof(sys), "%s/%s/dev", class_dir, igt_duet_basename(dev));
	{
		FILE *f = fopen(sys, "r");
		int n;

		igt_assert_f(f, "open %s: %m\n", sys);
		n = fscanf(f, "%lu:%lu", &ma, &mi);
		fclose(f);
		igt_assert_eq(n, 2);
	}
	igt_assert_f(ma == major(st.st_rdev) && mi == minor(st.st_rdev),
		     "%s is %u:%u but %s says %lu:%lu\n", dev,
		     major(st.st_rdev), minor(st.st_rdev), sys, ma, mi);
}

static void check_aux(const char *aux, const char *pci, const char *kind,
		      unsigned long id)
{
	char path[PATH_MAX], real[PATH_MAX], want[64], parent[PATH_MAX];

	snprintf(want, sizeof(want), "duet_core.%s.%lu", kind, id);
	igt_assert_f(!strcmp(igt_duet_basename(aux), want),
		     "aux device %s, expected %s\n", igt_duet_basename(aux), want);

	snprintf(path, sizeof(path), "%s/subsystem", aux);
	igt_assert_f(realpath(path, real) &&
		     !strcmp(igt_duet_basename(real), "auxiliary"),
		     "%s is not on the auxiliary bus\n", aux);

	snprintf(path, sizeof(path), "%s/..", aux);
	igt_assert_f(realpath(path, parent) && !strcmp(parent, pci),
		     "parent of %s is not %s\n", aux, pci);
}

/* Does any /sys/class/drm entry belong to the device at @aux? */
static const char *drm_node_of(const char *aux)
{
	static char found[NAME_MAX + 1];
	char path[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	DIR *dir = opendir("/sys/class/drm");

	igt_assert(dir);
	found[0] = '\0';
	while ((de = readdir(dir))) {
		snprintf(path, sizeof(path), "/sys/class/drm/%s/device",
			 de->d_name);
		if (realpath(path, real) && !strcmp(real, aux)) {
			snprintf(found, sizeof(found), "%s", de->d_name);
			break;
		}
	}
	closedir(dir);
	return found[0] ? found : NULL;
}

static void check_libdrm(bool want_render)
{
	drmDevicePtr devs[64];
	int n, i, j, card, cards = igt_duet_card_count();

	n = drmGetDevices2(0, devs, 64);
	igt_assert_f(n >= 0, "drmGetDevices2: %d\n", n);
	for (i = 0; i < n; i++)
		for (j = 0; j < DRM_NODE_MAX; j++)
			if (devs[i]->available_nodes & (1 << j))
				igt_debug("libdrm device %d: %s\n", i,
					  devs[i]->nodes[j]);

	for (card = 0; card < cards; card++) {
		struct igt_duet_card c = igt_duet_get_card(card);
		bool render_seen = false;

		for (i = 0; i < n; i++) {
			for (j = 0; j < DRM_NODE_MAX; j++) {
				if (!(devs[i]->available_nodes & (1 << j)))
					continue;
				igt_assert_f(strncmp(devs[i]->nodes[j],
						     "/dev/accel", 10) &&
					     strcmp(devs[i]->nodes[j], c.accel.dev),
					     "libdrm lists accel node %s\n",
					     devs[i]->nodes[j]);
				if (j == DRM_NODE_RENDER &&
				    !strcmp(devs[i]->nodes[j], c.render.dev))
					render_seen = true;
			}
		}
		if (want_render)
			igt_assert_f(render_seen, "drmGetDevices2 does not list "
				     "%s (%d devices listed; device %s is on "
				     "the auxiliary bus)\n", c.render.dev, n,
				     igt_duet_basename(c.render.aux));
	}
	drmFreeDevices(devs, n);
}

/*
 * A KMS ioctl on the accel node must fail as unsupported, never succeed or
 * be misread. The accel minor passes the DRM core's permission check
 * (which stops only render minors, with EACCES); the core then refuses:
 * EOPNOTSUPP for MODE_GETRESOURCES (no DRIVER_MODESET), ENOSYS for
 * MODE_CREATE_DUMB (no dumb_create).
 */
static void assert_not_kms(int fd, unsigned long req, void *arg,
			   const char *name)
{
	int ret = igt_ioctl(fd, req, arg), err = errno;

	igt_assert_f(ret == -1, "%s succeeded on the accel node\n", name);
	igt_info("%s on the accel node: %s\n", name, strerror(err));
	igt_assert_f(err == EOPNOTSUPP || err == ENOSYS || err == EACCES,
		     "%s on the accel node failed with %s, expected "
		     "EOPNOTSUPP, ENOSYS or EACCES\n", name, strerror(err));
}

/*
 * Every PCI function with Duet's IDs and a Duet header is bound to
 * duet_core and answers as Duet; the others (plain ivshmem) stay unbound.
 * A bound function's BAR cannot be read from userspace, so that it is
 * Duet hardware shows in what its render node reports.
 */
static void plain_ivshmem_unbound(void)
{
	struct igt_duet_bus bus;

	igt_duet_scan(&bus);
	igt_info("%d Duet card(s), %d plain ivshmem, %d with a Duet header "
		 "unbound, %d bound elsewhere\n", bus.cards, bus.plain,
		 bus.missing, bus.other);
	igt_assert_f(!bus.missing, "%s has a Duet header but is not bound to "
		     "duet_core\n", bus.missing_path);
	igt_assert_f(!bus.other, "%d ivshmem devices bound to another driver\n",
		     bus.other);
	igt_assert_lt(0, bus.cards);
	for (int i = 0; i < bus.cards; i++) {
		int fd = igt_duet_open_path(bus.card[i].render.dev);

		igt_assert_eq_u64(igt_duet_render_get_param(fd,
				  DRM_DUET_PARAM_HW_VERSION, 0) >> 16, 1);
		close(fd);
	}
	igt_require_f(bus.plain > 0, "no plain ivshmem device to check (the "
		      "test VM has one: scripts/duet-vm --plain-ivshmem)\n");
}

igt_main
{
	int cards = 0;

	igt_fixture {
		cards = igt_duet_require_cards();
	}

	igt_describe("Render nodes are DRM character devices (major 226, class "
		     "drm) and accel nodes are accel character devices (major "
		     "261, class accel).");
	igt_subtest("node-majors") {
		for (int i = 0; i < cards; i++) {
			struct igt_duet_card c = igt_duet_get_card(i);

			igt_require(c.render.name[0] && c.accel.name[0]);
			check_chardev(c.render.dev, "/sys/class/drm",
				      DUET_DRM_MAJOR);
			check_chardev(c.accel.dev, "/sys/class/accel",
				      DUET_ACCEL_MAJOR);
		}
	}

	igt_describe("Both children of a card are bound to auxiliary devices "
		     "(duet_core.gfx.<id> to duet_drm, duet_core.accel.<id> to "
		     "duet_accel) of one PCI parent bound to duet_core, with id "
		     "the parent's domain/bus/device/function. The render "
		     "node's sysfs device is that PCI function (so libdrm "
		     "lists it as a PCI GPU), the accel node's is its "
		     "auxiliary device.");
	igt_subtest("aux-topology") {
		for (int i = 0; i < cards; i++) {
			struct igt_duet_card c = igt_duet_get_card(i);
			unsigned long vendor, device, dom, bus, slot, fn, id;
			char drv[64];

			igt_assert_f(c.render.aux[0] && c.accel.aux[0],
				     "card %s lacks a node\n", c.pci_path);
			igt_duet_sysfs_driver(c.pci_path, drv, sizeof(drv));
			igt_assert_f(!strcmp(drv, DUET_PCI_DRIVER),
				     "%s bound to '%s'\n", c.pci_path, drv);
			igt_assert(!igt_duet_sysfs_read_ulong(c.pci_path, "vendor",
							  &vendor));
			igt_assert(!igt_duet_sysfs_read_ulong(c.pci_path, "device",
							  &device));
			igt_assert_eq_u32(vendor, DUET_PCI_VENDOR);
			igt_assert_eq_u32(device, DUET_PCI_DEVICE);
			igt_assert_eq(sscanf(igt_duet_basename(c.pci_path),
					     "%lx:%lx:%lx.%lx", &dom, &bus,
					     &slot, &fn), 4);
			id = dom << 16 | bus << 8 | slot << 3 | fn;
			check_aux(c.render.aux, c.pci_path, "gfx", id);
			check_aux(c.accel.aux, c.pci_path, "accel", id);
			igt_duet_sysfs_driver(c.render.aux, drv, sizeof(drv));
			igt_assert_f(!strcmp(drv, DUET_RENDER_DRIVER),
				     "%s bound to '%s'\n", c.render.aux, drv);
			igt_duet_sysfs_driver(c.accel.aux, drv, sizeof(drv));
			igt_assert_f(!strcmp(drv, DUET_ACCEL_DRIVER),
				     "%s bound to '%s'\n", c.accel.aux, drv);
			igt_assert_f(!strcmp(c.render.sysdev, c.pci_path),
				     "render node's device is %s, not %s\n",
				     c.render.sysdev, c.pci_path);
			igt_assert_f(!strcmp(c.accel.sysdev, c.accel.aux),
				     "accel node's device is %s, not %s\n",
				     c.accel.sysdev, c.accel.aux);
		}
	}

	igt_describe("The accel device has no DRM node at all (no primary "
		     "card node, no render node) and the render device has no "
		     "accel node.");
	igt_subtest("accel-has-no-drm-nodes") {
		for (int i = 0; i < cards; i++) {
			struct igt_duet_card c = igt_duet_get_card(i);
			char path[PATH_MAX + 16];
			const char *node;

			snprintf(path, sizeof(path), "%s/drm", c.accel.aux);
			igt_assert_f(access(path, F_OK),
				     "accel device has DRM nodes in %s\n", path);
			node = drm_node_of(c.accel.aux);
			igt_assert_f(!node, "/sys/class/drm/%s belongs to the "
				     "accel device %s\n", node, c.accel.aux);
			snprintf(path, sizeof(path), "%s/accel", c.render.aux);
			igt_assert_f(access(path, F_OK),
				     "render device has accel nodes in %s\n",
				     path);
		}
	}

	igt_describe("Every ivshmem device with a Duet header is bound to "
		     "duet_core; plain ivshmem devices stay unbound.");
	igt_subtest("plain-ivshmem-unbound")
		plain_ivshmem_unbound();

	igt_describe("DRM_IOCTL_VERSION names the render driver 'duet' and "
		     "the accel driver 'duet_accel'.");
	igt_subtest("version-names") {
		for (int i = 0; i < cards; i++) {
			char name[64];
			int fd;

			fd = igt_duet_open_render(i);
			igt_assert_eq(igt_duet_driver_name(fd, name, sizeof(name)), 0);
			igt_assert_f(!strcmp(name, "duet"),
				     "render driver is '%s'\n", name);
			close(fd);

			fd = igt_duet_open_accel(i);
			igt_assert_eq(igt_duet_driver_name(fd, name, sizeof(name)), 0);
			igt_assert_f(!strcmp(name, "duet_accel"),
				     "accel driver is '%s'\n", name);
			close(fd);
		}
	}

	igt_describe("Each node rejects every ioctl of the other node "
		     "(GET_PARAM, BO_CREATE, BO_INFO, SUBMIT) with EINVAL "
		     "instead of misreading it, even with a valid argument.");
	igt_subtest("cross-node-ioctls") {
		/* Valid arguments for the ioctls' own node. */
		struct drm_duet_get_param p = {
			.param = DRM_DUET_PARAM_HW_VERSION,
		};
		struct drm_duet_bo_create c = { .size = 4096 };
		struct drm_duet_bo_info i = { .handle = 1 };
		struct drm_duet_cmd spin = igt_duet_cmd_spin(0);
		struct drm_duet_submit sub = {
			.commands = (uintptr_t)&spin, .num_commands = 1,
		};
		const unsigned long render_ioctls[] = {
			DRM_IOCTL_DUET_GET_PARAM, DRM_IOCTL_DUET_BO_CREATE,
			DRM_IOCTL_DUET_BO_INFO, DRM_IOCTL_DUET_SUBMIT,
		};
		const unsigned long accel_ioctls[] = {
			DRM_IOCTL_DUET_ACCEL_GET_PARAM, DRM_IOCTL_DUET_ACCEL_BO_CREATE,
			DRM_IOCTL_DUET_ACCEL_BO_INFO, DRM_IOCTL_DUET_ACCEL_SUBMIT,
		};
		void *const args[] = { &p, &c, &i, &sub };
		int r = igt_duet_open_render(0), a = igt_duet_open_accel(0);

		for (unsigned int k = 0; k < 4; k++) {
			do_ioctl_err(r, accel_ioctls[k], args[k], EINVAL);
			do_ioctl_err(a, render_ioctls[k], args[k], EINVAL);
		}
		/* Nothing was created on either node by the rejected calls. */
		igt_assert_eq(igt_duet_fdinfo_u64(r, "drm-total-vram"), 0);
		igt_assert_eq(igt_duet_fdinfo_u64(a, "drm-total-vram"), 0);
		close(r);
		close(a);
	}

	igt_describe("The accel node refuses KMS ioctls (GETRESOURCES, "
		     "CREATE_DUMB): it is not a display device.");
	igt_subtest("accel-rejects-kms") {
		struct drm_mode_card_res res = {};
		struct drm_mode_create_dumb dumb = {
			.width = 64, .height = 64, .bpp = 32,
		};
		int fd = igt_duet_open_accel(0);

		assert_not_kms(fd, DRM_IOCTL_MODE_GETRESOURCES, &res,
			       "MODE_GETRESOURCES");
		assert_not_kms(fd, DRM_IOCTL_MODE_CREATE_DUMB, &dumb,
			       "MODE_CREATE_DUMB");
		igt_assert_eq_u32(dumb.handle, 0);
		close(fd);
	}

	igt_describe("libdrm's drmGetDevices2(), which Mesa uses to find GPUs, "
		     "lists each Duet render node.");
	igt_subtest("libdrm-lists-render")
		check_libdrm(true);

	igt_describe("libdrm's drmGetDevices2() never lists an accel node.");
	igt_subtest("libdrm-never-lists-accel")
		check_libdrm(false);
}
