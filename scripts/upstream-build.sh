#!/bin/bash
# upstream-build.sh SERIES_DIR TREE: apply the in-tree series patch by
# patch to the kernel tree TREE (a pristine linux-source-7.3) and build
# after each one, as TAP lines.
#
# For each patch: it applies with `patch -p1` (upstream/apply-NN), passes
# the tree's `scripts/checkpatch.pl --strict` (upstream/checkpatch-NN), and
# the tree builds with it (upstream/build-NN): the kernel configuration is
# x86_64_defconfig with DRM and the accel framework as modules and every
# Duet option the series has by then set to m (checked: an option that
# does not stick fails), `make modules_prepare`, then the directory of
# each Duet driver the series has by then, with W=1 (every object, and
# each composite module object, with no warning), and after the uAPI
# patch `make headers` (the uAPI headers install and pass the kernel's
# headers checks). Linking the .ko files needs the whole kernel's
# Module.symvers, i.e. building vmlinux and every module (hours on a small
# machine), so the modules are built up to modpost, not linked against
# the kernel. Build logs are in SERIES_DIR/../logs.
set -u
SERIES=$(cd "$1" && pwd -P)
TREE=$(cd "$2" && pwd -P)
LOGS=$(dirname "$SERIES")/logs
JOBS=${JOBS:-$(nproc)}
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

failed=0
report() { # name status log
	if [ "$2" = 0 ]; then
		echo "ok - upstream/$1"
	else
		echo "not ok - upstream/$1"
		[ -z "${3:-}" ] || tail -n 25 "$3" | sed 's/^/# /'
		failed=1
	fi
}

cd "$TREE" || exit 1
cfg="scripts/config --file .config"
make -s x86_64_defconfig >"$LOGS/config.log" 2>&1 &&
	$cfg -e PCI -e PCI_MSI -m DRM -e DRM_ACCEL -d RUST \
		-e DEBUG_INFO_NONE -d DEBUG_INFO_BTF >>"$LOGS/config.log" 2>&1
report config $? "$LOGS/config.log"

dirs=""
num=0
for p in "$SERIES"/0*.patch; do
	case ${p##*/} in 0000-cover-letter.patch) continue ;; esac
	num=$((num + 1))
	nn=$(printf %02d $num)
	log=$LOGS/patch-$nn.log
	patch -p1 --forward --batch <"$p" >"$log" 2>&1
	report "apply-$nn" $? "$log"

	scripts/checkpatch.pl --strict -q "$p" >"$LOGS/checkpatch-$nn.log" 2>&1
	st=$?
	report "checkpatch-$nn" $st "$LOGS/checkpatch-$nn.log"

	log=$LOGS/build-$nn.log
	: >"$log"
	opts=""
	for d in drivers/gpu/duet-core:DRM_DUET_CORE drivers/gpu/drm/duet:DRM_DUET \
		 drivers/accel/duet:DRM_ACCEL_DUET; do
		if [ -f "${d%%:*}/Kconfig" ]; then
			opts="$opts ${d#*:}"
			case " $dirs " in *" ${d%%:*}/ "*) ;; *) dirs="$dirs ${d%%:*}/" ;; esac
		fi
	done
	st=0
	for o in $opts; do $cfg -m "$o"; done
	make -s olddefconfig >>"$log" 2>&1 || st=1
	for o in $opts; do
		grep -q "^CONFIG_$o=m" .config || { echo "CONFIG_$o did not stick" >>"$log"; st=1; }
	done
	[ $st != 0 ] || make -s -j"$JOBS" modules_prepare >>"$log" 2>&1 || st=1
	if [ $st = 0 ] && [ "$num" = 1 ]; then
		make -s -j"$JOBS" headers >>"$log" 2>&1 || st=1
	fi
	if [ $st = 0 ] && [ -n "$dirs" ]; then
		# shellcheck disable=SC2086
		make -j"$JOBS" W=1 $dirs >>"$log" 2>&1 || st=1
		grep -E "warning:|error:" "$log" >/dev/null && st=1
	fi
	report "build-$nn" $st "$log"
done
[ "$num" -gt 0 ] || report "patches-found" 1
exit $failed
