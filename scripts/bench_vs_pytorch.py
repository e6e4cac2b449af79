"""PyTorch side of the minicnn convolution benchmark, and the side-by-side table.

Times the workloads S1-S5 of issue 6 with torch.nn.functional.conv1d/conv2d (channels-first, bias
included, like the minicnn layers): forward alone, and forward + backward with requires_grad on the
input, the weight and the bias. Median milliseconds over repetitions after warm-up.

  python3 bench_vs_pytorch.py torch                       # CSV: workload,dtype,threads,fwd_ms,fwdbwd_ms
  python3 bench_vs_pytorch.py table MINICNN.csv TORCH.csv  # Markdown table with ratios

Ratios are PyTorch time / minicnn time: above 1 means minicnn is faster.
"""
import csv
import statistics
import sys
import time

# name: (batch, spatial dims, in channels, filters, kernel dims) -- the shapes of issue 6.
WORKLOADS = {
    "S1": (32, (8, 8), 1, 1, (3, 3)),
    "S2": (32, (28, 28), 1, 8, (3, 3)),
    "S3": (32, (32, 32), 16, 32, (3, 3)),
    "S4": (32, (1000,), 4, 16, (5,)),
    "S5": (64, (64, 64), 32, 64, (3, 3)),
}
WARMUP_SECONDS = 0.3
MEASURE_SECONDS = 2.0
MIN_REPS = 7
MAX_REPS = 300


def median_ms(fn):
    start = time.perf_counter()
    while time.perf_counter() - start < WARMUP_SECONDS:
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < MIN_REPS or (time.perf_counter() - start < MEASURE_SECONDS and len(times) < MAX_REPS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def torch_rows(names, dtypes, thread_counts):
    import torch
    import torch.nn.functional as F

    rows = []
    for threads in thread_counts:
        torch.set_num_threads(threads)
        for dtype_name in dtypes:
            dtype = getattr(torch, dtype_name)
            for name in names:
                batch, spatial, channels, filters, kernel = WORKLOADS[name]
                gen = torch.Generator().manual_seed(42)
                conv = F.conv1d if len(spatial) == 1 else F.conv2d
                x = torch.rand((batch, channels) + spatial, generator=gen, dtype=dtype, requires_grad=True)
                w = torch.rand((filters, channels) + kernel, generator=gen, dtype=dtype, requires_grad=True)
                b = torch.rand((filters,), generator=gen, dtype=dtype, requires_grad=True)
                with torch.no_grad():
                    dy = torch.rand_like(conv(x, w, b))

                def forward():
                    with torch.no_grad():
                        conv(x, w, b)

                def forward_backward():
                    x.grad = w.grad = b.grad = None
                    conv(x, w, b).backward(dy)

                rows.append((name, dtype_name, threads, median_ms(forward), median_ms(forward_backward)))
    return rows


def read_minicnn(path):
    with open(path) as f:
        return {(r["workload"], int(r["threads"])): r for r in csv.DictReader(f)}


def read_torch(path):
    with open(path) as f:
        return {(r["workload"], r["dtype"], int(r["threads"])): r for r in csv.DictReader(f)}


def table(minicnn_csv, torch_csv):
    mine = read_minicnn(minicnn_csv)
    theirs = read_torch(torch_csv)
    print("| workload | threads | minicnn fwd ms | minicnn fwd+bwd ms | GFLOP/s | torch f64 fwd ms | torch f64 fwd+bwd ms"
          " | ratio f64 fwd | ratio f64 fwd+bwd | torch f32 fwd+bwd ms | ratio f32 fwd+bwd |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (name, threads), m in sorted(mine.items()):
        f64 = theirs.get((name, "float64", threads))
        f32 = theirs.get((name, "float32", threads))
        fwd, fb = float(m["fwd_ms"]), float(m["fwdbwd_ms"])
        cells = [name, str(threads), f"{fwd:.3f}", f"{fb:.3f}", f"{float(m['gflops_fwdbwd']):.1f}"]
        if f64:
            cells += [f"{float(f64['fwd_ms']):.3f}", f"{float(f64['fwdbwd_ms']):.3f}",
                      f"{float(f64['fwd_ms']) / fwd:.2f}x", f"{float(f64['fwdbwd_ms']) / fb:.2f}x"]
        else:
            cells += ["-"] * 4
        if f32:
            cells += [f"{float(f32['fwdbwd_ms']):.3f}", f"{float(f32['fwdbwd_ms']) / fb:.2f}x"]
        else:
            cells += ["-"] * 2
        print("| " + " | ".join(cells) + " |")
    print()
    print("| target (issue 6) | measured | met |")
    print("|---|---|---|")
    for (name, threads), m in sorted(mine.items()):
        f64 = theirs.get((name, "float64", threads))
        if not f64:
            continue
        ratio = float(f64["fwdbwd_ms"]) / float(m["fwdbwd_ms"])
        need = 5.0 if name in ("S1", "S2", "S4") else 1.0
        print(f"| {name} fwd+bwd, {threads} thread(s): >= {need:g}x PyTorch float64 | {ratio:.2f}x | "
              f"{'yes' if ratio >= need else 'no'} |")
    for name in ("S3", "S5"):
        one, two = mine.get((name, 1)), mine.get((name, 2))
        if one and two:
            speedup = float(one["fwdbwd_ms"]) / float(two["fwdbwd_ms"])
            print(f"| {name} fwd+bwd, 2 threads vs 1: >= 1.7x | {speedup:.2f}x | {'yes' if speedup >= 1.7 else 'no'} |")


def main(argv):
    if len(argv) >= 1 and argv[0] == "torch":
        names = argv[1].split(",") if len(argv) > 1 else list(WORKLOADS)
        threads = [int(t) for t in argv[2].split(",")] if len(argv) > 2 else [1, 2]
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["workload", "dtype", "threads", "fwd_ms", "fwdbwd_ms"])
        for row in torch_rows(names, ["float64", "float32"], threads):
            out.writerow([row[0], row[1], row[2], f"{row[3]:.4f}", f"{row[4]:.4f}"])
            sys.stdout.flush()
    elif len(argv) == 3 and argv[0] == "table":
        table(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
