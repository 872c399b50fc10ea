// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet sysfs
 *
 * The card's PCI device has a ``duet_engines`` directory with, for each
 * engine N, ``engineN_name`` (``graphics``, ``compute0``, ...) and
 * ``engineN_busy_ns``: the time the engine spent executing jobs of any
 * client of either node since the card was bound. Per-client times are in
 * each file's fdinfo.
 *
 * ``duet_wedged`` is 1 while the card is wedged (see duet_core_sched.c:
 * BO_CREATE and SUBMIT fail with -EIO until every engine acknowledged a
 * reset), else 0.
 */

#include <linux/device.h>
#include <linux/sysfs.h>

#include "duet_core_drv.h"
#include "duet_core_sysfs.h"

struct duet_engine_attr {
	struct device_attribute attr;
	unsigned int id;
};

#define to_duet_engine_attr(a) container_of(a, struct duet_engine_attr, attr)

static ssize_t duet_engine_name_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct duet_core *core = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n",
			  core->info.engine_name[to_duet_engine_attr(attr)->id]);
}

static ssize_t duet_engine_busy_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct duet_core *core = dev_get_drvdata(dev);
	unsigned int id = to_duet_engine_attr(attr)->id;

	return sysfs_emit(buf, "%llu\n",
			  (u64)atomic64_read(&core->engines[id].busy_ns));
}

#define DUET_ENGINE_ATTR(_name, _show, _id) \
	{ .attr = __ATTR(_name, 0444, _show, NULL), .id = (_id) }

/* Two attributes per engine, in engine order: name, busy_ns. */
static struct duet_engine_attr duet_engine_attr_table[] = {
	DUET_ENGINE_ATTR(engine0_name, duet_engine_name_show, 0),
	DUET_ENGINE_ATTR(engine0_busy_ns, duet_engine_busy_show, 0),
	DUET_ENGINE_ATTR(engine1_name, duet_engine_name_show, 1),
	DUET_ENGINE_ATTR(engine1_busy_ns, duet_engine_busy_show, 1),
	DUET_ENGINE_ATTR(engine2_name, duet_engine_name_show, 2),
	DUET_ENGINE_ATTR(engine2_busy_ns, duet_engine_busy_show, 2),
	DUET_ENGINE_ATTR(engine3_name, duet_engine_name_show, 3),
	DUET_ENGINE_ATTR(engine3_busy_ns, duet_engine_busy_show, 3),
	DUET_ENGINE_ATTR(engine4_name, duet_engine_name_show, 4),
	DUET_ENGINE_ATTR(engine4_busy_ns, duet_engine_busy_show, 4),
	DUET_ENGINE_ATTR(engine5_name, duet_engine_name_show, 5),
	DUET_ENGINE_ATTR(engine5_busy_ns, duet_engine_busy_show, 5),
	DUET_ENGINE_ATTR(engine6_name, duet_engine_name_show, 6),
	DUET_ENGINE_ATTR(engine6_busy_ns, duet_engine_busy_show, 6),
	DUET_ENGINE_ATTR(engine7_name, duet_engine_name_show, 7),
	DUET_ENGINE_ATTR(engine7_busy_ns, duet_engine_busy_show, 7),
};

static struct attribute *duet_engine_attrs[] = {
	&duet_engine_attr_table[0].attr.attr,
	&duet_engine_attr_table[1].attr.attr,
	&duet_engine_attr_table[2].attr.attr,
	&duet_engine_attr_table[3].attr.attr,
	&duet_engine_attr_table[4].attr.attr,
	&duet_engine_attr_table[5].attr.attr,
	&duet_engine_attr_table[6].attr.attr,
	&duet_engine_attr_table[7].attr.attr,
	&duet_engine_attr_table[8].attr.attr,
	&duet_engine_attr_table[9].attr.attr,
	&duet_engine_attr_table[10].attr.attr,
	&duet_engine_attr_table[11].attr.attr,
	&duet_engine_attr_table[12].attr.attr,
	&duet_engine_attr_table[13].attr.attr,
	&duet_engine_attr_table[14].attr.attr,
	&duet_engine_attr_table[15].attr.attr,
	NULL
};

static_assert(ARRAY_SIZE(duet_engine_attr_table) == 2 * DUET_CORE_MAX_ENGINES);

static umode_t duet_engine_attr_visible(struct kobject *kobj,
					struct attribute *attr, int n)
{
	struct duet_core *core = dev_get_drvdata(kobj_to_dev(kobj));

	return n / 2 < core->info.num_engines ? attr->mode : 0;
}

static const struct attribute_group duet_engine_group = {
	.name = "duet_engines",
	.attrs = duet_engine_attrs,
	.is_visible = duet_engine_attr_visible,
};

static ssize_t duet_wedged_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct duet_core *core = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", READ_ONCE(core->wedged));
}
static DEVICE_ATTR_RO(duet_wedged);

static struct attribute *duet_card_attrs[] = {
	&dev_attr_duet_wedged.attr,
	NULL
};

static const struct attribute_group duet_card_group = {
	.attrs = duet_card_attrs,
};

const struct attribute_group *duet_core_sysfs_groups[] = {
	&duet_card_group,
	&duet_engine_group,
	NULL
};
