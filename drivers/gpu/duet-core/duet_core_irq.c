// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet interrupts
 *
 * The card raises MSI-X vectors only (ivshmem-doorbell has no useful INTx
 * path): vector ``DUET_IRQ_VECTOR_ERROR`` when an engine faults or finishes
 * a reset, and one vector per engine when that engine executes a FENCE.
 * The engine handler publishes the device's SEQNO register and wakes the
 * engine's waiters and signals the hardware fences it completed; the
 * error handler reports faults (and hands them to the engine's scheduler)
 * and wakes every engine, since any of them may have changed state. Vectors and handlers
 * are device-managed, so they are released in reverse order on removal,
 * after the auxiliary devices are gone.
 */

#include <linux/interrupt.h>

#include "duet_core_hw.h"
#include "duet_core_irq.h"
#include "duet_core_sched.h"
#include "duet_core_trace.h"

static irqreturn_t duet_core_irq_engine(int irq, void *arg)
{
	struct duet_core_engine *engine = arg;
	u32 seqno = duet_core_eng_read(engine, DUET_ENG_SEQNO);

	trace_duet_irq(engine->core->pdev, engine->id, seqno);
	WRITE_ONCE(engine->completed_seqno, seqno);
	duet_core_sched_signal(engine);
	wake_up_all(&engine->wq);
	return IRQ_HANDLED;
}

static irqreturn_t duet_core_irq_error(int irq, void *arg)
{
	struct duet_core *core = arg;
	unsigned int id;

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		if (duet_core_eng_read(engine, DUET_ENG_STATUS) ==
		    DUET_ENGINE_STATUS_ERROR) {
			dev_err_ratelimited(&core->pdev->dev,
					    "engine %u fault: error %u at ring offset %#x\n",
					    id,
					    duet_core_eng_read(engine, DUET_ENG_ERROR),
					    duet_core_eng_read(engine, DUET_ENG_ERROR_HEAD));
			duet_core_sched_fault(engine);
		}
		wake_up_all(&engine->wq);
	}
	return IRQ_HANDLED;
}

/**
 * duet_core_irq_init() - allocate MSI-X vectors and install the handlers
 * @core: the card, with a validated header
 *
 * Return: 0 on success or a negative error code.
 */
int duet_core_irq_init(struct duet_core *core)
{
	struct pci_dev *pdev = core->pdev;
	unsigned int id;
	int ret;

	ret = pci_msix_vec_count(pdev);
	if (ret < 0 || ret < core->num_vectors) {
		duet_core_err(core, "device has %d MSI-X vectors, needs %u\n",
			      ret, core->num_vectors);
		return -ENODEV;
	}

	ret = pci_alloc_irq_vectors(pdev, core->num_vectors, core->num_vectors,
				    PCI_IRQ_MSIX);
	if (ret < 0) {
		duet_core_err(core, "cannot allocate MSI-X vectors: %d\n", ret);
		return ret;
	}

	ret = devm_request_irq(&pdev->dev,
			       pci_irq_vector(pdev, DUET_IRQ_VECTOR_ERROR),
			       duet_core_irq_error, 0, DRIVER_NAME, core);
	if (ret)
		return ret;

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		ret = devm_request_irq(&pdev->dev,
				       pci_irq_vector(pdev, engine->irq_vector),
				       duet_core_irq_engine, 0, DRIVER_NAME,
				       engine);
		if (ret)
			return ret;
	}

	return 0;
}
