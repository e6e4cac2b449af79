#!/usr/bin/env bash
# Side by side: `./minicnn bench` (its float64 layers and their float32 compute option) and the same
# workloads in PyTorch (float32 and float64, Debian's python3-torch via /usr/bin/python3), workload by
# workload in one run, then a Markdown table of the
# ratios PyTorch time / minicnn time (above 1: minicnn is faster) and the targets of docs/performance.md.
# Each round first measures the machine's fp64 ceiling: `minicnn bench --workload peak` (every vector
# width) and, when gcc is present, the C loop scripts/fma_peak.c at the widest width; the table uses
# the higher and names which.
#
#   scripts/bench-vs-pytorch.sh [WORKLOADS] [THREADS] [SECONDS] [ROUNDS]
#     WORKLOADS  comma-separated S1..S5 and job, the whole vertical-line training loop (default all six)
#     THREADS    comma-separated thread counts (default 1,2)
#     SECONDS    minicnn measuring time per number (default 2); medians either way
#     ROUNDS     how many times to run everything (default 1); the table shows the median over the
#                rounds, which steadies the numbers on a shared machine
#
# CSVs and the table are kept in runs/bench/ (override with BENCH_OUT).
#
# PyTorch runs with glibc's malloc told to keep the memory it frees (no mmap, no trimming): PyTorch on the
# CPU allocates every output and gradient anew, and by default glibc maps the large ones fresh and hands them
# back, so each call pays page faults whose cost changes with the host (S5 float32 fwd+bwd, 1 thread: 378-391
# ms by default, 234 ms keeping memory). minicnn keeps its arrays, and PyTorch's CPU tuning guide gets the same
# from jemalloc or TCMalloc. This makes PyTorch faster and steadier: the comparison is with compute alone.
set -euo pipefail
torch_malloc="glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736"
cd "$(dirname "$0")/.."
workloads="${1:-S1,S2,S3,S4,S5,job}"
threads="${2:-1,2}"
seconds="${3:-2}"
rounds="${4:-1}"
out="${BENCH_OUT:-runs/bench}"
mkdir -p "$out"

./minicnn bench --help >/dev/null  # builds the jar first if the sources changed
cpeak=""
if command -v gcc >/dev/null; then
  gcc -O2 -march=native -pthread -o "$out/fma_peak" scripts/fma_peak.c
  cpeak="$out/fma_peak"
else
  echo "gcc not found: the ceiling is the Java loop's alone" >&2
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "workload,dtype,threads,fwd_ms,fwdbwd_ms,gflops_fwdbwd" > "$out/minicnn.csv"
echo "workload,dtype,threads,fwd_ms,fwdbwd_ms" > "$out/torch.csv"
for round in $(seq "$rounds"); do
  # the machine's ceiling in this round: GFLOP/s of a loop of nothing but fused multiply-adds
  echo "round $round: minicnn peak... (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  ./minicnn bench --workload peak --threads "$threads" --seconds "$seconds" 2>/dev/null \
    | tail -n +2 | tee -a "$out/minicnn.csv" >&2
  if [ -n "$cpeak" ]; then
    "$cpeak" ${threads//,/ } | tee -a "$out/minicnn.csv" >&2
  fi
  for w in ${workloads//,/ }; do
    echo "round $round, $w: minicnn... (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    # one JVM per dtype: run after the other in one JVM, the first measured slower (S4 float32 3.9 ms alone,
    # 5.4 to 9.8 ms after the other dtype's calls), as the JIT's profiles of shared code mix the two
    for dtype in float32 float64; do
      ./minicnn bench --workload "$w" --threads "$threads" --dtype "$dtype" --seconds "$seconds" 2>/dev/null \
        | tail -n +2 | tee -a "$out/minicnn.csv" >&2
    done
    echo "round $round, $w: pytorch... (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    GLIBC_TUNABLES="$torch_malloc" /usr/bin/python3 scripts/bench_vs_pytorch.py torch "$w" "$threads" \
      | tail -n +2 | tee -a "$out/torch.csv" >&2
  done
done

{
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  widest=$(case "$flags" in *avx512f*) echo "512 bits (AVX-512)";; *avx2*) echo "256 bits (AVX2)";; *) echo "below 256 bits";; esac)
  echo "Machine: $(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1), $(nproc) cores, widest vectors $widest;" \
    "$(java -version 2>&1 | head -1), MaxVectorSize $(java -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxVectorSize" {print $4}');" \
    "torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') (GLIBC_TUNABLES=$torch_malloc); $(date -u +%Y-%m-%dT%H:%MZ);" \
    "median of $rounds round(s); load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  /usr/bin/python3 scripts/bench_vs_pytorch.py table "$out/minicnn.csv" "$out/torch.csv"
} | tee "$out/table.md"
