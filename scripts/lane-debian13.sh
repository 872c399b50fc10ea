#!/bin/bash
# lane-debian13.sh [check]: the current-stack lane (kernel 7.3, Debian 13
# userspace: Mesa 26.1, libdrm 2.4.124, IGT 2.0).
#
# 1. scripts/debian13-root.sh makes (or reuses) the Debian 13 root and its
#    7.3 kernel in the cache.
# 2. The working tree's files (tracked and untracked, not ignored) are copied
#    to build/lanes/debian13/tree, so this lane's build output never mixes
#    with the host lane's.
# 3. There, duet-sim (the device model, a host program) is built on the
#    host; the modules and everything that runs in the guest are built
#    inside the root (scripts/lane-exec) with its compiler and libraries,
#    and the modules installed into the root's /lib/modules.
# 4. With "check": that tree's scripts/check.sh runs with DUET_LANE=debian13
#    (the VM boots 7.3 with the Debian 13 root); results in
#    build/lanes/debian13/tree/build/check.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
CACHE=${DUET_CACHE:-$HOME/.cache/duet}
ENV_FILE=$CACHE/debian13.env
TREE=$REPO/build/lanes/debian13/tree

log() { echo "lane-debian13: $*"; }

"$REPO/scripts/debian13-root.sh"

log "copying the working tree to $TREE"
mkdir -p "$TREE"
# Same files as the working tree; tar keeps their times, so unchanged
# files are not rebuilt. (A file deleted from the working tree stays in
# the copy until build/lanes is removed.)
(cd "$REPO" && git ls-files -co --exclude-standard | grep -v '^build/' |
	tar -cf - -T -) | tar -xf - -C "$TREE"
# The file list, for what would ask git (the copy has no .git, the root
# no git): scripts/kernel-lint.sh lints the tracked kernel files.
(cd "$REPO" && git ls-files) >"$TREE/.lane-files"

cd "$TREE"
log "building duet-sim on the host"
make -C tools/duet-sim
log "building the modules and the guest's userspace inside the root"
"$REPO/scripts/lane-exec" "$ENV_FILE" make modules-install guest-tools

if [ "${1:-}" = check ]; then
	DUET_KERNEL_ENV=$ENV_FILE DUET_LANE=debian13 scripts/check.sh
fi
