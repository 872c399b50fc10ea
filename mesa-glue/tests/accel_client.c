// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * A small compute client: opens the first card's accel node with libduet
 * on purpose and runs a VADD. It is accel-guard's positive control: the
 * suite checks the guard reports this open, made by libduet.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <duet.h>

#define COUNT 4096

int main(void)
{
	struct duet_dev *dev;
	uint32_t bo;
	uint64_t size;
	float *v;
	int engine, ret, i, bad = 0;
	const size_t bytes = COUNT * sizeof(float);

	ret = duet_dev_open(0, DUET_NODE_ACCEL, &dev);
	if (ret) {
		printf("not ok - mesa/accel-client-vadd\n# open: %s\n", strerror(-ret));
		return 1;
	}
	engine = duet_find_engine(dev, DUET_ENGINE_COMPUTE, 0);
	ret = engine < 0 ? engine : duet_bo_create(dev, 3 * bytes, &bo, NULL);
	if (!ret)
		ret = duet_bo_map(dev, bo, (void **)&v, &size);
	if (!ret) {
		struct drm_duet_cmd cmd;

		for (i = 0; i < COUNT; i++) {
			v[COUNT + i] = (float)i;		/* a */
			v[2 * COUNT + i] = 0.5f * (float)i;	/* b */
		}
		cmd = duet_cmd_vadd(duet_op(bo, 0, bytes),
				    duet_op(bo, bytes, bytes),
				    duet_op(bo, 2 * bytes, bytes), COUNT);
		ret = duet_run(dev, engine, &cmd, 1, 10000000000LL);
	}
	if (!ret) {
		for (i = 0; i < COUNT; i++)
			bad += v[i] != 1.5f * (float)i;
		duet_bo_unmap(v, size);
		duet_bo_close(dev, bo);
	}
	duet_dev_close(dev);
	if (ret || bad) {
		printf("not ok - mesa/accel-client-vadd\n# %s, %d wrong\n",
		       strerror(-ret), bad);
		return 1;
	}
	printf("ok - mesa/accel-client-vadd\n");
	return 0;
}
