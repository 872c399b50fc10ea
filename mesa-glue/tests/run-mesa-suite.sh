#!/bin/bash
# run-mesa-suite.sh [BUILD_DIR]: the Mesa glue suite, as TAP lines
# ("ok - mesa/<name>"). Runs in the test VM (scripts/vm-tests/run-all.sh)
# with the Duet modules loaded; BUILD_DIR is the meson build of mesa-glue/
# (default build/mesa-glue). Logs go to $DUET_RESULTS/mesa.
#
# The graphics-stack programs (EGL, GBM, Vulkan, libdrm, vulkaninfo) run
# under two independent accel auditors at once: strace -ff follows every
# process and thread, and accel-guard (LD_PRELOAD, passed with strace -E)
# is loaded in each and writes a record the moment an accel path is
# opened. After the program and all its children have ended (strace waits
# for them all), both logs are reduced to one form by accel-audit.awk and
# each program yields:
#   <prog>-no-accel-access           neither auditor saw an open or attempted
#                                    open of /dev/accel, /sys/class/accel,
#                                    the accel major (261), ... in any process;
#                                    each access is listed with its pid, exe,
#                                    path, result and (guard) calling library
#   <prog>-auditors-agree            both saw the same accel opens per process
#                                    (count of successes and of each errno)
#   <prog>-guard-in-every-process    accel-guard announced itself in every
#                                    process strace saw
#   <prog>-strace-in-every-process   strace followed every process accel-guard
#                                    announced
# The positive controls: accel-client opens the node from its main process
# and from children that _exit(), are SIGKILLed, abort() and are spawned;
# each must be seen, with its pid, by both auditors. accel-client --blind
# does what accel-guard cannot see (a raw syscall, a child without
# LD_PRELOAD): the agreement and coverage checks must then fail.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$(dirname "$here")")
build=${1:-$repo/build/mesa-glue}
out=${DUET_RESULTS:-/tmp}/mesa
guard=$build/accel-guard/accel-guard.so
awkf=$here/accel-audit.awk
status=0

mkdir -p "$out"
# Mesa's shader cache wants a writable home; the host root is read-only.
export XDG_CACHE_HOME=$out/cache
# The live logs go to a local directory (tmpfs in the VM), not the 9p share.
tmp=$(mktemp -d /tmp/mesa-audit.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

tap() { echo "$1 - mesa/$2${3:+ # $3}"; [ "$1" = ok ] || status=1; }

[ -f "$guard" ] || { tap "not ok" guard-built "no $guard"; exit 1; }
if command -v strace >/dev/null; then
	tap ok strace-installed
	echo "# $(strace -V | head -1)"
else
	tap "not ok" strace-installed "the second auditor (scripts/setup.sh installs it)"
fi

# audit NAME [VAR=VALUE...] -- CMD...: run CMD under both auditors, with
# VAR=VALUE in its environment. Writes $out/NAME.guard and
# $out/NAME.strace (accel-audit.awk's form), the raw guard log
# $out/NAME.guard.log and the strace logs $out/NAME.strace.log; returns
# CMD's exit status.
audit() {
	local name=$1 raw=$tmp/$1 rc f v
	local -a vars=("LD_PRELOAD=$guard" "ACCEL_GUARD_LOG=$tmp/$1/guard.log"
		       ACCEL_GUARD_QUIET=1) opts=()
	shift
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	for v in "${vars[@]}"; do opts+=(-E "$v"); done
	rm -rf "$raw"
	mkdir -p "$raw/strace"
	: >"$raw/guard.log"
	if command -v strace >/dev/null; then
		strace -ff -q --seccomp-bpf -yy -s 4096 -e trace=%file,%process \
			-o "$raw/strace/t" "${opts[@]}" "$@"
	else
		env "${vars[@]}" "$@"
	fi
	rc=$?
	awk -v src=guard -f "$awkf" "$raw/guard.log" >"$out/$name.guard"
	set -- "$raw"/strace/t.*
	if [ -e "$1" ]; then
		awk -v src=strace -f "$awkf" "$@" >"$out/$name.strace"
	else
		: >"$out/$name.strace"
	fi
	cp "$raw/guard.log" "$out/$name.guard.log"
	for f in "$@"; do
		[ -e "$f" ] && echo "== $f" && cat "$f"
	done >"$out/$name.strace.log"
	return $rc
}

# n_acc FILE: number of accel accesses recorded.
n_acc() { awk '$1 == "acc"' "$1" | wc -l; }

# acc_counts FILE: "PID RESULT COUNT" for every process with an access.
acc_counts() {
	awk '$1 == "acc" { n[$2 " " $3]++ } END { for (k in n) print k, n[k] }' \
		"$1" | sort
}

# show NAME: every accel access each auditor recorded, with the process's
# parent, as comments; then a few other strace lines naming accel paths.
show() {
	local name=$1 f who
	for f in guard strace; do
		who=$f
		[ $f = guard ] && who=accel-guard
		awk -v who=$who '$1 == "proc" { pp[$2] = $3; next }
			$1 == "acc" { print "#   " who ": pid " $2 " (parent " \
				(($2 in pp) ? pp[$2] : "?") ", " $6 ") " $5 " " \
				$4 " -> " $3 }' "$out/$name.$f"
	done
	awk '$1 == "look" { n++; if (n <= 4) print "#   strace, not counted: pid " $2 " " $4 }
	     END { if (n > 4) print "#   strace, not counted: " n - 4 " more" }' \
		"$out/$name.strace"
}

# count_diff NAME: "< PID RESULT COUNT" lines of accel-guard only, "> ..."
# of strace only. (No process substitution: the VM has no /dev/fd.)
count_diff() {
	acc_counts "$out/$1.guard" >"$tmp/$1.guard.counts" &&
		acc_counts "$out/$1.strace" >"$tmp/$1.strace.counts" || {
		echo "< cannot count"; return; }
	diff "$tmp/$1.guard.counts" "$tmp/$1.strace.counts" | grep '^[<>]'
}

# check_agree NAME: both auditors recorded the same accel opens per process.
check_agree() {
	local name=$1 d
	d=$(count_diff "$name")
	if [ -z "$d" ]; then
		tap ok "$name-auditors-agree"
	else
		tap "not ok" "$name-auditors-agree"
		echo "# pid result count, < accel-guard only, > strace only:"
		echo "$d" | sed 's/^/#   /'
		show "$name"
	fi
}

# procs_only_in LOG OTHER: processes (pid exe end) LOG has and OTHER has not.
procs_only_in() {
	awk 'FILENAME == ARGV[1] && $1 == "proc" { seen[$2] = 1; next }
	     $1 == "proc" && !($2 in seen) { print $2, $4, $5 }' "$2" "$1"
}

# missing_procs NAME: processes strace saw that accel-guard never announced.
missing_procs() { procs_only_in "$out/$1.strace" "$out/$1.guard"; }

# unfollowed_procs NAME: processes accel-guard announced that strace never saw.
unfollowed_procs() { procs_only_in "$out/$1.guard" "$out/$1.strace"; }

# check_covered NAME: both auditors saw the same processes.
check_covered() {
	local name=$1 m
	m=$(missing_procs "$name")
	if [ -z "$m" ]; then
		tap ok "$name-guard-in-every-process"
	else
		tap "not ok" "$name-guard-in-every-process"
		echo "# not audited by accel-guard (pid exe end):"
		echo "$m" | sed 's/^/#   /'
	fi
	m=$(unfollowed_procs "$name")
	if [ -z "$m" ]; then
		tap ok "$name-strace-in-every-process"
	else
		tap "not ok" "$name-strace-in-every-process"
		echo "# not followed by strace (pid exe end):"
		echo "$m" | sed 's/^/#   /'
	fi
}

# procs_line NAME: one comment with what each auditor saw.
procs_line() {
	echo "# $1: accel-guard $(awk '$1 == "proc"' "$out/$1.guard" | wc -l) process(es) $(n_acc "$out/$1.guard") accel access(es); strace $(awk '$1 == "proc"' "$out/$1.strace" | wc -l) process(es) $(n_acc "$out/$1.strace") accel access(es)"
}

# opens_line NAME: which device nodes the program opened (successful
# opens strace recorded, all processes), by kind: the data behind
# mesa-glue/README.md's "API x stack" table.
opens_line() {
	local f=$out/$1.strace.log dr=0 or=0 dc=0 oc=0 ac=0 p duet
	for p in $(grep -o 'open[a-z0-9]*([^"]*"/dev/[^"]*"[^=]*= [0-9][0-9]*' "$f" |
		   sed -n 's/^[^"]*"\(\/dev\/[^"]*\)".*/\1/p'); do
		duet=0
		[ "$(basename "$(readlink -f "/sys/class/drm/${p##*/}/device/driver")")" = duet_core ] &&
			duet=1
		case $p in
		/dev/dri/renderD*) [ $duet = 1 ] && dr=$((dr + 1)) || or=$((or + 1)) ;;
		/dev/dri/card*) [ $duet = 1 ] && dc=$((dc + 1)) || oc=$((oc + 1)) ;;
		/dev/accel/* | /dev/char/261:*) ac=$((ac + 1)) ;;
		esac
	done
	echo "# opens $1: Duet render $dr, other render $or, Duet primary $dc, other primary $oc, accel $ac"
}

# graphics NAME TAP CMD...: run a graphics program under both auditors
# (TAP=1: pass its TAP lines through and fail on a silent bad exit), then
# check that no process of it made any accel access.
graphics() {
	local name=$1 pass=$2 rc ng ns
	shift 2
	audit "$name" LIBGL_DEBUG=verbose -- "$@" >"$out/$name.log" 2>"$out/$name.stderr"
	rc=$?
	if [ "$pass" = 1 ]; then
		cat "$out/$name.log"
		if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/$name.log"; then
			tap "not ok" "$name" && echo "# exit status $rc"
			sed 's/^/# /' "$out/$name.stderr" | tail -5
		fi
	else
		echo "# $name: exit status $rc"
	fi
	# Which DRI driver Mesa's loader tried for each node.
	grep -h 'MESA-LOADER' "$out/$name.stderr" | sort -u | head -8 |
		sed 's/^/# /'
	ng=$(n_acc "$out/$name.guard")
	ns=$(n_acc "$out/$name.strace")
	if ! grep -q '^proc ' "$out/$name.guard"; then
		tap "not ok" "$name-no-accel-access" "accel-guard wrote no record"
	elif ! grep -q '^proc ' "$out/$name.strace"; then
		tap "not ok" "$name-no-accel-access" "strace recorded no process"
	elif [ "$ng" = 0 ] && [ "$ns" = 0 ]; then
		tap ok "$name-no-accel-access"
	else
		tap "not ok" "$name-no-accel-access"
		echo "# accel accesses: accel-guard $ng, strace $ns:"
		show "$name"
	fi
	check_agree "$name"
	check_covered "$name"
	procs_line "$name"
	opens_line "$name"
}

echo "# render nodes: $(ls /dev/dri | grep renderD | tr '\n' ' ')accel nodes: $(ls /dev/accel 2>/dev/null | tr '\n' ' ')"

graphics libdrm 1 "$build/tests/mesa-libdrm"
graphics egl 1 "$build/tests/mesa-egl"
graphics gbm 1 "$build/tests/mesa-gbm"
graphics vulkan 1 "$build/tests/mesa-vulkan"
if command -v vulkaninfo >/dev/null; then
	# The Vulkan loader and every installed ICD, as a real client runs them.
	graphics vulkaninfo 0 vulkaninfo --summary
	grep -E 'deviceName|driverName' "$out/vulkaninfo.log" | sed 's/^/# vulkaninfo:/'
else
	tap "not ok" vulkaninfo-no-accel-access "no vulkaninfo (scripts/setup.sh installs vulkan-tools)"
fi
# eglinfo with no X11 or Wayland display: every EGL platform it knows
# (device, GBM, surfaceless), as a user without a desktop runs it.
if command -v eglinfo >/dev/null; then
	graphics eglinfo 0 env -u DISPLAY -u WAYLAND_DISPLAY eglinfo
	grep -E 'OpenGL.*renderer string|EGL_DRM_RENDER_NODE|^[A-Za-z ]+platform:' \
		"$out/eglinfo.log" | sort | uniq -c | sed 's/^/# eglinfo:/' | head -12
else
	tap "not ok" eglinfo-no-accel-access "no eglinfo (scripts/setup.sh installs mesa-utils)"
fi
# drm_info: every DRM node libdrm lists, each opened and queried.
if command -v drm_info >/dev/null; then
	graphics drm_info 0 drm_info
	grep -E '^Node:|Driver:' "$out/drm_info.log" | sed 's/^/# drm_info: /' | head -12
else
	tap "not ok" drm_info-no-accel-access "no drm_info (scripts/setup.sh installs drm-info)"
fi

# Mesa 25+ has an accel probe (pipe_loader_accel_probe(), which opens
# /dev/accel/accel*), called by the Teflon TensorFlow Lite delegate. No
# Debian package ships Teflon (trixie, trixie-backports, testing), and no
# installed Mesa library of either stack names an accel path (or the
# probe, where symbols are kept): the programs
# above are all the graphics stack there is. If one appears (a Teflon
# package), this fails, and the suite must exercise it and assert what it
# does with Duet's accel node. Control: accel-guard.so names /dev/accel.
mesa_libs=$(ls /usr/lib/*-linux-gnu/libgallium*.so* /usr/lib/*-linux-gnu/libEGL_mesa.so* \
	/usr/lib/*-linux-gnu/libGLX_mesa.so* /usr/lib/*-linux-gnu/libgbm.so* \
	/usr/lib/*-linux-gnu/libvulkan_*.so /usr/lib/*-linux-gnu/libRusticl*.so* \
	/usr/lib/*-linux-gnu/libteflon*.so* /usr/lib/*-linux-gnu/libMesaOpenCL*.so* \
	/usr/lib/*-linux-gnu/dri/*.so /usr/lib/*-linux-gnu/gbm/*.so 2>/dev/null |
	xargs -r readlink -f | sort -u)
accel_pat='/dev/accel|accel/accel|accel%d|pipe_loader_accel|DRM_ACCEL'
probes=$(for l in $mesa_libs; do grep -l -a -E "$accel_pat" "$l"; done)
echo "# Mesa libraries checked for an accel probe: $(echo $mesa_libs | wc -w)"
if [ -z "$mesa_libs" ]; then
	tap "not ok" no-mesa-library-probes-accel "no Mesa library found"
elif [ -n "$probes" ]; then
	tap "not ok" no-mesa-library-probes-accel "exercise these: $(echo $probes)"
elif ! grep -q -a -E "$accel_pat" "$guard"; then
	tap "not ok" no-mesa-library-probes-accel "control: /dev/accel not found in $guard"
else
	tap ok no-mesa-library-probes-accel
fi

# has_acc FILE PID MIN_OK MIN_FAIL [BY]: process PID has at least MIN_OK
# successful and MIN_FAIL failed accel opens in FILE (and, with BY, one
# made from a caller whose name contains BY).
has_acc() {
	awk -v pid="$2" -v min_ok="$3" -v min_fail="$4" -v by="${5:-}" '
		$1 == "acc" && $2 == pid {
			if ($3 == "ok") ok++; else fail++
			if (by != "" && index($5, by)) seen = 1 }
		END { exit !(ok >= min_ok && fail >= min_fail &&
			     (by == "" || seen)) }' "$1"
}

# Positive control: accel-client and its children open the accel node;
# both auditors must see each one, attributed to its own pid.
first=$(ls /dev/accel 2>/dev/null | head -1)
alias=
if [ -n "$first" ]; then
	# The accel major through a node outside /dev/accel.
	set -- $(stat -c '%t %T' "/dev/accel/$first")
	alias=$tmp/accel-alias
	mknod "$alias" c $((16#$1)) $((16#$2)) || alias=
fi
name=accel-client
audit $name -- "$build/tests/accel-client" --children $alias >"$out/$name.log" \
	2>"$out/$name.stderr"
cat "$out/$name.log"
n=0
grep '^# expect pid=' "$out/$name.log" >"$tmp/expect"
while read -r _ _ pid role okn failn by; do
	pid=${pid#pid=} role=${role#role=} okn=${okn#ok=} failn=${failn#fail=}
	by=${by#by=}
	n=$((n + 1))
	has_acc "$out/$name.guard" "$pid" "$okn" "$failn" "$by" &&
		tap ok "accel-guard-sees-$role" ||
		tap "not ok" "accel-guard-sees-$role" "pid $pid: $okn ok, $failn failed, by $by"
	has_acc "$out/$name.strace" "$pid" "$okn" "$failn" &&
		tap ok "accel-strace-sees-$role" ||
		tap "not ok" "accel-strace-sees-$role" "pid $pid: $okn ok, $failn failed"
done <"$tmp/expect"
[ "$n" = 5 ] && tap ok accel-client-roles ||
	tap "not ok" accel-client-roles "$n of 5 expected processes announced"
[ -n "$alias" ] || tap "not ok" accel-client-alias "no accel node alias made"
check_agree $name
check_covered $name
procs_line $name
show $name
awk '$1 == "proc" { print "#   strace: process " $2 " parent " $3 " " $4 " " $5 }' \
	"$out/$name.strace"

# Negative control of the comparison: what accel-guard cannot see must
# make the agreement and coverage checks fail, naming those processes.
name=accel-blind
audit $name -- "$build/tests/accel-client" --blind >"$out/$name.log" \
	2>"$out/$name.stderr"
cat "$out/$name.log"
blind=$(sed -n 's/^# blind pid=\([0-9]*\) role=.*/\1/p' "$out/$name.log" | sort)
diffp=$(count_diff $name | sed -n 's/^[<>] \([0-9]*\) .*/\1/p' | sort -u)
missp=$(missing_procs $name | cut -d' ' -f1 | sort)
nopre=$(sed -n 's/^# blind pid=\([0-9]*\) role=no-preload/\1/p' "$out/$name.log")
echo "# blind pids: $(echo $blind); disagreeing: $(echo $diffp); guard missing in: $(echo $missp)"
[ -n "$blind" ] && [ "$(echo $blind | wc -w)" = 2 ] && [ "$diffp" = "$blind" ] &&
	tap ok accel-audit-detects-disagreement ||
	tap "not ok" accel-audit-detects-disagreement
[ -n "$nopre" ] && [ "$missp" = "$nopre" ] &&
	tap ok accel-audit-detects-unaudited-process ||
	tap "not ok" accel-audit-detects-unaudited-process

# Guard refusal mode: with ACCEL_GUARD_DENY=1 the client cannot open it,
# and the refusal is recorded.
log=$tmp/deny.guard.log
if ACCEL_GUARD_DENY=1 ACCEL_GUARD_QUIET=1 ACCEL_GUARD_LOG=$log LD_PRELOAD=$guard \
		"$build/tests/accel-client" >"$out/accel-client-deny.log"; then
	tap "not ok" accel-guard-deny
else
	grep -q 'Permission denied' "$out/accel-client-deny.log" &&
		grep -q '^accel-guard: access .* path=/[^ ]*accel[^ ]* ret=-1 err=EACCES denied=1 ' "$log" &&
		tap ok accel-guard-deny || tap "not ok" accel-guard-deny
fi
cp "$log" "$out/accel-client-deny.guard.log" 2>/dev/null

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
