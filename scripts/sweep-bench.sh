#!/usr/bin/env bash
# Times a sweep of RUNS (default 100) vertical-line runs with --plots none, PARALLEL (default: the cores) at
# once, and prints: the wall-clock time of the whole command (JVM start to exit), the training time summed over
# the runs (sweep.csv's seconds: data generation and training), and the per-run overhead the sweep measures
# itself (directory, run files, status). The machine's load average is printed too: on a shared machine the
# numbers move with it. A measurement, not a test: run it by hand, e.g. scripts/sweep-bench.sh 100 2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-100}"
parallel="${2:-$(nproc)}"
cd "$root"
./minicnn experiments >/dev/null   # builds the jar first, so the build is not timed
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
start=$(date +%s.%N)
./minicnn sweep vertical-line --grid "seed=0..$((runs - 1))" --plots none --parallel "$parallel" \
  --out "$dir/sweep" > "$dir/log" 2>&1
end=$(date +%s.%N)
grep -E '^per-run overhead' "$dir/log"
wall="$(echo "$end - $start" | bc)"
awk -F, -v wall="$wall" -v parallel="$parallel" 'NR > 1 { sum += $NF; n++ }
  END { printf "%d runs, %d at once: %.1f s wall clock (JVM start to exit); training %.1f s summed over the runs, %.3f s per run\n", n, parallel, wall, sum, sum / n }' "$dir/sweep/sweep.csv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
