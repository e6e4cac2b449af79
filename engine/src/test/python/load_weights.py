"""Loads a minicnn weight file in PyTorch layout into torch.nn.Sequential and runs it.

Used by WeightFileTorchTest:  /usr/bin/python3 load_weights.py SPEC WEIGHTS INPUT OUTPUT [SPEC WEIGHTS …]
(several models in one run, so PyTorch is imported once)
SPEC     one layer per line: "conv1d filters k stride dilation padding bias" or
         "conv2d filters kh kw stride_r stride_c dilation_r dilation_c padding bias"
         (padding VALID, SAME or CAUSAL as in Keras; bias 1 or 0)
WEIGHTS  the file WeightFile.save(..., Layout.PYTORCH) wrote: its tensor names are the keys of
         the nn.Sequential's state_dict, loaded with strict=True
INPUT    line 1: the channels-last shape, comma-separated; line 2: the values
OUTPUT   written in the same form: the model's output, channels-last, in float64
"""
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def read_weights(path):
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    assert lines[0] == "minicnn-weights,1,pytorch", lines[0]
    tensors, i = {}, 1
    while i < len(lines) and lines[i]:
        cells = lines[i].split(",")
        name, shape = cells[1], [int(v) for v in cells[2:]]
        rows = math.prod(shape[:-1])
        values = [float(v) for row in lines[i + 1:i + 1 + rows] for v in row.split(",")]
        tensors[name] = torch.tensor(values).reshape(shape)
        i += 1 + rows
    return tensors


def pads(n, k, s, d, padding):
    extent = (k - 1) * d + 1
    if padding == "VALID":
        return 0, 0
    if padding == "CAUSAL":
        return extent - 1, 0
    total = max((math.ceil(n / s) - 1) * s + extent - n, 0)
    return total // 2, total - total // 2


def main(spec_path, weights_path, input_path, output_path):
    layers, geometry = [], []
    for line in open(spec_path, encoding="utf-8").read().split("\n"):
        if not line:
            continue
        kind, *v = line.split()
        if kind == "conv1d":
            f, k, s, d, padding, bias = int(v[0]), int(v[1]), int(v[2]), int(v[3]), v[4], v[5] == "1"
            layers.append(torch.nn.Conv1d(1, f, k, stride=s, dilation=d, bias=bias))
            geometry.append(("1d", [k], [s], [d], padding))
        else:
            f, kh, kw, sr, sc, dr, dc, padding, bias = (int(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4]),
                                                        int(v[5]), int(v[6]), v[7], v[8] == "1")
            layers.append(torch.nn.Conv2d(1, f, (kh, kw), stride=(sr, sc), dilation=(dr, dc), bias=bias))
            geometry.append(("2d", [kh, kw], [sr, sc], [dr, dc], padding))
    weights = read_weights(weights_path)
    # in_channels comes from the file: rebuild each conv with the loaded kernel's shape.
    for i, layer in enumerate(layers):
        w = weights[f"{i}.weight"]
        cls = torch.nn.Conv1d if isinstance(layer, torch.nn.Conv1d) else torch.nn.Conv2d
        layers[i] = cls(w.shape[1], w.shape[0], tuple(w.shape[2:]), stride=layer.stride, dilation=layer.dilation,
                        bias=layer.bias is not None)
    model = torch.nn.Sequential(*layers)
    model.load_state_dict(weights, strict=True)

    with open(input_path, encoding="utf-8") as f:
        shape = [int(v) for v in f.readline().split(",")]
        x = torch.tensor([float(v) for v in f.readline().split(",")]).reshape(shape)
    x = x.movedim(-1, 1)  # channels-last -> channels-first
    with torch.no_grad():
        for layer, (kind, k, s, d, padding) in zip(model, geometry):
            spatial = x.shape[2:]
            pad = []
            for n, kk, ss, dd in reversed(list(zip(spatial, k, s, d))):
                pad.extend(pads(n, kk, ss, dd, padding))
            x = layer(F.pad(x, pad))
    y = x.movedim(1, -1).contiguous()
    with open(output_path, "w", encoding="utf-8") as f:
        f.write(",".join(str(v) for v in y.shape) + "\n")
        f.write(",".join(repr(float(v)) for v in y.flatten().tolist()) + "\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    for start in range(0, len(args), 4):
        main(*args[start:start + 4])
