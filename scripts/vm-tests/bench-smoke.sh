#!/bin/bash
# bench-smoke.sh: keeps the benchmarks working. Runs `duet-bench --smoke`
# (a few seconds) in the test VM, as root, with the Duet modules loaded,
# and passes on its TAP lines, one per benchmark: "ok - bench/<name>" when
# the benchmark ran and produced sane numbers. The numbers themselves are
# not checked against any target: benchmarks are not tests (make bench).
# The table and its JSON go to $DUET_RESULTS/bench-smoke/.
#
# The floor benchmark unbinds the first Duet card from duet_core for a
# moment and rebinds it: run this while no other test uses the card.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$(dirname "$here")")
bench=$repo/tools/duet-bench/duet-bench
out=${DUET_RESULTS:-/tmp}/bench-smoke

if [ ! -x "$bench" ]; then
	echo "not ok - bench/smoke (no $bench: make tools)"
	exit 1
fi
# vgem is the reference of the memory benchmark.
modprobe vgem 2>/dev/null || true
mkdir -p "$out"

"$bench" --smoke --json "$out/bench.json" >"$out/bench.txt" 2>"$out/bench.err"
status=$?
grep -E '^(ok|not ok)\b' "$out/bench.txt"
if [ "$status" -ne 0 ]; then
	grep -qE '^not ok\b' "$out/bench.txt" ||
		echo "not ok - bench/smoke (duet-bench exit status $status)"
	sed 's/^/# /' "$out/bench.err"
fi
echo "# bench-smoke: table in $out/bench.txt"
exit "$status"
