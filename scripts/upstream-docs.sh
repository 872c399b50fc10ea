#!/bin/bash
# upstream-docs.sh TREE OUT: Duet's documentation rendered by the kernel's
# own Sphinx setup from TREE, a kernel tree with the series applied
# (scripts/upstream-check.sh), as TAP lines:
#   upstream/abi-valid   the tree's tools/docs/get_abi.py validates
#                        Documentation/ABI with no warning about Duet's
#                        entries (sysfs-driver-duet)
#   upstream/htmldocs    `make htmldocs SPHINXDIRS=gpu/duet` (Debian's
#                        python3-sphinx) renders duet.rst, duet-hw.rst and
#                        the kernel-doc they pull in (drivers and uAPI)
#                        with no warning and no error
# The HTML is copied to OUT (the check's artifact); the build log is
# OUT/htmldocs.log.
set -u
TREE=$1
OUT=$2
# Debian's Python and Sphinx, not whatever python3 comes first in PATH.
export PATH=/usr/bin:/bin
rm -rf "$OUT" && mkdir -p "$OUT"
st=0

abi_log=$OUT/abi.log
if python3 "$TREE/tools/docs/get_abi.py" -D "$TREE/Documentation/ABI" \
	validate >"$abi_log" 2>&1 &&
   grep -q . "$TREE/Documentation/ABI/testing/sysfs-driver-duet" &&
   ! grep -i duet "$abi_log" >/dev/null; then
	echo "ok - upstream/abi-valid"
else
	echo "not ok - upstream/abi-valid"
	grep -i duet "$abi_log" | head -10 | sed 's/^/# /'
	st=1
fi

log=$OUT/htmldocs.log
if ! command -v sphinx-build >/dev/null; then
	echo "not ok - upstream/htmldocs (no sphinx-build: scripts/setup.sh installs python3-sphinx)"
	exit 1
fi
make -C "$TREE" O= BUILDDIR="$OUT/build" SPHINXDIRS=gpu/duet htmldocs \
	>"$log" 2>&1
status=$?
problems=$(grep -E 'WARNING|ERROR|CRITICAL|SEVERE' "$log" | grep -v '^#')
html=$(find "$OUT/build" -name duet-hw.html -path '*gpu/duet*' | head -1)
if [ "$status" -eq 0 ] && [ -z "$problems" ] && [ -n "$html" ] &&
   [ -s "${html%/*}/duet.html" ] && grep -q 'drm_duet_submit' "${html%/*}/duet.html"; then
	cp -r "${html%/*}" "$OUT/html"
	echo "ok - upstream/htmldocs"
	echo "# $(find "$OUT/html" -name '*.html' | wc -l) pages in $OUT/html, $(sphinx-build --version)"
else
	echo "not ok - upstream/htmldocs (make exit $status, $(printf '%s' "$problems" | grep -c .) warnings; $log)"
	printf '%s\n' "$problems" | head -20 | sed 's/^/# /'
	[ "$status" -eq 0 ] || tail -10 "$log" | sed 's/^/# /'
	st=1
fi
exit $st
