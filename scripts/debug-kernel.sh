#!/bin/bash
# debug-kernel.sh: build the debug kernel lane's kernel.
#
# Builds Debian's linux-source-6.12 with KASAN, lockdep (PROVE_LOCKING),
# DEBUG_OBJECTS and kmemleak, small enough for the test VM (x86_64
# defconfig + virtio, 9p built in, DRM/accel/vgem/virtio-gpu as modules),
# into $DUET_CACHE/debug-kernel, and writes $DUET_CACHE/debug-kernel.env in
# the format of kernel.env, so that
#
#   DUET_KERNEL_ENV=$DUET_CACHE/debug-kernel.env make check
#
# builds the Duet modules against it and runs the whole suite on it
# (`make check-debug` does exactly that). Idempotent: a finished build is
# reused. Upstream, the Duet drivers' Kconfig entries would select
# DRM_SCHED, DRM_EXEC, GPU_BUDDY and AUXILIARY_BUS; out of tree, a small
# Kconfig stub (DUET_DEPS) added to the debug tree does the same.
set -eu

CACHE=${DUET_CACHE:-$HOME/.cache/duet}
OUT=$CACHE/debug-kernel
SRC=$OUT/linux-source-6.12
BUILD=$OUT/build
ROOT=$OUT/root
ENV_FILE=$CACHE/debug-kernel.env
JOBS=${JOBS:-$(nproc)}

log() { echo "debug-kernel: $*"; }

if [ -f "$ENV_FILE" ] && [ -f "$OUT/.done" ]; then
	log "already built: $ENV_FILE"
	exit 0
fi

start=$(date +%s)
mkdir -p "$OUT"
if [ ! -f "$SRC/Makefile" ]; then
	deb=$(ls "$CACHE"/src/linux-source-6.12_*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		log "downloading linux-source-6.12"
		mkdir -p "$CACHE/src"
		(cd "$CACHE/src" && apt-get download linux-source-6.12)
		deb=$(ls "$CACHE"/src/linux-source-6.12_*.deb | head -n 1)
	fi
	log "unpacking $deb"
	rm -rf "$OUT/deb"
	dpkg -x "$deb" "$OUT/deb"
	tar -C "$OUT" -xJf "$OUT"/deb/usr/src/linux-source-6.12.tar.xz
	rm -rf "$OUT/deb"
fi

if ! grep -q DUET_DEPS "$SRC/drivers/gpu/Kconfig"; then
	log "adding the DUET_DEPS Kconfig stub"
	cat >>"$SRC/drivers/gpu/Kconfig" <<'KCONFIG'

config DUET_DEPS
	tristate "What the out-of-tree Duet drivers need"
	depends on DRM && PCI
	select AUXILIARY_BUS
	select DRM_SCHED
	select DRM_EXEC
	select GPU_BUDDY
	select WANT_DEV_COREDUMP
	help
	  Debug kernel lane of the Duet project: builds the helpers the Duet
	  drivers (built out of tree) use.
KCONFIG
fi

mkdir -p "$BUILD"
log "configuring in $BUILD"
make -s -C "$SRC" O="$BUILD" x86_64_defconfig
cfg="$SRC/scripts/config --file $BUILD/.config"
$cfg -e MODULES -e MODULE_UNLOAD -e PCI -e PCI_MSI -e HOTPLUG_PCI \
	-e HOTPLUG_PCI_PCIE -e HOTPLUG_PCI_ACPI \
	-e VIRTIO -e VIRTIO_PCI -e VIRTIO_CONSOLE -e NET_9P -e NET_9P_VIRTIO \
	-e 9P_FS -e 9P_FS_POSIX_ACL -e DEVTMPFS -e TMPFS -e BLK_DEV_INITRD \
	-e DEBUG_FS -e DMA_SHARED_BUFFER -e SYNC_FILE -e UDMABUF \
	-m DRM -e DRM_ACCEL -m DRM_VGEM -m DRM_VIRTIO_GPU -m DUET_DEPS \
	-e KASAN -e KASAN_GENERIC -e KASAN_OUTLINE \
	-e PROVE_LOCKING -e DEBUG_LOCKDEP -e DEBUG_ATOMIC_SLEEP \
	-e DEBUG_OBJECTS -e DEBUG_OBJECTS_FREE -e DEBUG_OBJECTS_TIMERS \
	-e DEBUG_OBJECTS_WORK -e DEBUG_OBJECTS_RCU_HEAD \
	-e DEBUG_KMEMLEAK -d DEBUG_KMEMLEAK_DEFAULT_OFF \
	-e DEBUG_INFO_NONE -d DEBUG_INFO_BTF -d DRM_I915 -d DRM_AMDGPU \
	-d DRM_NOUVEAU -d DRM_RADEON -d SOUND -d WLAN -d WIRELESS
make -s -C "$SRC" O="$BUILD" olddefconfig
for opt in KASAN PROVE_LOCKING DEBUG_OBJECTS DEBUG_KMEMLEAK DRM_SCHED \
	   AUXILIARY_BUS GPU_BUDDY 9P_FS DRM_ACCEL DEV_COREDUMP; do
	grep -q "^CONFIG_$opt=[ym]" "$BUILD/.config" ||
		{ log "CONFIG_$opt did not stick"; exit 1; }
done

log "building with $JOBS jobs (this is the long part)"
make -s -C "$SRC" O="$BUILD" -j"$JOBS" bzImage modules
KVER=$(make -s -C "$SRC" O="$BUILD" kernelrelease)
rm -rf "$ROOT"
make -s -C "$SRC" O="$BUILD" INSTALL_MOD_PATH="$ROOT" INSTALL_MOD_STRIP=1 \
	modules_install
mkdir -p "$ROOT/boot"
cp "$BUILD/arch/x86/boot/bzImage" "$ROOT/boot/vmlinuz-$KVER"

cat >"$ENV_FILE" <<ENV
KVER=$KVER
KROOT=$ROOT
KDIR=$BUILD
KIMAGE=$ROOT/boot/vmlinuz-$KVER
KMODDIR=$ROOT/lib/modules/$KVER
ENV
touch "$OUT/.done"
log "done in $(( $(date +%s) - start ))s: $ENV_FILE (kernel $KVER)"
