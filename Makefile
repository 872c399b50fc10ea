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
export DUET_CACHE
-include $(DUET_CACHE)/kernel.env

KBUILD_FLAGS ?= W=1
TOOLS := tools/duet-sim tools/duet-info
DUET_MODULES := drivers/gpu/duet-core/duet_core.ko \
		drivers/gpu/drm/duet/duet_drm.ko \
		drivers/accel/duet/duet_accel.ko

.PHONY: all setup modules modules-install tools run check \
	kernel-lint clean need-kernel

all: modules-install tools

# setup.sh is idempotent and quick once done; kernel.env is read on the
# next make invocation, hence the recursive calls below.
setup:
	scripts/setup.sh

need-kernel:
	@test -n "$(KDIR)" || { echo "no $(DUET_CACHE)/kernel.env: run 'make setup' first" >&2; exit 1; }

modules: need-kernel
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_FLAGS) modules

modules-install: modules
	install -d $(KMODDIR)/updates/duet
	install -m 0644 $(DUET_MODULES) $(KMODDIR)/updates/duet/
	depmod -b $(KROOT) $(KVER)

# Userspace: the sim, duet-info and the IGT tests (Meson, in build/igt).
tools:
	for t in $(TOOLS); do $(MAKE) -C $$t || exit 1; done
	test -f build/igt/build.ninja || meson setup build/igt igt-tests
	ninja -C build/igt

run: setup
	$(MAKE) all
	scripts/duet-vm --cards 1 -- tools/duet-info/duet-info

check: setup
	$(MAKE) all
	scripts/check.sh

# checkpatch --strict, W=1 and sparse over the kernel code.
kernel-lint: need-kernel
	scripts/kernel-lint.sh

clean:
	-test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	for t in $(TOOLS); do $(MAKE) -C $$t clean; done
	rm -rf build
