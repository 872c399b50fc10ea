#!/bin/bash
# upstream-check.sh: the in-tree path of the Duet drivers, as TAP lines
# (`make upstream-check`; `make check` runs it).
#
# 1. Debian's linux-source-7.3 (trixie-backports, fetched once into
#    $DUET_CACHE/src/upstream with a private apt configuration from the
#    mirror of this machine's /etc/apt sources) is unpacked fresh into
#    build/upstream/linux (upstream/source).
# 2. scripts/upstream-series.py writes the patch series that upstream/
#    describes into build/upstream/series (upstream/series): uAPI, core,
#    render child, accel child, documentation, with a cover letter.
# 3. scripts/upstream-build.sh applies it patch by patch, runs the tree's
#    checkpatch.pl --strict on each patch and builds the tree after each
#    one (W=1).
# 4. scripts/upstream-docs.sh validates the ABI entries and renders the
#    documentation with the patched tree's Sphinx setup into
#    build/upstream/htmldocs/html (the check's artifact).
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
CACHE=${DUET_CACHE:-$HOME/.cache/duet}
SRC=$CACHE/src/upstream
OUT=$REPO/build/upstream
SERIES=7.3
SOURCE=linux-source-$SERIES
TARBALL=$SRC/$SOURCE.tar.xz
# shellcheck source=scripts/apt-mirror.sh
. "$REPO/scripts/apt-mirror.sh"

fetch() {
	local dl=$SRC/download
	[ -s "$TARBALL" ] && return 0
	rm -rf "$dl" && mkdir -p "$dl" || return 1
	apt_private_download "$SRC/apt" trixie-backports "$SOURCE" "$dl" &&
		dpkg-deb --fsys-tarfile "$dl/${SOURCE}"_*.deb |
		tar -xO "./usr/src/$SOURCE.tar.xz" >"$TARBALL.tmp" &&
		mv "$TARBALL.tmp" "$TARBALL" || return 1
	rm -rf "$dl"
}

mkdir -p "$OUT"
log=$OUT/source.log
if fetch >"$log" 2>&1 && rm -rf "$OUT/linux" "$OUT/$SOURCE" &&
	tar -C "$OUT" -xJf "$TARBALL" >>"$log" 2>&1 &&
	mv "$OUT/$SOURCE" "$OUT/linux"; then
	echo "ok - upstream/source ($SOURCE)"
else
	echo "not ok - upstream/source"
	tail -20 "$log" | sed 's/^/# /'
	exit 1
fi

if python3 "$REPO/scripts/upstream-series.py" --tree "$OUT/linux" \
	--out "$OUT/series" >"$OUT/series.log" 2>&1; then
	echo "ok - upstream/series ($(($(wc -l <"$OUT/series.log") - 1)) patches and a cover letter)"
else
	echo "not ok - upstream/series"
	sed 's/^/# /' "$OUT/series.log"
	exit 1
fi

st=0
"$REPO/scripts/upstream-build.sh" "$OUT/series" "$OUT/linux" || st=1
"$REPO/scripts/upstream-docs.sh" "$OUT/linux" "$OUT/htmldocs" || st=1
exit $st
