# SPDX-License-Identifier: GPL-2.0-only
#
# Duet: one device, two Linux drivers. See README.md.
#
#   make run     set up the host, build, boot the VM with a Duet card and
#                show both nodes answering
#   make check   set up, build and run every test
#
# Kernel modules are built out of tree against the Debian 6.12 headers that
# scripts/setup.sh unpacks into $(DUET_CACHE); they are then installed into
# that cached kernel's module tree (updates/duet) for the test VM.

DUET_CACHE ?= $(HOME)/.cache/duet
# The kernel to build for and boot: Debian's (scripts/setup.sh) unless a
# debug kernel's env file is named (scripts/debug-kernel.sh, check-debug).
DUET_KERNEL_ENV ?= $(DUET_CACHE)/kernel.env
export DUET_CACHE DUET_KERNEL_ENV
-include $(DUET_KERNEL_ENV)

KBUILD_FLAGS ?= W=1
GUEST_TOOLS := tools/duet-info tools/duet-bench
TOOLS := tools/duet-sim $(GUEST_TOOLS)
DUET_MODULES := drivers/gpu/duet-core/duet_core.ko \
		drivers/gpu/drm/duet/duet_drm.ko \
		drivers/accel/duet/duet_accel.ko

.PHONY: all setup modules modules-install tools guest-tools run check check-debug clean-modules bench \
	kernel-lint upstream-check clean need-kernel

all: modules-install tools

# setup.sh is idempotent and quick once done; kernel.env is read on the
# next make invocation, hence the recursive calls below.
setup:
	scripts/setup.sh

need-kernel:
	@test -n "$(KDIR)" || { echo "no $(DUET_KERNEL_ENV): run 'make setup' first" >&2; exit 1; }

modules: need-kernel
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_FLAGS) modules

modules-install: modules
	install -d $(KMODDIR)/updates/duet
	install -m 0644 $(DUET_MODULES) $(KMODDIR)/updates/duet/
	depmod -b $(KROOT) $(KVER)

# Userspace: the sim, duet-info, the IGT tests (Meson, in build/igt) and
# the Mesa glue (libduet, accel-guard, the mesa suite, duet-demo).
tools: guest-tools
	$(MAKE) -C tools/duet-sim

# What runs in the guest (the lane's root builds it with its own libraries,
# scripts/lane-debian13.sh); duet-sim, the device model, runs on the host.
guest-tools:
	for t in $(GUEST_TOOLS); do $(MAKE) -C $$t || exit 1; done
	test -f build/igt/build.ninja || meson setup build/igt igt-tests
	ninja -C build/igt
	test -f build/mesa-glue/build.ninja || meson setup build/mesa-glue mesa-glue
	ninja -C build/mesa-glue

# Both nodes answering, then the demo: compute on the accel node, shared by
# dma-buf with the render node, drawn on the graphics engine, as a PNG.
run: setup
	$(MAKE) all
	mkdir -p build/vm-results
	scripts/duet-vm --cards 1 --results build/vm-results -- sh -c \
		'tools/duet-info/duet-info && mesa-glue/demo/duet-demo build/vm-results/duet-demo.png'
	@echo "picture: build/vm-results/duet-demo.png"

# Both lanes (scripts/check-lanes.sh); LANE=debian12 or LANE=debian13 runs
# one of them.
check: setup
	$(MAKE) all
	scripts/check-lanes.sh $(LANE)

# Benchmarks: one VM run, table of ratios in build/bench/ (see
# tools/duet-bench/README.md); BASELINE=FILE compares with an earlier
# run's bench.json.
bench: setup
	$(MAKE) all
	BASELINE="$(BASELINE)" scripts/bench.sh

# The debug kernel lane: the whole suite on a 6.12 kernel built from
# Debian's linux-source-6.12 with KASAN, lockdep, DEBUG_OBJECTS and
# kmemleak (scripts/debug-kernel.sh; the first build takes long, see
# README.md). The modules are rebuilt for that kernel.
check-debug: setup
	scripts/debug-kernel.sh
	$(MAKE) DUET_KERNEL_ENV=$(DUET_CACHE)/debug-kernel.env clean-modules all
	DUET_KERNEL_ENV=$(DUET_CACHE)/debug-kernel.env DUET_VM_TIMEOUT=7200 \
		DUET_IGT_TIMEOUT=1200 DUET_UPSTREAM_CHECK=0 scripts/check.sh
	$(MAKE) clean-modules

# The in-tree path: the patch series of upstream/ applied to Debian's
# linux-source-7.3, checkpatch'd and built patch by patch
# (scripts/upstream-check.sh; make check runs it).
upstream-check:
	scripts/upstream-check.sh

# checkpatch --strict, W=1 and sparse over the kernel code.
kernel-lint: need-kernel
	scripts/kernel-lint.sh

# Module build output is per kernel: drop it when switching kernels.
clean-modules:
	-test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean

clean: clean-modules
	for t in $(TOOLS); do $(MAKE) -C $$t clean; done
	rm -rf build
