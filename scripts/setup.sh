#!/bin/bash
# Host setup for Duet: installs the host packages and prepares a cached copy
# of Debian's 6.12 kernel (image, headers, kbuild, modules) that the out-of-tree
# modules are built against and the test VM (scripts/duet-vm) boots.
#
# Idempotent: a second run only checks things and is fast.
#
# Environment:
#   DUET_CACHE   cache directory (default: $HOME/.cache/duet)
#
# Output: $DUET_CACHE/kernel.env (valid make and shell syntax):
#   KVER     kernel release, e.g. 6.12.117+deb12-amd64
#   KROOT    root of the extracted kernel packages
#   KDIR     kernel headers dir (use as: make -C $KDIR M=...)
#   KIMAGE   bootable kernel image
#   KMODDIR  $KROOT/lib/modules/$KVER (modules go to $KMODDIR/updates/duet)
set -eu

CACHE=${DUET_CACHE:-$HOME/.cache/duet}

HOST_PACKAGES="qemu-system-x86 qemu-utils busybox-static build-essential gcc-12
make meson ninja-build pkg-config sparse dwarves kmod xz-utils cpio bc flex
bison libelf-dev libssl-dev libdrm-dev python3 perl valgrind
intel-gpu-tools
libegl-dev libgles-dev libgbm-dev libvulkan-dev mesa-vulkan-drivers
vulkan-tools mesa-utils drm-info libpng-dev udev strace debootstrap dkms
python3-sphinx python3-yaml graphviz"

# Modules the VM's initramfs needs to mount the host root over virtio-9p.
INITRAMFS_MODULES="netfs 9pnet 9pnet_virtio 9p"

export DEBIAN_FRONTEND=noninteractive

log() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }
run() { echo "+ $*"; "$@"; }

apt_updated=0
apt_update() {
	if [ "$apt_updated" = 0 ]; then
		run apt-get update
		apt_updated=1
	fi
}

# ---------------------------------------------------------------- packages

missing_packages() {
	local p
	for p in $HOST_PACKAGES; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
				grep -q '^install ok installed$'; then
			echo "$p"
		fi
	done
}

missing=$(missing_packages | tr '\n' ' ')
if [ -n "$missing" ]; then
	log "installing missing host packages: $missing"
	apt_update
	# shellcheck disable=SC2086
	run apt-get install -y --no-install-recommends $missing
	missing=$(missing_packages | tr '\n' ' ')
	[ -z "$missing" ] || die "packages still missing after install: $missing"
else
	log "host packages: all installed"
fi

# ---------------------------------------------------------------- qemu

# QEMU is Debian 12's qemu-system-x86 (7.2, in HOST_PACKAGES). Its
# ivshmem-doorbell unplug leaves fd handlers on the descriptors it closes,
# as does 10.0.2 from bookworm-backports (no QEMU release fixes it yet), so
# scripts/duet-qmp fences them with gdb (see its header). scripts/duet-vm
# runs another QEMU when DUET_QEMU names it.
QEMU_PACKAGES="qemu-system-x86 gdb"
for p in $QEMU_PACKAGES; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$'; then
		log "installing $p (QEMU and the descriptor fence of scripts/duet-qmp)"
		apt_update
		run apt-get install -y --no-install-recommends "$p"
	fi
done
log "QEMU: $(qemu-system-x86_64 --version | head -n 1)"
command -v gdb >/dev/null || die "missing tool: gdb"

# ---------------------------------------------------------------- kernel

kernel_packages() { # V
	echo "linux-image-$1-amd64-unsigned linux-headers-$1-amd64" \
		"linux-headers-$1-common linux-kbuild-$1"
}

# Does apt know a downloadable version of package $1?
apt_has() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | grep -q '^Version:'
}

# Newest 6.12.N+deb12 for which all four kernel packages exist.
find_kernel_version() {
	local v n
	for v in $(apt-cache pkgnames linux-kbuild-6.12. 2>/dev/null |
			sed -n 's/^linux-kbuild-\(6\.12\.[0-9]*+deb12\)$/\1/p' |
			sort -V -r); do
		# shellcheck disable=SC2046
		n=$(apt-cache show --no-all-versions $(kernel_packages "$v") \
			2>/dev/null | grep -c '^Package:' || true)
		if [ "$n" = 4 ]; then
			echo "$v"
			return 0
		fi
	done
	return 1
}

# Fallback when apt knows nothing (offline): newest fully prepared cache.
find_cached_version() {
	local d
	for d in $(find "$CACHE/kernel" -mindepth 1 -maxdepth 1 \
			-name '6.12.*+deb12' 2>/dev/null | sort -V -r); do
		if [ -f "$d/root/boot/vmlinuz-${d##*/}-amd64" ]; then
			echo "${d##*/}"
			return 0
		fi
	done
	return 1
}

V=$(find_kernel_version) || {
	apt_update
	V=$(find_kernel_version) || V=$(find_cached_version) ||
		die "no 6.12.N+deb12 kernel with image, headers and kbuild found in apt"
}
KVER=$V-amd64
KBASE=$CACHE/kernel/$V
KROOT=$KBASE/root
KDIR=$KROOT/usr/src/linux-headers-$KVER
KCOMMON=$KROOT/usr/src/linux-headers-$V-common
KIMAGE=$KROOT/boot/vmlinuz-$KVER
KMODDIR=$KROOT/lib/modules/$KVER
log "kernel: $KVER (cache: $KBASE)"

mkdir -p "$KBASE/debs" "$KROOT" "$KBASE/extracted"
for p in $(kernel_packages "$V"); do
	deb=$(find "$KBASE/debs" -maxdepth 1 -name "${p}_*.deb" | sort -V | tail -n 1)
	if [ -z "$deb" ]; then
		log "downloading $p"
		apt_has "$p" || apt_update
		# Download into a scratch dir so an interrupted download leaves
		# no truncated .deb behind.
		rm -rf "$KBASE/debs/partial"
		mkdir -p "$KBASE/debs/partial"
		(cd "$KBASE/debs/partial" && run apt-get download "$p")
		mv "$KBASE/debs/partial/${p}_"*.deb "$KBASE/debs/"
		rmdir "$KBASE/debs/partial"
		deb=$(find "$KBASE/debs" -maxdepth 1 -name "${p}_*.deb" | sort -V | tail -n 1)
		[ -n "$deb" ] || die "download of $p failed"
	fi
	# A stamp per .deb records a complete extraction.
	stamp=$KBASE/extracted/${deb##*/}
	if [ ! -e "$stamp" ]; then
		log "extracting ${deb##*/}"
		run dpkg -x "$deb" "$KROOT"
		: >"$stamp"
	fi
done

# The headers Makefile includes the -common Makefile by its absolute /usr/src
# path; point it into the cache instead.
want="include $KCOMMON/Makefile"
if [ "$(cat "$KDIR/Makefile")" != "$want" ]; then
	log "rewriting $KDIR/Makefile"
	echo "$want" >"$KDIR/Makefile"
fi

# scripts -> ../../lib/linux-kbuild-V/scripts must resolve inside the cache.
scripts=$(readlink -f "$KDIR/scripts") || die "$KDIR/scripts does not resolve"
case "$scripts" in
"$(readlink -f "$KROOT")"/*) ;;
*) die "$KDIR/scripts resolves outside the cache: $scripts" ;;
esac
[ -d "$scripts" ] || die "$KDIR/scripts -> $scripts is not a directory"

# ---------------------------------------------------------------- modules

# Path of module $1's .ko.xz under $KMODDIR/kernel.
module_path() {
	find "$KMODDIR/kernel" -name "$1.ko.xz" -print -quit
}

# Decompress the initramfs modules and, recursively, their dependencies.
todo=$INITRAMFS_MODULES
done_mods=" "
decompressed=0
while [ -n "$todo" ]; do
	# shellcheck disable=SC2086 # a word list
	set -- $todo
	m=$1
	shift
	todo=$*
	case "$done_mods" in *" $m "*) continue ;; esac
	done_mods="$done_mods$m "
	xzf=$(module_path "$m")
	[ -n "$xzf" ] || die "module $m not found under $KMODDIR/kernel"
	if [ ! -f "${xzf%.xz}" ]; then
		run xz -dk "$xzf"
		decompressed=1
	fi
	deps=$(modinfo -F depends "${xzf%.xz}" | tr ',' ' ')
	todo="$todo $deps"
done
log "initramfs modules:$done_mods"

# depmod only when the modules tree changed since the last run.
if [ "$decompressed" = 1 ] || [ ! -f "$KMODDIR/modules.dep" ] ||
		[ -n "$(find "$KMODDIR" -newer "$KMODDIR/modules.dep" \
			\( -name '*.ko' -o -name '*.ko.xz' \) -print -quit)" ]; then
	run depmod -b "$KROOT" "$KVER"
else
	log "depmod: up to date"
fi

# The VM mounts a tmpfs on the host's /lib/modules (seen read-only over 9p) to
# bind the cache's modules at /lib/modules/$KVER; the mount point must exist.
if [ ! -d /lib/modules ]; then
	run mkdir -p /lib/modules
fi

# ---------------------------------------------------------------- kernel.env

env_file=$CACHE/kernel.env
new_env="KVER=$KVER
KROOT=$KROOT
KDIR=$KDIR
KIMAGE=$KIMAGE
KMODDIR=$KMODDIR"
if [ ! -f "$env_file" ] || [ "$(cat "$env_file")" != "$new_env" ]; then
	log "writing $env_file"
	printf '%s\n' "$new_env" >"$env_file.tmp"
	mv "$env_file.tmp" "$env_file"
fi

# ---------------------------------------------------------------- verify

for f in "$KIMAGE" "$KDIR/.config" "$KDIR/Module.symvers" "$KCOMMON/Makefile" \
		"$KDIR/scripts/Makefile.build" "$KDIR/scripts/mod/modpost" \
		"$KDIR/include/generated/autoconf.h" "$KMODDIR/modules.dep" \
		"$KMODDIR/modules.dep.bin"; do
	[ -e "$f" ] || die "missing: $f"
done
for tool in qemu-system-x86_64 busybox pahole depmod modinfo cpio gzip; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done
[ -x /bin/busybox ] || die "missing /bin/busybox (busybox-static)"

echo
echo "Duet host setup complete:"
sed 's/^/  /' "$env_file"
