#!/bin/bash
# device-lost.sh: the lost-device test, in a VM of its own (it kills the
# card's device model). Started by scripts/check.sh inside the test VM.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$(dirname "$here")")

DUET_DEVICE_LOST=1 "$repo/scripts/igt-run" --tests "$repo/build/igt/tests" \
	--results "${DUET_RESULTS:-$repo/build/igt-results}/igt-device-lost" \
	'igt@duet_device_lost@*'
