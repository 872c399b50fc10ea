// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet-check: in-VM checks of the Duet foundation (nodes, sysfs topology,
 * DRM_IOCTL_VERSION, GET_PARAM and its error paths). It prints one TAP
 * line per subtest and exits non-zero if any failed.
 *
 *   duet-check [--cards N] [--plain N] [--vram BYTES] [--list] [SUBTEST...]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <drm.h>
#include "duet_accel.h"
#include "duet_drm.h"
#include "duet_node.h"

#define DRM_MAJOR	226
#define ACCEL_MAJOR	261
#define MIB		(1024ul * 1024ul)

static struct {
	int cards;
	int plain;
	unsigned long vram;
} expect = { .cards = 1, .plain = -1, .vram = 256 * MIB };

static struct duet_card cards[DUET_MAX_CARDS];
static int num_cards;

#define FAIL(...) do { diag(__VA_ARGS__); return 1; } while (0)
#define REQUIRE(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int open_node(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		diag("open %s: %s", path, strerror(errno));
	return fd;
}

/* ioctl() that returns 0 or the errno it failed with. */
static int ioctl_err(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) ? errno : 0;
}

/* Both nodes' GET_PARAM structs have this layout; the tests check it. */
struct get_param {
	uint32_t param, index;
	uint64_t value;
	uint32_t flags, pad;
};

_Static_assert(sizeof(struct get_param) == sizeof(struct drm_duet_get_param),
	       "render GET_PARAM layout");
_Static_assert(sizeof(struct get_param) == sizeof(struct drm_duet_accel_get_param),
	       "accel GET_PARAM layout");

static int get_param(int fd, int accel, struct get_param *p)
{
	return ioctl_err(fd, accel ? DRM_IOCTL_DUET_ACCEL_GET_PARAM :
			 DRM_IOCTL_DUET_GET_PARAM, p);
}

static int get_param_value(int fd, int accel, uint32_t param, uint32_t index,
			   uint64_t *value)
{
	struct get_param p = { .param = param, .index = index };
	int err = get_param(fd, accel, &p);

	*value = p.value;
	return err;
}

/* ---- topology ---------------------------------------------------------- */

static int test_nodes_exist(void)
{
	int i;

	REQUIRE(num_cards == expect.cards, "found %d Duet cards, expected %d",
		num_cards, expect.cards);
	for (i = 0; i < num_cards; i++) {
		REQUIRE(cards[i].render.name[0], "card %s has no render node",
			cards[i].pci_path);
		REQUIRE(cards[i].accel.name[0], "card %s has no accel node",
			cards[i].pci_path);
	}
	return 0;
}

static int check_chardev(const char *path, unsigned int major_expected)
{
	struct stat st;

	REQUIRE(!stat(path, &st), "stat %s: %s", path, strerror(errno));
	REQUIRE(S_ISCHR(st.st_mode), "%s is not a character device", path);
	REQUIRE(major(st.st_rdev) == major_expected, "%s has major %u, expected %u",
		path, major(st.st_rdev), major_expected);
	return 0;
}

static int test_majors(void)
{
	int i;

	REQUIRE(num_cards > 0, "no Duet card");
	for (i = 0; i < num_cards; i++) {
		if (check_chardev(cards[i].render.dev, DRM_MAJOR) ||
		    check_chardev(cards[i].accel.dev, ACCEL_MAJOR))
			return 1;
	}
	return 0;
}

static const char *last_component(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int check_aux_name(const char *aux, const char *kind, unsigned long id)
{
	char want[64];

	snprintf(want, sizeof(want), "duet_core.%s.%lu", kind, id);
	REQUIRE(!strcmp(last_component(aux), want), "aux device %s, expected %s",
		last_component(aux), want);
	return 0;
}

static int test_aux_topology(void)
{
	char drv[64], subsystem[PATH_MAX], path[PATH_MAX];
	unsigned long vendor, device, domain, bus, slot, fn;
	int i;

	REQUIRE(num_cards > 0, "no Duet card");
	for (i = 0; i < num_cards; i++) {
		const struct duet_card *c = &cards[i];
		const char *bdf = last_component(c->pci_path);

		/* Same PCI parent: duet_find_cards groups nodes by parent. */
		REQUIRE(c->render.aux[0] && c->accel.aux[0],
			"card %s lacks a node", c->pci_path);
		duet_sysfs_driver(c->pci_path, drv, sizeof(drv));
		REQUIRE(!strcmp(drv, "duet_core"), "%s bound to '%s'", c->pci_path, drv);
		REQUIRE(!duet_sysfs_read_ulong(c->pci_path, "vendor", &vendor) &&
			!duet_sysfs_read_ulong(c->pci_path, "device", &device),
			"cannot read PCI ids of %s", c->pci_path);
		REQUIRE(vendor == 0x1af4 && device == 0x1110,
			"parent is %04lx:%04lx", vendor, device);

		REQUIRE(sscanf(bdf, "%lx:%lx:%lx.%lx", &domain, &bus, &slot, &fn) == 4,
			"parent %s is not a PCI device", bdf);
		if (check_aux_name(c->render.aux, "gfx",
				   domain << 16 | bus << 8 | slot << 3 | fn) ||
		    check_aux_name(c->accel.aux, "accel",
				   domain << 16 | bus << 8 | slot << 3 | fn))
			return 1;

		snprintf(path, sizeof(path), "%s/subsystem", c->render.aux);
		REQUIRE(realpath(path, subsystem) &&
			!strcmp(last_component(subsystem), "auxiliary"),
			"%s is not on the auxiliary bus", c->render.aux);
		snprintf(path, sizeof(path), "%s/subsystem", c->accel.aux);
		REQUIRE(realpath(path, subsystem) &&
			!strcmp(last_component(subsystem), "auxiliary"),
			"%s is not on the auxiliary bus", c->accel.aux);
	}
	return 0;
}

static int test_accel_has_no_drm_nodes(void)
{
	char path[PATH_MAX];
	int i;

	REQUIRE(num_cards > 0, "no Duet card");
	for (i = 0; i < num_cards; i++) {
		snprintf(path, sizeof(path), "%s/drm", cards[i].accel.aux);
		REQUIRE(access(path, F_OK), "accel device has DRM nodes in %s", path);
		snprintf(path, sizeof(path), "%s/accel", cards[i].render.aux);
		REQUIRE(access(path, F_OK), "render device has accel nodes in %s", path);
	}
	return 0;
}

static int test_plain_ivshmem_unbound(void)
{
	char dev[PATH_MAX], drv[64];
	int duet = 0, plain = 0;
	unsigned long vendor, device;
	FILE *ls;

	if (expect.plain < 0) {
		printf("# SKIP: no --plain count given\n");
		return 77;
	}
	ls = popen("ls -d /sys/bus/pci/devices/*", "r");
	REQUIRE(ls, "cannot list PCI devices");
	while (fgets(dev, sizeof(dev), ls)) {
		dev[strcspn(dev, "\n")] = '\0';
		if (duet_sysfs_read_ulong(dev, "vendor", &vendor) ||
		    duet_sysfs_read_ulong(dev, "device", &device) ||
		    vendor != 0x1af4 || device != 0x1110)
			continue;
		duet_sysfs_driver(dev, drv, sizeof(drv));
		if (!strcmp(drv, "duet_core"))
			duet++;
		else if (!drv[0])
			plain++;
		else
			diag("%s bound to %s", dev, drv);
	}
	pclose(ls);
	REQUIRE(duet == expect.cards, "%d ivshmem devices bound to duet_core, expected %d",
		duet, expect.cards);
	REQUIRE(plain == expect.plain, "%d unbound ivshmem devices, expected %d",
		plain, expect.plain);
	return 0;
}

/* ---- DRM_IOCTL_VERSION ------------------------------------------------- */

static int check_version(const char *dev, const char *want)
{
	char name[64] = "";
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
	int fd = open_node(dev), err;

	REQUIRE(fd >= 0, "cannot open %s", dev);
	err = ioctl_err(fd, DRM_IOCTL_VERSION, &v);
	close(fd);
	REQUIRE(!err, "DRM_IOCTL_VERSION on %s: %s", dev, strerror(err));
	REQUIRE(!strcmp(name, want), "%s is driver '%s', expected '%s'", dev, name, want);
	REQUIRE(v.version_major == 1, "%s version %d.%d", dev, v.version_major,
		v.version_minor);
	return 0;
}

static int test_version_names(void)
{
	int i;

	REQUIRE(num_cards > 0, "no Duet card");
	for (i = 0; i < num_cards; i++)
		if (check_version(cards[i].render.dev, "duet") ||
		    check_version(cards[i].accel.dev, "duet_accel"))
			return 1;
	return 0;
}

/* ---- GET_PARAM ---------------------------------------------------------- */

static int check_params(const char *dev, int accel)
{
	uint64_t version, vram, engines, class;
	unsigned int e;
	int fd = open_node(dev), err;

	REQUIRE(fd >= 0, "cannot open %s", dev);
	err = get_param_value(fd, accel, DRM_DUET_PARAM_HW_VERSION, 0, &version) ?:
	      get_param_value(fd, accel, DRM_DUET_PARAM_VRAM_SIZE, 0, &vram) ?:
	      get_param_value(fd, accel, DRM_DUET_PARAM_NUM_ENGINES, 0, &engines);
	if (err) {
		close(fd);
		FAIL("GET_PARAM on %s: %s", dev, strerror(err));
	}
	diag("%s: hw %llu.%llu, vram %llu MiB, %llu engines", dev,
	     (unsigned long long)version >> 16, (unsigned long long)version & 0xffff,
	     (unsigned long long)vram / MIB, (unsigned long long)engines);

	for (e = 0; e < engines; e++) {
		uint32_t want = accel || e > 0 ? DRM_DUET_ENGINE_CLASS_COMPUTE :
						 DRM_DUET_ENGINE_CLASS_GRAPHICS;

		err = get_param_value(fd, accel, DRM_DUET_PARAM_ENGINE_CLASS, e, &class);
		if (err || class != want) {
			close(fd);
			FAIL("%s engine %u: err %d class %llu, expected %u", dev, e,
			     err, (unsigned long long)class, want);
		}
	}
	close(fd);

	REQUIRE(version == 0x10000, "%s: hw version %#llx", dev,
		(unsigned long long)version);
	REQUIRE(vram == expect.vram - MIB, "%s: vram %llu, expected %lu", dev,
		(unsigned long long)vram, expect.vram - MIB);
	REQUIRE(engines == (accel ? 2u : 3u), "%s: %llu engines", dev,
		(unsigned long long)engines);
	return 0;
}

static int test_render_get_param(void)
{
	int i;

	REQUIRE(num_cards > 0, "no Duet card");
	for (i = 0; i < num_cards; i++)
		if (check_params(cards[i].render.dev, 0))
			return 1;
	return 0;
}

static int test_accel_get_param(void)
{
	int i;

	REQUIRE(num_cards > 0, "no Duet card");
	for (i = 0; i < num_cards; i++)
		if (check_params(cards[i].accel.dev, 1))
			return 1;
	return 0;
}

/* Run GET_PARAM with @p on the first card's node and expect @want. */
static int expect_get_param_error(int accel, struct get_param p, int want)
{
	const char *dev;
	int fd, err;

	REQUIRE(num_cards > 0, "no Duet card");
	dev = accel ? cards[0].accel.dev : cards[0].render.dev;
	fd = open_node(dev);
	REQUIRE(fd >= 0, "cannot open %s", dev);
	err = get_param(fd, accel, &p);
	close(fd);
	REQUIRE(err == want, "%s: GET_PARAM {param %u index %u flags %#x pad %#x} "
		"gave '%s', expected '%s'", dev, p.param, p.index, p.flags, p.pad,
		strerror(err), strerror(want));
	return 0;
}

#define BAD_PARAM_TESTS(node, accel)						\
static int test_##node##_bad_param(void)					\
{										\
	return expect_get_param_error(accel, (struct get_param){ .param = 1000 },	\
				      EINVAL);					\
}										\
static int test_##node##_bad_flags(void)					\
{										\
	return expect_get_param_error(accel, (struct get_param){ .flags = 1 },	\
				      EINVAL);					\
}										\
static int test_##node##_bad_pad(void)						\
{										\
	return expect_get_param_error(accel, (struct get_param){ .pad = 1 },	\
				      EINVAL);					\
}										\
static int test_##node##_bad_index(void)					\
{										\
	return expect_get_param_error(accel,					\
		(struct get_param){ .param = DRM_DUET_PARAM_VRAM_SIZE, .index = 1 },	\
		EINVAL);							\
}										\
static int test_##node##_bad_engine(void)					\
{										\
	return expect_get_param_error(accel,					\
		(struct get_param){ .param = DRM_DUET_PARAM_ENGINE_CLASS,	\
				    .index = 8 }, ENOENT);			\
}

BAD_PARAM_TESTS(render, 0)
BAD_PARAM_TESTS(accel, 1)

static int expect_fault(const char *dev, unsigned long request)
{
	int fd = open_node(dev), err;

	REQUIRE(fd >= 0, "cannot open %s", dev);
	err = ioctl_err(fd, request, (void *)8);
	close(fd);
	REQUIRE(err == EFAULT, "%s: bad pointer gave '%s'", dev, strerror(err));
	return 0;
}

static int test_render_bad_pointer(void)
{
	REQUIRE(num_cards > 0, "no Duet card");
	return expect_fault(cards[0].render.dev, DRM_IOCTL_DUET_GET_PARAM);
}

static int test_accel_bad_pointer(void)
{
	REQUIRE(num_cards > 0, "no Duet card");
	return expect_fault(cards[0].accel.dev, DRM_IOCTL_DUET_ACCEL_GET_PARAM);
}

/* An ioctl of one node sent to the other must be rejected, not misread. */
static int test_cross_node_ioctls(void)
{
	struct get_param p = { .param = DRM_DUET_PARAM_HW_VERSION };
	int fd, err;

	REQUIRE(num_cards > 0, "no Duet card");
	fd = open_node(cards[0].render.dev);
	REQUIRE(fd >= 0, "cannot open render node");
	err = ioctl_err(fd, DRM_IOCTL_DUET_ACCEL_GET_PARAM, &p);
	close(fd);
	REQUIRE(err == EINVAL, "accel GET_PARAM on render node gave '%s'", strerror(err));

	fd = open_node(cards[0].accel.dev);
	REQUIRE(fd >= 0, "cannot open accel node");
	err = ioctl_err(fd, DRM_IOCTL_DUET_GET_PARAM, &p);
	close(fd);
	REQUIRE(err == EINVAL, "render GET_PARAM on accel node gave '%s'", strerror(err));
	return 0;
}

/* ---- unbind and rebind one child ----------------------------------------- */

static int sysfs_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int node_answers(const char *dev, int accel)
{
	uint64_t value;
	int fd = open_node(dev), err;

	if (fd < 0)
		return errno;
	err = get_param_value(fd, accel, DRM_DUET_PARAM_HW_VERSION, 0, &value);
	close(fd);
	return err;
}

/*
 * Unbind one child of card 0 while both nodes are open: the unbound node's
 * open file must fail with ENODEV (and close cleanly later), the other node
 * must keep working, and binding again must bring the node back.
 */
static int unbind_one_child(int accel)
{
	const struct duet_node *gone = accel ? &cards[0].accel : &cards[0].render;
	const struct duet_node *kept = accel ? &cards[0].render : &cards[0].accel;
	const char *driver = accel ? "duet_accel" : "duet_drm";
	char path[PATH_MAX], aux[PATH_MAX];
	uint64_t value;
	int fd_gone, fd_kept, err;

	REQUIRE(num_cards > 0, "no Duet card");
	snprintf(aux, sizeof(aux), "%s", last_component(gone->aux));
	fd_gone = open_node(gone->dev);
	fd_kept = open_node(kept->dev);
	REQUIRE(fd_gone >= 0 && fd_kept >= 0, "cannot open the nodes");

	snprintf(path, sizeof(path), "/sys/bus/auxiliary/drivers/%s/unbind", driver);
	err = sysfs_write(path, aux);
	REQUIRE(!err, "unbind %s: %s", aux, strerror(err));

	err = get_param_value(fd_gone, accel, DRM_DUET_PARAM_HW_VERSION, 0, &value);
	REQUIRE(err == ENODEV, "GET_PARAM on unbound %s gave '%s'", gone->dev,
		strerror(err));
	err = get_param_value(fd_kept, !accel, DRM_DUET_PARAM_HW_VERSION, 0, &value);
	REQUIRE(!err, "GET_PARAM on %s after unbinding %s: %s", kept->dev, aux,
		strerror(err));
	REQUIRE(!node_answers(kept->dev, !accel), "%s does not answer", kept->dev);
	REQUIRE(access(gone->dev, F_OK), "%s still exists after unbind", gone->dev);
	close(fd_gone);

	snprintf(path, sizeof(path), "/sys/bus/auxiliary/drivers/%s/bind", driver);
	err = sysfs_write(path, aux);
	REQUIRE(!err, "bind %s: %s", aux, strerror(err));
	num_cards = duet_find_cards(cards, DUET_MAX_CARDS);
	REQUIRE(num_cards == expect.cards, "%d cards after rebind", num_cards);
	gone = accel ? &cards[0].accel : &cards[0].render;
	REQUIRE(!node_answers(gone->dev, accel), "%s does not answer after rebind",
		gone->dev);
	err = get_param_value(fd_kept, !accel, DRM_DUET_PARAM_HW_VERSION, 0, &value);
	close(fd_kept);
	REQUIRE(!err, "kept node failed after rebind: %s", strerror(err));
	return 0;
}

static int test_unbind_accel_keeps_render(void)
{
	return unbind_one_child(1);
}

static int test_unbind_render_keeps_accel(void)
{
	return unbind_one_child(0);
}

/* ---- runner ------------------------------------------------------------- */

static const struct subtest {
	const char *name;
	int (*fn)(void);
} subtests[] = {
	{ "nodes-exist", test_nodes_exist },
	{ "node-majors", test_majors },
	{ "aux-topology", test_aux_topology },
	{ "accel-has-no-drm-nodes", test_accel_has_no_drm_nodes },
	{ "plain-ivshmem-unbound", test_plain_ivshmem_unbound },
	{ "version-names", test_version_names },
	{ "render-get-param", test_render_get_param },
	{ "accel-get-param", test_accel_get_param },
	{ "render-get-param-bad-param", test_render_bad_param },
	{ "render-get-param-bad-flags", test_render_bad_flags },
	{ "render-get-param-bad-pad", test_render_bad_pad },
	{ "render-get-param-bad-index", test_render_bad_index },
	{ "render-get-param-bad-engine", test_render_bad_engine },
	{ "render-get-param-bad-pointer", test_render_bad_pointer },
	{ "accel-get-param-bad-param", test_accel_bad_param },
	{ "accel-get-param-bad-flags", test_accel_bad_flags },
	{ "accel-get-param-bad-pad", test_accel_bad_pad },
	{ "accel-get-param-bad-index", test_accel_bad_index },
	{ "accel-get-param-bad-engine", test_accel_bad_engine },
	{ "accel-get-param-bad-pointer", test_accel_bad_pointer },
	{ "cross-node-ioctls", test_cross_node_ioctls },
	{ "unbind-accel-keeps-render", test_unbind_accel_keeps_render },
	{ "unbind-render-keeps-accel", test_unbind_render_keeps_accel },
};

static int selected(const char *name, int argc, char **argv)
{
	int i;

	if (optind >= argc)
		return 1;
	for (i = optind; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static unsigned long parse_size(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	switch (*end) {
	case 'G': return v << 30;
	case 'M': return v << 20;
	case 'K': return v << 10;
	default: return v;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cards", required_argument, NULL, 'c' },
		{ "plain", required_argument, NULL, 'p' },
		{ "vram", required_argument, NULL, 'v' },
		{ "list", no_argument, NULL, 'l' },
		{ }
	};
	int opt, n = 0, failed = 0;
	size_t i;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': expect.cards = atoi(optarg); break;
		case 'p': expect.plain = atoi(optarg); break;
		case 'v': expect.vram = parse_size(optarg); break;
		case 'l':
			for (i = 0; i < sizeof(subtests) / sizeof(subtests[0]); i++)
				printf("%s\n", subtests[i].name);
			return 0;
		default:
			fprintf(stderr, "usage: %s [--cards N] [--plain N] [--vram SIZE] [--list] [SUBTEST...]\n",
				argv[0]);
			return 2;
		}
	}

	num_cards = duet_find_cards(cards, DUET_MAX_CARDS);
	if (num_cards < 0) {
		fprintf(stderr, "duet-check: scanning sysfs: %s\n", strerror(-num_cards));
		return 1;
	}

	for (i = 0; i < sizeof(subtests) / sizeof(subtests[0]); i++) {
		int ret;

		if (!selected(subtests[i].name, argc, argv))
			continue;
		ret = subtests[i].fn();
		n++;
		if (ret == 77)
			printf("ok %d - duet-check/%s # SKIP\n", n, subtests[i].name);
		else
			printf("%sok %d - duet-check/%s\n", ret ? "not " : "", n,
			       subtests[i].name);
		failed += ret && ret != 77;
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
