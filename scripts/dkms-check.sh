#!/bin/bash
# dkms-check.sh: the DKMS package of the Duet drivers, as TAP lines: `dkms
# add` and `dkms build` for the kernel of $DUET_KERNEL_ENV (default the
# cached 6.12's kernel.env; the debian13 lane runs it in its root for
# 7.3), in a scratch DKMS tree under build/dkms/KVER: /var/lib/dkms,
# /usr/src and the running kernel's modules are not touched.
#   dkms/add-KVER     the source tree of scripts/dkms-source.sh is added
#   dkms/build-KVER   dkms builds duet_core, duet_drm and duet_accel
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
CACHE=${DUET_CACHE:-$HOME/.cache/duet}
KVER='' KDIR=''
# shellcheck source=/dev/null
. "${DUET_KERNEL_ENV:-$CACHE/kernel.env}"

if ! command -v dkms >/dev/null; then
	echo "not ok - dkms/installed (no dkms: scripts/setup.sh installs it)"
	exit 1
fi
T=$REPO/build/dkms/$KVER
rm -rf "$T"
mkdir -p "$T/tree" "$T/install"
src=$("$REPO/scripts/dkms-source.sh" "$T/src") || exit 1
ver=${src##*/duet-}
dk=(dkms --dkmstree "$T/tree" --sourcetree "$T/src" --installtree "$T/install")

if "${dk[@]}" add -m duet -v "$ver" >"$T/add.log" 2>&1; then
	echo "ok - dkms/add-$KVER"
else
	echo "not ok - dkms/add-$KVER"
	tail -20 "$T/add.log" | sed 's/^/# /'
	exit 1
fi

st=0
"${dk[@]}" build -m duet -v "$ver" -k "$KVER" --kernelsourcedir "$KDIR" \
	>"$T/build.log" 2>&1 || st=1
for m in duet_core duet_drm duet_accel; do
	ls "$T/tree/duet/$ver/$KVER"/*/module/$m.ko* >/dev/null 2>&1 ||
		{ echo "# $m.ko was not built" >>"$T/build.log"; st=1; }
done
if [ $st = 0 ]; then
	echo "ok - dkms/build-$KVER"
else
	echo "not ok - dkms/build-$KVER"
	tail -25 "$T/build.log" | sed 's/^/# /'
	find "$T/tree" -name make.log -exec tail -20 {} \; | sed 's/^/# /'
fi
exit $st
