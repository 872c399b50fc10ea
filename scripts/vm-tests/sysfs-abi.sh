#!/bin/bash
# sysfs-abi.sh ABI_FILE: every sysfs file Duet adds is documented in
# ABI_FILE (Documentation/ABI/testing/sysfs-driver-duet) and every file it
# documents exists, checked on the running cards. Duet's files are the
# card's duet_* attributes (files and directories under each PCI function
# bound to duet_core, but for its auxiliary devices) and the parameters of the duet_* modules. A What:
# line's <BDF> and <N> stand for any one path component or number. Prints
# one TAP line. Runs in the test VM.
set -u
abi=$1

# The What: lines as shell patterns. (No process substitution: the test
# VM has no /dev/fd.)
set -f	# the patterns are words, not globs, here
# shellcheck disable=SC2207
whats=($(sed -n 's/^What:[[:space:]]*//p' "$abi" |
	sed 's/<BDF>/*/g; s/<N>/[0-9]/g'))
set +f

documented() {
	local w
	for w in "${whats[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $w ]] && return 0
	done
	return 1
}

cards=0 files=0 undoc= missing=
for d in /sys/bus/pci/drivers/duet_core/0000:*; do
	[ -d "$d" ] || continue
	cards=$((cards + 1))
	pci=/sys/bus/pci/devices/${d##*/}
	# duet_core.gfx.<id>, duet_core.accel.<id>: the auxiliary devices,
	# whose files are the auxiliary bus's.
	for f in $(find "$d"/duet_* -path "$d/duet_core.*" -prune -o -type f -print); do
		files=$((files + 1))
		documented "$pci/${f#"$d"/}" || undoc="$undoc $pci/${f#"$d"/}"
	done
done
for f in /sys/module/duet_*/parameters/*; do
	[ -e "$f" ] || continue
	files=$((files + 1))
	documented "$f" || undoc="$undoc $f"
done
# Each documented file exists: on some card, or as a parameter.
for w in "${whats[@]}"; do
	# shellcheck disable=SC2086
	set -- $w
	[ -e "$1" ] || missing="$missing $w"
done

if [ "$cards" -gt 0 ] && [ -z "$undoc" ] && [ -z "$missing" ]; then
	echo "ok - vm/sysfs-abi-documented"
	echo "# $files sysfs files of $cards cards and the modules, each in ${abi##*/}"
else
	echo "not ok - vm/sysfs-abi-documented ($cards cards; undocumented:${undoc:- none}; documented but absent:${missing:- none})"
	exit 1
fi
