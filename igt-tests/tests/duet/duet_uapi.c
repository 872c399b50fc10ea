// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_uapi: every invalid input of every Duet ioctl is rejected with the
 * documented error, one subtest per node, ioctl and invalid field:
 * <node>-<ioctl>-<case>, e.g. accel-get-param-bad-pad.
 *
 * To cover a new ioctl, add a struct uapi_ioctl to the ioctls[] table: its
 * request, argument size, a valid argument (init) and its invalid cases
 * (each mutates a valid argument into an invalid one). Every ioctl also
 * gets a bad-pointer subtest (EFAULT).
 */
#include <string.h>
#include <unistd.h>

#include "igt_subset.h"
#include "duet_igt.h"

enum node { RENDER, ACCEL };

static const char *const node_names[] = { "render", "accel" };

/* Both GET_PARAM structs have this layout (and the same PARAM numbers). */
struct get_param {
	uint32_t param, index;
	uint64_t value;
	uint32_t flags, pad;
};
_Static_assert(sizeof(struct get_param) == sizeof(struct drm_duet_get_param),
	       "render GET_PARAM layout");
_Static_assert(sizeof(struct get_param) ==
	       sizeof(struct drm_duet_accel_get_param), "accel GET_PARAM layout");
_Static_assert(DRM_DUET_PARAM_ENGINE_CLASS ==
	       DRM_DUET_ACCEL_PARAM_ENGINE_CLASS, "same PARAM numbers");

struct invalid_case {
	const char *name;
	const char *desc;
	/* Turn the valid argument @arg into an invalid one. */
	void (*mutate)(int fd, enum node node, void *arg);
	int err;
};

struct uapi_ioctl {
	const char *name;
	enum node node;
	unsigned long request;
	size_t size;
	void (*init)(int fd, enum node node, void *arg); /* a valid argument */
	const struct invalid_case *cases;
};

#define MAX_ARG 256

/* ---- GET_PARAM (both nodes) --------------------------------------------- */

static void get_param_init(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	(void)fd; (void)n;
	memset(p, 0, sizeof(*p));
	p->param = DRM_DUET_PARAM_HW_VERSION;
}

static void gp_bad_param(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct get_param *)arg)->param = 1000;
}

static void gp_bad_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct get_param *)arg)->flags = 1;
}

static void gp_bad_pad(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct get_param *)arg)->pad = 1;
}

static void gp_bad_index(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	(void)fd; (void)n;
	p->param = DRM_DUET_PARAM_VRAM_SIZE;
	p->index = 1;
}

static void gp_bad_engine(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	(void)fd; (void)n;
	p->param = DRM_DUET_PARAM_ENGINE_CLASS;
	p->index = 8;
}

/* The first engine index past the node's last engine. */
static void gp_engine_past_last(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	p->param = DRM_DUET_PARAM_ENGINE_CLASS;
	p->index = n == ACCEL ?
		igt_duet_accel_get_param(fd, DRM_DUET_ACCEL_PARAM_NUM_ENGINES, 0) :
		igt_duet_render_get_param(fd, DRM_DUET_PARAM_NUM_ENGINES, 0);
}

static const struct invalid_case get_param_cases[] = {
	{ "bad-param", "an unknown parameter", gp_bad_param, EINVAL },
	{ "bad-flags", "non-zero flags", gp_bad_flags, EINVAL },
	{ "bad-pad", "non-zero padding", gp_bad_pad, EINVAL },
	{ "bad-index", "an index on a parameter that takes none",
	  gp_bad_index, EINVAL },
	{ "bad-engine", "an engine index far out of range (ENOENT)",
	  gp_bad_engine, ENOENT },
	{ "engine-past-last", "the engine index just past the last engine "
	  "(ENOENT)", gp_engine_past_last, ENOENT },
	{ }
};

/* ---- BO_CREATE and BO_INFO (both nodes, same layouts) ------------------- */

struct bo_create {
	uint64_t size;
	uint32_t flags, handle;
};
_Static_assert(sizeof(struct bo_create) == sizeof(struct drm_duet_bo_create),
	       "render BO_CREATE layout");
_Static_assert(sizeof(struct bo_create) ==
	       sizeof(struct drm_duet_accel_bo_create), "accel BO_CREATE layout");

struct bo_info {
	uint32_t handle, flags;
	uint64_t size, mmap_offset, device_address;
};
_Static_assert(sizeof(struct bo_info) == sizeof(struct drm_duet_bo_info),
	       "render BO_INFO layout");
_Static_assert(sizeof(struct bo_info) == sizeof(struct drm_duet_accel_bo_info),
	       "accel BO_INFO layout");

#define PAGE 4096

static void bo_create_init(int fd, enum node n, void *arg)
{
	struct bo_create *c = arg;

	(void)fd; (void)n;
	memset(c, 0, sizeof(*c));
	c->size = PAGE;
}

static void bc_zero_size(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->size = 0;
}

static void bc_too_large(int fd, enum node n, void *arg)
{
	((struct bo_create *)arg)->size = PAGE + (n == ACCEL ?
		igt_duet_accel_get_param(fd, DRM_DUET_ACCEL_PARAM_VRAM_SIZE, 0) :
		igt_duet_render_get_param(fd, DRM_DUET_PARAM_VRAM_SIZE, 0));
}

static void bc_huge(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->size = ~0ull;	/* must not wrap */
}

static void bc_bad_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->flags = 1;
}

static void bc_bad_handle(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->handle = 1;
}

static const struct invalid_case bo_create_cases[] = {
	{ "zero-size", "a size of 0", bc_zero_size, EINVAL },
	{ "too-large", "a size larger than VRAM", bc_too_large, EINVAL },
	{ "huge-size", "a size that overflows when page aligned", bc_huge,
	  EINVAL },
	{ "bad-flags", "non-zero flags", bc_bad_flags, EINVAL },
	{ "bad-handle", "a non-zero input handle", bc_bad_handle, EINVAL },
	{ }
};

static void bo_info_init(int fd, enum node n, void *arg)
{
	struct bo_create c = { .size = PAGE };
	struct bo_info *i = arg;

	do_ioctl(fd, n == ACCEL ? DRM_IOCTL_DUET_ACCEL_BO_CREATE :
		 DRM_IOCTL_DUET_BO_CREATE, &c);
	memset(i, 0, sizeof(*i));
	i->handle = c.handle;
}

static void bi_no_handle(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_info *)arg)->handle = 0;
}

static void bi_bad_handle(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_info *)arg)->handle += 1000;
}

static void bi_bad_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_info *)arg)->flags = 1;
}

static const struct invalid_case bo_info_cases[] = {
	{ "no-handle", "handle 0 (ENOENT)", bi_no_handle, ENOENT },
	{ "bad-handle", "a handle naming no buffer (ENOENT)", bi_bad_handle,
	  ENOENT },
	{ "bad-flags", "non-zero flags", bi_bad_flags, EINVAL },
	{ }
};

static const struct uapi_ioctl ioctls[] = {
	{ "get-param", RENDER, DRM_IOCTL_DUET_GET_PARAM,
	  sizeof(struct drm_duet_get_param), get_param_init, get_param_cases },
	{ "get-param", ACCEL, DRM_IOCTL_DUET_ACCEL_GET_PARAM,
	  sizeof(struct drm_duet_accel_get_param), get_param_init,
	  get_param_cases },
	{ "bo-create", RENDER, DRM_IOCTL_DUET_BO_CREATE,
	  sizeof(struct drm_duet_bo_create), bo_create_init, bo_create_cases },
	{ "bo-create", ACCEL, DRM_IOCTL_DUET_ACCEL_BO_CREATE,
	  sizeof(struct drm_duet_accel_bo_create), bo_create_init,
	  bo_create_cases },
	{ "bo-info", RENDER, DRM_IOCTL_DUET_BO_INFO,
	  sizeof(struct drm_duet_bo_info), bo_info_init, bo_info_cases },
	{ "bo-info", ACCEL, DRM_IOCTL_DUET_ACCEL_BO_INFO,
	  sizeof(struct drm_duet_accel_bo_info), bo_info_init, bo_info_cases },
	/* SUBMIT, ... go here. */
};

static int open_node(enum node node)
{
	return node == ACCEL ? igt_duet_open_accel(0) : igt_duet_open_render(0);
}

static void run_invalid(const struct uapi_ioctl *ioc,
			const struct invalid_case *c)
{
	uint8_t arg[MAX_ARG];
	int fd = open_node(ioc->node);

	igt_assert(ioc->size <= sizeof(arg));
	ioc->init(fd, ioc->node, arg);
	/* The unmodified argument works, so the error is the field's. */
	do_ioctl(fd, ioc->request, arg);
	ioc->init(fd, ioc->node, arg);
	c->mutate(fd, ioc->node, arg);
	do_ioctl_err(fd, ioc->request, arg, c->err);
	close(fd);
}

static void run_bad_pointer(const struct uapi_ioctl *ioc)
{
	int fd = open_node(ioc->node);

	do_ioctl_err(fd, ioc->request, (void *)8, EFAULT);
	close(fd);
}

igt_main
{
	const struct uapi_ioctl *ioc;
	const struct invalid_case *c;

	igt_fixture
		igt_require_f(igt_duet_card_count() > 0, "no Duet card\n");

	for (ioc = ioctls; ioc < ioctls + sizeof(ioctls) / sizeof(*ioctls);
	     ioc++) {
		for (c = ioc->cases; c->name; c++) {
			igt_describe_f("%s %s with %s fails with %s.",
				       node_names[ioc->node], ioc->name,
				       c->desc, strerror(c->err));
			igt_subtest_f("%s-%s-%s", node_names[ioc->node],
				      ioc->name, c->name)
				run_invalid(ioc, c);
		}
		igt_describe_f("%s %s with an argument pointer to unmapped "
			       "memory fails with EFAULT.",
			       node_names[ioc->node], ioc->name);
		igt_subtest_f("%s-%s-bad-pointer", node_names[ioc->node],
			      ioc->name)
			run_bad_pointer(ioc);
	}
}
