"""PyTorch side of the minicnn convolution benchmark, and the side-by-side table.

Times the workloads S1-S5 with torch.nn.functional.conv1d/conv2d (channels-first, bias
included, like the minicnn layers): forward alone, and forward + backward with requires_grad on the
input, the weight and the bias. Median milliseconds over repetitions after warm-up.

And "job": the vertical-line training loop as minicnn's Trainer runs it (see JOB below): an
nn.Conv2d(1, 1, 3, bias=False) trained by MSE with torch.optim.SGD(lr=0.01, momentum=0.9) on 1024
images 8x8, batch 32, 20 epochs, shuffled each epoch, after one loss pass over the data (Trainer's
epoch 0); fwd_ms is empty. The data are uniform random numbers with the teacher's targets (the
values do not change the work).

  python3 bench_vs_pytorch.py torch [S1,..,job] [1,2] [float32,float64]  # CSV: workload,dtype,threads,fwd_ms,fwdbwd_ms
  python3 bench_vs_pytorch.py table MINICNN.csv TORCH.csv  # Markdown table with ratios

minicnn's CSV (`minicnn bench --dtype float32,float64`) has a dtype column: float64 is the engine's
precision, float32 the layers' float32 compute option; the table sets each beside PyTorch float32 and
float64, and judges "fwd+bwd >= 1x PyTorch float32" for both. Ratios are PyTorch time / minicnn time:
above 1 means minicnn is faster. When the CSVs hold several rounds (rows with the same workload, dtype
and threads), each number is the median over the rounds. The
ceiling per thread count is the higher of minicnn's "peak" row (`minicnn bench --workload peak`, the
Java Vector API at its fastest width) and the C loop's "peak-c" row (scripts/fma_peak.c), named in the
table: it says what share of the machine each workload reaches, and how it scales from 1 to 2 threads.
The targets judged at the end are those of docs/performance.md.
"""
import csv
import statistics
import sys
import time

# name: (batch, spatial dims, in channels, filters, kernel dims) -- minicnn's ConvWorkload S1-S5.
WORKLOADS = {
    "S1": (32, (8, 8), 1, 1, (3, 3)),
    "S2": (32, (28, 28), 1, 8, (3, 3)),
    "S3": (32, (32, 32), 16, 32, (3, 3)),
    "S4": (32, (1000,), 4, 16, (5,)),
    "S5": (64, (64, 64), 32, 64, (3, 3)),
}
# The whole job: samples, image size, batch, epochs, learning rate, momentum (the vertical-line defaults).
JOB = (1024, 8, 32, 20, 0.01, 0.9)
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


def job_rows(dtypes, thread_counts):
    import torch
    import torch.nn.functional as F

    samples, size, batch, epochs, lr, momentum = JOB
    rows = []
    for threads in thread_counts:
        torch.set_num_threads(threads)
        for dtype_name in dtypes:
            dtype = getattr(torch, dtype_name)
            gen = torch.Generator().manual_seed(42)
            x = torch.rand((samples, 1, size, size), generator=gen, dtype=dtype)
            teacher = torch.tensor([[[[0.0, 1, 0], [0, 1, 0], [0, 1, 0]]]], dtype=dtype)
            y = F.conv2d(x, teacher)

            def train():
                model = torch.nn.Conv2d(1, 1, 3, bias=False).to(dtype)
                opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
                with torch.no_grad():
                    for start in range(0, samples, batch):
                        F.mse_loss(model(x[start:start + batch]), y[start:start + batch]).item()
                for _ in range(epochs):
                    order = torch.randperm(samples, generator=gen)
                    total = 0.0
                    for start in range(0, samples, batch):
                        idx = order[start:start + batch]
                        opt.zero_grad()
                        loss = F.mse_loss(model(x[idx]), y[idx])
                        loss.backward()
                        opt.step()
                        value = loss.item()
                        if value != value or value in (float("inf"), float("-inf")):
                            raise RuntimeError("diverged")
                        total += value * len(idx)

            rows.append(("job", dtype_name, threads, None, median_ms(train)))
    return rows


def median_rows(rows, key):
    """One row per key: each numeric column the median over the rows (rounds) with that key."""
    groups = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    merged = {}
    for k, group in groups.items():
        row = dict(group[0])
        for column in ("fwd_ms", "fwdbwd_ms", "gflops_fwdbwd"):
            values = [float(g[column]) for g in group if g.get(column)]
            if values:
                row[column] = str(statistics.median(values))
        row["rounds"] = len(group)
        merged[k] = row
    return merged


def read_minicnn(path):
    """minicnn's rows by (workload, dtype, threads); a CSV without a dtype column is float64."""
    with open(path) as f:
        return median_rows(csv.DictReader(f), lambda r: (r["workload"], r.get("dtype") or "float64", int(r["threads"])))


def read_torch(path):
    with open(path) as f:
        return median_rows(csv.DictReader(f), lambda r: (r["workload"], r["dtype"], int(r["threads"])))


CEILING_SHARE = 0.60   # S3 and S5 at 1 thread, float64: at least this share of the fp64 ceiling
SCALING = 1.7          # S3 and S5: 2 threads against 1 at least this fast
RATIO_F32 = 1.0        # every workload and the job, fwd+bwd: at least this times PyTorch float32's speed
DTYPES = ("float32", "float64")


def ceilings(rows):
    """Per thread count: (GFLOP/s, which loop) of the higher of the Java "peak" and C "peak-c" rows."""
    best = {}
    for (name, _, threads), m in rows.items():
        source = {"peak": "Java Vector API", "peak-c": "C, gcc -O2 -march=native"}.get(name)
        if source and (threads not in best or float(m["gflops_fwdbwd"]) > best[threads][0]):
            best[threads] = (float(m["gflops_fwdbwd"]), source)
    return best


def ms(row, column="fwdbwd_ms"):
    return float(row[column]) if row and row.get(column) else None


def cell(value, digits=3):
    return f"{value:.{digits}f}" if value is not None else "-"


def ratio(theirs, mine):
    return theirs / mine if theirs is not None and mine else None


def times(value):
    return f"{value:.2f}x" if value is not None else "-"


def table(minicnn_csv, torch_csv):
    rows = read_minicnn(minicnn_csv)
    theirs = read_torch(torch_csv)
    peak = ceilings(rows)
    loops = sorted({name for name, _, _ in rows if name.startswith("peak")})
    mine = {key: m for key, m in rows.items() if not key[0].startswith("peak")}
    if peak:
        print("fp64 ceiling, GFLOP/s of loops of nothing but fused multiply-adds:")
        print()
        counts = sorted({t for (_, _, t) in rows})
        print("| loop | " + " | ".join(f"{t} thread(s)" for t in counts) + " |")
        print("|---|" + "---|" * len(counts))
        for name in loops:
            cells = [f"{float(rows[(name, 'float64', t)]['gflops_fwdbwd']):.1f}" if (name, "float64", t) in rows
                     else "-" for t in counts]
            print(f"| `{name}` | " + " | ".join(cells) + " |")
        print("| **ceiling used** | " + " | ".join(f"{peak[t][0]:.1f} ({peak[t][1]})" if t in peak else "-"
                                                 for t in counts) + " |")
        print()
    print("fwd+bwd milliseconds; ratios are PyTorch time / minicnn time, above 1 is minicnn faster. minicnn float32 is"
          " the layers' `computeDtype(FLOAT32)` (variables float64); GFLOP/s and the share of the fp64 ceiling are"
          " minicnn float64's.")
    print()
    print("| workload | threads | minicnn f32 fwd ms | minicnn f32 | torch f32 | **f32 vs torch f32** | minicnn f64"
          " | f64 vs torch f32 | torch f64 | f64 vs torch f64 | f64 GFLOP/s | of ceiling |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    cases = sorted({(name, threads) for name, _, threads in mine}, key=lambda c: (c[0] == "job", c))
    for name, threads in cases:
        m32, m64 = mine.get((name, "float32", threads)), mine.get((name, "float64", threads))
        t32, t64 = ms(theirs.get((name, "float32", threads))), ms(theirs.get((name, "float64", threads)))
        gflops = float(m64["gflops_fwdbwd"]) if m64 else None
        share = f"{100 * gflops / peak[threads][0]:.0f} %" if gflops is not None and threads in peak else "-"
        r32 = ratio(t32, ms(m32))
        print("| " + " | ".join([
            name, str(threads), cell(ms(m32, "fwd_ms")), cell(ms(m32)), cell(t32),
            f"**{r32:.2f}x**" if r32 is not None else "-", cell(ms(m64)), times(ratio(t32, ms(m64))),
            cell(t64), times(ratio(t64, ms(m64))), cell(gflops, 1), share]) + " |")
    print()
    print("| target | measured | met |")
    print("|---|---|---|")
    for dtype in DTYPES:
        for name, threads in cases:
            r = ratio(ms(theirs.get((name, "float32", threads))), ms(mine.get((name, dtype, threads))))
            if r is None:
                continue
            what = "whole vertical-line job" if name == "job" else f"{name} fwd+bwd"
            print(f"| {what}, {threads} thread(s), minicnn {dtype}: >= {RATIO_F32:g}x PyTorch float32 | {r:.2f}x | "
                  f"{'yes' if r >= RATIO_F32 else 'no'} |")
    for name in ("S3", "S5"):
        one = mine.get((name, "float64", 1))
        if one and 1 in peak:
            share = float(one["gflops_fwdbwd"]) / peak[1][0]
            print(f"| {name} fwd+bwd, 1 thread, float64: >= {100 * CEILING_SHARE:.0f} % of the fp64 ceiling | "
                  f"{100 * share:.0f} % ({float(one['gflops_fwdbwd']):.1f} of {peak[1][0]:.1f} GFLOP/s) | "
                  f"{'yes' if share >= CEILING_SHARE else 'no'} |")
    for dtype in DTYPES:
        for name in ("S3", "S5"):
            one, two = ms(mine.get((name, dtype, 1))), ms(mine.get((name, dtype, 2)))
            if one and two:
                speedup = one / two
                ceiling = f" (the ceiling: {peak[2][0] / peak[1][0]:.2f}x)" if 1 in peak and 2 in peak else ""
                print(f"| {name} fwd+bwd, {dtype}, 2 threads vs 1: >= {SCALING:g}x | {speedup:.2f}x{ceiling} | "
                      f"{'yes' if speedup >= SCALING else 'no'} |")


def main(argv):
    if len(argv) >= 1 and argv[0] == "torch":
        names = argv[1].split(",") if len(argv) > 1 else list(WORKLOADS) + ["job"]
        threads = [int(t) for t in argv[2].split(",")] if len(argv) > 2 else [1, 2]
        dtypes = argv[3].split(",") if len(argv) > 3 else ["float64", "float32"]
        if not set(dtypes) <= {"float64", "float32"}:
            sys.exit(f"bench_vs_pytorch.py: expected dtypes float64 and/or float32, got {argv[3]!r}")
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["workload", "dtype", "threads", "fwd_ms", "fwdbwd_ms"])
        conv_names = [n for n in names if n != "job"]
        rows = torch_rows(conv_names, dtypes, threads) if conv_names else []
        if "job" in names:
            rows += job_rows(dtypes, threads)
        for row in rows:
            out.writerow([row[0], row[1], row[2], "" if row[3] is None else f"{row[3]:.4f}", f"{row[4]:.4f}"])
            sys.stdout.flush()
    elif len(argv) == 3 and argv[0] == "table":
        table(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
