#!/bin/bash
# igt-tools.sh BUILD: IGT's own tools, as packaged by the lane's
# distribution, against Duet's nodes with clients busy on both. TAP lines;
# runs in the test VM as root. BUILD is the mesa-glue build directory
# (its tests/busy-client is the load).
#
# What must hold (IGT's device scanning and client listing know the DRM
# subsystem, major 226, only; accel nodes, major 261, are invisible):
#   lsgpu    lists Duet's card with its render node, names no accel node
#   gputop   (IGT 2.0, Debian 13; IGT 1.27.1 in Debian 12 has none) shows
#            the render client busy on compute0 with its pid, and does not
#            show the accel client although it keeps the same engine busy
#            (its fdinfo has the same keys: the tool filters by major).
set -u

build=$1
lane=${DUET_LANE:-debian12}
tmp=$(mktemp -d)
status=0
tap() { echo "$1 - vm/$2${3:+ # $3}"; [ "$1" = ok ] || status=1; }
trap 'kill $(jobs -p) 2>/dev/null; wait; rm -rf "$tmp"' EXIT

# shellcheck source=scripts/vm-tests/duet-nodes.sh
. "$(dirname "$0")/duet-nodes.sh"
render=$(duet_nodes | grep renderD | head -1)
[ -n "$render" ] && duet_nodes | grep -q accel/ || {
	tap "not ok" igt-tools-nodes "no Duet render node or no accel node"
	exit 1
}

# lsgpu: IGT's device scan (udev enumeration of the drm subsystem).
if ! command -v lsgpu >/dev/null; then
	tap "not ok" lsgpu-lists-duet-render-node-not-accel "no lsgpu (intel-gpu-tools)"
else
	lsgpu >"$tmp/lsgpu" 2>&1
	rc=$?
	sed 's/^/# lsgpu: /' "$tmp/lsgpu" | head -20
	if [ $rc = 0 ] && grep -qF "$render" "$tmp/lsgpu" &&
	   ! grep -q accel "$tmp/lsgpu"; then
		tap ok lsgpu-lists-duet-render-node-not-accel
	else
		tap "not ok" lsgpu-lists-duet-render-node-not-accel \
			"exit $rc; want $render listed and no accel node"
	fi
fi

# gputop with a render and an accel client busy on compute0.
if ! command -v gputop >/dev/null; then
	if [ "$lane" = debian12 ]; then
		tap ok gputop-shows-render-client-not-accel \
			"SKIP IGT 1.27.1 (Debian 12) ships no gputop"
	else
		tap "not ok" gputop-shows-render-client-not-accel "no gputop"
	fi
	exit $status
fi
"$build/tests/busy-client" render 12 >"$tmp/render.log" 2>&1 &
"$build/tests/busy-client" accel 12 >"$tmp/accel.log" 2>&1 &
for _ in $(seq 50); do
	grep -q '^# busy' "$tmp/render.log" && grep -q '^# busy' "$tmp/accel.log" &&
		break
	sleep 0.2
done
cat "$tmp/render.log" "$tmp/accel.log"
rpid=$(sed -n 's/^# busy pid=\([0-9]*\) node=render .*/\1/p' "$tmp/render.log" | head -1)
apid=$(sed -n 's/^# busy pid=\([0-9]*\) node=accel .*/\1/p' "$tmp/accel.log" | head -1)
if [ -z "$rpid" ] || [ -z "$apid" ]; then
	tap "not ok" gputop-shows-render-client-not-accel "busy clients did not start"
	exit 1
fi
# Both clients' fdinfo, as gputop would parse it.
for p in $rpid $apid; do
	for fd in /proc/$p/fd/*; do
		case "$(readlink "$fd")" in /dev/dri/renderD* | /dev/accel/*)
			echo "# pid $p $(readlink "$fd"): $(grep -E '^drm-(driver|pdev|engine-compute0)' \
				/proc/$p/fdinfo/${fd##*/} | tr '\t\n' '  ')" ;;
		esac
	done
done
# gputop sizes its output by the terminal on its stdin (TIOCGWINSZ) and
# prints no client without one: give it a pseudo-terminal (script(1)).
TERM=dumb script -q -e -c 'stty cols 160 rows 50; gputop -n 4 -d 1' /dev/null \
	</dev/null >"$tmp/gputop" 2>&1
rc=$?
wait
# gputop draws with escape sequences; keep the text.
sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$tmp/gputop" | tr -d '\r' | grep -v '^ *$' >"$tmp/gputop.txt"
tail -12 "$tmp/gputop.txt" | sed 's/^/# gputop: /'
# A client line starts with its pid.
pid_shown() { grep -Eq "^ *$1 " "$tmp/gputop.txt"; }
if [ $rc = 0 ] && pid_shown "$rpid" && grep -q compute0 "$tmp/gputop.txt" &&
   ! pid_shown "$apid"; then
	tap ok gputop-shows-render-client-not-accel
else
	tap "not ok" gputop-shows-render-client-not-accel \
		"exit $rc; render pid $rpid shown: $(pid_shown "$rpid" && echo yes || echo no); accel pid $apid shown: $(pid_shown "$apid" && echo yes || echo no)"
fi
grep -h '^# busy.*jobs=' "$tmp/render.log" "$tmp/accel.log"
grep -q 'failed=0' "$tmp/render.log" && grep -q 'failed=0' "$tmp/accel.log" &&
	tap ok igt-tools-busy-clients || tap "not ok" igt-tools-busy-clients
exit $status
