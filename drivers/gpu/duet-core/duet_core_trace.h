/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet core trace events
 *
 * duet_core's trace events are in the ``duet_core`` system of the kernel's
 * tracing (``/sys/kernel/tracing/events/duet_core/``), beside drm_sched's
 * own ``gpu_scheduler`` events:
 *
 * ``duet_core_release``
 *   the last reference on a card was dropped and its schedulers are being
 *   finalised. ``dev`` is the card's PCI address, ``work`` the function of
 *   the workqueue item that dropped it (``0x0`` when it was not a
 *   workqueue's worker, e.g. the unbind itself). After an unbind under
 *   jobs that outlive their file it must read ``duet_ctx_release_work``:
 *   never a scheduler's or the kernel's job-killing worker, which
 *   drm_sched_fini() would wait for.
 *
 * One job's path from the SUBMIT ioctl to its completion, in order (each
 * with ``dev`` and the hardware engine ``engine``; the submitting thread is
 * the event's task, so a client's jobs are followed by pid):
 *
 * ``duet_submit``
 *   a SUBMIT ioctl entered duet_core, before anything is checked
 *   (``cmds``: its number of commands).
 * ``duet_job_armed``
 *   the job passed every check and got its scheduler fence: ``fence`` is
 *   that fence's ``context:seqno``, as drm_sched's own events print it.
 * ``duet_job_run``
 *   the scheduler's run_job() took the job: ``fence`` as above, ``hw`` the
 *   seqno of the hardware fence it now gets.
 * ``duet_ring_kick``
 *   the job's commands and FENCE are in the ring; TAIL (``tail``) is
 *   published and the doorbell rung right after (``hw``).
 * ``duet_irq``
 *   the engine's FENCE interrupt; ``seqno`` is the device's SEQNO register
 *   (one interrupt can complete several hardware fences).
 * ``duet_fence_signal``
 *   a hardware fence is being signalled (``hw``; ``error``, 0 or
 *   negative): recorded just before, as the scheduler fence and the
 *   user's syncobj follow from the signal itself.
 *
 * ``make bench`` uses them to split the empty-job round trip into these
 * stages (tools/duet-bench/stages.c); enable them beside
 * ``gpu_scheduler`` and ``dma_fence`` to see where a driver's time goes.
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM duet_core

#if !defined(_DUET_CORE_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _DUET_CORE_TRACE_H_

#include <linux/dma-fence.h>
#include <linux/pci.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

TRACE_EVENT(duet_core_release,
	    TP_PROTO(struct pci_dev *pdev),
	    TP_ARGS(pdev),
	    TP_STRUCT__entry(__string(dev, pci_name(pdev))
			     __field(void *, work)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->work = current_work() ?
					   current_work()->func : NULL;),
	    TP_printk("dev=%s work=%ps", __get_str(dev), __entry->work)
);

TRACE_EVENT(duet_submit,
	    TP_PROTO(struct pci_dev *pdev, unsigned int engine, u32 cmds),
	    TP_ARGS(pdev, engine, cmds),
	    TP_STRUCT__entry(__string(dev, pci_name(pdev))
			     __field(unsigned int, engine)
			     __field(u32, cmds)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->engine = engine;
			   __entry->cmds = cmds;),
	    TP_printk("dev=%s engine=%u cmds=%u", __get_str(dev),
		      __entry->engine, __entry->cmds)
);

/* A job's scheduler fence and, once it has one, its hardware seqno. */
DECLARE_EVENT_CLASS(duet_job,
		    TP_PROTO(struct pci_dev *pdev, unsigned int engine,
			     struct dma_fence *fence, u32 hw),
		    TP_ARGS(pdev, engine, fence, hw),
		    TP_STRUCT__entry(__string(dev, pci_name(pdev))
				     __field(unsigned int, engine)
				     __field(u64, context)
				     __field(u64, seqno)
				     __field(u32, hw)),
		    TP_fast_assign(__assign_str(dev);
				   __entry->engine = engine;
				   __entry->context = fence->context;
				   __entry->seqno = fence->seqno;
				   __entry->hw = hw;),
		    TP_printk("dev=%s engine=%u fence=%llu:%llu hw=%u",
			      __get_str(dev), __entry->engine, __entry->context,
			      __entry->seqno, __entry->hw)
);

DEFINE_EVENT_PRINT(duet_job, duet_job_armed,
		   TP_PROTO(struct pci_dev *pdev, unsigned int engine,
			    struct dma_fence *fence, u32 hw),
		   TP_ARGS(pdev, engine, fence, hw),
		   TP_printk("dev=%s engine=%u fence=%llu:%llu", __get_str(dev),
			     __entry->engine, __entry->context, __entry->seqno)
);

DEFINE_EVENT(duet_job, duet_job_run,
	     TP_PROTO(struct pci_dev *pdev, unsigned int engine,
		      struct dma_fence *fence, u32 hw),
	     TP_ARGS(pdev, engine, fence, hw)
);

TRACE_EVENT(duet_ring_kick,
	    TP_PROTO(struct pci_dev *pdev, unsigned int engine, u32 hw,
		     u32 tail),
	    TP_ARGS(pdev, engine, hw, tail),
	    TP_STRUCT__entry(__string(dev, pci_name(pdev))
			     __field(unsigned int, engine)
			     __field(u32, hw)
			     __field(u32, tail)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->engine = engine;
			   __entry->hw = hw;
			   __entry->tail = tail;),
	    TP_printk("dev=%s engine=%u hw=%u tail=%#x", __get_str(dev),
		      __entry->engine, __entry->hw, __entry->tail)
);

TRACE_EVENT(duet_irq,
	    TP_PROTO(struct pci_dev *pdev, unsigned int engine, u32 seqno),
	    TP_ARGS(pdev, engine, seqno),
	    TP_STRUCT__entry(__string(dev, pci_name(pdev))
			     __field(unsigned int, engine)
			     __field(u32, seqno)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->engine = engine;
			   __entry->seqno = seqno;),
	    TP_printk("dev=%s engine=%u seqno=%u", __get_str(dev),
		      __entry->engine, __entry->seqno)
);

TRACE_EVENT(duet_fence_signal,
	    TP_PROTO(struct pci_dev *pdev, unsigned int engine,
		     struct dma_fence *fence),
	    TP_ARGS(pdev, engine, fence),
	    TP_STRUCT__entry(__string(dev, pci_name(pdev))
			     __field(unsigned int, engine)
			     __field(u32, hw)
			     __field(int, error)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->engine = engine;
			   __entry->hw = lower_32_bits(fence->seqno);
			   __entry->error = fence->error;),
	    TP_printk("dev=%s engine=%u hw=%u error=%d", __get_str(dev),
		      __entry->engine, __entry->hw, __entry->error)
);

#endif /* _DUET_CORE_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE duet_core_trace
#include <trace/define_trace.h>
