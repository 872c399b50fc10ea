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
 *   the VRAM pool: size, free bytes, bytes used by each node, and one line
 *   per allocation (offset, size, node, number of BOs sharing it).
 *
 * The directory belongs to the card, not to a child, so it stays while
 * either child is unbound. debugfs is not ABI.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "duet_core_debugfs.h"
#include "duet_core_drv.h"
#include "duet_core_vram.h"

static struct dentry *duet_core_debugfs_root;

static int duet_core_debugfs_vram_show(struct seq_file *m, void *unused)
{
	struct duet_core *core = m->private;

	duet_vram_show(core->vram, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(duet_core_debugfs_vram);

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
	core->debugfs = debugfs_create_dir(pci_name(core->pdev),
					   duet_core_debugfs_root);
	debugfs_create_file("vram", 0444, core->debugfs, core,
			    &duet_core_debugfs_vram_fops);
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
