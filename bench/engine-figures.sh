#!/usr/bin/env bash
# Checks that an engine change leaves every simulated figure as it was: runs the same simulations
# with two `mlsd` binaries and diffs their JSON, which must be identical to the last digit.
#
#   bench/engine-figures.sh BEFORE_MLSD AFTER_MLSD [REQUESTS]    # default 200k
#
# Cases: every shipped scenario (`mlsd scenarios` ids) and the bench models (bench/mm1.yaml,
# bench/tandem3.yaml, bench/tandem3-policies.yaml), each as one run of REQUESTS requests at seed 42
# (one worker thread), and as 4 replications of REQUESTS/4 each with --jobs 1 and with --jobs 2
# (worker threads; the two must agree too). Exit status 1 when any output differs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_MLSD AFTER_MLSD [REQUESTS]" >&2; exit 2; }
BEFORE=$1 AFTER=$2 N=${3:-200k}
OUT=$(mktemp -d /tmp/mlsd-engine-figures.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
IDS=$(ls Scenarios/*.yaml | xargs -n1 basename | sed 's/\.yaml$//')
QUARTER=$(( $(echo "$N" | sed 's/[kK]$/000/; s/M$/000000/') / 4 ))
status=0 cases=0
for target in $IDS bench/mm1.yaml bench/tandem3.yaml bench/tandem3-policies.yaml; do
    name=$(basename "$target" .yaml)
    for variant in one jobs1 jobs2; do
        case $variant in
            one) args=(--requests "$N") ;;
            jobs1) args=(--requests "$QUARTER" --replications 4 --jobs 1) ;;
            jobs2) args=(--requests "$QUARTER" --replications 4 --jobs 2) ;;
        esac
        "$BEFORE" simulate "$target" "${args[@]}" --format json > "$OUT/$name.$variant.before" 2>> "$OUT/stderr"
        "$AFTER" simulate "$target" "${args[@]}" --format json > "$OUT/$name.$variant.after" 2>> "$OUT/stderr"
        cases=$((cases + 1))
        if ! cmp -s "$OUT/$name.$variant.before" "$OUT/$name.$variant.after"; then
            echo "DIFFER: $name ($variant: ${args[*]})"
            diff "$OUT/$name.$variant.before" "$OUT/$name.$variant.after" | head -20 || true
            status=1
        fi
    done
    # Worker threads must not change the replicated result.
    if ! cmp -s "$OUT/$name.jobs1.after" "$OUT/$name.jobs2.after"; then
        echo "DIFFER: $name, --jobs 1 against --jobs 2 (after)"
        status=1
    fi
done
if [ $status -eq 0 ]; then echo "identical: $cases cases (every shipped scenario and the bench models; $N requests, and 4 x $QUARTER on 1 and 2 jobs)"; fi
exit $status
