"""Generates engine/src/test/resources/torch/layer_cases.txt and loss_cases.txt: the non-convolution
layers and the two logit losses computed by PyTorch.

Run with Debian's python3-torch:  /usr/bin/python3 engine/src/test/python/layer_fixtures.py
Tensors are made in Keras's channels-last layout and only permuted to PyTorch's channels-first inside
the computation, so every input, output and gradient in the files is channels-last. Keras's SAME
pooling (extra pad at the end, any stride, padded positions never win) is an explicit -inf F.pad
before a padding-free max_pool2d. Each layer case holds x, the output y, an upstream gradient dy and
dx (plus w, b, dw, db for Dense); each loss case holds the logits z, the target t, the loss and dz.
The format is the one TorchCases reads.
"""
import math
import os
import random

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = random.Random(20261128)
torch.manual_seed(20261128)


def fmt(name, t):
    t = t.detach().contiguous()
    shape = ",".join(str(v) for v in t.shape) if t.dim() > 0 else "1"
    return f"{name} {shape} " + " ".join(repr(float(v)) for v in t.flatten().tolist())


def uniform(*shape, scale=1.0):
    return (torch.rand(*shape) * 2 - 1) * scale


def same_pads(n, k, s):
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def leaf(t):
    return t.clone().requires_grad_(True)


layer_lines = []
case_id = 0


def layer_case(settings, x, forward, extra=()):
    """Runs forward(x) for a channels-last leaf x, back-propagates a random dy and records the case."""
    global case_id
    y = forward(x)
    dy = uniform(*y.shape)
    y.backward(dy)
    layer_lines.append(f"case {case_id} " + " ".join(f"{k}={v}" for k, v in settings.items()))
    layer_lines.append(fmt("x", x))
    for name, t in extra:
        layer_lines.append(fmt(name, t))
    layer_lines.append(fmt("y", y))
    layer_lines.append(fmt("dy", dy))
    layer_lines.append(fmt("dx", x.grad))
    for name, t in extra:
        layer_lines.append(fmt("d" + name, t.grad))
    case_id += 1


def random_shape(min_rank, max_rank):
    return [rng.randint(1, 4) for _ in range(rng.randint(min_rank, max_rank))]


# ---- elementwise activations ------------------------------------------------------------------
for name, fn in [("ReLU", torch.relu), ("Sigmoid", torch.sigmoid), ("Tanh", torch.tanh)]:
    for i in range(4):
        x = uniform(*random_shape(2, 4), scale=3.0)
        if i == 0:
            x.view(-1)[0] = 0.0          # ReLU's derivative at exactly 0 is 0 in PyTorch and TensorFlow
        if i == 1:
            x.view(-1)[0] = 40.0         # saturation: sigmoid 1 - 4e-18, tanh 1
            x.view(-1)[-1] = -40.0
        layer_case({"layer": name}, leaf(x), fn)

# ---- max pooling ------------------------------------------------------------------------------
def max_pool(x, rank, pool, strides, padding):
    """x channels-last [N, (H,) W, C] -> channels-last output, Keras semantics."""
    t = x if rank == 2 else x.unsqueeze(1)
    t = t.permute(0, 3, 1, 2).contiguous()          # NCHW
    top, bottom = (0, 0) if padding == "VALID" else same_pads(t.shape[2], pool[0], strides[0])
    left, right = (0, 0) if padding == "VALID" else same_pads(t.shape[3], pool[1], strides[1])
    t = F.pad(t, (left, right, top, bottom), value=float("-inf"))
    y = F.max_pool2d(t, pool, strides).permute(0, 2, 3, 1)
    return y if rank == 2 else y[:, 0]


for i in range(40):
    rank = 1 if i % 3 == 0 else 2
    padding = rng.choice(["VALID", "SAME"])
    pool = [1 if rank == 1 else rng.randint(1, 3), rng.randint(1, 3)]
    default_strides = rng.random() < 0.3
    strides = pool if default_strides else [1 if rank == 1 else rng.randint(1, 3), rng.randint(1, 3)]
    size = [1 if rank == 1 else pool[0] - 1 + rng.randint(1, 5), pool[1] - 1 + rng.randint(1, 5)]
    batch, channels = rng.randint(1, 3), rng.randint(1, 3)
    ties = i >= 34                       # small integers: many windows hold equal maxima
    shape = [batch] + ([size[0]] if rank == 2 else []) + [size[1], channels]
    x = torch.randint(0, 3, shape).double() if ties else uniform(*shape)
    spatial = (lambda v: str(v[1])) if rank == 1 else (lambda v: f"{v[0]},{v[1]}")
    settings = {"layer": f"MaxPool{rank}D", "pool": spatial(pool),
                "strides": "default" if default_strides else spatial(strides), "padding": padding}
    layer_case(settings, leaf(x), lambda t: max_pool(t, rank, pool, strides, padding))

# ---- global pooling ---------------------------------------------------------------------------
def global_max(x, rank):
    t = x if rank == 2 else x.unsqueeze(1)
    t = t.permute(0, 3, 1, 2).contiguous()
    return F.max_pool2d(t, t.shape[2:]).reshape(t.shape[0], t.shape[1])


for rank in (1, 2):
    for kind in ("Max", "Average"):
        for i in range(3):
            shape = [rng.randint(1, 3)] + [rng.randint(1, 5) for _ in range(rank)] + [rng.randint(1, 3)]
            x = torch.randint(0, 2, shape).double() if i == 2 else uniform(*shape)
            if kind == "Max":
                fn = lambda t: global_max(t, rank)
            else:
                fn = lambda t: t.mean(dim=tuple(range(1, rank + 1)))
            layer_case({"layer": f"Global{kind}Pool{rank}D"}, leaf(x), fn)

# ---- flatten ----------------------------------------------------------------------------------
for shape in ([2, 3, 4, 2], [3, 5], [2, 3, 2]):
    layer_case({"layer": "Flatten"}, leaf(uniform(*shape)), lambda t: t.reshape(t.shape[0], -1))

# ---- dense ------------------------------------------------------------------------------------
for i in range(10):
    rank = 2 if i < 7 else 3
    features, units = rng.randint(1, 6), rng.randint(1, 5)
    shape = [rng.randint(1, 4)] + ([rng.randint(1, 3)] if rank == 3 else []) + [features]
    bias = i % 4 != 3
    w = leaf(uniform(features, units))               # Keras layout [in, units]; Linear.weight is w.T
    extra = [("w", w)]
    b = None
    if bias:
        b = leaf(uniform(units))
        extra.append(("b", b))
    layer_case({"layer": "Dense", "units": units, "bias": int(bias)}, leaf(uniform(*shape)),
               lambda t: F.linear(t, w.t(), b), extra)

# ---- losses -----------------------------------------------------------------------------------
loss_lines = []


def loss_case(i, settings, z, t, loss_fn):
    z = leaf(z)
    loss = loss_fn(z, t)
    loss.backward()
    loss_lines.append(f"case {i} " + " ".join(f"{k}={v}" for k, v in settings.items()))
    loss_lines.append(fmt("z", z))
    loss_lines.append(fmt("t", t))
    loss_lines.append(fmt("loss", loss))
    loss_lines.append(fmt("dz", z.grad))


for i in range(8):
    shape = random_shape(1, 3)
    z = uniform(*shape, scale=4.0)
    t = torch.randint(0, 2, shape).double() if i % 2 == 0 else torch.rand(*shape)
    if i == 1:
        z.view(-1)[0] = 60.0        # far in the tails: log(1 + e^60) must not overflow
        z.view(-1)[-1] = -750.0
    loss_case(i, {"loss": "BinaryCrossEntropy"}, z, t, F.binary_cross_entropy_with_logits)

for i in range(8):
    batch, classes = rng.randint(1, 5), rng.randint(1, 6)
    z = uniform(batch, classes, scale=4.0)
    if i == 1:
        z[0, 0] = 800.0             # e^800 overflows; log-sum-exp must not
        z[-1, -1] = -900.0
    labels = torch.randint(0, classes, (batch,))
    loss_case(8 + i, {"loss": "SoftmaxCrossEntropy"}, z, labels.double(), lambda z_, t_: F.cross_entropy(z_, t_.long()))

here = os.path.dirname(__file__)
for name, lines in (("layer_cases.txt", layer_lines), ("loss_cases.txt", loss_lines)):
    out = os.path.join(here, "..", "resources", "torch", name)
    with open(out, "w") as f:
        f.write(f"# generated by layer_fixtures.py with torch {torch.__version__}; do not edit\n")
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(out))
