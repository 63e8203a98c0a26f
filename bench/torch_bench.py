#!/usr/bin/python3
"""torch_bench.py -- the models of `make bench`, in PyTorch, timed the same way.

    /usr/bin/python3 bench/torch_bench.py --model keras --precision f64 [--epochs 3] [--threads 2]

`make bench-torch` runs it once per model and precision from bench/main.c, right after
our own run of that model, so the table's ratio is measured on the machine as it is now.
Each model is the one in bench/NAME.c (same layers, batch size, loss and Adam setting);
PyTorch's own default initialisation. One warm-up epoch over the
60,000 Fashion-MNIST training images, then --epochs timed epochs; the last line on
stdout is the median, for the harness to read:

    torch keras f64 1.9612 s/epoch (median of 3 after a warm-up), peak 512 MB, 2 threads, OpenBLAS Haswell

A model whose warm-up and timed epochs would take more than --budget seconds (PyTorch's
double-precision conv AE: about 442 s an epoch) is timed instead on as many batches as fit
in the budget, after a few batches of warm-up, and the time is scaled to an epoch; its
line says so:

    torch conv f64 441.8 s/epoch (median of 3 runs of 21 of 469 batches, scaled to an epoch), ...

Tuned (untuned PyTorch is 2.7-3.4x slower on this machine kind): OpenMP threads
sleep when idle (OMP_WAIT_POLICY=PASSIVE), malloc keeps freed memory (no page faults
from the per-batch tensors), and OpenBLAS gets the caller's OPENBLAS_CORETYPE.
Needs Debian's python3-torch (`make bench-torch` installs it).
"""
import argparse
import ctypes
import gzip
import os
import resource
import statistics
import struct
import sys
import time

FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
PRECISIONS = {"f64": "float64", "f32": "float32"}


def tune(threads):
    """Set up threads and malloc before torch is imported (libgomp reads its
    environment when it is loaded)."""
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"      # idle threads sleep instead of spinning
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    libc = ctypes.CDLL("libc.so.6")
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)        # batch tensors from the heap, not mmap
    libc.mallopt(M_TRIM_THRESHOLD, 1 << 30)         # and freed memory is kept for the next batch


args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
args.add_argument("--model", required=True, choices=["keras", "hinton", "conv", "vae", "gan"])
args.add_argument("--precision", default="f64", choices=sorted(PRECISIONS))
args.add_argument("--epochs", type=int, default=3, help="timed epochs after the warm-up (default 3)")
args.add_argument("--threads", type=int, default=2, help="OpenMP and OpenBLAS threads (default 2)")
args.add_argument("--images", default=FASHION, help="the training images (IDX, gzip)")
args.add_argument("--seed", type=int, default=1)
args.add_argument("--budget", type=float, default=60,
                  help="seconds for the warm-up and timed epochs; a slower model is timed on part "
                       "of an epoch and scaled (default 60)")
opt = args.parse_args()
tune(opt.threads)

import torch                     # noqa: E402  (after tune)
from torch import nn             # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(opt.threads)
torch.set_default_dtype(getattr(torch, PRECISIONS[opt.precision]))
torch.manual_seed(opt.seed)


def load_images(path):
    """The IDX file's images as an N x 784 tensor of the default dtype, scaled to [0, 1]."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != 2051:
        sys.exit(f"torch_bench: {path}: not an IDX image file")
    pixels = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).view(n, rows * cols)
    return pixels.to(torch.get_default_dtype()).div_(255)


def bce_logits(a, x):
    """Binary cross-entropy from logits, summed over the pixels, mean over the batch
    (ae_loss_bce_logits)."""
    return F.binary_cross_entropy_with_logits(a, x, reduction="sum") / len(x)


def dense_autoencoder(sizes, hidden, code):
    """The encoder sizes[0]-...-sizes[-1] and its mirror; code=None: a linear code."""
    layers = []
    pairs = list(zip(sizes[:-1], sizes[1:]))
    for i, (n_in, n_out) in enumerate(pairs):
        layers.append(nn.Linear(n_in, n_out))
        last = i == len(pairs) - 1
        if not last or code is not None:
            layers.append(code() if last else hidden())
    for i, (n_out, n_in) in enumerate(reversed(pairs)):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(pairs) - 1:
            layers.append(hidden())
    return nn.Sequential(*layers)   # logits: the sigmoid is inside the loss


def conv_autoencoder():
    """The Keras-blog conv AE (lessons/03-conv/convae.h, resize decoder)."""
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),                   # 16x14x14
        nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),                   # 8x7x7
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),    # 8x4x4
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),        # 8x8x8
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),        # 8x16x16
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.Upsample(scale_factor=2),                  # 16x28x28
        nn.Conv2d(16, 1, 3, padding=1),                                               # 1x28x28
        nn.Flatten())


class Autoencoder:
    """keras, hinton, conv: BCE from logits, Adam 1e-3."""

    def __init__(self, net, batch):
        self.net, self.batch = net, batch
        self.opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step(self, x):
        self.opt.zero_grad(set_to_none=True)
        loss = bce_logits(self.net(x), x)
        loss.backward()
        self.opt.step()


class VAE:
    """784-400-(mu 20, logvar 20) / 20-400-784 (lib/vae.h): BCE-sum + KL, Adam 1e-3."""

    def __init__(self, batch, D=784, H=400, L=20):
        self.enc = nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.Linear(H, 2 * L))
        self.dec = nn.Sequential(nn.Linear(L, H), nn.ReLU(), nn.Linear(H, D))
        self.batch = batch
        self.opt = torch.optim.Adam([*self.enc.parameters(), *self.dec.parameters()], lr=1e-3)

    def step(self, x):
        self.opt.zero_grad(set_to_none=True)
        mu, logvar = self.enc(x).chunk(2, dim=1)
        z = mu + torch.exp(logvar / 2) * torch.randn_like(mu)                  # (7.6)
        kl = -0.5 * torch.sum(1 + logvar - mu * mu - logvar.exp()) / len(x)    # (7.4)
        loss = bce_logits(self.dec(z), x) + kl                                 # (7.3)
        loss.backward()
        self.opt.step()


class GAN:
    """lib/gan.h: G 100-256-512-784 leaky relu, tanh; D 784-512-256-1 leaky relu;
    Adam 2e-4, beta1 0.5; a D step on real + fake rows, then a non-saturating G step."""

    def __init__(self, batch, D=784, nz=100):
        leaky = lambda: nn.LeakyReLU(0.2)   # noqa: E731
        self.G = nn.Sequential(nn.Linear(nz, 256), leaky(), nn.Linear(256, 512), leaky(),
                               nn.Linear(512, D), nn.Tanh())
        self.D = nn.Sequential(nn.Linear(D, 512), leaky(), nn.Linear(512, 256), leaky(),
                               nn.Linear(256, 1))
        self.batch, self.nz = batch, nz
        self.optG = torch.optim.Adam(self.G.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.optD = torch.optim.Adam(self.D.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def step(self, x):                                      # x in [-1, 1]
        B = len(x)
        self.optD.zero_grad(set_to_none=True)               # (8.1), (8.2)
        with torch.no_grad():
            fake = self.G(torch.randn(B, self.nz))
        a = self.D(torch.cat([x, fake]))
        target = torch.cat([torch.ones(B, 1), torch.zeros(B, 1)])
        loss_d = 2 * F.binary_cross_entropy_with_logits(a, target)   # mean real + mean fake
        loss_d.backward()
        self.optD.step()
        self.optG.zero_grad(set_to_none=True)               # (8.7), (8.3)
        a = self.D(self.G(torch.randn(self.batch, self.nz)))
        loss_g = F.softplus(-a).mean()
        loss_g.backward()
        self.optG.step()


def make_model(name):
    if name == "keras":
        return Autoencoder(dense_autoencoder([784, 128, 32], nn.ReLU, nn.ReLU), 256)
    if name == "hinton":
        return Autoencoder(dense_autoencoder([784, 1000, 500, 250, 30], nn.Sigmoid, None), 256)
    if name == "conv":
        return Autoencoder(conv_autoencoder(), 128)
    if name == "vae":
        return VAE(128)
    return GAN(128)


def epoch(model, images, batches=None):
    """One pass over the images in a new random order, one step per batch; only the
    first `batches` batches of it if given. Returns the seconds it took."""
    t0 = time.perf_counter()
    order = torch.randperm(len(images))
    for idx in order.split(model.batch)[:batches]:
        model.step(images.index_select(0, idx))
    return time.perf_counter() - t0


PROBE = 5   # batches timed (after as many for warm-up) to estimate an epoch


def blas_core():
    """The OpenBLAS kernel torch's BLAS calls run on (OPENBLAS_CORETYPE)."""
    try:
        get = ctypes.CDLL("libopenblas.so.0").openblas_get_corename
        get.restype = ctypes.c_char_p
        return "OpenBLAS " + get().decode()
    except (OSError, AttributeError):
        return "BLAS ?"


def main():
    images = load_images(opt.images)
    if opt.model == "gan":
        images.mul_(2).sub_(1)                  # pixels to tanh's [-1, 1], once, in place
    model = make_model(opt.model)
    tag = f"{opt.model} {opt.precision}"
    total = -(-len(images) // model.batch)      # batches in an epoch
    epoch(model, images, PROBE)                 # warm-up: caches, pages, threads
    per_batch = epoch(model, images, PROBE) / PROBE
    batches, how = None, "after a warm-up"
    if per_batch * total * (opt.epochs + 1) > opt.budget:
        batches = max(PROBE, min(total, round(opt.budget / opt.epochs / per_batch)))
        how = f"runs of {batches} of {total} batches, scaled to an epoch"
        print(f"torch {tag}: an epoch would take about {per_batch * total:.0f} s: timing {batches} "
              f"of its {total} batches, {opt.epochs} times, and scaling", file=sys.stderr, flush=True)
    else:
        epoch(model, images)                    # the warm-up epoch
    times = []
    for e in range(opt.epochs):
        times.append(epoch(model, images, batches) * total / (batches or total))
        print(f"torch {tag}: epoch {e + 1} {times[-1]:.3f} s", file=sys.stderr, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"torch {tag} {statistics.median(times):.4f} s/epoch (median of {opt.epochs} {how}), "
          f"peak {peak_mb:.0f} MB, {torch.get_num_threads()} threads, {blas_core()}")


if __name__ == "__main__":
    main()
