#!/bin/bash
# udevd.sh RULES: the guest userspace's own systemd-udevd applies the
# distribution's udev rules, then those plus Duet's RULES file, to the
# Duet render and accel nodes, and real opens by an unprivileged user
# check the result. TAP lines; runs in the test VM as root, on both lanes
# (Debian 12: systemd 252; Debian 13: systemd 257).
#
# The VM boots no init system, so this script starts systemd-udevd itself
# (--daemon, rules from the read-only root plus /run/udev/rules.d), replays
# "add" for the drm and accel subsystems only (nothing else is touched, no
# module is loaded), waits for udevadm settle and stops the daemon again.
#
# What must hold, with systemd's rules alone:
#   render nodes  root:render 0660 (50-udev-default.rules, both stacks)
#   accel nodes   Debian 12: root:root 0600 (systemd 252 has no accel rule)
#                 Debian 13: root:render 0660 (systemd 257's accel rule)
# and with Duet's rules file added: both nodes root:render 0660 on both
# stacks. Then a process with uid 65534 and the render group as its only
# group opens both nodes read-write; with no group, neither (EACCES).
set -u

rules=$1
lane=${DUET_LANE:-debian12}
status=0
tap() { echo "$1 - vm/udevd-$2${3:+ # $3}"; [ "$1" = ok ] || status=1; }

udevd=
for p in /usr/lib/systemd/systemd-udevd /lib/systemd/systemd-udevd; do
	[ -x "$p" ] && { udevd=$p; break; }
done
if [ -z "$udevd" ] || ! command -v udevadm >/dev/null; then
	tap "not ok" found "no systemd-udevd/udevadm in the guest's root"
	exit 1
fi
echo "# $("$udevd" --version 2>/dev/null | head -1 | sed 's/^/systemd-udevd /')  lane $lane"
render_gid=$(getent group render | cut -d: -f3)
[ -n "$render_gid" ] || { tap "not ok" found "no group render"; exit 1; }

# shellcheck source=scripts/vm-tests/duet-nodes.sh
. "$(dirname "$0")/duet-nodes.sh"
nodes=$(duet_nodes)
echo "$nodes" | grep -q renderD && echo "$nodes" | grep -q accel/ || {
	tap "not ok" found "Duet nodes missing: '$(echo $nodes)'"
	exit 1
}

# The tests run chrooted into the guest's root (PID 1 is the initramfs'
# init): without this, udevadm says "Running in chroot, ignoring request".
export SYSTEMD_IGNORE_CHROOT=1

# run_udevd: start udevd, replay add for drm and accel, settle, stop.
run_udevd() {
	"$udevd" --daemon --resolve-names=late || return 1
	udevadm trigger --action=add --subsystem-match=drm --subsystem-match=accel
	udevadm settle --timeout=30
	local rc=$?
	udevadm control --exit
	return $rc
}

# perms NODE: "owner:group mode" by number, so both roots agree on names.
perms() { stat -c '%u:%g %a' "$1"; }

check_nodes() { # NAME EXPECT_RENDER EXPECT_ACCEL
	local n got want bad=0
	for n in $nodes; do
		case $n in */renderD*) want=$2 ;; *) want=$3 ;; esac
		got=$(perms "$n")
		[ "$got" = "$want" ] || { echo "# $1: $n is $got, want $want"; bad=1; }
		echo "# $1: $n $got"
	done
	[ $bad = 0 ] && tap ok "$1" || tap "not ok" "$1"
}

# can_open UID GROUPS NODE: open NODE read-write as UID with exactly the
# supplementary GROUPS (comma list, or "" for none); prints "ok" or the
# shell's error message.
can_open() {
	local g=(--clear-groups)
	[ -n "$2" ] && g=(--groups "$2")
	setpriv --reuid="$1" --regid="$1" "${g[@]}" --inh-caps=-all \
		sh -c 'exec 3<>"$1" && echo ok' sh "$3" 2>&1 | tail -1
}

reset_nodes() {
	chown 0:0 $nodes && chmod 0600 $nodes
}

want_render="0:$render_gid 660"
case $lane in
debian12) want_accel_systemd="0:0 600" ;;
*) want_accel_systemd="0:$render_gid 660" ;;
esac

mkdir -p /run/udev/rules.d
rm -f /run/udev/rules.d/70-duet.rules

# 1. systemd's own rules.
reset_nodes
if run_udevd; then
	check_nodes systemd-rules "$want_render" "$want_accel_systemd"
else
	tap "not ok" systemd-rules "udevd did not start or settle"
fi

# 2. systemd's rules and Duet's.
reset_nodes
cp "$rules" /run/udev/rules.d/70-duet.rules
if run_udevd; then
	check_nodes duet-rules "$want_render" "$want_render"
else
	tap "not ok" duet-rules "udevd did not start or settle"
fi
rm -f /run/udev/rules.d/70-duet.rules
udevadm info --query=property "$(echo "$nodes" | grep accel/ | head -1)" 2>/dev/null |
	grep -E '^(TAGS|CURRENT_TAGS)=' | sed 's/^/# accel node udev /'

# 3. Who can open what, after step 2.
bad=0
for n in $nodes; do
	r=$(can_open 65534 "$render_gid" "$n")
	o=$(can_open 65534 "" "$n")
	echo "# $n: uid 65534 in render: $r; uid 65534 without groups: $o"
	[ "$r" = ok ] || bad=1
	case $o in *"Permission denied"*) ;; *) bad=1 ;; esac
done
[ $bad = 0 ] && tap ok render-group-opens-both-nodes-others-neither ||
	tap "not ok" render-group-opens-both-nodes-others-neither

# The nodes stay root:render 0660 (step 2), as the mesa suite's
# apply-rules.sh had left them for the tests after this one.
exit $status
