#!/bin/bash
# check-lanes.sh [LANE...]: make check's body: every lane's scripts/check.sh,
# then one closing line for all of them. Lanes: debian12 (the host's
# Debian 12 userspace, kernel 6.12) and debian13 (Debian 13 root, kernel
# 7.3; scripts/lane-debian13.sh). Default: debian12 for now. Exits non-zero if a lane
# failed.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$REPO" || exit 1
# debian13 joins the default once it passes (issue 13); LANE=debian13 runs it.
lanes=${*:-debian12}
mkdir -p build
summary=build/check-lanes.txt
: >"$summary"
status=0
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
echo "==== lanes"
cat "$summary"
awk '{ for (i = 1; i <= NF; i++) {
	if ($(i + 1) ~ /^passed/) p += $i
	if ($(i + 1) ~ /^failed/) f += $i
	if ($(i + 1) ~ /^skipped/) s += $i } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
exit $status
