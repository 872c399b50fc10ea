// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet buffer objects
 *
 * Both children use this one implementation of GEM buffer objects, exported
 * by duet_core. A &struct duet_bo is a GEM object of one child's DRM device
 * backed by a contiguous, zero-filled range of the card's VRAM
 * (&struct duet_vram_alloc).
 *
 * CPU mappings are write-combined mappings of the BAR pages themselves, so
 * the CPU and the device see the same bytes. Pages are inserted on fault,
 * inside drm_dev_enter(); when a child is unplugged it zaps every mapping
 * of its device (duet_bo_unmap_all()) and later faults map a private zeroed
 * dummy page, so a process that still touches a mapping after an unplug
 * neither crashes nor reaches a BAR that may be gone. Only shared mappings
 * are allowed.
 *
 * A BO holds a reference on its DRM device and on that device's driver
 * module, because jobs keep BOs after their files are closed and their
 * child may be unbound meanwhile; freeing the BO would otherwise touch a
 * freed device.
 *
 * Sharing between the two nodes is zero-copy: a BO is exported as a dma-buf
 * with Duet's own &dma_buf_ops, and a Duet node of the same card importing
 * it gets a new GEM object that references the same VRAM range and the
 * exporter's reservation object (so implicit fences are shared too).
 * Because VRAM has no struct pages and the device has no MMU, nothing else
 * can be shared: attaching a foreign importer to a Duet dma-buf, or
 * importing a foreign dma-buf into Duet, fails with -EOPNOTSUPP; importing a
 * dma-buf of another Duet card fails with -EXDEV.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_managed.h>
#include <drm/drm_prime.h>
#include <drm/drm_print.h>
#include <drm/drm_vma_manager.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/mm.h>
#include <linux/module.h>

#include "duet_bo.h"
#include "duet_core_drv.h"
#include "duet_core_vram.h"

static void duet_bo_free_dummy_page(struct drm_device *drm, void *page)
{
	__free_page(page);
}

/*
 * The device is gone: map one new zeroed page over the whole VMA, freed
 * with the DRM device. Each VMA gets its own, so nothing written there is
 * seen by anyone else.
 */
static vm_fault_t duet_bo_fault_dummy(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct drm_gem_object *obj = vma->vm_private_data;
	pgprot_t prot = vm_get_page_prot(vma->vm_flags);
	unsigned long address;
	struct page *page;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	if (drmm_add_action_or_reset(obj->dev, duet_bo_free_dummy_page, page))
		return VM_FAULT_OOM;

	for (address = vma->vm_start; address < vma->vm_end; address += PAGE_SIZE) {
		ret = vmf_insert_pfn_prot(vma, address, page_to_pfn(page), prot);
		if (ret & VM_FAULT_ERROR)
			break;
	}
	return ret;
}

static vm_fault_t duet_bo_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct drm_gem_object *obj = vma->vm_private_data;
	unsigned long page = vmf->pgoff - drm_vma_node_start(&obj->vma_node);
	vm_fault_t ret;
	int idx;

	if (page >= obj->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;

	if (!drm_dev_enter(obj->dev, &idx))
		return duet_bo_fault_dummy(vmf);

	ret = vmf_insert_pfn(vma, vmf->address,
			     PHYS_PFN(duet_vram_alloc_phys(to_duet_bo(obj)->alloc)) +
			     page);
	drm_dev_exit(idx);
	return ret;
}

static const struct vm_operations_struct duet_bo_vm_ops = {
	.fault = duet_bo_fault,
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

static int duet_bo_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma)
{
	/* Private (copy-on-write) mappings of device memory make no sense. */
	if (vma_is_cow_mapping(vma))
		return -EINVAL;

	vm_flags_set(vma, VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_page_prot = pgprot_writecombine(vm_get_page_prot(vma->vm_flags));
	return 0;
}

static int duet_bo_dmabuf_attach(struct dma_buf *dma_buf,
				 struct dma_buf_attachment *attach)
{
	/* Duet importers never attach; see the DOC comment above. */
	return -EOPNOTSUPP;
}

static const struct dma_buf_ops duet_bo_dmabuf_ops = {
	.attach = duet_bo_dmabuf_attach,
	.map_dma_buf = drm_gem_map_dma_buf,
	.unmap_dma_buf = drm_gem_unmap_dma_buf,
	.release = drm_gem_dmabuf_release,
	.mmap = drm_gem_dmabuf_mmap,
};

static struct dma_buf *duet_bo_prime_export(struct drm_gem_object *obj,
					    int flags)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);

	exp_info.ops = &duet_bo_dmabuf_ops;
	exp_info.size = obj->size;
	exp_info.flags = flags;
	exp_info.priv = obj;
	exp_info.resv = obj->resv;
	return drm_gem_dmabuf_export(obj->dev, &exp_info);
}

static enum drm_gem_object_status duet_bo_status(struct drm_gem_object *obj)
{
	return DRM_GEM_OBJECT_RESIDENT;
}

static void duet_bo_free(struct drm_gem_object *obj)
{
	struct duet_bo *bo = to_duet_bo(obj);
	struct drm_device *drm = obj->dev;
	struct module *owner = drm->driver->fops->owner;

	drm_gem_object_release(obj);
	duet_vram_alloc_put(bo->alloc);
	if (bo->import)
		dma_buf_put(bo->import);
	kfree(bo);
	drm_dev_put(drm);
	module_put(owner);
}

static const struct drm_gem_object_funcs duet_bo_funcs = {
	.free = duet_bo_free,
	.export = duet_bo_prime_export,
	.mmap = duet_bo_mmap,
	.status = duet_bo_status,
	.vm_ops = &duet_bo_vm_ops,
};

/**
 * duet_bo_is_duet() - whether a GEM object is a Duet buffer object
 * @obj: the object
 *
 * Return: true for objects created or imported by duet_bo_*().
 */
bool duet_bo_is_duet(struct drm_gem_object *obj)
{
	return obj->funcs == &duet_bo_funcs;
}

/* Wrap @alloc, whose reference the new BO takes over, in a GEM object. */
static struct duet_bo *duet_bo_init(struct drm_device *drm,
				    struct duet_vram_alloc *alloc,
				    struct dma_resv *resv)
{
	struct duet_bo *bo;
	int ret;

	bo = kzalloc_obj(*bo, GFP_KERNEL);
	if (!bo) {
		duet_vram_alloc_put(alloc);
		return ERR_PTR(-ENOMEM);
	}

	bo->alloc = alloc;
	bo->base.funcs = &duet_bo_funcs;
	bo->base.resv = resv;
	drm_gem_private_object_init(drm, &bo->base, alloc->size);
	/*
	 * A job may hold the BO after its file is closed and its child is
	 * unbound: keep the DRM device and its driver module until the BO
	 * goes. The caller is in one of that module's ioctls.
	 */
	drm_dev_get(drm);
	__module_get(drm->driver->fops->owner);

	ret = drm_gem_create_mmap_offset(&bo->base);
	if (ret) {
		drm_gem_object_put(&bo->base);
		return ERR_PTR(ret);
	}
	return bo;
}

/**
 * duet_bo_create_handle() - create a zeroed VRAM BO and a handle to it
 * @file: the client; the BO belongs to its DRM device
 * @core: the card
 * @node: node to account the VRAM to
 * @size: in: requested size; out: the size allocated (page aligned)
 * @handle: out: the new handle
 *
 * Return: 0, -EINVAL for a size of 0 or beyond VRAM, -ENOSPC when no
 * contiguous range of that size is free, -ENODEV once the device is gone.
 */
int duet_bo_create_handle(struct drm_file *file, struct duet_core *core,
			  enum duet_core_node node, u64 *size, u32 *handle)
{
	struct drm_device *drm = file->minor->dev;
	struct duet_vram_alloc *alloc;
	struct duet_bo *bo;
	u64 aligned;
	int idx, ret;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	if (!*size || *size > core->info.vram_size) {
		ret = -EINVAL;
		goto out_exit;
	}
	aligned = PAGE_ALIGN(*size);

	alloc = duet_vram_alloc_create(core->vram, node, aligned);
	if (IS_ERR(alloc)) {
		ret = PTR_ERR(alloc);
		goto out_exit;
	}

	bo = duet_bo_init(drm, alloc, NULL);
	if (IS_ERR(bo)) {
		ret = PTR_ERR(bo);
		goto out_exit;
	}

	ret = drm_gem_handle_create(file, &bo->base, handle);
	drm_gem_object_put(&bo->base);
	if (!ret)
		*size = aligned;
out_exit:
	drm_dev_exit(idx);
	return ret;
}

/**
 * duet_bo_info() - describe a BO of a client
 * @file: the client
 * @handle: the client's handle
 * @size: out: size in bytes
 * @mmap_offset: out: offset to pass to mmap() on the node
 * @device_address: out: device address of the first byte
 *
 * Return: 0, or -ENOENT if @handle names no BO of @file.
 */
int duet_bo_info(struct drm_file *file, u32 handle, u64 *size,
		 u64 *mmap_offset, u64 *device_address)
{
	struct drm_gem_object *obj;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return -ENOENT;

	*size = obj->size;
	*mmap_offset = drm_vma_node_offset_addr(&obj->vma_node);
	*device_address = duet_vram_alloc_device_address(to_duet_bo(obj)->alloc);
	drm_gem_object_put(obj);
	return 0;
}

/**
 * duet_bo_prime_import() - &drm_driver.gem_prime_import for both children
 * @drm: the importing DRM device
 * @core: its card
 * @dma_buf: the buffer to import
 *
 * Return: the imported object; ERR_PTR(-EOPNOTSUPP) for a dma-buf that is
 * not a Duet BO, ERR_PTR(-EXDEV) for a BO of another card.
 */
struct drm_gem_object *duet_bo_prime_import(struct drm_device *drm,
					    struct duet_core *core,
					    struct dma_buf *dma_buf)
{
	struct drm_gem_object *obj = dma_buf->priv;
	struct duet_vram_alloc *alloc;
	struct duet_bo *bo;
	int idx;

	if (dma_buf->ops != &duet_bo_dmabuf_ops)
		return ERR_PTR(-EOPNOTSUPP);

	if (obj->dev == drm) {
		drm_gem_object_get(obj);
		return obj;
	}

	alloc = to_duet_bo(obj)->alloc;
	if (!drm_dev_enter(drm, &idx))
		return ERR_PTR(-ENODEV);
	if (alloc->vram != core->vram) {
		drm_dev_exit(idx);
		return ERR_PTR(-EXDEV);
	}
	drm_dev_exit(idx);

	bo = duet_bo_init(drm, duet_vram_alloc_get(alloc), dma_buf->resv);
	if (IS_ERR(bo))
		return ERR_CAST(bo);

	get_dma_buf(dma_buf);
	bo->import = dma_buf;
	return &bo->base;
}

/**
 * duet_bo_show_fdinfo() - print a client's VRAM usage in fdinfo
 * @p: the printer
 * @file: the client
 *
 * Prints the drm-usage-stats keys ``drm-total-vram``, ``drm-shared-vram``,
 * ``drm-active-vram``, ``drm-resident-vram`` and the older
 * ``drm-memory-vram``. An imported BO counts for every client holding a
 * handle to it, as shared memory.
 */
void duet_bo_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	struct drm_memory_stats stats = {};
	struct drm_gem_object *obj;
	int id;

	spin_lock(&file->table_lock);
	idr_for_each_entry(&file->object_idr, obj, id) {
		if (obj->funcs != &duet_bo_funcs)
			continue;
		if (drm_gem_object_is_shared_for_memory_stats(obj))
			stats.shared += obj->size;
		else
			stats.private += obj->size;
		stats.resident += obj->size;
		if (!dma_resv_test_signaled(obj->resv, DMA_RESV_USAGE_BOOKKEEP))
			stats.active += obj->size;
	}
	spin_unlock(&file->table_lock);

	drm_printf(p, "drm-memory-vram:\t%llu KiB\n", stats.resident >> 10);
	drm_print_memory_stats(p, &stats, DRM_GEM_OBJECT_RESIDENT, "vram");
}

/**
 * duet_bo_unmap_all() - zap every CPU mapping of a child's BOs
 * @drm: the child's DRM device, already unplugged
 *
 * Later faults map the dummy page.
 */
void duet_bo_unmap_all(struct drm_device *drm)
{
	unmap_mapping_range(drm->anon_inode->i_mapping, 0, 0, 1);
}
EXPORT_SYMBOL_NS_GPL(duet_bo_unmap_all, "DUET_CORE");
