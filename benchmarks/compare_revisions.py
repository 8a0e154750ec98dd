"""Is nnlib faster or slower than at another git revision? An A/B run in one process.

Loads nnlib twice, from the working tree and from a revision (checked out into a temporary git
worktree and imported under another name), and trains the same 784-H-10 network with both and with
the hand-fused loop of bench_training.py. They take turns in blocks of 20 steps, so that a busy
machine slows all of them alike; reported are the medians of the per-step times of the blocks, the
medians of the paired ratios, and whether both versions trained bit-identical weights and losses.

    NNLIB_MNIST_SOURCE=<folder with the MNIST files> python benchmarks/compare_revisions.py --base HEAD~1
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 20      # steps per turn
BATCH_SIZE = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--epochs", type=int, default=6, help="epochs per implementation (default 6)")
    parser.add_argument("--hidden", type=int, nargs="+", default=[50, 100], help="hidden sizes (default 50 100)")
    return parser.parse_args()


def load_package(name: str, folder: Path):
    """Import the package in folder under another name (its relative imports follow it)."""
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py", submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main():
    args = parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.argv = [sys.argv[0], "--no-torch"]     # bench_training parses its own arguments on import
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import numpy as np

    import bench_training
    import nnlib.networks
    import nnlib.optim
    import nnlib.training
    from nnlib.datasets import load_mnist

    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.base],
                       check=True, capture_output=True)
        try:
            load_package("nnlib_base", worktree / "nnlib")
            import nnlib_base.networks
            import nnlib_base.optim
            import nnlib_base.training
            (x, t), _ = load_mnist()
            versions = {"base": (nnlib_base.networks, nnlib_base.optim, nnlib_base.training),
                        "new": (nnlib.networks, nnlib.optim, nnlib.training)}
            print(f"{args.base} ('base') against the working tree ('new'), blocks of {BLOCK} steps, "
                  f"{args.epochs} epochs, {os.environ['OPENBLAS_NUM_THREADS']} BLAS thread(s)")
            for hidden in args.hidden:
                compare(hidden, versions, bench_training, x, t, args.epochs, np)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)


def compare(hidden, versions, bench_training, x, t, epochs, np):
    runs, losses = {}, {}
    for name, (networks, optim, training) in versions.items():
        net = networks.TwoLayerNet(784, hidden, 10, weight_init_std=0.01, seed=0)
        runs[name] = (net, optim.SGD(0.1), training.train_epoch)
        losses[name] = []
    start = versions["new"][0].TwoLayerNet(784, hidden, 10, weight_init_std=0.01, seed=0, dtype=np.float64).params
    fused = bench_training.FusedNumpyNet(start, x, t)
    times = {name: [] for name in [*runs, "fused"]}
    turn = 0
    # train() runs its epochs under this errstate too.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            order = np.random.default_rng(epoch).permutation(len(x))
            for first in range(0, len(order), BLOCK * BATCH_SIZE):
                block = order[first:first + BLOCK * BATCH_SIZE]
                names = list(times)
                turn += 1
                for name in names[turn % len(names):] + names[:turn % len(names)]:
                    start_time = time.perf_counter()
                    if name == "fused":
                        fused.epoch(block)
                    else:
                        net, optimizer, train_epoch = runs[name]
                        losses[name] += train_epoch(net, x, t, block, BATCH_SIZE, optimizer)
                    times[name].append((time.perf_counter() - start_time) / BLOCK * 1e6)
    base, new, fast = (np.array(times[name]) for name in ("base", "new", "fused"))
    same = losses["base"] == losses["new"] and all(
        np.array_equal(runs["base"][0].params[key], runs["new"][0].params[key]) for key in start)
    print(f"784-{hidden}-10: µs a step (medians of {len(new)} blocks) base {np.median(base):.1f}, "
          f"new {np.median(new):.1f}, hand-fused {np.median(fast):.1f}; paired: new is "
          f"{np.median(base / new):.3f}× as fast as base, {np.median(fast / new):.3f}× the hand-fused loop "
          f"(base {np.median(fast / base):.3f}×); bit-identical training: {same}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
