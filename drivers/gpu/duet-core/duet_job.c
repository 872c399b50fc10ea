// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet job submission
 *
 * duet_submit() is the SUBMIT ioctl of both children. It copies the
 * commands in, and for each one checks the opcode against the engine,
 * every flag, pad and unused field, and every memory operand: the handle
 * must name a buffer of the submitting file, the operand's window must lie
 * inside that buffer, and what the command touches, computed with the same
 * extent helpers the device model uses (duet_hw.h), must lie inside the
 * window. Only then is the operand translated to a device address. The
 * device therefore never sees an address outside the client's buffers.
 *
 * Everything that can fail happens before drm_sched_job_arm(): syncobj and
 * implicit (dma_resv) dependencies are collected with all buffers locked
 * through drm_exec, fence slots reserved; then, under the context's lock,
 * the job is armed, its finished fence added to every buffer's dma_resv
 * (write usage for operand 0, read for the others) and the job pushed. The
 * out-sync is updated last. Buffers shared through dma-buf share their
 * dma_resv, so jobs of the two nodes on a shared buffer are ordered without
 * any help from userspace. For the same reason one job can name two GEM
 * objects of one buffer (an import and a GEM_OPEN of a flink name of
 * another import): the job locks and fences each reservation object once,
 * with write usage if any of its objects is written, so it never adds more
 * fences than it reserved slots for.
 */

#include <drm/drm_exec.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_syncobj.h>
#include <linux/dma-fence-chain.h>
#include <linux/dma-resv.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "duet_bo.h"
#include "duet_core_drv.h"
#include "duet_core_hw.h"
#include "duet_core_sched.h"
#include "duet_core_trace.h"
#include "duet_ctx.h"
#include "duet_job.h"
#include "duet_fence.h"

static_assert(DRM_DUET_FORMAT_R8 == DUET_FORMAT_R8);
static_assert(DRM_DUET_FORMAT_RGB565 == DUET_FORMAT_RGB565);
static_assert(DRM_DUET_FORMAT_XRGB8888 == DUET_FORMAT_XRGB8888);
static_assert(DRM_DUET_FORMAT_ARGB8888 == DUET_FORMAT_ARGB8888);

/**
 * struct duet_cmd_desc - what a uAPI command uses
 * @hw_opcode: the device opcode
 * @num_ops: memory operands it uses (the first ones)
 * @num_args: scalar arguments it uses (the first ones)
 */
struct duet_cmd_desc {
	u32 hw_opcode;
	u8 num_ops;
	u8 num_args;
};

static const struct duet_cmd_desc duet_cmd_descs[] = {
	[DRM_DUET_CMD_COPY] = { DUET_CMD_COPY, 2, 0 },
	[DRM_DUET_CMD_FILL] = { DUET_CMD_FILL, 1, 1 },
	[DRM_DUET_CMD_SPIN] = { DUET_CMD_SPIN, 0, 1 },
	[DRM_DUET_CMD_VADD] = { DUET_CMD_VADD, 3, 1 },
	[DRM_DUET_CMD_SAXPY] = { DUET_CMD_SAXPY, 2, 2 },
	[DRM_DUET_CMD_GEMM] = { DUET_CMD_GEMM, 3, 6 },
	[DRM_DUET_CMD_FILL_RECT] = { DUET_CMD_FILL_RECT, 1, 7 },
	[DRM_DUET_CMD_BLIT] = { DUET_CMD_BLIT, 2, 10 },
};

/**
 * struct duet_operand - a checked operand
 * @address: device address of the window's first byte
 * @length: size of the window
 */
struct duet_operand {
	u64 address;
	u64 length;
};

/* Does [@offset, @offset + @size) lie within a window of @length bytes? */
static bool duet_job_in_window(u64 offset, u64 size, u64 length)
{
	return offset <= length && size <= length - offset;
}

/* Record that the job uses @obj (whose reference it takes over). */
static void duet_job_add_bo(struct duet_job *job, struct drm_gem_object *obj,
			    bool write)
{
	struct duet_job_bo *bo = &job->bos[job->num_bos];
	unsigned int i;

	for (i = 0; i < job->num_bos; i++) {
		if (job->bos[i].obj == obj) {
			job->bos[i].write |= write;
			drm_gem_object_put(obj);
			return;
		}
	}
	bo->obj = obj;
	bo->write = write;
	for (i = 0; i < job->num_bos; i++)
		if (job->bos[i].obj->resv == obj->resv)
			bo->resv_dup = true;
	job->num_bos++;
}

/* Let the first object of each reservation object stand for all of them. */
static void duet_job_merge_resvs(struct duet_job *job)
{
	unsigned int i, j;

	for (i = 0; i < job->num_bos; i++) {
		if (!job->bos[i].resv_dup)
			continue;
		for (j = 0; j < i; j++) {
			if (!job->bos[j].resv_dup &&
			    job->bos[j].obj->resv == job->bos[i].obj->resv) {
				job->bos[j].write |= job->bos[i].write;
				break;
			}
		}
	}
}

static int duet_job_resolve_operand(struct duet_job *job, struct drm_file *file,
				    const struct drm_duet_operand *op, bool write,
				    struct duet_operand *out)
{
	struct drm_gem_object *obj;

	if (op->pad)
		return -EINVAL;

	obj = drm_gem_object_lookup(file, op->handle);
	if (!obj)
		return -ENOENT;

	/* The window starts inside the buffer and ends inside it. */
	if (!duet_bo_is_duet(obj) || op->offset >= obj->size ||
	    op->length > obj->size - op->offset) {
		drm_gem_object_put(obj);
		return -EINVAL;
	}

	out->address = to_duet_bo(obj)->device_address + op->offset;
	out->length = op->length;
	duet_job_add_bo(job, obj, write);
	return 0;
}

static void duet_job_emit64(u32 *dw, u64 value)
{
	dw[0] = lower_32_bits(value);
	dw[1] = upper_32_bits(value);
}

/* Check the geometry of a 2D operand and that it stays in its window. */
static bool duet_job_rect_ok(const struct duet_operand *op, u32 stride,
			     u32 format, u32 x, u32 y, u32 width, u32 height)
{
	u32 bpp = duet_hw_format_bpp(format);
	u64 offset, size;

	return bpp && duet_hw_rect_stride_valid(stride, bpp, x, width, height) &&
	       duet_hw_rect_extent(stride, bpp, x, y, width, height, &offset,
				   &size) &&
	       duet_job_in_window(offset, size, op->length);
}

/* Check a row-major f32 GEMM operand. */
static bool duet_job_matrix_ok(const struct duet_operand *op, u32 rows,
			       u32 cols, u32 ld)
{
	u64 size;

	return IS_ALIGNED(op->address, 4) && IS_ALIGNED(ld, 4) &&
	       duet_hw_matrix_stride_valid(rows, cols, ld) &&
	       duet_hw_matrix_extent(rows, cols, ld, &size) &&
	       duet_job_in_window(0, size, op->length);
}

static bool duet_job_f32_ok(const struct duet_operand *op, u32 count)
{
	return IS_ALIGNED(op->address, 4) &&
	       duet_job_in_window(0, duet_hw_f32_array_size(count), op->length);
}

/* Check one command's geometry and write its device form at @dw. */
static int duet_job_translate(const struct drm_duet_cmd *cmd,
			      const struct duet_operand *op, u32 *dw)
{
	const u32 *a = cmd->arg;

	switch (cmd->opcode) {
	case DRM_DUET_CMD_COPY:
		if (op[0].length != op[1].length)
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_COPY, DUET_CMD_COPY_LEN);
		duet_job_emit64(&dw[1], op[0].address);
		duet_job_emit64(&dw[3], op[1].address);
		duet_job_emit64(&dw[5], op[0].length);
		return DUET_CMD_COPY_LEN;
	case DRM_DUET_CMD_FILL:
		if (!IS_ALIGNED(op[0].address, 4) || !IS_ALIGNED(op[0].length, 4))
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_FILL, DUET_CMD_FILL_LEN);
		duet_job_emit64(&dw[1], op[0].address);
		duet_job_emit64(&dw[3], op[0].length);
		dw[5] = a[0];
		return DUET_CMD_FILL_LEN;
	case DRM_DUET_CMD_SPIN:
		if (a[0] > DRM_DUET_SPIN_MAX_US)
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_SPIN, DUET_CMD_SPIN_LEN);
		dw[1] = a[0];
		return DUET_CMD_SPIN_LEN;
	case DRM_DUET_CMD_VADD:
		if (!duet_job_f32_ok(&op[0], a[0]) || !duet_job_f32_ok(&op[1], a[0]) ||
		    !duet_job_f32_ok(&op[2], a[0]))
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_VADD, DUET_CMD_VADD_LEN);
		duet_job_emit64(&dw[1], op[0].address);
		duet_job_emit64(&dw[3], op[1].address);
		duet_job_emit64(&dw[5], op[2].address);
		dw[7] = a[0];
		return DUET_CMD_VADD_LEN;
	case DRM_DUET_CMD_SAXPY:
		if (!duet_job_f32_ok(&op[0], a[0]) || !duet_job_f32_ok(&op[1], a[0]))
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_SAXPY, DUET_CMD_SAXPY_LEN);
		duet_job_emit64(&dw[1], op[0].address);
		duet_job_emit64(&dw[3], op[1].address);
		dw[5] = a[0];
		dw[6] = a[1];
		return DUET_CMD_SAXPY_LEN;
	case DRM_DUET_CMD_GEMM:
		/* C is M x N (ldc), A is M x K (lda), B is K x N (ldb). */
		if (!duet_job_matrix_ok(&op[0], a[0], a[1], a[5]) ||
		    !duet_job_matrix_ok(&op[1], a[0], a[2], a[3]) ||
		    !duet_job_matrix_ok(&op[2], a[2], a[1], a[4]))
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_GEMM, DUET_CMD_GEMM_LEN);
		duet_job_emit64(&dw[1], op[0].address);
		duet_job_emit64(&dw[3], op[1].address);
		duet_job_emit64(&dw[5], op[2].address);
		memcpy(&dw[7], a, 6 * sizeof(u32));
		return DUET_CMD_GEMM_LEN;
	case DRM_DUET_CMD_FILL_RECT:
		if (!duet_job_rect_ok(&op[0], a[0], a[1], a[2], a[3], a[4], a[5]))
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_FILL_RECT, DUET_CMD_FILL_RECT_LEN);
		duet_job_emit64(&dw[1], op[0].address);
		memcpy(&dw[3], a, 7 * sizeof(u32));
		return DUET_CMD_FILL_RECT_LEN;
	case DRM_DUET_CMD_BLIT:
		/* dst: stride, format, x, y; src: the same; width, height. */
		if (!duet_job_rect_ok(&op[0], a[0], a[1], a[2], a[3], a[8], a[9]) ||
		    !duet_job_rect_ok(&op[1], a[4], a[5], a[6], a[7], a[8], a[9]))
			return -EINVAL;
		dw[0] = DUET_CMD_HEADER(DUET_CMD_BLIT, DUET_CMD_BLIT_LEN);
		duet_job_emit64(&dw[1], op[1].address);
		memcpy(&dw[3], &a[4], 4 * sizeof(u32));
		duet_job_emit64(&dw[7], op[0].address);
		memcpy(&dw[9], &a[0], 4 * sizeof(u32));
		dw[13] = a[8];
		dw[14] = a[9];
		return DUET_CMD_BLIT_LEN;
	default:
		return -EINVAL;
	}
}

static int duet_job_add_cmd(struct duet_job *job, struct drm_file *file,
			    const struct drm_duet_cmd *cmd)
{
	struct duet_operand op[DRM_DUET_CMD_OPERANDS] = {};
	const struct duet_cmd_desc *desc;
	unsigned int i;
	int ret;

	if (!cmd->opcode || cmd->opcode >= ARRAY_SIZE(duet_cmd_descs) ||
	    cmd->flags)
		return -EINVAL;
	desc = &duet_cmd_descs[cmd->opcode];

	if (!duet_hw_cmd_allowed(desc->hw_opcode,
				 duet_core_engine_hw_kind(job->engine)))
		return -EINVAL;

	for (i = desc->num_ops; i < DRM_DUET_CMD_OPERANDS; i++)
		if (memchr_inv(&cmd->op[i], 0, sizeof(cmd->op[i])))
			return -EINVAL;
	for (i = desc->num_args; i < DRM_DUET_CMD_ARGS; i++)
		if (cmd->arg[i])
			return -EINVAL;

	for (i = 0; i < desc->num_ops; i++) {
		ret = duet_job_resolve_operand(job, file, &cmd->op[i], i == 0,
					       &op[i]);
		if (ret)
			return ret;
	}

	ret = duet_job_translate(cmd, op, &job->dwords[job->num_dwords]);
	if (ret < 0)
		return ret;
	job->num_dwords += ret;
	return 0;
}

static int duet_job_add_cmds(struct duet_job *job, struct drm_file *file,
			     u64 user_cmds, u32 count)
{
	struct drm_duet_cmd *cmds;
	unsigned int i;
	int ret = 0;

	cmds = memdup_array_user(u64_to_user_ptr(user_cmds), count,
				 sizeof(*cmds));
	if (IS_ERR(cmds))
		return PTR_ERR(cmds);

	for (i = 0; i < count && !ret; i++)
		ret = duet_job_add_cmd(job, file, &cmds[i]);

	kfree(cmds);
	return ret;
}

static int duet_job_add_in_syncs(struct duet_job *job, struct drm_file *file,
				 u64 user_syncs, u32 count)
{
	struct drm_duet_sync *syncs;
	unsigned int i;
	int ret = 0;

	if (!count)
		return 0;

	syncs = memdup_array_user(u64_to_user_ptr(user_syncs), count,
				  sizeof(*syncs));
	if (IS_ERR(syncs))
		return PTR_ERR(syncs);

	for (i = 0; i < count && !ret; i++) {
		struct dma_fence *fence;

		if (syncs[i].flags) {
			ret = -EINVAL;
			break;
		}
		ret = drm_syncobj_find_fence(file, syncs[i].handle,
					     syncs[i].point, 0, &fence);
		if (!ret)
			ret = drm_sched_job_add_dependency(&job->base, fence);
	}

	kfree(syncs);
	return ret;
}

/* Lock every buffer, reserve a fence slot, collect implicit dependencies. */
static int duet_job_lock_bos(struct duet_job *job, struct drm_exec *exec)
{
	unsigned int i;
	int ret = 0;

	duet_job_merge_resvs(job);
	drm_exec_until_all_locked(exec) {
		for (i = 0; i < job->num_bos; i++) {
			if (job->bos[i].resv_dup)
				continue;
			ret = drm_exec_prepare_obj(exec, job->bos[i].obj, 1);
			drm_exec_retry_on_contention(exec);
			if (ret)
				return ret;
		}
	}

	for (i = 0; i < job->num_bos; i++) {
		if (job->bos[i].resv_dup)
			continue;
		ret = drm_sched_job_add_implicit_dependencies(&job->base,
							      job->bos[i].obj,
							      job->bos[i].write);
		if (ret)
			return ret;
	}
	return 0;
}

static void duet_job_put_bos(struct duet_job *job)
{
	unsigned int i;

	for (i = 0; i < job->num_bos; i++)
		drm_gem_object_put(job->bos[i].obj);
}

/**
 * duet_job_free() - release a job the scheduler is done with
 * @job: the job
 *
 * Accounts the engine time the job used to its context and engine: from
 * when the engine began it (&duet_fence.start: several jobs can wait on
 * the ring, each begins when the one before it ends) to its hardware
 * fence's signal. A job that never reached the ring used none.
 */
void duet_job_free(struct duet_job *job)
{
	struct dma_fence *hw = job->hw_fence;

	if (hw) {
		if (job->on_ring &&
		    test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &hw->flags)) {
			s64 ns = ktime_to_ns(ktime_sub(hw->timestamp,
						       to_duet_fence(hw)->start));

			atomic64_add(ns, &job->ctx->busy_ns[job->engine->id]);
			atomic64_add(ns, &job->engine->busy_ns);
		}
		dma_fence_put(hw);
	}
	duet_fence_free_unused(job->fence);
	drm_sched_job_cleanup(&job->base);
	duet_job_put_bos(job);
	duet_core_sched_job_freed(job);
	/* Scheduler workers call this: never release the card here. */
	duet_ctx_put_async(job->ctx);
	kvfree(job);
}

/**
 * duet_submit() - queue a job (SUBMIT of both nodes)
 * @file: the submitting file
 * @ctx: its context
 * @engine_id: hardware engine, one the file's node may use
 * @args: the SUBMIT ioctl's argument (both nodes' layouts are the same)
 *
 * The caller has checked @args->flags and @args->engine and holds the
 * device (drm_dev_enter()).
 *
 * Return: 0 once the job is queued, or a negative error code as documented
 * for the SUBMIT ioctls.
 */
int duet_submit(struct drm_file *file, struct duet_ctx *ctx,
		unsigned int engine_id, const struct drm_duet_submit *args)
{
	struct drm_syncobj *out_sync = NULL;
	struct dma_fence_chain *chain = NULL;
	struct dma_fence *finished;
	struct drm_exec exec;
	struct duet_job *job;
	unsigned int i;
	int ret;

	trace_duet_submit(ctx->core->pdev, engine_id, args->num_commands);
	if (engine_id >= DUET_CORE_MAX_ENGINES ||
	    !test_bit(engine_id, &ctx->engine_mask) ||
	    !args->num_commands || args->num_commands > DRM_DUET_MAX_COMMANDS ||
	    args->num_in_syncs > DRM_DUET_MAX_SYNCS || args->out_sync.flags ||
	    (!args->out_sync.handle && args->out_sync.point))
		return -EINVAL;

	if (READ_ONCE(ctx->core->wedged))
		return -EIO;
	if (atomic_read(&ctx->guilty))
		return -ECANCELED;

	job = kvzalloc_obj(*job, GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	job->ctx = duet_ctx_get(ctx);
	job->engine = &ctx->core->engines[engine_id];
	job->pid = task_tgid_nr(current);
	get_task_comm(job->comm, current);

	job->fence = kzalloc_obj(*job->fence, GFP_KERNEL);
	if (!job->fence) {
		ret = -ENOMEM;
		goto err_free;
	}

	ret = duet_job_add_cmds(job, file, args->commands, args->num_commands);
	if (ret)
		goto err_free;

	if (args->out_sync.handle) {
		out_sync = drm_syncobj_find(file, args->out_sync.handle);
		if (!out_sync) {
			ret = -ENOENT;
			goto err_free;
		}
		if (args->out_sync.point) {
			chain = dma_fence_chain_alloc();
			if (!chain) {
				ret = -ENOMEM;
				goto err_syncobj;
			}
		}
	}

	ret = drm_sched_job_init(&job->base, &ctx->entity[engine_id],
				 duet_core_sched_job_credits(job->engine,
							     job->num_dwords),
				 ctx, file->client_id);
	if (ret)
		goto err_chain;

	ret = duet_job_add_in_syncs(job, file, args->in_syncs,
				    args->num_in_syncs);
	if (ret)
		goto err_cleanup;

	drm_exec_init(&exec, DRM_EXEC_INTERRUPTIBLE_WAIT |
		      DRM_EXEC_IGNORE_DUPLICATES, job->num_bos);
	ret = duet_job_lock_bos(job, &exec);
	if (ret)
		goto err_exec;

	/* Nothing may fail from here on. */
	mutex_lock(&ctx->lock);
	drm_sched_job_arm(&job->base);
	duet_core_sched_job_pushed(job);
	finished = dma_fence_get(&job->base.s_fence->finished);
	trace_duet_job_armed(ctx->core->pdev, engine_id, finished, 0);
	for (i = 0; i < job->num_bos; i++)
		if (!job->bos[i].resv_dup)
			dma_resv_add_fence(job->bos[i].obj->resv, finished,
					   job->bos[i].write ? DMA_RESV_USAGE_WRITE :
							       DMA_RESV_USAGE_READ);
	drm_sched_entity_push_job(&job->base);
	mutex_unlock(&ctx->lock);
	drm_exec_fini(&exec);

	if (out_sync) {
		if (chain)
			drm_syncobj_add_point(out_sync, chain, finished,
					      args->out_sync.point);
		else
			drm_syncobj_replace_fence(out_sync, finished);
		drm_syncobj_put(out_sync);
	}
	dma_fence_put(finished);
	return 0;

err_exec:
	drm_exec_fini(&exec);
err_cleanup:
	drm_sched_job_cleanup(&job->base);
err_chain:
	dma_fence_chain_free(chain);
err_syncobj:
	if (out_sync)
		drm_syncobj_put(out_sync);
err_free:
	duet_fence_free_unused(job->fence);
	duet_job_put_bos(job);
	duet_ctx_put(job->ctx);
	kvfree(job);
	return ret;
}
