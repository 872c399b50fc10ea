#!/bin/bash
# check.sh: every Duet test, the body of `make check`.
#
# Runs each suite, keeps its log in build/check/, and counts the TAP lines
# ("ok ..." / "not ok ...") they print. A suite that fails without saying
# which test failed counts as one failed test of its own. Ends with the
# line 'N passed, N failed, N skipped' and exits non-zero on any failure.
set -u

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
OUT=$REPO/build/check
cd "$REPO"
rm -rf "$OUT"
mkdir -p "$OUT"

# The VM: two cards, so node ids must be unique, and one plain ivshmem
# device, which the driver must leave alone.
VM_CARDS=2
VM_PLAIN=1
VM_VRAM=128M
# A VM run's limit; the debug kernel (make check-debug) needs far more.
VM_TIMEOUT=${DUET_VM_TIMEOUT:-900}

suite() { # name command...
	local name=$1 status
	shift
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

suite sim make -C tools/duet-sim check
suite lint scripts/kernel-lint.sh
suite vm vm_suite
suite vm-device-lost device_lost_suite

passed=$(cat "$OUT"/*.log | grep -E '^ok\b' | grep -vc '# SKIP')
skipped=$(cat "$OUT"/*.log | grep -E '^ok\b' | grep -c '# SKIP')
failed=$(cat "$OUT"/*.log | grep -cE '^not ok\b')
echo "logs: $OUT"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
