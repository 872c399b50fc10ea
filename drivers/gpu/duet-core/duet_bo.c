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
 * A BO is backed either by VRAM or, when created with DRM_DUET_BO_SYSTEM
 * or imported from another driver, by system memory reached through the
 * card's GART (&struct duet_sysmem, duet_core_sysmem.c). Its device
 * address is fixed for its lifetime either way, and commands name both
 * kinds alike. System pages are mapped cached; they stay valid after an
 * unplug, so those mappings keep working.
 *
 * Sharing between the two nodes is zero-copy: a BO is exported as a dma-buf
 * with Duet's own &dma_buf_ops, and a Duet node of the same card importing
 * it gets a new GEM object that references the same backing and the
 * exporter's reservation object (so implicit fences are shared too).
 *
 * Other drivers: a foreign importer may attach to a system BO's dma-buf
 * and gets an sg table of its pages. VRAM has no struct pages and is not
 * offered to other devices (no peer-to-peer): attaching to a VRAM BO's
 * dma-buf fails with -EOPNOTSUPP, so the other driver's import fails with
 * that error. A foreign dma-buf (vgem, udmabuf, ...) imported into a Duet
 * node is attached to the card, mapped and written into the GART; implicit
 * fences go to the exporter's reservation object. Importing a VRAM BO of
 * another Duet card fails with -EXDEV; a system BO of another card is
 * imported as a foreign buffer. On a card without a GART, foreign
 * dma-bufs cannot be imported (-EOPNOTSUPP).
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
#include <uapi/drm/duet_common.h>

#include "duet_bo.h"
#include "duet_core_drv.h"
#include "duet_core_sysmem.h"
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
	struct duet_bo *bo = to_duet_bo(obj);
	unsigned long page = vmf->pgoff - drm_vma_node_start(&obj->vma_node);
	vm_fault_t ret;
	int idx;

	if (page >= obj->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;

	/* System pages are the BO's own: valid whatever the card does. */
	if (bo->sysmem)
		return vmf_insert_pfn(vma, vmf->address,
				      page_to_pfn(bo->sysmem->pages[page]));

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
	struct duet_bo *bo = to_duet_bo(obj);
	int ret;

	/* Private (copy-on-write) mappings of shared memory make no sense. */
	if (vma_is_cow_mapping(vma))
		return -EINVAL;

	if (bo->sysmem && bo->sysmem->attach) {
		/*
		 * A foreign buffer is mapped by its exporter, whose mapping
		 * replaces ours and the reference drm_gem_mmap_obj() took.
		 */
		vm_flags_set(vma, VM_DONTEXPAND);
		vma->vm_private_data = NULL;
		vma->vm_ops = NULL;
		ret = dma_buf_mmap(bo->sysmem->attach->dmabuf, vma, 0);
		if (!ret)
			drm_gem_object_put(obj);
		return ret;
	}

	if (bo->sysmem) {
		vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
		return 0;
	}

	vm_flags_set(vma, VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_page_prot = pgprot_writecombine(vm_get_page_prot(vma->vm_flags));
	return 0;
}

static int duet_bo_dmabuf_attach(struct dma_buf *dma_buf,
				 struct dma_buf_attachment *attach)
{
	struct duet_bo *bo = to_duet_bo(dma_buf->priv);

	/*
	 * Duet importers never attach. Other devices get system pages only:
	 * see the DOC comment above.
	 */
	return bo->sysmem ? 0 : -EOPNOTSUPP;
}

static struct sg_table *duet_bo_get_sg_table(struct drm_gem_object *obj)
{
	struct duet_sysmem *sysmem = to_duet_bo(obj)->sysmem;

	/* Only BOs of our own are exported; attach refused VRAM. */
	if (!sysmem || !sysmem->pages)
		return ERR_PTR(-EOPNOTSUPP);
	return drm_prime_pages_to_sg(obj->dev, sysmem->pages, sysmem->num_pages);
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
	if (bo->alloc)
		duet_vram_alloc_put(bo->alloc);
	if (bo->sysmem)
		duet_sysmem_put(bo->sysmem);
	if (bo->import)
		dma_buf_put(bo->import);
	kfree(bo);
	drm_dev_put(drm);
	module_put(owner);
}

static const struct drm_gem_object_funcs duet_bo_funcs = {
	.free = duet_bo_free,
	.export = duet_bo_prime_export,
	.get_sg_table = duet_bo_get_sg_table,
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

/*
 * Set up @bo's GEM object, of @size bytes with a shmem file if @shmem, and
 * take the references every BO holds. On failure @bo is freed.
 */
static int duet_bo_init(struct drm_device *drm, struct duet_bo *bo, u64 size,
			bool shmem, struct dma_resv *resv)
{
	int ret = 0;

	bo->base.funcs = &duet_bo_funcs;
	bo->base.resv = resv;
	if (shmem)
		ret = drm_gem_object_init(drm, &bo->base, size);
	else
		drm_gem_private_object_init(drm, &bo->base, size);
	if (ret) {
		kfree(bo);
		return ret;
	}
	/*
	 * A job may hold the BO after its file is closed and its child is
	 * unbound: keep the DRM device and its driver module until the BO
	 * goes. The caller is in one of that module's ioctls.
	 */
	drm_dev_get(drm);
	__module_get(drm->driver->fops->owner);
	return 0;
}

/*
 * Give @bo, holding its backing, a device address and an mmap offset. On
 * failure @bo is released.
 */
static int duet_bo_publish(struct duet_bo *bo)
{
	int ret;

	bo->device_address = bo->alloc ?
			     duet_vram_alloc_device_address(bo->alloc) :
			     duet_sysmem_device_address(bo->sysmem);
	ret = drm_gem_create_mmap_offset(&bo->base);
	if (ret)
		drm_gem_object_put(&bo->base);
	return ret;
}

/* A BO over an existing backing, whose reference it takes over. */
static struct duet_bo *duet_bo_wrap(struct drm_device *drm,
				    struct duet_vram_alloc *alloc,
				    struct duet_sysmem *sysmem, u64 size,
				    struct dma_resv *resv)
{
	struct duet_bo *bo;
	int ret = 0;

	bo = kzalloc_obj(*bo, GFP_KERNEL);
	if (bo)
		ret = duet_bo_init(drm, bo, size, false, resv);
	if (!bo || ret) {
		if (alloc)
			duet_vram_alloc_put(alloc);
		if (sysmem)
			duet_sysmem_put(sysmem);
		return ERR_PTR(bo ? ret : -ENOMEM);
	}
	bo->alloc = alloc;
	bo->sysmem = sysmem;
	ret = duet_bo_publish(bo);
	return ret ? ERR_PTR(ret) : bo;
}

/* A new BO in system memory: a shmem object whose pages the GART maps. */
static struct duet_bo *duet_bo_create_system(struct drm_device *drm,
					     struct duet_core *core,
					     enum duet_core_node node, u64 size)
{
	struct duet_sysmem *sysmem;
	struct duet_bo *bo;
	int ret;

	bo = kzalloc_obj(*bo, GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	ret = duet_bo_init(drm, bo, size, true, NULL);
	if (ret)
		return ERR_PTR(ret);

	sysmem = duet_sysmem_create(core->gart, node, bo->base.filp, size);
	if (IS_ERR(sysmem)) {
		drm_gem_object_put(&bo->base);
		return ERR_CAST(sysmem);
	}
	bo->sysmem = sysmem;
	ret = duet_bo_publish(bo);
	return ret ? ERR_PTR(ret) : bo;
}

/**
 * duet_bo_create_handle() - create a zeroed BO and a handle to it
 * @file: the client; the BO belongs to its DRM device
 * @core: the card
 * @node: node to account the memory to
 * @flags: 0 for VRAM, DRM_DUET_BO_SYSTEM for system memory
 * @size: in: requested size; out: the size allocated (page aligned)
 * @handle: out: the new handle
 *
 * Return: 0, -EINVAL for a size of 0 or beyond VRAM (the aperture),
 * -EOPNOTSUPP for system memory without a GART, -ENOSPC when no
 * contiguous range of that size is free, -ENODEV once the device is gone,
 * or another error of the allocators (see BO_CREATE in the uAPI headers).
 */
int duet_bo_create_handle(struct drm_file *file, struct duet_core *core,
			  enum duet_core_node node, u32 flags, u64 *size,
			  u32 *handle)
{
	struct drm_device *drm = file->minor->dev;
	struct duet_vram_alloc *alloc;
	bool system = flags & DRM_DUET_BO_SYSTEM;
	struct duet_bo *bo;
	u64 aligned, limit;
	int idx, ret;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	if (system && !core->gart) {
		ret = -EOPNOTSUPP;
		goto out_exit;
	}
	limit = system ? duet_gart_size(core->gart) : core->info.vram_size;
	if (!*size || *size > limit) {
		ret = -EINVAL;
		goto out_exit;
	}
	aligned = PAGE_ALIGN(*size);

	if (system) {
		bo = duet_bo_create_system(drm, core, node, aligned);
	} else {
		alloc = duet_vram_alloc_create(core->vram, node, aligned);
		if (IS_ERR(alloc)) {
			ret = PTR_ERR(alloc);
			goto out_exit;
		}
		bo = duet_bo_wrap(drm, alloc, NULL, aligned, NULL);
	}
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
	*device_address = to_duet_bo(obj)->device_address;
	drm_gem_object_put(obj);
	return 0;
}

/* Import a dma-buf of another driver (or of another card's system BO). */
static struct drm_gem_object *duet_bo_import_foreign(struct drm_device *drm,
						     struct duet_core *core,
						     enum duet_core_node node,
						     struct dma_buf *dma_buf)
{
	struct duet_sysmem *sysmem;
	struct duet_bo *bo;
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return ERR_PTR(-ENODEV);
	if (!core->gart) {
		drm_dev_exit(idx);
		return ERR_PTR(-EOPNOTSUPP);
	}
	sysmem = duet_sysmem_import(core->gart, node, dma_buf);
	drm_dev_exit(idx);
	if (IS_ERR(sysmem))
		return ERR_CAST(sysmem);

	bo = duet_bo_wrap(drm, NULL, sysmem, dma_buf->size, dma_buf->resv);
	return IS_ERR(bo) ? ERR_CAST(bo) : &bo->base;
}

/**
 * duet_bo_prime_import() - &drm_driver.gem_prime_import for both children
 * @drm: the importing DRM device
 * @core: its card
 * @node: which node @drm is
 * @dma_buf: the buffer to import
 *
 * Return: the imported object; ERR_PTR(-EXDEV) for a VRAM BO of another
 * card, ERR_PTR(-EOPNOTSUPP) for a foreign dma-buf on a card without a
 * GART, or an error of duet_sysmem_import().
 */
struct drm_gem_object *duet_bo_prime_import(struct drm_device *drm,
					    struct duet_core *core,
					    enum duet_core_node node,
					    struct dma_buf *dma_buf)
{
	struct drm_gem_object *obj = dma_buf->priv;
	struct duet_vram_alloc *alloc;
	struct duet_sysmem *sysmem;
	struct duet_bo *bo, *from;
	bool same_card;
	int idx;

	if (dma_buf->ops != &duet_bo_dmabuf_ops)
		return duet_bo_import_foreign(drm, core, node, dma_buf);

	if (obj->dev == drm) {
		drm_gem_object_get(obj);
		return obj;
	}

	from = to_duet_bo(obj);
	if (!drm_dev_enter(drm, &idx))
		return ERR_PTR(-ENODEV);
	same_card = from->alloc ? from->alloc->vram == core->vram :
				  from->sysmem->range.gart == core->gart;
	drm_dev_exit(idx);
	if (!same_card && from->alloc)
		return ERR_PTR(-EXDEV);
	if (!same_card)
		return duet_bo_import_foreign(drm, core, node, dma_buf);

	alloc = from->alloc ? duet_vram_alloc_get(from->alloc) : NULL;
	sysmem = from->sysmem ? duet_sysmem_get(from->sysmem) : NULL;
	bo = duet_bo_wrap(drm, alloc, sysmem, obj->size, dma_buf->resv);
	if (IS_ERR(bo))
		return ERR_CAST(bo);

	get_dma_buf(dma_buf);
	bo->import = dma_buf;
	return &bo->base;
}

/**
 * duet_bo_show_fdinfo() - print a client's memory usage in fdinfo
 * @p: the printer
 * @file: the client
 *
 * Prints the drm-usage-stats keys ``drm-total-<region>``,
 * ``drm-shared-<region>``, ``drm-active-<region>`` and
 * ``drm-resident-<region>`` for the regions ``vram`` and ``system`` (BOs
 * in system memory and imported foreign buffers), and the older
 * ``drm-memory-vram``. An imported BO counts for every client holding a
 * handle to it, as shared memory.
 */
void duet_bo_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	struct drm_memory_stats vram = {}, system = {}, *stats;
	struct drm_gem_object *obj;
	int id;

	spin_lock(&file->table_lock);
	idr_for_each_entry(&file->object_idr, obj, id) {
		if (obj->funcs != &duet_bo_funcs)
			continue;
		stats = to_duet_bo(obj)->sysmem ? &system : &vram;
		if (drm_gem_object_is_shared_for_memory_stats(obj))
			stats->shared += obj->size;
		else
			stats->private += obj->size;
		stats->resident += obj->size;
		if (!dma_resv_test_signaled(obj->resv, DMA_RESV_USAGE_BOOKKEEP))
			stats->active += obj->size;
	}
	spin_unlock(&file->table_lock);

	drm_printf(p, "drm-memory-vram:\t%llu KiB\n", vram.resident >> 10);
	drm_print_memory_stats(p, &vram, DRM_GEM_OBJECT_RESIDENT, "vram");
	drm_print_memory_stats(p, &system, DRM_GEM_OBJECT_RESIDENT, "system");
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
