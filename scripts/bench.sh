#!/bin/bash
# bench.sh [DUET-BENCH OPTIONS]: the body of `make bench`.
#
# Boots the test VM once with one Duet card, loads vgem, runs
# tools/duet-bench/duet-bench in it (every Duet figure beside its reference,
# see tools/duet-bench/README.md), then draws the ratios as a PNG on the
# host. Builds nothing: `make bench` builds the tool first. Output, in
# build/bench/: bench.txt (the table), bench.json, bench.png, and the VM's
# dmesg.txt, console.log and duet-sim-card0.log. Options are passed to
# duet-bench (e.g. --secs 2 --samples 3000 for steadier numbers).
#
# BASELINE=FILE (`make bench BASELINE=old-bench.json`): an earlier run's
# bench.json to compare with. The comparison (tools/duet-bench/compare.py)
# is printed and kept as compare.txt, the baseline as baseline.json, and the
# chart shows both runs.
set -u

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
OUT=$REPO/build/bench
BENCH=$REPO/tools/duet-bench/duet-bench
cd "$REPO" || exit 1

if [ ! -x "$BENCH" ]; then
	echo "bench.sh: $BENCH is not built (make tools)" >&2
	exit 1
fi
BASELINE=${BASELINE:-}
if [ -n "$BASELINE" ]; then
	# Checked (and copied: it may be the old build/bench/bench.json)
	# before the run.
	python3 tools/duet-bench/compare.py "$BASELINE" "$BASELINE" >/dev/null || exit 1
	base=$(mktemp)
	cp "$BASELINE" "$base"
fi
rm -rf "$OUT"
mkdir -p "$OUT"
if [ -n "$BASELINE" ]; then
	mv "$base" "$OUT/baseline.json"
	base=$OUT/baseline.json
fi

# The arguments are quoted for the guest's sh -c.
args=""
for a in "$@"; do
	args="$args '$(printf %s "$a" | sed "s/'/'\\\\''/g")'"
done

scripts/duet-vm --cards 1 --results "$OUT" -- sh -c \
	"modprobe vgem || echo 'bench.sh: cannot load vgem' >&2; exec '$BENCH' --json '$OUT/bench.json'$args" |
	tee "$OUT/bench.txt"
status=${PIPESTATUS[0]}

if [ ! -s "$OUT/bench.json" ]; then
	echo "bench.sh: no $OUT/bench.json (VM exit status $status, see $OUT/console.log)" >&2
	exit 1
fi
if ! python3 tools/duet-bench/chart.py "$OUT/bench.json" "$OUT/bench.png" ${BASELINE:+"$base"}; then
	echo "bench.sh: cannot draw $OUT/bench.png" >&2
	status=1
fi
if [ -n "$BASELINE" ]; then
	echo
	python3 tools/duet-bench/compare.py "$base" "$OUT/bench.json" | tee "$OUT/compare.txt"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi
echo
echo "bench: table  $OUT/bench.txt"
[ -z "$BASELINE" ] || echo "       change $OUT/compare.txt (baseline $BASELINE)"
echo "       JSON   $OUT/bench.json"
echo "       chart  $OUT/bench.png"
echo "       how to read them: tools/duet-bench/README.md"
[ "$status" -eq 0 ] || echo "bench.sh: some benchmark failed (exit status $status)" >&2
exit "$status"
