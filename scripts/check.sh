#!/bin/bash
# check.sh: every Duet test, the body of `make check`.
#
# Runs each suite, keeps its log in build/check/NAME.log, and counts the TAP
# lines ("ok ..." / "not ok ...") of those logs only, each once (other files
# there, like vm-runner.log, which vm.log already contains, are not
# counted). A suite that fails without saying which test failed counts as
# one failed test of its own. The same test name twice in one suite fails
# the run (check/unique-test-names): it would be counted twice. Ends with
# the line 'N passed, N failed, N skipped' and exits non-zero on any
# failure.
set -u

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
OUT=$REPO/build/check
cd "$REPO" || exit 1
rm -rf "$OUT"
mkdir -p "$OUT"

# The VM: two cards, so node ids must be unique, and one plain ivshmem
# device, which the driver must leave alone.
VM_CARDS=2
VM_PLAIN=1
VM_VRAM=128M
# A VM run's limit; the debug kernel (make check-debug) needs far more.
VM_TIMEOUT=${DUET_VM_TIMEOUT:-900}

suites=
suite() { # name command...
	local name=$1 status
	shift
	suites="$suites $name"
	echo "== $name: $*"
	"$@" >"$OUT/$name.log" 2>&1
	status=$?
	grep -E '^(ok|not ok)\b|^# ' "$OUT/$name.log" | grep -v '^# *$' || true
	if [ "$status" -ne 0 ] && ! grep -qE '^not ok\b' "$OUT/$name.log"; then
		echo "not ok - $name (exit status $status, see $OUT/$name.log)" |
			tee -a "$OUT/$name.log"
		tail -20 "$OUT/$name.log" | sed 's/^/# /'
	fi
}

# The VM suite, plus one test of its own: the guest's dmesg is clean.
vm_suite() {
	local status
	scripts/duet-vm --cards $VM_CARDS --plain-ivshmem $VM_PLAIN \
		--vram $VM_VRAM --timeout "$VM_TIMEOUT" --results "$OUT/vm" -- \
		scripts/vm-tests/run-all.sh $VM_CARDS $VM_PLAIN $VM_VRAM \
		2>"$OUT/vm-runner.log"
	status=$?
	cat "$OUT/vm-runner.log"
	if grep -q '^duet-vm: kernel problems' "$OUT/vm-runner.log"; then
		echo "not ok - vm/dmesg-clean"
	elif [ -s "$OUT/vm/dmesg.txt" ]; then
		echo "ok - vm/dmesg-clean"
	fi
	return $status
}

# The lost-device test kills its card's device model: a VM of its own.
device_lost_suite() {
	scripts/duet-vm --cards 1 --timeout "$VM_TIMEOUT" \
		--results "$OUT/vm-device-lost" -- \
		scripts/vm-tests/device-lost.sh
}

# The lane (README.md "Two stacks"): debian12 is the host's userspace and
# Debian's 6.12 kernel; debian13 (scripts/lane-debian13.sh, which built
# this tree inside the Debian 13 root) boots 7.3 with that root. Host-only
# suites (duet-sim's, igt-run's, checkpatch) test the same code in both
# lanes and run in debian12 only.
LANE=${DUET_LANE:-debian12}
KENV=${DUET_KERNEL_ENV:-${DUET_CACHE:-$HOME/.cache/duet}/kernel.env}
KVER='' DUET_ROOT=''
# shellcheck source=/dev/null
. "$KENV"
admindir=${DUET_ROOT:-}/var/lib/dpkg
mesa=$(dpkg-query --admindir="$admindir" -W -f='${Version}' libegl-mesa0 2>/dev/null || echo unknown)
igt=$(dpkg-query --admindir="$admindir" -W -f='${Version}' intel-gpu-tools 2>/dev/null || echo unknown)
echo "# lane $LANE: kernel $KVER, Mesa $mesa, IGT $igt"

# The kernel checks for the lane's kernel, in its root (its compiler and
# sparse; checkpatch.pl and kernel-doc of the lane kernel's source
# package): scripts/kernel-lint.sh, as the debian12 lane runs on the host.
lane_lint() {
	scripts/lane-exec "$KENV" scripts/kernel-lint.sh
}
# The DKMS package built for the lane's kernel, in its root.
lane_dkms() {
	scripts/lane-exec "$KENV" scripts/dkms-check.sh
}
# The IGT tests built alone against the lane's IGT, in its root.
lane_igt_standalone() {
	scripts/lane-exec "$KENV" scripts/igt-standalone.sh "$LANE"
}

if [ "$LANE" = debian12 ]; then
	suite sim make -C tools/duet-sim check
	suite lint scripts/kernel-lint.sh
	suite igt-run python3 scripts/igt-run-test
	suite bench-compare python3 tools/duet-bench/test_compare.py
	# The in-tree series on 7.3's tree (the debug lane leaves it out).
	[ "${DUET_UPSTREAM_CHECK:-1}" = 0 ] ||
		suite upstream scripts/upstream-check.sh
	suite dkms scripts/dkms-check.sh
	suite igt-standalone scripts/igt-standalone.sh debian12
else
	suite lint lane_lint
	suite dkms lane_dkms
	suite igt-standalone lane_igt_standalone
fi
suite vm vm_suite
suite vm-device-lost device_lost_suite

# Every suite's TAP lines, once each, as "SUITE<TAB>LINE".
tap=$OUT/tap.txt
for name in $suites; do
	grep -E '^(ok|not ok)\b' "$OUT/$name.log" | sed "s/^/$name\t/"
done >"$tap"
# A test's name: the line without "ok N - ", a "# directive" and, on a
# "not ok" line, the " (why)" that igt-run and suite() append.
dups=$(awk -F'\t' '{
	n = $2; notok = n ~ /^not ok/
	sub(/^(not )?ok( [0-9]+)?( -)? */, "", n)
	sub(/ # .*$/, "", n)
	if (notok) sub(/ \([^()]*\)$/, "", n)
	print $1 ": " n
}' "$tap" | sort | uniq -d)
failed_dups=0
if [ -n "$dups" ]; then
	echo "not ok - check/unique-test-names (counted more than once)"
	printf '%s\n' "$dups" | head -20 | sed 's/^/# /'
	failed_dups=1
fi
passed=$(cut -f2- "$tap" | grep -E '^ok\b' | grep -vc '# SKIP')
skipped=$(cut -f2- "$tap" | grep -E '^ok\b' | grep -c '# SKIP')
failed=$(($(cut -f2- "$tap" | grep -cE '^not ok\b') + failed_dups))
echo "logs: $OUT"
echo "lane $LANE (kernel $KVER, Mesa $mesa): $passed passed, $failed failed, $skipped skipped"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
