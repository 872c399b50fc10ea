#!/bin/bash
# dkms-source.sh DIR: the DKMS source tree of the Duet drivers,
# DIR/duet-VERSION (VERSION from dkms.conf): dkms.conf, the top-level Kbuild
# and the kernel sources (drivers/, include/), nothing built. Prints its
# path. Then, as root:
#   dkms add DIR/duet-VERSION && dkms install -m duet -v VERSION
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$REPO/dkms.conf")
[ -n "$ver" ] || { echo "dkms-source: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
out=$1/duet-$ver
rm -rf "$out"
mkdir -p "$out"
cd "$REPO"
cp dkms.conf Kbuild "$out/"
find drivers include \( -name '*.[ch]' ! -name '*.mod.c' -o -name Makefile \
	-o -name Kconfig \) -print | tar -cf - -T - | tar -xf - -C "$out"
echo "$out"
