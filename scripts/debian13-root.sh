#!/bin/bash
# debian13-root.sh: the current-stack lane's root file system and kernel.
#
# Makes a Debian 13 (trixie) root with debootstrap into
# $DUET_CACHE/debian13/root, kept between runs, and installs into it, from
# trixie and trixie-backports: Debian's 7.3 kernel (image, modules, headers
# and the gcc that built it), Mesa 26.1 (EGL, GL, GBM, Vulkan), libdrm,
# intel-gpu-tools 2.0, vulkan-tools, mesa-utils, drm-info, systemd/udev and
# what Duet's userspace needs to build. The test VM (scripts/duet-vm) boots
# that kernel with this root instead of the host's; Duet's modules and
# userspace are built inside it (scripts/lane-exec).
#
# The host's package state is not touched: debootstrap and the apt inside
# the root use the mirror of the host's own apt sources, read from
# /etc/apt; no host name is written anywhere.
#
# Idempotent: a finished root whose package list is unchanged is reused.
#
# Output: $DUET_CACHE/debian13.env (make and shell syntax), as kernel.env
# (KVER KROOT KDIR KIMAGE KMODDIR, host paths) plus
#   DUET_ROOT        the root file system (the guest's /)
#   DUET_LANE_ENV    the same kernel as seen inside the root (for builds
#                    in it: KROOT=/ ...), a path inside DUET_ROOT
set -eu

CACHE=${DUET_CACHE:-$HOME/.cache/duet}
BASE=$CACHE/debian13
ROOT=$BASE/root
ENV_FILE=$CACHE/debian13.env
SUITE=trixie

# The 7.3 kernel of trixie-backports (newest 7.3.N when this changes).
KSERIES=7.3
# Installed from trixie.
BASE_PACKAGES="systemd systemd-sysv udev kmod procps util-linux strace
python3 bash coreutils findutils grep sed gawk xz-utils file
build-essential make meson ninja-build pkg-config sparse bc
libdrm-dev libpng-dev libegl-dev libgles-dev libgbm-dev libvulkan-dev
intel-gpu-tools vulkan-tools drm-info passwd dkms"
# Installed from trixie-backports (the current Mesa).
BACKPORTS_PACKAGES="libegl-mesa0 libgl1-mesa-dri libgbm1 libglx-mesa0
mesa-vulkan-drivers mesa-utils libegl1 libgles2"

# From Debian testing, only this program, into /usr/local/bin: sparse.
# Linux 7.3's Kbuild checks that sparse understands __typeof_unqual__
# (scripts/checker-valid.sh) and silently skips C=1/C=2 otherwise; trixie's
# 0.6.4 does not, testing's 0.6.5~rc1 does. Its binary needs only libc.
TESTING_TOOLS="sparse"

export DEBIAN_FRONTEND=noninteractive LC_ALL=C

log() { echo "debian13-root: $*"; }
die() { echo "debian13-root: error: $*" >&2; exit 1; }
run() { echo "+ $*"; "$@"; }

# host_mirror: the mirror of the host's own Debian sources.
# shellcheck source=scripts/apt-mirror.sh
. "$(dirname "$0")/apt-mirror.sh"

# Run a command chrooted into the root (scripts/lane-exec --root).
in_root() {
	"$(dirname "$0")/lane-exec" --root "$ROOT" "$@"
}

# One run at a time (check-lanes.sh starts one early, in the background,
# and lane-debian13.sh's own call then waits for it and finds it done).
mkdir -p "$BASE"
exec 9>"$BASE/.lock"
flock 9

want=$(printf '%s\n' "$KSERIES" $BASE_PACKAGES $BACKPORTS_PACKAGES testing: $TESTING_TOOLS | sha256sum | cut -c1-16)
if [ -f "$ENV_FILE" ] && [ "$(cat "$BASE/.done" 2>/dev/null)" = "$want" ]; then
	log "up to date: $ENV_FILE"
	exit 0
fi

for t in debootstrap unshare chroot; do
	command -v "$t" >/dev/null || die "missing tool: $t (scripts/setup.sh installs it)"
done
mirror=$(host_mirror) || die "no Debian mirror found in the host's /etc/apt sources"
start=$(date +%s)
mkdir -p "$BASE"

# ------------------------------------------------------------ debootstrap

if [ ! -f "$BASE/.bootstrapped" ]; then
	rm -rf "$ROOT"
	log "debootstrap $SUITE into $ROOT"
	run debootstrap --variant=minbase --include=ca-certificates \
		"$SUITE" "$ROOT" "$mirror/" || {
		tail -n 30 "$ROOT/debootstrap/debootstrap.log" 2>/dev/null >&2 || true
		die "debootstrap failed"
	}
	: >"$BASE/.bootstrapped"
fi

# dpkg: no fsync per file (a throw-away root in a cache), and no
# documentation, manual pages or translations.
mkdir -p "$ROOT/etc/dpkg/dpkg.cfg.d"
cat >"$ROOT/etc/dpkg/dpkg.cfg.d/01-duet" <<EOF
force-unsafe-io
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF

cat >"$ROOT/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror/
Suites: $SUITE $SUITE-updates $SUITE-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# Testing, pinned so that nothing is ever installed from it: only
# downloaded by name (TESTING_TOOLS). The mirror's testing Release file
# may be past its Valid-Until date (its signature is still checked).
cat >"$ROOT/etc/apt/sources.list.d/duet-testing.sources" <<EOF
Types: deb
URIs: $mirror/
Suites: testing
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
Check-Valid-Until: no
EOF
printf 'Package: *\nPin: release a=testing\nPin-Priority: -1\n' \
	>"$ROOT/etc/apt/preferences.d/duet-testing"
rm -f "$ROOT/etc/apt/sources.list"
# No daemons started inside the chroot while installing.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true

# ------------------------------------------------------------ packages

run in_root apt-get update
# shellcheck disable=SC2086 # word lists
run in_root apt-get install -y --no-install-recommends $BASE_PACKAGES

kv=$(in_root apt-cache pkgnames "linux-binary-$KSERIES." |
	sed -n "s/^linux-binary-\($KSERIES\.[0-9]*+deb13\)-amd64\$/\1/p" | sort -V | tail -n 1)
[ -n "$kv" ] || die "no linux-binary-$KSERIES.N+deb13-amd64 in $SUITE-backports"
KVER=$kv-amd64
log "kernel: $KVER"
# linux-binary (vmlinuz) and linux-modules, not linux-image: no initramfs
# is built in the root (the VM brings its own).
# shellcheck disable=SC2086
run in_root apt-get install -y --no-install-recommends -t "$SUITE-backports" \
	"linux-binary-$KVER" "linux-modules-$KVER" "linux-headers-$KVER" \
	$BACKPORTS_PACKAGES

# TESTING_TOOLS: the package's programs under /opt/duet-testing, linked
# from /usr/local/bin (first in PATH in scripts/lane-exec and the VM).
for t in $TESTING_TOOLS; do
	in_root sh -c "set -e; rm -rf /tmp/duet-dl && mkdir /tmp/duet-dl && cd /tmp/duet-dl &&
		apt-get download $t/testing && rm -rf /opt/duet-testing/$t && mkdir -p /opt/duet-testing/$t && dpkg -x ${t}_*.deb /opt/duet-testing/$t &&
		ln -sf /opt/duet-testing/$t/usr/bin/$t /usr/local/bin/$t && rm -rf /tmp/duet-dl"
	in_root "$t" --version
done

# The guest's users: a member of group render and one that is not (the
# udev rules tests), and a writable home for root.
in_root sh -c 'getent group render >/dev/null || groupadd -r render;
	id duet-render >/dev/null 2>&1 || useradd -M -N -G render -s /bin/sh duet-render;
	id duet-nobody >/dev/null 2>&1 || useradd -M -N -s /bin/sh duet-nobody'

# ------------------------------------------------------------ kernel

KMODDIR_IN=/lib/modules/$KVER
KDIR_IN=/usr/src/linux-headers-$KVER
KIMAGE_IN=/lib/modules/$KVER/vmlinuz
for f in "$KIMAGE_IN" "$KDIR_IN/Makefile" "$KDIR_IN/Module.symvers" \
		"$KMODDIR_IN/modules.dep"; do
	[ -e "$ROOT$f" ] || die "missing in the root: $f"
done
# The VM's initramfs insmods 9p and its dependencies uncompressed.
for m in netfs 9pnet 9pnet_virtio 9p; do
	xzf=$(find "$ROOT$KMODDIR_IN/kernel" -name "$m.ko.xz" -print -quit)
	[ -z "$xzf" ] || [ -f "${xzf%.xz}" ] || run xz -dk "$xzf"
done
run in_root depmod "$KVER"
mkdir -p "$ROOT/etc/duet"
printf '%s\n' "KVER=$KVER" "KROOT=/" "KDIR=$KDIR_IN" "KIMAGE=$KIMAGE_IN" \
	"KMODDIR=$KMODDIR_IN" >"$ROOT/etc/duet/kernel.env"

printf '%s\n' "KVER=$KVER" "KROOT=$ROOT" "KDIR=$ROOT$KDIR_IN" \
	"KIMAGE=$ROOT$KIMAGE_IN" "KMODDIR=$ROOT$KMODDIR_IN" \
	"DUET_ROOT=$ROOT" "DUET_LANE_ENV=/etc/duet/kernel.env" >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"
echo "$want" >"$BASE/.done"
log "done in $(($(date +%s) - start)) s: $ENV_FILE"
sed 's/^/  /' "$ENV_FILE"
