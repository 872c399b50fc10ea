// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet node queries
 *
 * Both children answer GET_PARAM with the same parameters
 * (DRM_DUET_PARAM_* in ``duet_common.h``), each about the engines its node
 * may use. duet_core_node_engines() numbers those engines for a node: the
 * graphics engines first (render node only), then the compute engines, in
 * hardware order; duet_core_get_param() answers a query in that numbering.
 */

#include <uapi/drm/duet_common.h>

#include "duet_core_drv.h"
#include "duet_core_gart.h"
#include "duet_core_vram.h"

/**
 * duet_core_node_engines() - the hardware engines a node may use
 * @core: the card
 * @node: the node
 * @map: filled with the hardware engine id of each node engine index
 *
 * Return: the number of entries filled in.
 */
unsigned int duet_core_node_engines(struct duet_core *core,
				    enum duet_core_node node,
				    unsigned int map[DUET_CORE_MAX_ENGINES])
{
	enum duet_core_engine_class class;
	unsigned int id, n = 0;

	for (class = DUET_CORE_ENGINE_GRAPHICS; class <= DUET_CORE_ENGINE_COMPUTE;
	     class++) {
		if (node == DUET_CORE_NODE_ACCEL && class != DUET_CORE_ENGINE_COMPUTE)
			continue;
		for (id = 0; id < core->info.num_engines; id++)
			if (core->info.engine_class[id] == class)
				map[n++] = id;
	}
	return n;
}

/**
 * duet_core_get_param() - GET_PARAM of both children
 * @core: the card; the caller holds it (drm_dev_enter())
 * @map: the node's engines, from duet_core_node_engines()
 * @num_engines: entries in @map
 * @param: DRM_DUET_PARAM_*
 * @index: engine index for DRM_DUET_PARAM_ENGINE_CLASS, else 0
 * @value: the answer
 *
 * Return: 0, -EINVAL for an unknown @param or a non-zero @index where none
 * is taken, -ENOENT for an @index beyond the node's engines.
 */
int duet_core_get_param(struct duet_core *core, const unsigned int *map,
			unsigned int num_engines, u32 param, u32 index,
			u64 *value)
{
	if (param != DRM_DUET_PARAM_ENGINE_CLASS && index)
		return -EINVAL;

	switch (param) {
	case DRM_DUET_PARAM_HW_VERSION:
		*value = core->info.hw_version;
		return 0;
	case DRM_DUET_PARAM_VRAM_SIZE:
		*value = core->info.vram_size;
		return 0;
	case DRM_DUET_PARAM_VRAM_AVAILABLE:
		*value = duet_core_vram_available(core);
		return 0;
	case DRM_DUET_PARAM_GART_SIZE:
		*value = core->gart ? duet_gart_size(core->gart) : 0;
		return 0;
	case DRM_DUET_PARAM_GART_AVAILABLE:
		*value = core->gart ? duet_gart_available(core->gart) : 0;
		return 0;
	case DRM_DUET_PARAM_NUM_ENGINES:
		*value = num_engines;
		return 0;
	case DRM_DUET_PARAM_ENGINE_CLASS:
		if (index >= num_engines)
			return -ENOENT;
		*value = core->info.engine_class[map[index]] ==
			 DUET_CORE_ENGINE_GRAPHICS ? DRM_DUET_ENGINE_CLASS_GRAPHICS :
						     DRM_DUET_ENGINE_CLASS_COMPUTE;
		return 0;
	default:
		return -EINVAL;
	}
}
