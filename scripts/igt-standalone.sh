#!/bin/bash
# igt-standalone.sh [LANE]: the IGT tests stand alone, as TAP lines. They are
# copied with nothing but the uAPI headers beside them (no mesa-glue/, no
# tools/) into build/igt-standalone/LANE and built there against the
# lane's libigt.so.0 (IGT 1.27 on Debian 12, 2.0 in the Debian 13 root:
# igt_subset.h must work with both), then:
#   igt-standalone/builds      meson and ninja succeed in that tree
#   igt-standalone/needs       each test binary needs only libigt, libdrm
#                              and the C library (no libduet)
#   igt-standalone/no-test-list  the build writes no test-list.txt (IGT's
#                              own, for igt_runner); ours is duet-test-list.txt
# Runs in the lane's root through scripts/lane-exec for debian13.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
lane=${1:-debian12}
T=$REPO/build/igt-standalone/$lane
rm -rf "$T"
mkdir -p "$T/src/include/uapi"
cp -r "$REPO/igt-tests" "$T/src/igt-tests"
cp -r "$REPO/include/uapi/drm" "$T/src/include/uapi/drm"

if meson setup "$T/build" "$T/src/igt-tests" >"$T/build.log" 2>&1 &&
   ninja -C "$T/build" >>"$T/build.log" 2>&1; then
	echo "ok - igt-standalone/builds"
else
	echo "not ok - igt-standalone/builds"
	grep -E 'error|Error' "$T/build.log" | head -10 | sed 's/^/# /'
	exit 1
fi

st=0 bad=
n=0
while read -r prog; do
	n=$((n + 1))
	needs=$(readelf -d "$T/build/tests/$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
		grep -vxE 'libigt\.so\.0|libdrm\.so\.2|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|ld-linux-x86-64\.so\.2')
	[ -z "$needs" ] || bad="$bad $prog:$(echo $needs | tr ' ' ',')"
done <"$T/build/tests/duet-test-list.txt"
if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
	echo "ok - igt-standalone/needs"
	echo "# $n binaries, each needing only libigt, libdrm and libc"
else
	echo "not ok - igt-standalone/needs ($n binaries;$bad)"
	st=1
fi
if [ -z "$(find "$T/build" -name test-list.txt)" ]; then
	echo "ok - igt-standalone/no-test-list"
else
	echo "not ok - igt-standalone/no-test-list ($(find "$T/build" -name test-list.txt))"
	st=1
fi
exit $st
