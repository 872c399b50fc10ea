// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * igt_duet: see igt_duet.h. Plain ioctls through igt_ioctl, sysfs walks
 * and the card discovery; nothing here links anything but libigt.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>
#include <linux/sync_file.h>

#include "igt_subset.h"
#include "igt_duet.h"

/* Both uAPIs share their structure layouts (duet_common.h). */
_Static_assert(sizeof(struct drm_duet_get_param) ==
	       sizeof(struct drm_duet_accel_get_param), "GET_PARAM layouts");
_Static_assert(sizeof(struct drm_duet_bo_create) ==
	       sizeof(struct drm_duet_accel_bo_create), "BO_CREATE layouts");
_Static_assert(sizeof(struct drm_duet_bo_info) ==
	       sizeof(struct drm_duet_accel_bo_info), "BO_INFO layouts");
_Static_assert(sizeof(struct drm_duet_submit) ==
	       sizeof(struct drm_duet_accel_submit), "SUBMIT layouts");

/* The first bytes of a Duet device's shared-memory BAR (duet-hw.rst). */
#define DUET_HEADER_MAGIC	"DUET"
#define DUET_BAR		2

const char *const igt_duet_node_names[] = {
	[IGT_DUET_RENDER] = "render",
	[IGT_DUET_ACCEL] = "accel",
};

/* Each node's ioctl numbers. */
static const struct {
	unsigned long get_param, bo_create, bo_info, submit;
} node_ioctls[] = {
	[IGT_DUET_RENDER] = {
		DRM_IOCTL_DUET_GET_PARAM, DRM_IOCTL_DUET_BO_CREATE,
		DRM_IOCTL_DUET_BO_INFO, DRM_IOCTL_DUET_SUBMIT,
	},
	[IGT_DUET_ACCEL] = {
		DRM_IOCTL_DUET_ACCEL_GET_PARAM, DRM_IOCTL_DUET_ACCEL_BO_CREATE,
		DRM_IOCTL_DUET_ACCEL_BO_INFO, DRM_IOCTL_DUET_ACCEL_SUBMIT,
	},
};

static int ioctl_err(int fd, unsigned long request, void *arg)
{
	return igt_ioctl(fd, request, arg) ? -errno : 0;
}

/* ------------------------------------------------------------ sysfs */

void igt_duet_sysfs_driver(const char *dev, char *name, size_t size)
{
	char link[PATH_MAX + 8], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/driver", dev);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		name[0] = '\0';
		return;
	}
	target[n] = '\0';
	snprintf(name, size, "%s", igt_duet_basename(target));
}

int igt_duet_sysfs_read_ulong(const char *dir, const char *attr,
			      unsigned long *value)
{
	char path[PATH_MAX + NAME_MAX + 2];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	ret = fscanf(f, "%li", value) == 1 ? 0 : -EINVAL;
	fclose(f);
	return ret;
}

int igt_duet_sysfs_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		err = -errno;
	close(fd);
	return err;
}

const char *igt_duet_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void driver_op(const char *bus, const char *driver, const char *op,
		      const char *dev)
{
	char path[256];
	int err;

	snprintf(path, sizeof(path), "/sys/bus/%s/drivers/%s/%s", bus, driver,
		 op);
	igt_debug("%s %s via %s\n", op, dev, path);
	err = igt_duet_sysfs_write(path, dev);
	igt_assert_f(!err, "%s %s: %s\n", op, dev, strerror(-err));
}

void igt_duet_driver_unbind(const char *bus, const char *driver,
			    const char *dev)
{
	driver_op(bus, driver, "unbind", dev);
}

void igt_duet_driver_bind(const char *bus, const char *driver,
			  const char *dev)
{
	driver_op(bus, driver, "bind", dev);
}

/* ------------------------------------------------------------ discovery */

/* The first entry of @dir whose name starts with @prefix, as a path. */
static bool find_entry(const char *dir, const char *prefix, char *path,
		       size_t size)
{
	struct dirent *de;
	bool found = false;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (de = readdir(d)))
		if (!strncmp(de->d_name, prefix, strlen(prefix)))
			found = (size_t)snprintf(path, size, "%s/%s", dir,
						 de->d_name) < size;
	closedir(d);
	return found;
}

/*
 * Fill @node from the node directory @node_dir (".../drm/renderD128",
 * ".../accel/accel0") of auxiliary device @aux.
 */
static void fill_node(struct igt_duet_node *node, const char *node_dir,
		      const char *devdir, const char *aux)
{
	char link[PATH_MAX + 8];

	snprintf(node->name, sizeof(node->name), "%s",
		 igt_duet_basename(node_dir));
	snprintf(node->dev, sizeof(node->dev), "%s/%s", devdir, node->name);
	snprintf(link, sizeof(link), "%s/device", node_dir);
	if (!realpath(link, node->sysdev))
		node->sysdev[0] = '\0';
	if (!realpath(aux, node->aux))
		node->aux[0] = '\0';
}

/*
 * The nodes of the card at @pci: its render node is a DRM minor of the
 * PCI function itself, its accel node an accel minor of the auxiliary
 * device duet_core.accel.<id>. A node counts only while its driver is
 * bound to its auxiliary device.
 */
static void find_nodes(struct igt_duet_card *card)
{
	char aux[PATH_MAX], dir[PATH_MAX + 8], node[2 * PATH_MAX], drv[64];

	if (find_entry(card->pci_path, "duet_core.gfx.", aux, sizeof(aux))) {
		igt_duet_sysfs_driver(aux, drv, sizeof(drv));
		snprintf(dir, sizeof(dir), "%s/drm", card->pci_path);
		if (!strcmp(drv, DUET_RENDER_DRIVER) &&
		    find_entry(dir, "renderD", node, sizeof(node)))
			fill_node(&card->render, node, "/dev/dri", aux);
	}
	if (find_entry(card->pci_path, "duet_core.accel.", aux, sizeof(aux))) {
		igt_duet_sysfs_driver(aux, drv, sizeof(drv));
		snprintf(dir, sizeof(dir), "%s/accel", aux);
		if (!strcmp(drv, DUET_ACCEL_DRIVER) &&
		    find_entry(dir, "accel", node, sizeof(node)))
			fill_node(&card->accel, node, "/dev/accel", aux);
	}
}

/* Size of BAR @bar of PCI function @pci, from its "resource" file. */
static uint64_t bar_size(const char *pci, int bar)
{
	char path[PATH_MAX + 16];
	unsigned long long start, end, flags;
	uint64_t size = 0;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/resource", pci);
	f = fopen(path, "r");
	if (!f)
		return 0;
	for (i = 0; i <= bar; i++)
		if (fscanf(f, "%llx %llx %llx", &start, &end, &flags) != 3)
			break;
	if (i > bar && end > start)
		size = end - start + 1;
	fclose(f);
	return size;
}

/*
 * Whether the unbound function @pci's shared-memory BAR starts with a Duet
 * header. The BAR is mapped read-only through sysfs, which the kernel
 * allows for a region no driver has claimed.
 */
static bool has_duet_header(const char *pci)
{
	char path[PATH_MAX + 16];
	bool duet = false;
	void *map;
	int fd;

	snprintf(path, sizeof(path), "%s/resource%d", pci, DUET_BAR);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (map != MAP_FAILED) {
		duet = !memcmp(map, DUET_HEADER_MAGIC, 4);
		munmap(map, 4096);
	}
	close(fd);
	return duet;
}

static int cmp_card(const void *a, const void *b)
{
	return strcmp(igt_duet_basename(((const struct igt_duet_card *)a)->pci_path),
		      igt_duet_basename(((const struct igt_duet_card *)b)->pci_path));
}

void igt_duet_scan(struct igt_duet_bus *bus)
{
	char dev[PATH_MAX], drv[64];
	unsigned long vendor, device;
	struct dirent *de;
	DIR *dir = opendir("/sys/bus/pci/devices");

	memset(bus, 0, sizeof(*bus));
	igt_assert_f(dir, "/sys/bus/pci/devices: %s\n", strerror(errno));
	while ((de = readdir(dir))) {
		struct igt_duet_card *card;

		snprintf(dev, sizeof(dev), "/sys/bus/pci/devices/%s",
			 de->d_name);
		if (de->d_name[0] == '.' ||
		    igt_duet_sysfs_read_ulong(dev, "vendor", &vendor) ||
		    igt_duet_sysfs_read_ulong(dev, "device", &device) ||
		    vendor != DUET_PCI_VENDOR || device != DUET_PCI_DEVICE)
			continue;
		igt_duet_sysfs_driver(dev, drv, sizeof(drv));
		if (drv[0] && strcmp(drv, DUET_PCI_DRIVER)) {
			bus->other++;
			continue;
		}
		if (!drv[0]) {
			if (!has_duet_header(dev)) {
				bus->plain++;
			} else if (!bus->missing++) {
				snprintf(bus->missing_path,
					 sizeof(bus->missing_path), "%s", dev);
			}
			continue;
		}
		igt_assert_f(bus->cards < IGT_DUET_MAX_CARDS,
			     "more than %d Duet cards\n", IGT_DUET_MAX_CARDS);
		card = &bus->card[bus->cards++];
		igt_assert(realpath(dev, card->pci_path));
		card->bar_size = bar_size(dev, DUET_BAR);
		find_nodes(card);
	}
	closedir(dir);
	qsort(bus->card, bus->cards, sizeof(bus->card[0]), cmp_card);
}

static void assert_none_missing(const struct igt_duet_bus *bus)
{
	igt_assert_f(!bus->missing, "%d PCI function(s) with a Duet header not "
		     "bound to %s (first: %s): a card or its modules are "
		     "missing\n", bus->missing, DUET_PCI_DRIVER,
		     bus->missing_path);
}

int igt_duet_card_count(void)
{
	struct igt_duet_bus bus;

	igt_duet_scan(&bus);
	return bus.cards;
}

int igt_duet_require_cards(void)
{
	struct igt_duet_bus bus;

	igt_duet_scan(&bus);
	assert_none_missing(&bus);
	igt_require_f(bus.cards > 0, "no Duet device on the PCI bus (%d plain "
		      "ivshmem)\n", bus.plain);
	return bus.cards;
}

struct igt_duet_card igt_duet_get_card(int card)
{
	struct igt_duet_bus bus;

	igt_duet_scan(&bus);
	assert_none_missing(&bus);
	igt_assert_f(card >= 0 && card < bus.cards, "no Duet card %d (%d "
		     "found)\n", card, bus.cards);
	return bus.card[card];
}

int igt_duet_open_path(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	igt_assert_f(fd >= 0, "open %s: %s\n", path, strerror(errno));
	return fd;
}

int igt_duet_open_node(int card, enum igt_duet_node_type node)
{
	struct igt_duet_card c = igt_duet_get_card(card);
	const struct igt_duet_node *n = node == IGT_DUET_ACCEL ? &c.accel :
								  &c.render;

	igt_assert_f(n->name[0], "card %d has no %s node (is %s bound?)\n",
		     card, igt_duet_node_names[node],
		     node == IGT_DUET_ACCEL ? DUET_ACCEL_DRIVER :
					      DUET_RENDER_DRIVER);
	return igt_duet_open_path(n->dev);
}

int igt_duet_open_render(int card)
{
	return igt_duet_open_node(card, IGT_DUET_RENDER);
}

int igt_duet_open_accel(int card)
{
	return igt_duet_open_node(card, IGT_DUET_ACCEL);
}

/* ------------------------------------------------------------ queries */

int __igt_duet_get_param(int fd, enum igt_duet_node_type node,
			 uint32_t param, uint32_t index, uint64_t *value)
{
	struct drm_duet_get_param p = { .param = param, .index = index };
	int err = ioctl_err(fd, node_ioctls[node].get_param, &p);

	*value = err ? 0 : p.value;
	return err;
}

uint64_t igt_duet_get_param(int fd, enum igt_duet_node_type node,
			    uint32_t param, uint32_t index)
{
	uint64_t value;
	int err = __igt_duet_get_param(fd, node, param, index, &value);

	igt_assert_f(!err, "%s GET_PARAM %u index %u: %s\n",
		     igt_duet_node_names[node], param, index, strerror(-err));
	return value;
}

int __igt_duet_render_get_param(int fd, struct drm_duet_get_param *p)
{
	return ioctl_err(fd, DRM_IOCTL_DUET_GET_PARAM, p);
}

int __igt_duet_accel_get_param(int fd, struct drm_duet_accel_get_param *p)
{
	return ioctl_err(fd, DRM_IOCTL_DUET_ACCEL_GET_PARAM, p);
}

uint64_t igt_duet_render_get_param(int fd, uint32_t param, uint32_t index)
{
	return igt_duet_get_param(fd, IGT_DUET_RENDER, param, index);
}

uint64_t igt_duet_accel_get_param(int fd, uint32_t param, uint32_t index)
{
	return igt_duet_get_param(fd, IGT_DUET_ACCEL, param, index);
}

uint64_t igt_duet_vram_size(int fd, enum igt_duet_node_type node)
{
	return igt_duet_get_param(fd, node, DRM_DUET_PARAM_VRAM_SIZE, 0);
}

uint64_t igt_duet_vram_available(int fd, enum igt_duet_node_type node)
{
	return igt_duet_get_param(fd, node, DRM_DUET_PARAM_VRAM_AVAILABLE, 0);
}

uint64_t igt_duet_gart_size(int fd, enum igt_duet_node_type node)
{
	return igt_duet_get_param(fd, node, DRM_DUET_PARAM_GART_SIZE, 0);
}

uint64_t igt_duet_gart_available(int fd, enum igt_duet_node_type node)
{
	return igt_duet_get_param(fd, node, DRM_DUET_PARAM_GART_AVAILABLE, 0);
}

uint32_t igt_duet_num_engines(int fd, enum igt_duet_node_type node)
{
	return igt_duet_get_param(fd, node, DRM_DUET_PARAM_NUM_ENGINES, 0);
}

uint32_t igt_duet_engine_class(int fd, enum igt_duet_node_type node,
			       uint32_t engine)
{
	return igt_duet_get_param(fd, node, DRM_DUET_PARAM_ENGINE_CLASS,
				  engine);
}

uint32_t igt_duet_find_engine(int fd, enum igt_duet_node_type node,
			      uint32_t class, unsigned int nth)
{
	uint32_t e, n = igt_duet_num_engines(fd, node);

	for (e = 0; e < n; e++)
		if (igt_duet_engine_class(fd, node, e) == class && nth-- == 0)
			return e;
	igt_skip("%s node has no such engine (class %u)\n",
		 igt_duet_node_names[node], class);
}

int igt_duet_driver_name(int fd, char *name, int size)
{
	struct drm_version v = { .name = name, .name_len = size - 1 };

	memset(name, 0, size);
	return ioctl_err(fd, DRM_IOCTL_VERSION, &v);
}

/* ------------------------------------------------------------ buffers */

int __igt_duet_bo_create(int fd, enum igt_duet_node_type node,
			 uint64_t *size, uint32_t *handle)
{
	return __igt_duet_bo_create_flags(fd, node, 0, size, handle);
}

uint32_t igt_duet_bo_create_system(int fd, enum igt_duet_node_type node,
				   uint64_t size)
{
	uint32_t handle = 0;
	int err = __igt_duet_bo_create_flags(fd, node, DRM_DUET_BO_SYSTEM,
					     &size, &handle);

	igt_assert_f(!err, "%s BO_CREATE of %" PRIu64 " bytes of system memory: %s\n",
		     igt_duet_node_names[node], size, strerror(-err));
	igt_assert_neq(handle, 0);
	return handle;
}

int __igt_duet_bo_create_flags(int fd, enum igt_duet_node_type node,
			       uint32_t flags, uint64_t *size, uint32_t *handle)
{
	struct drm_duet_bo_create args = { .size = *size, .flags = flags };
	int err = ioctl_err(fd, node_ioctls[node].bo_create, &args);

	if (!err) {
		*size = args.size;
		*handle = args.handle;
	}
	return err;
}

uint32_t igt_duet_bo_create(int fd, enum igt_duet_node_type node,
			    uint64_t size)
{
	uint32_t handle = 0;
	int err = __igt_duet_bo_create(fd, node, &size, &handle);

	igt_assert_f(!err, "%s BO_CREATE of %" PRIu64 " bytes: %s\n",
		     igt_duet_node_names[node], size, strerror(-err));
	igt_assert_neq(handle, 0);
	return handle;
}

int __igt_duet_bo_info(int fd, enum igt_duet_node_type node, uint32_t handle,
		       struct drm_duet_bo_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	return ioctl_err(fd, node_ioctls[node].bo_info, info);
}

struct drm_duet_bo_info igt_duet_bo_info(int fd, enum igt_duet_node_type node,
					 uint32_t handle)
{
	struct drm_duet_bo_info info;
	int err = __igt_duet_bo_info(fd, node, handle, &info);

	igt_assert_f(!err, "%s BO_INFO of handle %u: %s\n",
		     igt_duet_node_names[node], handle, strerror(-err));
	return info;
}

void *igt_duet_bo_map(int fd, enum igt_duet_node_type node, uint32_t handle,
		      uint64_t *size)
{
	struct drm_duet_bo_info info = igt_duet_bo_info(fd, node, handle);
	void *ptr = mmap(NULL, info.size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, (off_t)info.mmap_offset);

	igt_assert_f(ptr != MAP_FAILED, "mmap of %s BO %u: %s\n",
		     igt_duet_node_names[node], handle, strerror(errno));
	if (size)
		*size = info.size;
	return ptr;
}

int __igt_duet_bo_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	return ioctl_err(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

void igt_duet_bo_close(int fd, uint32_t handle)
{
	igt_assert_eq(__igt_duet_bo_close(fd, handle), 0);
}

int igt_duet_bo_export(int fd, uint32_t handle)
{
	struct drm_prime_handle args = {
		.handle = handle,
		.flags = DRM_CLOEXEC | DRM_RDWR,
		.fd = -1,
	};
	int err = ioctl_err(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args);

	igt_assert_f(!err, "PRIME export: %s\n", strerror(-err));
	igt_assert_fd(args.fd);
	return args.fd;
}

int __igt_duet_bo_import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle args = { .fd = dmabuf };
	int err = ioctl_err(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args);

	if (!err)
		*handle = args.handle;
	return err;
}

uint32_t igt_duet_bo_import(int fd, int dmabuf)
{
	uint32_t handle = 0;
	int err = __igt_duet_bo_import(fd, dmabuf, &handle);

	igt_assert_f(!err, "PRIME import: %s\n", strerror(-err));
	return handle;
}

struct igt_duet_buf igt_duet_buf_new(int fd, enum igt_duet_node_type node,
				     uint64_t size)
{
	struct igt_duet_buf buf = { .handle = igt_duet_bo_create(fd, node, size) };

	buf.map = igt_duet_bo_map(fd, node, buf.handle, &buf.size);
	return buf;
}

void igt_duet_buf_free(int fd, struct igt_duet_buf *buf)
{
	munmap(buf->map, buf->size);
	igt_duet_bo_close(fd, buf->handle);
}

/* ------------------------------------------------------------ jobs */

int __igt_duet_submit(int fd, enum igt_duet_node_type node, uint32_t engine,
		      const struct drm_duet_cmd *cmds, uint32_t n,
		      const struct drm_duet_sync *in, uint32_t n_in,
		      struct drm_duet_sync out)
{
	struct drm_duet_submit args = {
		.engine = engine,
		.commands = (uintptr_t)cmds,
		.num_commands = n,
		.in_syncs = (uintptr_t)in,
		.num_in_syncs = n_in,
		.out_sync = out,
	};

	return ioctl_err(fd, node_ioctls[node].submit, &args);
}

uint32_t igt_duet_submit(int fd, enum igt_duet_node_type node, uint32_t engine,
			 const struct drm_duet_cmd *cmds, uint32_t n)
{
	struct drm_duet_sync out = { .handle = igt_duet_syncobj_create(fd) };
	int err = __igt_duet_submit(fd, node, engine, cmds, n, NULL, 0, out);

	igt_assert_f(!err, "%s SUBMIT to engine %u: %s\n",
		     igt_duet_node_names[node], engine, strerror(-err));
	return out.handle;
}

void igt_duet_run(int fd, enum igt_duet_node_type node, uint32_t engine,
		  const struct drm_duet_cmd *cmds, uint32_t n)
{
	uint32_t sync = igt_duet_submit(fd, node, engine, cmds, n);
	int err = igt_duet_syncobj_wait(fd, sync, 0, IGT_DUET_WAIT_MS);

	if (!err)
		err = igt_duet_syncobj_error(fd, sync);
	igt_duet_syncobj_destroy(fd, sync);
	igt_assert_f(!err, "%s job on engine %u: %s\n",
		     igt_duet_node_names[node], engine, strerror(-err));
}

/* ------------------------------------------------------------ syncobjs */

uint32_t igt_duet_syncobj_create(int fd)
{
	struct drm_syncobj_create args = { 0 };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);
	return args.handle;
}

void igt_duet_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

static int64_t abs_timeout_ns(unsigned int timeout_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec +
	       (int64_t)timeout_ms * 1000000ll;
}

int igt_duet_syncobj_wait(int fd, uint32_t handle, uint64_t point,
			  unsigned int timeout_ms)
{
	struct drm_syncobj_timeline_wait args = {
		.handles = (uintptr_t)&handle,
		.points = (uintptr_t)&point,
		.timeout_nsec = abs_timeout_ns(timeout_ms),
		.count_handles = 1,
		.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
	};

	return ioctl_err(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &args);
}

int igt_duet_syncobj_export_sync_file(int fd, uint32_t handle)
{
	struct drm_syncobj_handle args = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &args);
	return args.fd;
}

int __igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms,
			      int *status)
{
	struct pollfd pfd = { .fd = sync_file, .events = POLLIN };
	struct sync_file_info info = { 0 };

	if (poll(&pfd, 1, timeout_ms) < 0 ||
	    ioctl(sync_file, SYNC_IOC_FILE_INFO, &info))
		return -errno;
	*status = info.status;
	return 0;
}

int igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms)
{
	int status, err = __igt_duet_sync_file_wait(sync_file, timeout_ms,
						    &status);

	igt_assert_f(!err, "waiting on sync_file %d: %s\n", sync_file,
		     strerror(-err));
	return status;
}

/* The sync_file status of the syncobj's fence: 1, 0 (active) or -errno. */
static int syncobj_status(int fd, uint32_t handle)
{
	int sync_file = igt_duet_syncobj_export_sync_file(fd, handle);
	struct sync_file_info info = { 0 };

	do_ioctl(sync_file, SYNC_IOC_FILE_INFO, &info);
	close(sync_file);
	return info.status;
}

int igt_duet_syncobj_error(int fd, uint32_t handle)
{
	int status = syncobj_status(fd, handle);

	igt_assert_f(status != 0, "fence still active\n");
	return status < 0 ? status : 0;
}

int64_t igt_duet_syncobj_timestamp_ns(int fd, uint32_t handle)
{
	struct sync_fence_info fence = { 0 };
	struct sync_file_info info = {
		.num_fences = 1,
		.sync_fence_info = (uintptr_t)&fence,
	};
	int sync_file = igt_duet_syncobj_export_sync_file(fd, handle);

	do_ioctl(sync_file, SYNC_IOC_FILE_INFO, &info);
	close(sync_file);
	igt_assert_f(info.status == 1 && fence.status == 1,
		     "syncobj %u has not signalled (or failed)\n", handle);
	return fence.timestamp_ns;
}

uint32_t igt_duet_syncobj_transfer(int from_fd, uint32_t handle, int to_fd)
{
	struct drm_syncobj_handle exp = { .handle = handle, .fd = -1 };
	struct drm_syncobj_handle imp = { 0 };

	do_ioctl(from_fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp);
	imp.fd = exp.fd;
	do_ioctl(to_fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp);
	close(exp.fd);
	return imp.handle;
}

/* ------------------------------------------------------------ statistics */

uint64_t igt_duet_fdinfo_u64(int fd, const char *key)
{
	char path[64], line[256], unit[16];
	unsigned long long value;
	size_t len = strlen(key);
	uint64_t bytes = 0;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	igt_assert_f(f, "open %s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, len) || line[len] != ':')
			continue;
		unit[0] = '\0';
		igt_assert_f(sscanf(line + len + 1, "%llu %15s", &value, unit) >= 1,
			     "bad fdinfo line: %s", line);
		bytes = value;
		if (!strcmp(unit, "KiB"))
			bytes = value << 10;
		else if (!strcmp(unit, "MiB"))
			bytes = value << 20;
		else
			igt_assert_f(!unit[0] || !strcmp(unit, "ns"),
				     "unknown unit in: %s", line);
		found = true;
	}
	fclose(f);
	igt_assert_f(found, "no %s in fdinfo of fd %d\n", key, fd);
	return bytes;
}

struct igt_duet_engine_stats igt_duet_engine_stats(const char *pci_path,
						   const char *name)
{
	struct igt_duet_engine_stats st = { 0 };
	char path[PATH_MAX + 64], line[256], eng[64];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/engines",
		 igt_duet_basename(pci_path));
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %s\n", path, strerror(errno));
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%63s on_ring=%u resets=%llu replayed=%llu cancelled=%llu",
			       eng, &st.on_ring, &st.resets, &st.replayed,
			       &st.cancelled) == 5 && !strcmp(eng, name);
	fclose(f);
	igt_assert_f(found, "no engine %s in %s\n", name, path);
	return st;
}

/* ------------------------------------------------------------ test data */

void igt_duet_fill_floats(float *f, unsigned int n, float seed)
{
	for (unsigned int i = 0; i < n; i++)
		f[i] = seed + (float)(i % 97) * 0.25f - (float)(i % 13);
}

int64_t igt_duet_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ kernel log */

int igt_duet_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	igt_require_f(fd >= 0, "open /dev/kmsg: %s\n", strerror(errno));
	igt_assert(lseek(fd, 0, SEEK_END) >= 0);
	return fd;
}

static const char *const kernel_problems[] = {
	"WARNING:", "BUG:", "Oops", "Call Trace", "general protection",
	"KASAN", "possible circular locking", "lockdep", "Kernel panic",
};

void igt_duet_kmsg_assert_clean(int fd)
{
	char rec[8192];
	unsigned int i;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		igt_assert_f(n >= 0 || errno != EPIPE, "kernel log records "
			     "lost (overwritten before they were checked)\n");
		if (n <= 0)
			break;
		rec[n] = '\0';
		for (i = 0; i < sizeof(kernel_problems) / sizeof(*kernel_problems); i++)
			igt_assert_f(!strstr(rec, kernel_problems[i]),
				     "kernel log: %s", rec);
	}
	close(fd);
}

void igt_duet_expect_kmsg(const char *ere)
{
	igt_assert_f(!strchr(ere, '\n'), "expect-kmsg pattern with a newline\n");
	printf("duet-igt: expect-kmsg: %s\n", ere);
	fflush(stdout);
}
