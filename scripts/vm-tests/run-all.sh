#!/bin/bash
# run-all.sh CARDS PLAIN VRAM: every in-VM test of the foundation, as TAP
# lines. Started by scripts/check.sh inside the test VM, with the Duet
# modules loaded and CARDS Duet cards plus PLAIN plain ivshmem devices.
#
# The IGT tests (igt-tests/, built into build/igt by meson) run through
# scripts/igt-run, which writes results.json and summary.txt to
# $DUET_RESULTS/igt-results (the VM's writable results share; the repo is
# read-only in the VM), then module-reload.sh runs.
set -u

cards=$1
plain=$2
vram=$3
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$(dirname "$here")")
status=0

# Debug kernel: forget what kmemleak saw at boot; checked at the end.
kmemleak=/sys/kernel/debug/kmemleak
[ -w "$kmemleak" ] && echo clear >"$kmemleak"

# vgem is the foreign dma-buf exporter/importer of duet_sysmem's
# subtests: not loading is a failure (those subtests fail without it too).
if modprobe vgem; then
	echo "ok - vm/vgem-loaded"
else
	echo "not ok - vm/vgem-loaded (modprobe vgem failed)"
	status=1
fi

# The IGT tests find the cards themselves; that they find what the VM was
# booted with is checked here, from outside them: CARDS functions bound to
# duet_core, PLAIN unbound, each Duet BAR of VRAM bytes.
bound=0 unbound=0 bars=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1af4:0x1110 ] || continue
	case $(basename "$(readlink "$d/driver" 2>/dev/null)") in
	duet_core)
		bound=$((bound + 1))
		# shellcheck disable=SC2046
		set -- $(sed -n 3p "$d/resource")	# BAR 2: start end flags
		bars="$bars $(($2 - $1 + 1))" ;;
	"") unbound=$((unbound + 1)) ;;
	esac
done
want_bar=$(numfmt --from=iec "$vram")
if [ "$bound" = "$cards" ] && [ "$unbound" = "$plain" ] &&
   [ -z "$(printf '%s\n' $bars | grep -vx "$want_bar")" ]; then
	echo "ok - vm/devices-as-booted"
else
	echo "not ok - vm/devices-as-booted ($bound bound to duet_core, want $cards; $unbound plain, want $plain; BARs$bars, want $want_bar)"
	status=1
fi

# Every sysfs file Duet adds is in its ABI documentation, and back.
"$here/sysfs-abi.sh" "$repo/Documentation/ABI/testing/sysfs-driver-duet" ||
	status=1

# DUET_IGT_TIMEOUT: per-subtest limit (the debug kernel is much slower).
"$repo/scripts/igt-run" --tests "$repo/build/igt/tests" \
	--timeout "${DUET_IGT_TIMEOUT:-120}" \
	--results "${DUET_RESULTS:-$repo/build/igt-results}/igt-results" ||
	status=1
# Mesa glue (mesa-glue/, meson build in build/mesa-glue): EGL, GBM, Vulkan
# and libdrm under accel-guard, libduet on both nodes, udev rules, the demo.
"$repo/mesa-glue/tests/run-mesa-suite.sh" "$repo/build/mesa-glue" || status=1
# The distribution's own systemd-udevd and rules, with and without Duet's.
"$here/udevd.sh" "$repo/mesa-glue/udev/70-duet.rules" || status=1
# IGT's lsgpu and gputop with clients busy on both nodes.
"$here/igt-tools.sh" "$repo/build/mesa-glue" || status=1
"$here/module-reload.sh" "$cards" 10 || status=1
# The benchmarks' smoke run: each one runs and gives sane numbers (no
# targets). It briefly unbinds card 0, so it goes last.
"$here/bench-smoke.sh" || status=1
# Debug kernel: two kmemleak scans (as kmemleak advises); a suspected leak
# whose allocation backtrace goes through Duet code fails the run.
if [ -w "$kmemleak" ]; then
	echo scan >"$kmemleak"
	sleep 5
	echo scan >"$kmemleak"
	leaks=$(awk '/^unreferenced object/ { if (obj ~ /duet/) print obj; obj = "" }
		     { obj = obj $0 "\n" } END { if (obj ~ /duet/) print obj }' "$kmemleak")
	if [ -n "$leaks" ]; then
		echo "not ok - vm/kmemleak"
		printf '%b' "$leaks" | head -60 | sed 's/^/# /'
		status=1
	else
		echo "ok - vm/kmemleak"
		echo "# $(grep -c '^unreferenced object' "$kmemleak") suspected leaks, none in Duet code"
	fi
fi
exit $status
