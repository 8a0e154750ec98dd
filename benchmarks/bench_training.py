"""How fast does nnlib train a two-layer network on MNIST?

Trains 784-H-10 networks (batch 100, learning rate 0.1, 600 steps an epoch) with

1. nnlib: TwoLayerNet in float32 trained by nnlib.training.train;
2. the textbook way, written below as in "Deep Learning from Scratch" (ch. 5): float64 weights,
   one-hot labels, layers that compute every gradient, a loss pass after every update - the baseline;
3. PyTorch on the CPU, if it is installed (it is not a dependency of the project);
4. for reference, the same float32 network as one hand-fused numpy function without layers or
   checks: about the least numpy can do per step.

All start from the same weights and see the same batches in the same order. The implementations take
turns epoch by epoch in one process, so a busy machine slows all of them alike. Reported: seconds of
training per epoch (median over the epochs; evaluation excluded), test accuracy after the last epoch,
ratios, and how close nnlib comes to the matrix-multiply bound: the time the six matrix products of
a step take on their own, measured here at exactly these shapes, times 600 steps. Together with the
time of copying the 600 batches out of the training set (which every implementation does), the five
products nnlib computes give a floor for its epoch (best times), compared with a quarter of the
textbook's best time.

    NNLIB_MNIST_SOURCE=<folder with the MNIST files> python benchmarks/bench_training.py
    python benchmarks/bench_training.py --epochs 17 --hidden 50      # longer, one size only

OPENBLAS_NUM_THREADS defaults to 1 (steadier timings on a shared machine), and PyTorch is set to one
thread to match; --threads changes both, always alike for every implementation.
"""
from __future__ import annotations

import argparse
import os
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=10, help="epochs per implementation (default 10)")
    parser.add_argument("--hidden", type=int, nargs="+", default=[50, 100], help="hidden sizes (default 50 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the initial weights and the batch order")
    parser.add_argument("--threads", type=int, default=1, help="BLAS and PyTorch threads (default 1)")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    return parser.parse_args()


ARGS = parse_args()
# Must be set before numpy loads OpenBLAS.
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import numpy as np  # noqa: E402

from nnlib.datasets import load_mnist  # noqa: E402
from nnlib.networks import TwoLayerNet  # noqa: E402
from nnlib.optim import SGD  # noqa: E402
from nnlib.training import train  # noqa: E402

BATCH_SIZE = 100
LR = 0.1


# --- the baseline: the textbook two-layer network ------------------------------------------------
# Written as in "Deep Learning from Scratch" (ch. 5, train_neuralnet.py): weights drawn in float64,
# images as its loader gives them (float32 in [0, 1], so every product is computed in float64),
# one-hot float64 labels, every layer computes its input gradient, a loss pass after every update.

def textbook_softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def textbook_cross_entropy_error(y, t):
    if t.size == y.size:  # one-hot -> label indices
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class TextbookAffine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


class TextbookRelu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class TextbookSoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        self.y = textbook_softmax(x)
        return textbook_cross_entropy_error(self.y, self.t)

    def backward(self, dout=1):
        return (self.y - self.t) / self.t.shape[0]


class TextbookTwoLayerNet:
    def __init__(self, params):
        self.params = {k: v.astype(np.float64) for k, v in params.items()}
        self.layers = {"Affine1": TextbookAffine(self.params["W1"], self.params["b1"]),
                       "Relu1": TextbookRelu(),
                       "Affine2": TextbookAffine(self.params["W2"], self.params["b2"])}
        self.last_layer = TextbookSoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        return float(np.sum(np.argmax(self.predict(x), axis=1) == np.argmax(t, axis=1)) / x.shape[0])

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}


def textbook_epoch(net, x_train, t_train, order):
    """One epoch of the textbook loop over the batches given by order; returns the losses."""
    losses = []
    for i in range(len(order) // BATCH_SIZE):
        batch_mask = order[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = net.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            net.params[key] -= LR * grad[key]
        losses.append(net.loss(x_batch, t_batch))
    return losses


# --- for reference: the least numpy can do per step ----------------------------------------------
# The same float32 network in one hand-fused function: the batch gathered into a reused array,
# softmax and its gradient computed in place, no checks, no layers. Not a way to teach; it shows
# how much of nnlib's time is its readable structure and how much is numpy itself.

class FusedNumpyNet:
    def __init__(self, params, x_train, t_train):
        self.params = {k: v.astype(np.float32) for k, v in params.items()}
        self.x_train, self.t_train = x_train, t_train
        self.x_batch = np.empty((BATCH_SIZE, x_train.shape[1]), dtype=np.float32)
        self.rows = np.arange(BATCH_SIZE)

    def step(self, batch):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        x = np.take(self.x_train, batch, axis=0, out=self.x_batch, mode="clip")
        t = self.t_train[batch]
        a1 = x @ W1
        a1 += b1
        mask = a1 > 0
        h = a1 * mask
        y = h @ W2
        y += b2
        y -= y.max(axis=1, keepdims=True)
        np.exp(y, out=y)
        y /= y.sum(axis=1, keepdims=True)
        loss = -float(np.log(y[self.rows, t]).mean())
        y[self.rows, t] -= 1  # y becomes dL/da2 = (y - t) / N
        y *= 1 / BATCH_SIZE
        dW2, db2 = h.T @ y, y.sum(axis=0)
        dh = y @ W2.T
        dh *= mask
        dW1, db1 = x.T @ dh, dh.sum(axis=0)
        dW1 *= LR
        W1 -= dW1
        W2 -= LR * dW2
        b1 -= LR * db1
        b2 -= LR * db2
        return loss

    def epoch(self, order):
        return [self.step(order[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]) for i in range(len(order) // BATCH_SIZE)]

    def accuracy(self, x, t):
        a1 = x @ self.params["W1"] + self.params["b1"]
        scores = np.maximum(a1, 0) @ self.params["W2"] + self.params["b2"]
        return float(np.mean(scores.argmax(axis=1) == t))


# --- PyTorch -------------------------------------------------------------------------------------

def torch_setup(params, x_train, t_train):
    import torch
    torch.set_num_threads(ARGS.threads)
    model = torch.nn.Sequential(torch.nn.Linear(*params["W1"].shape), torch.nn.ReLU(),
                                torch.nn.Linear(*params["W2"].shape))
    with torch.no_grad():
        for layer, l in ((model[0], 1), (model[2], 2)):
            layer.weight.copy_(torch.from_numpy(params[f"W{l}"].T.astype(np.float32)))
            layer.bias.copy_(torch.from_numpy(params[f"b{l}"].astype(np.float32)))
    return model, torch.optim.SGD(model.parameters(), lr=LR), torch.from_numpy(x_train), torch.from_numpy(t_train)


def torch_epoch(model, optimizer, x_train, t_train, order):
    import torch
    order = torch.from_numpy(order)
    for i in range(len(order) // BATCH_SIZE):
        batch = order[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]
        loss = torch.nn.functional.cross_entropy(model(x_train[batch]), t_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def torch_accuracy(model, x, t):
    import torch
    with torch.no_grad():
        return float((model(torch.from_numpy(x)).argmax(dim=1) == torch.from_numpy(t)).float().mean())


# --- the matrix-multiply bound -------------------------------------------------------------------

def matmul_products(hidden):
    """The six float32 matrix products of a training step, laid out as in the step, on random data.

    Returns a list of (name, a, b, flops) for the product a @ b, flops = 2·m·n·k for a (m, k) and b (k, n).
    """
    rng = np.random.default_rng(0)
    x = rng.random((BATCH_SIZE, 784), dtype=np.float32)
    W1, W2 = rng.random((784, hidden), dtype=np.float32), rng.random((hidden, 10), dtype=np.float32)
    h, dh = rng.random((BATCH_SIZE, hidden), dtype=np.float32), rng.random((BATCH_SIZE, hidden), dtype=np.float32)
    dout = rng.random((BATCH_SIZE, 10), dtype=np.float32)
    pairs = [("x·W1", x, W1), ("h·W2", h, W2), ("hᵀ·dout", h.T, dout), ("dout·W2ᵀ", dout, W2.T),
             ("xᵀ·dh", x.T, dh), ("dh·W1ᵀ", dh, W1.T)]
    return [(name, a, b, 2 * a.shape[0] * a.shape[1] * b.shape[1]) for name, a, b in pairs]


def matmul_epoch(products, steps):
    """Seconds that `steps` repetitions of each product take, by product name."""
    seconds = {}
    for name, a, b, _ in products:
        start_time = time.perf_counter()
        for _ in range(steps):
            a @ b
        seconds[name] = time.perf_counter() - start_time
    return seconds


def gather_epoch(x_train, order):
    """Seconds that copying an epoch's batches out of x_train takes (x_train[batch], as every loop does)."""
    start_time = time.perf_counter()
    for i in range(len(order) // BATCH_SIZE):
        x_train[order[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]]
    return time.perf_counter() - start_time


# --- the run -------------------------------------------------------------------------------------

NAMES = {"nnlib": "nnlib (float32)", "textbook": "textbook numpy (float64)", "torch": "PyTorch CPU (float32)",
         "fused": "hand-fused numpy (float32)"}


def benchmark_size(hidden, data, torch_version):
    """Train the implementations side by side.

    Returns (seconds per epoch by implementation, test accuracies, one dict per epoch of the seconds each
    product and the batch copies ("gather") took alone, FLOPs of the 6 products an epoch)."""
    (x_train, t_train), (x_test, t_test), onehot_train, onehot_test = data
    steps = len(x_train) // BATCH_SIZE
    start = TwoLayerNet(784, hidden, 10, weight_init_std=0.01, seed=ARGS.seed, dtype=np.float64).params
    ours = TwoLayerNet(784, hidden, 10, weight_init_std=0.01, seed=ARGS.seed, dtype=np.float32)
    textbook = TextbookTwoLayerNet(start)
    fused = FusedNumpyNet(start, x_train, t_train)
    if torch_version:
        model, optimizer, x_torch, t_torch = torch_setup(start, x_train, t_train)
    products = matmul_products(hidden)

    def run_nnlib(order, seed):
        hist = train(ours, x_train, t_train, epochs=1, batch_size=BATCH_SIZE, optimizer=SGD(LR), seed=seed)
        return hist.epoch_times[0]  # training only, without train()'s accuracy evaluation

    def run_textbook(order, seed):
        start_time = time.perf_counter()
        textbook_epoch(textbook, x_train, onehot_train, order)
        return time.perf_counter() - start_time

    def run_torch(order, seed):
        start_time = time.perf_counter()
        torch_epoch(model, optimizer, x_torch, t_torch, order)
        return time.perf_counter() - start_time

    def run_fused(order, seed):
        start_time = time.perf_counter()
        fused.epoch(order)
        return time.perf_counter() - start_time

    runs = {"nnlib": run_nnlib, "textbook": run_textbook, "fused": run_fused}
    if torch_version:
        runs["torch"] = run_torch
    runs["matmul"] = lambda order, seed: matmul_epoch(products, steps)
    runs["gather"] = lambda order, seed: gather_epoch(x_train, order)
    times = {name: [] for name in runs}
    for epoch in range(ARGS.epochs):
        # train() shuffles each epoch with default_rng(seed).permutation: the others get the same order.
        seed = ARGS.seed * 1000 + epoch
        order = np.random.default_rng(seed).permutation(len(x_train))
        names = list(runs)
        for name in names[epoch % len(names):] + names[:epoch % len(names)]:  # take turns going first
            times[name].append(runs[name](order, seed))
        print(f"  784-{hidden}-10 epoch {epoch + 1}/{ARGS.epochs}: "
              + ", ".join(f"{name} {t[-1]:.3f} s" for name, t in times.items() if name not in ("matmul", "gather"))
              + f", the 6 products alone {sum(times['matmul'][-1].values()):.3f} s"
              + f", the batch copies alone {times['gather'][-1]:.3f} s", flush=True)
    acc = {"nnlib": ours.accuracy(x_test, t_test), "textbook": textbook.accuracy(x_test, onehot_test),
           "fused": fused.accuracy(x_test, t_test)}
    if torch_version:
        acc["torch"] = torch_accuracy(model, x_test, t_test)
    matmul = times.pop("matmul")
    matmul = [{**s, "gather": g} for s, g in zip(matmul, times.pop("gather"))]
    flops = sum(f for *_, f in products) * steps
    return times, acc, matmul, flops


def main():
    (x_train, t_train), (x_test, t_test) = load_mnist()
    data = (x_train, t_train), (x_test, t_test), np.eye(10)[t_train], np.eye(10)[t_test]
    steps = len(x_train) // BATCH_SIZE
    torch_version = None
    if not ARGS.no_torch:
        try:
            import torch
            torch_version = torch.__version__
        except ImportError:
            pass
    print(f"MNIST {len(x_train)} train / {len(x_test)} test, batch {BATCH_SIZE}, lr {LR}, {steps} steps an "
          f"epoch, {ARGS.epochs} epochs, seed {ARGS.seed}")
    print(f"numpy {np.__version__}, {ARGS.threads} BLAS thread(s); PyTorch "
          f"{torch_version + f' ({ARGS.threads} thread(s))' if torch_version else 'not used'}")
    results = {hidden: benchmark_size(hidden, data, torch_version) for hidden in ARGS.hidden}

    print()
    print(f"Seconds of training per epoch (median and best of {ARGS.epochs}), speed-ups of the medians, "
          f"test accuracy after {ARGS.epochs} epochs")
    header = (f"{'network':<11}{'implementation':<27}{'median s':>9}{'best s':>8}{'vs textbook':>13}"
              f"{'vs PyTorch':>12}{'test acc':>10}")
    print(header)
    print("-" * len(header))
    for hidden, (times, acc, matmul, flops) in results.items():
        med = {name: float(np.median(t)) for name, t in times.items()}
        for name, t in times.items():
            vs_torch = f"{med['torch'] / med[name]:.2f}×" if "torch" in med else "-"
            print(f"{f'784-{hidden}-10':<11}{NAMES[name]:<27}{med[name]:>9.3f}{min(t):>8.3f}"
                  f"{med['textbook'] / med[name]:>12.2f}×{vs_torch:>12}{acc[name]:>10.4f}")
    print("Paired speed-ups (median over the epochs of each epoch's ratio, steadier on a busy machine):")
    for hidden, (times, acc, matmul, flops) in results.items():
        paired = {other: float(np.median(np.array(times[other]) / np.array(times["nnlib"])))
                  for other in times if other != "nnlib"}
        print(f"{f'784-{hidden}-10':<11}nnlib vs " + ", ".join(f"{NAMES[o]}: {r:.2f}×" for o, r in paired.items()))
    print()
    print(f"Matrix-multiply bound: the 6 float32 products of a step (2·m·n·k FLOPs each), timed alone at "
          f"exactly these shapes, {steps} times each, interleaved with the epochs above (medians)")
    for hidden, (times, acc, matmul, flops) in results.items():
        bound = float(np.median([sum(s.values()) - s["gather"] for s in matmul]))
        bound5 = float(np.median([sum(s.values()) - s["gather"] - s["dh·W1ᵀ"] for s in matmul]))
        # The floor compares best times (least disturbed by other processes), not medians.
        gather = min(s["gather"] for s in matmul)
        floor = min(sum(s.values()) - s["dh·W1ᵀ"] for s in matmul)
        target, best = min(times["textbook"]) / 4, min(times["nnlib"])
        ours = float(np.median(times["nnlib"]))
        print(f"784-{hidden}-10: {flops / 1e9:.1f} GFLOP an epoch at {flops / bound / 1e9:.0f} GFLOP/s = "
              f"{bound:.3f} s; nnlib ({ours:.3f} s) runs at {100 * bound / ours:.0f} % of the matmul bound")
        print(f"{'':<12}nnlib skips the first layer's input gradient dx = dh·W1ᵀ: the bound of the 5 products "
              f"it computes is {bound5:.3f} s ({100 * bound5 / ours:.0f} %)")
        print(f"{'':<12}best times: copying the batches out of the training set {gather:.3f} s, with the 5 products "
              f"a floor of {floor:.3f} s; 4× the textbook's best is {target:.3f} s, which leaves "
              f"{1e6 * (target - floor) / steps:.0f} µs a step for everything else; nnlib's best {best:.3f} s "
              f"spends {1e6 * (best - floor) / steps:.0f} µs a step on it (softmax, ReLU, biases, update, Python), "
              f"the hand-fused loop's best {min(times['fused']):.3f} s {1e6 * (min(times['fused']) - floor) / steps:.0f} µs")


if __name__ == "__main__":
    sys.exit(main())
