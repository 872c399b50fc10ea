// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet debugfs
 *
 * ``/sys/kernel/debug/duet_core/<PCI device>/`` holds the card's state:
 *
 * ``vram``
 *   the VRAM pool: size, free bytes, bytes used by each node and by the
 *   driver itself (``used-kernel``: the GART table), and one line per
 *   allocation (offset, size, node, number of BOs sharing it).
 *
 * ``gart`` (cards with a GART)
 *   the GART: aperture base and size, bytes mapped by each node, bytes
 *   released and waiting for their invalidation, whether it is enabled or
 *   quarantined, invalidations acknowledged and timed out, then the
 *   aperture's ranges (drm_mm_print()).
 *
 * ``gart_clear`` (root only, cards with a GART)
 *   a test interface: writing a device address in the aperture clears the
 *   entry of its page and invalidates, as if the page had never been
 *   mapped, so that a test can make one job fault on an unmapped page
 *   (DUET_ERR_GART_FAULT). The range keeps its place until its buffer is
 *   freed.
 *
 * ``engines``
 *   one line per engine: ``NAME on_ring=N resets=N replayed=N
 *   cancelled=N``: the jobs on its ring now (written, fence not yet
 *   signalled), the resets its timeout handler performed, the innocent jobs
 *   it wrote back to the ring after them and the jobs of banned contexts a
 *   reset dropped (see duet_core_sched.c).
 *
 * ``irq_floor`` (root only)
 *   the interrupt floor, the round trip a driver can reach: writing
 *   ``COUNT [ENGINE]`` (COUNT up to 100000; ENGINE an index, default the
 *   first compute engine) runs COUNT FENCEs one after the other through
 *   the engine's ring, each completed by its MSI-X interrupt and the
 *   wake-up of the writing thread, with no scheduler, syncobj or ioctl in
 *   the path (duet_core_ring_roundtrip()). Reading gives the last run:
 *   ``engine NAME`` and then each round trip in nanoseconds, one per line.
 *   The FENCEs queue behind whatever the engine executes: measure on an
 *   idle card. A signal stops a run (-EINTR); a wedged card, or an engine
 *   lost or gone, fails it with -EIO or -ENODEV.
 *
 * The directory belongs to the card, not to a child, so it stays while
 * either child is unbound. debugfs is not ABI.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "duet_core_debugfs.h"
#include "duet_core_drv.h"
#include "duet_core_gart.h"
#include "duet_core_ring.h"
#include "duet_core_vram.h"

#define DUET_CORE_IRQ_FLOOR_MAX		100000

/**
 * struct duet_core_irq_floor - the last run of debugfs ``irq_floor``
 * @core: the card
 * @lock: Serialises runs, and readers with them
 * @engine: the engine of the last run
 * @count: its number of round trips
 * @ns: the round trips, in nanoseconds
 */
struct duet_core_irq_floor {
	struct duet_core *core;
	struct mutex lock; /* Serialises runs, and readers with them */
	unsigned int engine;
	unsigned int count;
	u64 *ns;
};

static struct dentry *duet_core_debugfs_root;

static int duet_core_debugfs_vram_show(struct seq_file *m, void *unused)
{
	struct duet_core *core = m->private;

	duet_vram_show(core->vram, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(duet_core_debugfs_vram);

static int duet_core_debugfs_gart_show(struct seq_file *m, void *unused)
{
	struct duet_core *core = m->private;

	duet_gart_show(core->gart, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(duet_core_debugfs_gart);

static ssize_t duet_core_debugfs_gart_clear_write(struct file *f,
						  const char __user *buf,
						  size_t len, loff_t *pos)
{
	struct duet_core *core = file_inode(f)->i_private;
	u64 address;
	int ret;

	ret = kstrtou64_from_user(buf, len, 0, &address);
	if (ret)
		return ret;
	ret = duet_gart_clear_page(core->gart, address);
	return ret ?: len;
}

static const struct file_operations duet_core_debugfs_gart_clear_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = duet_core_debugfs_gart_clear_write,
};

static int duet_core_debugfs_engines_show(struct seq_file *m, void *unused)
{
	struct duet_core *core = m->private;
	unsigned int id;

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];
		unsigned int on_ring;

		spin_lock_irq(&engine->tl->lock);
		on_ring = list_count_nodes(&engine->pending);
		spin_unlock_irq(&engine->tl->lock);

		mutex_lock(&core->reset_lock);
		seq_printf(m, "%s on_ring=%u resets=%llu replayed=%llu cancelled=%llu\n",
			   core->info.engine_name[id], on_ring, engine->resets,
			   engine->replayed, engine->cancelled);
		mutex_unlock(&core->reset_lock);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(duet_core_debugfs_engines);

static int duet_core_debugfs_irq_floor_show(struct seq_file *m, void *unused)
{
	struct duet_core_irq_floor *floor = m->private;
	unsigned int i;

	mutex_lock(&floor->lock);
	if (floor->count)
		seq_printf(m, "engine %s\n",
			   floor->core->info.engine_name[floor->engine]);
	for (i = 0; i < floor->count; i++)
		seq_printf(m, "%llu\n", floor->ns[i]);
	mutex_unlock(&floor->lock);
	return 0;
}

static int duet_core_debugfs_irq_floor_open(struct inode *inode,
					    struct file *file)
{
	return single_open(file, duet_core_debugfs_irq_floor_show,
			   inode->i_private);
}

static int duet_core_irq_floor_engine(struct duet_core *core)
{
	unsigned int id;

	for (id = 0; id < core->info.num_engines; id++)
		if (core->info.engine_class[id] == DUET_CORE_ENGINE_COMPUTE)
			return id;
	return 0;
}

static int duet_core_irq_floor_run(struct duet_core_irq_floor *floor,
				   unsigned int engine_id, unsigned int count,
				   u64 *ns)
{
	struct duet_core *core = floor->core;
	struct duet_core_engine *engine = &core->engines[engine_id];
	unsigned int i;
	u32 seqno;
	int ret;

	for (i = 0; i < count; i++) {
		if (signal_pending(current))
			return -EINTR;
		if (READ_ONCE(engine->dead))
			return -ENODEV;
		if (READ_ONCE(engine->lost) || READ_ONCE(core->wedged))
			return -EIO;
		ret = duet_core_ring_roundtrip(engine, false, &seqno, &ns[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static ssize_t duet_core_debugfs_irq_floor_write(struct file *file,
						 const char __user *ubuf,
						 size_t len, loff_t *pos)
{
	struct duet_core_irq_floor *floor =
		((struct seq_file *)file->private_data)->private;
	struct duet_core *core = floor->core;
	unsigned int count, engine;
	char buf[32];
	u64 *ns;
	int ret, n;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	engine = duet_core_irq_floor_engine(core);
	n = sscanf(buf, "%u %u", &count, &engine);
	if (n < 1 || !count || count > DUET_CORE_IRQ_FLOOR_MAX ||
	    engine >= core->info.num_engines)
		return -EINVAL;

	ns = kvcalloc(count, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	mutex_lock(&floor->lock);
	ret = duet_core_irq_floor_run(floor, engine, count, ns);
	if (!ret) {
		swap(floor->ns, ns);
		floor->count = count;
		floor->engine = engine;
	}
	mutex_unlock(&floor->lock);
	kvfree(ns);
	return ret ? ret : len;
}

static const struct file_operations duet_core_debugfs_irq_floor_fops = {
	.owner = THIS_MODULE,
	.open = duet_core_debugfs_irq_floor_open,
	.read = seq_read,
	.write = duet_core_debugfs_irq_floor_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void duet_core_irq_floor_free(void *data)
{
	struct duet_core_irq_floor *floor = data;

	kvfree(floor->ns);
	mutex_destroy(&floor->lock);
	kfree(floor);
}

static void duet_core_debugfs_remove(void *data)
{
	debugfs_remove_recursive(data);
}

/**
 * duet_core_debugfs_init() - create the card's debugfs directory
 * @core: the card, with its VRAM pool
 *
 * Return: 0 or a negative error code from devm_add_action_or_reset().
 */
int duet_core_debugfs_init(struct duet_core *core)
{
	struct duet_core_irq_floor *floor;
	int ret;

	floor = kzalloc_obj(*floor, GFP_KERNEL);
	if (!floor)
		return -ENOMEM;
	floor->core = core;
	mutex_init(&floor->lock);
	/* Freed after the directory is gone: no file operation runs then. */
	ret = devm_add_action_or_reset(&core->pdev->dev,
				       duet_core_irq_floor_free, floor);
	if (ret)
		return ret;

	core->debugfs = debugfs_create_dir(pci_name(core->pdev),
					   duet_core_debugfs_root);
	debugfs_create_file("vram", 0444, core->debugfs, core,
			    &duet_core_debugfs_vram_fops);
	if (core->gart) {
		debugfs_create_file("gart", 0444, core->debugfs, core,
				    &duet_core_debugfs_gart_fops);
		debugfs_create_file("gart_clear", 0200, core->debugfs, core,
				    &duet_core_debugfs_gart_clear_fops);
	}
	debugfs_create_file("engines", 0444, core->debugfs, core,
			    &duet_core_debugfs_engines_fops);
	debugfs_create_file("irq_floor", 0600, core->debugfs, floor,
			    &duet_core_debugfs_irq_floor_fops);
	return devm_add_action_or_reset(&core->pdev->dev,
					duet_core_debugfs_remove, core->debugfs);
}

/**
 * duet_core_debugfs_module_init() - create /sys/kernel/debug/duet_core
 */
void duet_core_debugfs_module_init(void)
{
	duet_core_debugfs_root = debugfs_create_dir(DRIVER_NAME, NULL);
}

/**
 * duet_core_debugfs_module_exit() - remove /sys/kernel/debug/duet_core
 */
void duet_core_debugfs_module_exit(void)
{
	debugfs_remove_recursive(duet_core_debugfs_root);
}
