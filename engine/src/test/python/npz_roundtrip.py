"""NumPy and PyTorch's side of NpzPythonTest (Debian's python3-numpy and python3-torch, float64 throughout).
Several commands can be given at once, separated by "+".

  dump NPZ OUT              numpy.load(NPZ): one line per array, "name|shape|dtype|values as float.hex"
  forward TORCH_NPZ X OUT   load_state_dict(strict=True) of TORCH_NPZ into Net, run it on X's "x"
                            (channels-last, as minicnn), numpy.savez(OUT, y=...)
  make SEED TORCH_NPZ TORCH32_NPZ X OUT
                            a freshly initialised Net (torch.manual_seed(SEED)) saved with numpy.savez in
                            float64 and in float32, an input X and its output OUT
  conv16 OUT                the state_dict of Sequential(Conv2d(3, 16, 3), ReLU, Conv2d(16, 8, 3)), numpy.savez

Net is what minicnn calls Sequential(Conv2D(f, kh, kw), ReLU, GlobalMaxPool2D, Dense(units)): the state_dict
keys 0.weight, 0.bias, 3.weight, 3.bias are minicnn's PyTorch-layout names.
"""
import sys

import numpy
import torch

torch.set_default_dtype(torch.float64)


class GlobalMax(torch.nn.Module):
    def forward(self, x):
        return x.amax(dim=(2, 3))


def net(in_channels, filters, kh, kw, units):
    return torch.nn.Sequential(torch.nn.Conv2d(in_channels, filters, (kh, kw)), torch.nn.ReLU(), GlobalMax(),
                               torch.nn.Linear(filters, units))


def run(model, x_channels_last):
    with torch.no_grad():
        return model(torch.from_numpy(x_channels_last).permute(0, 3, 1, 2)).numpy()


def dump(npz, out):
    with numpy.load(npz) as arrays, open(out, "w", encoding="utf-8") as f:
        for name in arrays.files:
            a = arrays[name]
            values = " ".join(float(v).hex() for v in a.reshape(-1))
            f.write(f"{name}|{','.join(str(d) for d in a.shape)}|{a.dtype}|{values}\n")


def forward(torch_npz, x_npz, out):
    with numpy.load(torch_npz) as w:
        state = {k: torch.from_numpy(w[k]) for k in w.files}
    f, c, kh, kw = state["0.weight"].shape
    model = net(c, f, kh, kw, state["3.weight"].shape[0])
    model.load_state_dict(state, strict=True)
    with numpy.load(x_npz) as x:
        numpy.savez(out, y=run(model, x["x"]))


def make(seed, torch_npz, torch32_npz, x_npz, out):
    torch.manual_seed(int(seed))
    model = net(2, 4, 3, 2, 3)
    state = {k: v.numpy() for k, v in model.state_dict().items()}
    numpy.savez(torch_npz, **state)
    numpy.savez(torch32_npz, **{k: v.astype(numpy.float32) for k, v in state.items()})
    x = torch.rand(5, 7, 6, 2).numpy()
    numpy.savez(x_npz, x=x)
    numpy.savez(out, y=run(model, x))


def conv16(out):
    torch.manual_seed(16)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3), torch.nn.ReLU(), torch.nn.Conv2d(16, 8, 3))
    numpy.savez(out, **{k: v.numpy() for k, v in model.state_dict().items()})


if __name__ == "__main__":
    # several commands in one run (torch is imported once), separated by "+": dump A OUT + forward W X Y
    command = []
    for word in sys.argv[1:] + ["+"]:
        if word != "+":
            command.append(word)
            continue
        {"dump": dump, "forward": forward, "make": make, "conv16": conv16}[command[0]](*command[1:])
        command = []
