#!/usr/bin/env bash
# Side by side: minicnn's convolution benchmark (org.minicnn.engine.bench.ConvBench, the code behind
# `minicnn bench`) and the same workloads in PyTorch (float64 and float32), workload by workload in one
# run, then a Markdown table of the ratios PyTorch time / minicnn time (above 1: minicnn is faster)
# and the targets of issue 6.
#
#   scripts/bench-vs-pytorch.sh [WORKLOADS] [THREADS] [SECONDS]
#     WORKLOADS  comma-separated S1..S5 (default S1,S2,S3,S4,S5)
#     THREADS    comma-separated thread counts (default 1,2)
#     SECONDS    minicnn measuring time per number (default 2); medians either way
#
# CSVs and the table are kept in runs/bench/ (override with BENCH_OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
workloads="${1:-S1,S2,S3,S4,S5}"
threads="${2:-1,2}"
seconds="${3:-2}"
out="${BENCH_OUT:-runs/bench}"
mkdir -p "$out"

echo "building engine..." >&2
mvn -q -B -o -pl engine -am compile >&2 2>/dev/null || mvn -q -B -pl engine -am compile >&2

echo "workload,threads,fwd_ms,fwdbwd_ms,gflops_fwdbwd" > "$out/minicnn.csv"
echo "workload,dtype,threads,fwd_ms,fwdbwd_ms" > "$out/torch.csv"
for w in ${workloads//,/ }; do
  echo "$w: minicnn..." >&2
  java --add-modules jdk.incubator.vector -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 \
    -cp engine/target/classes org.minicnn.engine.bench.ConvBench \
    --workload "$w" --threads "$threads" --seconds "$seconds" 2>/dev/null | tail -n +2 | tee -a "$out/minicnn.csv" >&2
  echo "$w: pytorch..." >&2
  /usr/bin/python3 scripts/bench_vs_pytorch.py torch "$w" "$threads" | tail -n +2 | tee -a "$out/torch.csv" >&2
done

{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(java -version 2>&1 | head -1);" \
    "torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'); $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  /usr/bin/python3 scripts/bench_vs_pytorch.py table "$out/minicnn.csv" "$out/torch.csv"
} | tee "$out/table.md"
