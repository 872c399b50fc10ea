#!/bin/bash
# run-all.sh CARDS PLAIN VRAM: every in-VM test of the foundation, as TAP
# lines. Started by scripts/check.sh inside the test VM, with the Duet
# modules loaded and CARDS Duet cards plus PLAIN plain ivshmem devices.
set -u

cards=$1
plain=$2
vram=$3
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$(dirname "$here")")
status=0

"$repo/tools/duet-check/duet-check" --cards "$cards" --plain "$plain" \
	--vram "$vram" || status=1
"$here/module-reload.sh" "$cards" "$vram" 10 || status=1
exit $status
