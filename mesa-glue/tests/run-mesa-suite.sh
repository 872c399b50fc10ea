#!/bin/bash
# run-mesa-suite.sh [BUILD_DIR]: the Mesa glue suite, as TAP lines
# ("ok - mesa/<name>"). Runs in the test VM (scripts/vm-tests/run-all.sh)
# with the Duet modules loaded; BUILD_DIR is the meson build of mesa-glue/
# (default build/mesa-glue). Logs go to $DUET_RESULTS/mesa.
#
# The graphics-stack checks (EGL, GBM, Vulkan, libdrm) run under
# accel-guard; each one also yields "<prog>-no-accel-access", which fails
# if the program (Mesa, libdrm, the Vulkan loader, any ICD) opened anything
# under /dev/accel or /sys/class/accel, or if the guard's report is
# missing (the guard did not run). accel-client, which opens the accel
# node on purpose, is the positive control: the guard must catch it.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$(dirname "$here")")
build=${1:-$repo/build/mesa-glue}
out=${DUET_RESULTS:-/tmp}/mesa
guard=$build/accel-guard/accel-guard.so
status=0

mkdir -p "$out"
# Mesa's shader cache wants a writable home; the host root is read-only.
export XDG_CACHE_HOME=$out/cache

tap() { echo "$1 - mesa/$2${3:+ # $3}"; [ "$1" = ok ] || status=1; }

# Sum of the accel accesses in guard log $1; "none" if no process reported.
guard_count() {
	grep -q '^accel-guard: pid [0-9]* exe ' "$1" 2>/dev/null ||
		{ echo none; return; }
	sed -n 's/^accel-guard: pid [0-9]* exe .*: \([0-9]*\) accel access.*/\1/p' \
		"$1" | awk '{ s += $1 } END { print s + 0 }'
}

# guarded NAME CMD...: run CMD under accel-guard, pass its TAP through,
# then check it made no accel access.
guarded() {
	local name=$1 log=$out/$1.guard.log rc n
	shift
	rm -f "$log"
	LIBGL_DEBUG=verbose ACCEL_GUARD_LOG=$log ACCEL_GUARD_QUIET=1 \
		LD_PRELOAD=$guard "$@" >"$out/$name.log" 2>"$out/$name.stderr"
	rc=$?
	cat "$out/$name.log"
	# Which DRI driver Mesa's loader tried for each node.
	grep -h 'MESA-LOADER' "$out/$name.stderr" | sort -u | head -8 |
		sed 's/^/# /'
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/$name.log"; then
		tap "not ok" "$name" && echo "# exit status $rc"
		sed 's/^/# /' "$out/$name.stderr" | tail -5
	fi
	n=$(guard_count "$log")
	case $n in
	0) tap ok "$name-no-accel-access" ;;
	none) tap "not ok" "$name-no-accel-access"
	      echo "# accel-guard wrote no report to $log" ;;
	*) tap "not ok" "$name-no-accel-access"
	   echo "# $n accel access(es):"
	   grep -v ' exe ' "$log" | sed 's/^/#   /' ;;
	esac
	grep ' exe ' "$log" | sed 's/^/# /'
}

[ -f "$guard" ] || { tap "not ok" guard-built "no $guard"; exit 1; }

echo "# render nodes: $(ls /dev/dri | grep renderD | tr '\n' ' ')accel nodes: $(ls /dev/accel 2>/dev/null | tr '\n' ' ')"

guarded libdrm "$build/tests/mesa-libdrm"
guarded egl "$build/tests/mesa-egl"
guarded gbm "$build/tests/mesa-gbm"
guarded vulkan "$build/tests/mesa-vulkan"
if command -v vulkaninfo >/dev/null; then
	# The Vulkan loader and every installed ICD, as a real client runs them.
	rm -f "$out/vulkaninfo.guard.log"
	ACCEL_GUARD_LOG=$out/vulkaninfo.guard.log ACCEL_GUARD_QUIET=1 \
		LD_PRELOAD=$guard vulkaninfo --summary >"$out/vulkaninfo.log" 2>&1
	n=$(guard_count "$out/vulkaninfo.guard.log")
	if [ "$n" = 0 ]; then
		tap ok vulkaninfo-no-accel-access
	else
		tap "not ok" vulkaninfo-no-accel-access
		echo "# accel accesses: $n"
	fi
	grep -E 'deviceName|driverName' "$out/vulkaninfo.log" | sed 's/^/# vulkaninfo:/'
else
	tap ok vulkaninfo-no-accel-access "SKIP no vulkaninfo"
fi

# Positive control: the guard sees a deliberate accel open, made by libduet.
log=$out/accel-client.guard.log
rm -f "$log"
ACCEL_GUARD_LOG=$log ACCEL_GUARD_QUIET=1 LD_PRELOAD=$guard \
	"$build/tests/accel-client"
n=$(guard_count "$log")
if [ "$n" != none ] && [ "$n" -ge 1 ] &&
		grep -q 'open.*("/dev/accel/accel[0-9]*") = [0-9]* by .*libduet\.so' "$log"; then
	tap ok accel-guard-sees-accel-client
else
	tap "not ok" accel-guard-sees-accel-client
	echo "# guard count: $n"
fi
sed 's/^/# /' "$log"

# Guard refusal mode: with ACCEL_GUARD_DENY=1 the client cannot open it.
if ACCEL_GUARD_DENY=1 ACCEL_GUARD_QUIET=1 LD_PRELOAD=$guard \
		"$build/tests/accel-client" >"$out/accel-client-deny.log"; then
	tap "not ok" accel-guard-deny
else
	grep -q 'Permission denied' "$out/accel-client-deny.log" &&
		tap ok accel-guard-deny || tap "not ok" accel-guard-deny
fi

# udev rules: no udevd in the VM, so apply-rules.sh applies the rules
# file to the live nodes; then every render and accel node must be
# root:render 0660 and the primary (card*) nodes, which no rule names,
# untouched.
rules=$repo/mesa-glue/udev/70-duet.rules
nodes=$(ls /dev/dri/renderD* /dev/accel/accel* 2>/dev/null)
chown root:root $nodes /dev/dri/card* && chmod 0600 $nodes /dev/dri/card*
if "$repo/mesa-glue/udev/apply-rules.sh" "$rules" >"$out/udev.log" 2>&1; then
	sed 's/^/# /' "$out/udev.log"
	bad=0
	for node in $nodes; do
		got=$(stat -c '%U:%G %a' "$node")
		[ "$got" = "root:render 660" ] || { echo "# $node: $got"; bad=1; }
	done
	for node in /dev/dri/card*; do
		got=$(stat -c '%U:%G %a' "$node")
		[ "$got" = "root:root 600" ] || { echo "# $node: $got"; bad=1; }
	done
	echo "$nodes" | grep -q accel || { echo "# no accel node"; bad=1; }
	[ $bad = 0 ] && tap ok udev-rules-applied || tap "not ok" udev-rules-applied
else
	tap "not ok" udev-rules-applied
	sed 's/^/# /' "$out/udev.log"
fi
grep -qE '^SUBSYSTEM=="accel".*GROUP="render".*MODE="0660".*TAG\+="uaccess"' "$rules" &&
	tap ok udev-accel-rule-uaccess || tap "not ok" udev-accel-rule-uaccess

# The make-run demo: accel GEMM/SAXPY -> dma-buf -> render FILL_RECT/BLIT -> PNG.
if "$build/demo/duet-demo" "$out/duet-demo.png" >"$out/duet-demo.log" 2>&1 &&
		[ -s "$out/duet-demo.png" ]; then
	tap ok duet-demo
else
	tap "not ok" duet-demo
fi
sed 's/^/# /' "$out/duet-demo.log"

# libduet on both nodes (not guarded: it uses the accel node on purpose).
"$build/tests/libduet-test" || status=1

exit $status
