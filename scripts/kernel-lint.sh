#!/bin/bash
# kernel-lint.sh: the kernel-side code checks, as TAP lines.
#
#   checkpatch      scripts/checkpatch.pl --strict on every kernel file
#   kernel-doc      scripts/kernel-doc -Wall finds no warning
#   uapi-c90        each uAPI header compiles on its own with -std=c90 -Wall
#   w1-sparse       W=1 C=2 (sparse on every file) build prints no warning
#
# checkpatch.pl and kernel-doc come from Debian's linux-source-6.12, fetched
# once into $DUET_CACHE/src. Needs $DUET_CACHE/kernel.env (scripts/setup.sh).
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
CACHE=${DUET_CACHE:-$HOME/.cache/duet}
# shellcheck source=/dev/null
. "${DUET_KERNEL_ENV:-$CACHE/kernel.env}"
SRC=$CACHE/src
LINUX_SCRIPTS=$SRC/linux-source-6.12/scripts
LOG=$REPO/build/lint
mkdir -p "$LOG"

fetch_scripts() {
	[ -x "$LINUX_SCRIPTS/checkpatch.pl" ] && [ -e "$LINUX_SCRIPTS/kernel-doc" ] && return
	echo "# kernel-lint: fetching checkpatch.pl from linux-source-6.12" >&2
	mkdir -p "$SRC"
	(cd "$SRC" && rm -f linux-source-6.12_*.deb && apt-get download linux-source-6.12 >&2)
	rm -rf "$SRC/deb"
	dpkg -x "$SRC"/linux-source-6.12_*.deb "$SRC/deb"
	tar -C "$SRC" -xJf "$SRC/deb/usr/src/linux-source-6.12.tar.xz" \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch \
		linux-source-6.12/scripts/kernel-doc
	rm -rf "$SRC/deb" "$SRC"/linux-source-6.12_*.deb
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
kernel_files=$(git ls-files 'drivers/*.[ch]' 'include/*.h')

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
