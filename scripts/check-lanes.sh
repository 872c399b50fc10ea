#!/bin/bash
# check-lanes.sh [LANE...]: make check's body: every lane's scripts/check.sh,
# then one closing line for all of them. Lanes (README.md "Two stacks"):
# debian12 (the host's Debian 12 userspace, kernel 6.12) and debian13
# (Debian 13 root, kernel 7.3; scripts/lane-debian13.sh). Default: both.
# Exits non-zero if a lane failed.
#
# When debian13 is to run after another lane and its root is not made yet,
# scripts/debian13-root.sh starts at once in the background (downloads and
# dpkg, no VM), so that the first run's debootstrap overlaps the first
# lane; the lane's own call waits for it (a lock) and finds it done.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$REPO" || exit 1
lanes=${*:-debian12 debian13}
mkdir -p build
summary=build/check-lanes.txt
: >"$summary"
status=0
case " $lanes " in *" debian13 "*)
	if [ "${lanes%% *}" != debian13 ]; then
		echo "check-lanes: preparing the debian13 root in the background (log: build/debian13-root.log)"
		scripts/debian13-root.sh >build/debian13-root.log 2>&1 &
	fi
esac
for lane in $lanes; do
	echo "==== lane $lane"
	case "$lane" in
	debian12) scripts/check.sh ;;
	debian13) scripts/lane-debian13.sh check ;;
	*) echo "check-lanes: unknown lane $lane" >&2; false ;;
	esac 2>&1 | tee "build/check-$lane.log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	line=$(grep -E '^lane .*: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' \
		"build/check-$lane.log" | tail -n 1)
	[ -n "$line" ] || line="lane $lane: 0 passed, 1 failed, 0 skipped"
	echo "$line" >>"$summary"
done
wait
echo "==== lanes"
cat "$summary"
awk '{ for (i = 1; i <= NF; i++) {
	if ($(i + 1) ~ /^passed/) p += $i
	if ($(i + 1) ~ /^failed/) f += $i
	if ($(i + 1) ~ /^skipped/) s += $i } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
exit $status
