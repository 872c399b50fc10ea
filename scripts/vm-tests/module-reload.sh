#!/bin/bash
# module-reload.sh CARDS [ITERATIONS]: unload and reload the Duet modules
# ITERATIONS times (default 10) and check, every time, that nothing is left
# behind (modules, auxiliary devices, interrupts, BAR claims, nodes) and
# that the cards come back with the same node names (no leaked minors) and
# answer (IGT's duet_basic: every Duet device is a card with both nodes,
# GET_PARAM answers the right values), all CARDS of them. Prints one TAP
# line. Runs in the test VM as root.
set -eu

cards=$1
iterations=${2:-10}
here=$(cd "$(dirname "$0")" && pwd -P)
basic=${DUET_IGT_TESTS:-$here/../../build/igt/tests}/duet_basic

nodes() {
	for n in /sys/class/drm/renderD* /sys/class/accel/accel*; do
		[ -e "$n/device/driver" ] || continue
		echo "${n##*/} $(basename "$(readlink "$n/device/driver")")"
	done
}

fail() {
	echo "not ok - vm/module-reload-${iterations}x"
	echo "# iteration $i: $*"
	exit 1
}

# Earlier tests may have rebound a child while a client held its file,
# which moves node numbers legitimately; one reload first gives the
# baseline every later reload must reproduce exactly (no leaked minors).
i=0
rmmod duet_accel duet_drm duet_core && modprobe duet_drm && modprobe duet_accel ||
	fail "first reload failed"
before=$(nodes)
while [ "$i" -lt "$iterations" ]; do
	i=$((i + 1))
	rmmod duet_accel duet_drm duet_core || fail "rmmod failed"
	! grep -q '^duet_' /proc/modules || fail "modules still loaded"
	! ls /sys/bus/auxiliary/devices/ | grep -q '^duet_core\.' ||
		fail "auxiliary devices left: $(ls /sys/bus/auxiliary/devices/)"
	! grep -q duet_core /proc/interrupts || fail "interrupts left"
	! grep -q duet_core /proc/iomem || fail "BAR regions still claimed"
	! nodes | grep -q duet || fail "nodes left: $(nodes)"

	modprobe duet_drm && modprobe duet_accel || fail "modprobe failed"
	after=$(nodes)
	[ "$after" = "$before" ] || fail "nodes changed: '$before' -> '$after'"
	n=$(nodes | grep -c ' duet_core$' || true)
	[ "$n" = "$cards" ] || fail "$n render nodes bound to duet_core, $cards cards"
	out=$("$basic" \
		--run-subtest 'nodes-exist,render-get-param,accel-get-param' 2>&1) ||
		fail "cards do not answer: $out"
done
echo "ok - vm/module-reload-${iterations}x"
echo "# $iterations unload/reload cycles, nodes: $(echo $before)"
