#!/bin/bash
# kernel-lint.sh: the kernel-side code checks, as TAP lines.
#
#   checkpatch      scripts/checkpatch.pl --strict on every kernel file
#   kernel-doc      scripts/kernel-doc -Wall finds no warning
#   uapi-c90        each uAPI header compiles on its own with -std=c90 -Wall
#   w1-sparse       W=1 C=2 (sparse on every file) build prints no warning
#
# checkpatch.pl and kernel-doc come from Debian's linux-source-X.Y of the
# kernel being built for (KVER of $DUET_KERNEL_ENV, default the cached
# 6.12's kernel.env), fetched once into $DUET_CACHE/src with the apt
# sources of the system this runs on: the host for 6.12, the Debian 13
# root (scripts/lane-exec) for 7.3. Debian's 7.3 headers package lacks
# scripts/checker-valid.sh, without which Kbuild silently turns C=2 off;
# it is taken from the same source package and put into the headers tree.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
CACHE=${DUET_CACHE:-$HOME/.cache/duet}
# shellcheck source=/dev/null
. "${DUET_KERNEL_ENV:-$CACHE/kernel.env}"
SERIES=$(echo "$KVER" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
SRC=$CACHE/src
LINUX_SCRIPTS=$SRC/linux-source-$SERIES/scripts
LOG=$REPO/build/lint
mkdir -p "$LOG"

# The headers' source tree (Debian's -amd64 Makefile includes -common's).
srctree=$(sed -n 's,^include \(/.*\)/Makefile$,\1,p' "$KDIR/Makefile")
srctree=${srctree:-$KDIR}
need_cv=0
grep -q checker-valid.sh "$srctree/Makefile" && need_cv=1

fetch_scripts() {
	local s=linux-source-$SERIES dl=$SRC/download-$SERIES
	if ! [ -x "$LINUX_SCRIPTS/checkpatch.pl" ] || ! [ -e "$LINUX_SCRIPTS/kernel-doc" ] ||
	   { [ $need_cv = 1 ] && ! [ -e "$LINUX_SCRIPTS/checker-valid.sh" ]; }; then
		echo "# kernel-lint: fetching checkpatch.pl from $s" >&2
		rm -rf "$dl" && mkdir -p "$dl"
		(cd "$dl" && apt-get download "$s" >&2)
		dpkg -x "$dl/$s"_*.deb "$dl/deb"
		# Newer kernels' kernel-doc is Python with modules beside it.
		tar -C "$SRC" -xJf "$dl/deb/usr/src/$s.tar.xz" --wildcards \
			--no-wildcards-match-slash \
			"$s/scripts/checkpatch.pl" "$s/scripts/spelling.txt" \
			"$s/scripts/const_structs.checkpatch" "$s/scripts/kernel-doc*" \
			$([ $need_cv = 0 ] || echo "$s/scripts/checker-valid.sh")
		tar -C "$SRC" -xJf "$dl/deb/usr/src/$s.tar.xz" --wildcards \
			"$s/scripts/lib/kdoc" "$s/tools/docs" "$s/tools/lib/python" 2>/dev/null || true
		rm -rf "$dl"
	fi
	if [ $need_cv = 1 ] && ! [ -e "$srctree/scripts/checker-valid.sh" ]; then
		cp "$LINUX_SCRIPTS/checker-valid.sh" "$srctree/scripts/checker-valid.sh"
	fi
}

n=0
failed=0
report() { # name status logfile
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - lint/$1"
	else
		failed=$((failed + 1))
		echo "not ok $n - lint/$1"
		sed 's/^/# /' "$3" | head -40
	fi
}

cd "$REPO"
fetch_scripts
# Tracked kernel files (in a lane's copy of the tree: its .lane-files).
if [ -f .lane-files ]; then
	kernel_files=$(grep -E '^(drivers/.*\.[ch]|include/.*\.h)$' .lane-files)
else
	kernel_files=$(git ls-files 'drivers/*.[ch]' 'include/*.h')
fi

status=0
"$LINUX_SCRIPTS/checkpatch.pl" --strict --no-tree --terse --show-types \
	-f $kernel_files >"$LOG/checkpatch.txt" 2>&1 || status=1
report checkpatch $status "$LOG/checkpatch.txt"

status=0
"$LINUX_SCRIPTS/kernel-doc" -none -Wall $kernel_files >"$LOG/kernel-doc.txt" 2>&1 || status=1
[ -s "$LOG/kernel-doc.txt" ] && status=1
report kernel-doc $status "$LOG/kernel-doc.txt"

status=0
: >"$LOG/uapi.txt"
for h in include/uapi/drm/*.h; do
	gcc -std=c90 -Wall -Wextra -Werror -fsyntax-only \
		-I"$(pkg-config --variable=includedir libdrm)/libdrm" \
		-x c "$h" >>"$LOG/uapi.txt" 2>&1 || status=1
done
report uapi-c90 $status "$LOG/uapi.txt"

status=0
make -s -C "$KDIR" M="$REPO" W=1 C=2 modules >"$LOG/build.txt" 2>&1 || status=1
grep -Ev '^\s*(CC|LD|MODPOST|BTF|CHECK|AR)\b|^make(\[[0-9]+\])?: (Entering|Leaving)' \
	"$LOG/build.txt" | grep -q . && status=1
report w1-sparse $status "$LOG/build.txt"

[ "$failed" -eq 0 ]
