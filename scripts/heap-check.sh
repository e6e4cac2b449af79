#!/usr/bin/env bash
# Does the heap stay flat over a long training? Trains `vertical-line` for EPOCHS epochs (default
# 3125: 32 batches each, 100,000 optimiser steps) with the GC log on, then prints the live heap
# after each garbage collection at the start, quartiles and end of the run, and how many collections
# there were. A leak shows as a rising "heap after GC".
#
#   scripts/heap-check.sh [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-3125}"
work="$(mktemp -d)"
trap '[ -n "${KEEP_GC_LOG:-}" ] && cp "$work/gc.log" "$KEEP_GC_LOG"; rm -rf "$work"' EXIT
./minicnn --help >/dev/null  # builds the jar first if the sources changed
start=$(date +%s)
java -Djava.awt.headless=true --add-modules jdk.incubator.vector -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 \
  -Xmx256m -Xlog:gc:file="$work/gc.log" -jar training/target/training-*-all.jar \
  train vertical-line --epochs "$epochs" --quiet --out "$work/run" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
seconds=$(( $(date +%s) - start ))
steps=$(( epochs * 32 ))
echo "vertical-line, $epochs epochs = $steps steps, ${seconds} s (training, validation every epoch, run files)"
# G1 lines look like: [1.234s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 25M->3M(256M) 1.2ms
grep -o '[0-9.]*[KMG]->[0-9.]*[KMG]([0-9.]*[KMG])' "$work/gc.log" | sed 's/.*->\([0-9.]*[KMG]\)(.*/\1/' > "$work/after"
count=$(wc -l < "$work/after")
if [ "$count" -eq 0 ]; then
  echo "no garbage collection happened"
  exit 0
fi
pick() { sed -n "$1p" "$work/after"; }
echo "collections: $count"
echo "heap after GC: first $(pick 1), 25% $(pick $(( (count + 3) / 4 ))), 50% $(pick $(( (count + 1) / 2 ))), 75% $(pick $(( (3 * count + 3) / 4 ))), last $(pick "$count"), max $(sort -h "$work/after" | tail -1)"
