#!/bin/bash
# apply-rules.sh [-n] RULES...: apply udev rules to the existing device
# nodes, for systems without udevd (the test VM). Understands the subset
# the Duet rules use: matches SUBSYSTEM=="..." and KERNEL=="..." (shell
# globs, "|" alternatives), assignments GROUP="...", MODE="...", OWNER="..."
# and TAG+="..." (tags are reported, not applied: uaccess needs logind).
# Any other key makes the rule, and the run, fail: better no permissions
# than wrong ones. A device is a class device under /sys/class/SUBSYSTEM
# whose node is /dev/$DEVNAME (from its uevent). -n: only print.
set -u

dry=0
[ "${1:-}" = -n ] && { dry=1; shift; }
[ $# -gt 0 ] || { echo "usage: $0 [-n] RULES..." >&2; exit 2; }
status=0

glob_match() { # value pattern-with-|
	local alt
	IFS='|' read -ra alts <<<"$2"
	for alt in "${alts[@]}"; do
		# shellcheck disable=SC2053 # glob match intended
		[[ $1 == $alt ]] && return 0
	done
	return 1
}

apply_rule() { # file:line rule
	local where=$1 rule=$2 key op val subsystem="" kernel="" group="" \
		mode="" owner="" tags="" dev name devname node
	while [[ $rule =~ ^[[:space:],]*([A-Z]+)(==|!=|\+=|:=|=)\"([^\"]*)\"(.*)$ ]]; do
		key=${BASH_REMATCH[1]} op=${BASH_REMATCH[2]} val=${BASH_REMATCH[3]}
		rule=${BASH_REMATCH[4]}
		case "$key$op" in
		SUBSYSTEM==) subsystem=$val ;;
		KERNEL==) kernel=$val ;;
		GROUP=|GROUP:=) group=$val ;;
		MODE=|MODE:=) mode=$val ;;
		OWNER=|OWNER:=) owner=$val ;;
		TAG+=) tags="$tags $val" ;;
		*) echo "$where: unsupported '$key$op'" >&2; return 1 ;;
		esac
	done
	if [[ -n ${rule//[[:space:]]/} ]]; then
		echo "$where: cannot parse '$rule'" >&2
		return 1
	fi
	[ -n "$subsystem" ] || { echo "$where: no SUBSYSTEM match" >&2; return 1; }
	if [ -n "$group" ] && ! getent group "$group" >/dev/null; then
		echo "$where: no group '$group' on this system" >&2
		return 1
	fi
	for dev in /sys/class/"$subsystem"/*; do
		[ -e "$dev/uevent" ] || continue
		name=${dev##*/}
		[ -z "$kernel" ] || glob_match "$name" "$kernel" || continue
		devname=$(sed -n 's/^DEVNAME=//p' "$dev/uevent")
		[ -n "$devname" ] || continue
		node=/dev/$devname
		[ -c "$node" ] || continue
		echo "$where: $node:${owner:+ owner $owner}${group:+ group $group}${mode:+ mode $mode}${tags:+ tags$tags}"
		[ $dry = 1 ] && continue
		[ -z "$owner" ] || chown "$owner" "$node" || return 1
		[ -z "$group" ] || chgrp "$group" "$node" || return 1
		[ -z "$mode" ] || chmod "$mode" "$node" || return 1
	done
}

for rules in "$@"; do
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
		apply_rule "$rules:$n" "$line" || status=1
	done <"$rules"
done
exit $status
