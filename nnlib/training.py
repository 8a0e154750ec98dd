"""The mini-batch training loop (chapter 3).

Each step: take a batch, compute the gradient by backpropagation (which also gives the batch's loss),
update the parameters. After each epoch: accuracy on the training and the test data.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .optim import SGD

__all__ = ["train", "History", "TrainingDiverged"]


class TrainingDiverged(RuntimeError):
    """Training made the network worse, not better: the learning rate is usually too large.

    Raised when the loss becomes NaN or infinite, or when the mean loss of an epoch ends a quarter above
    both the loss at the first step and log(classes), the loss of a network that guesses uniformly.
    """


@dataclass
class History:
    """What train() records.

    loss: the loss of every step; train_acc, test_acc: accuracy after each epoch (test_acc stays empty
    without test data); epoch_times: seconds of training per epoch, evaluation excluded;
    steps_per_epoch: ceil(N / batch_size).
    """

    loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    test_acc: list = field(default_factory=list)
    epoch_times: list = field(default_factory=list)
    steps_per_epoch: int = 0


def _accuracy(network, x, t, batch_size: int = 10_000) -> float:
    """network.accuracy over x in batches, so memory stays bounded on large data sets."""
    correct = 0
    for start in range(0, len(x), batch_size):
        correct += network.accuracy(x[start:start + batch_size], t[start:start + batch_size]) * \
            len(x[start:start + batch_size])
    return correct / len(x)


def _suggest_smaller_lr(optimizer) -> str:
    lr = getattr(optimizer, "lr", None)
    if lr is None:
        return "learning rate is probably too large; try a smaller learning rate"
    return f"learning rate {lr:g} is probably too large; try a smaller learning rate, e.g. lr={lr / 10:g}"


def _check_data(network, x, t, name: str):
    """x as an array of the network's dtype (converted once here, not at every step), t as an array."""
    x = np.asarray(x, dtype=getattr(network, "dtype", None))
    t = np.asarray(t)
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(f"train expects x_{name} of shape (N, features) with N > 0, got shape {x.shape}")
    if len(t) != len(x):
        raise ValueError(f"train expects t_{name} with one label per sample ({len(x)}), got {len(t)}")
    if not np.isfinite(x).all():  # once here, so that a NaN loss later always means divergence
        raise ValueError(f"train expects finite x_{name}, got NaN or infinite values")
    return x, t


def train(network, x_train, t_train, x_test=None, t_test=None, *, epochs: int = 10, batch_size: int = 100,
          optimizer=None, seed: int = 0, verbose: bool = False, max_steps: int | None = None) -> History:
    """Train network with mini-batch gradient descent; returns a History.

    network: has params, gradient(x, t) (setting last_loss) and accuracy(x, t), like TwoLayerNet.
    x_train (N, features), t_train integer labels (N,) or one-hot (N, classes); likewise the optional test data.
    batch_size: 1 is SGD, len(x_train) is full-batch gradient descent. Each epoch shuffles the data
    (np.random.default_rng(seed), so the same seed gives the same History) and makes ceil(N / batch_size)
    steps. optimizer: default SGD(lr=0.1). max_steps: stop after this many steps in total.
    Raises TrainingDiverged if the loss becomes NaN or infinite, or if an epoch ends with a mean loss a
    quarter above both the first step's loss and log(classes) (clearly worse than guessing: a stable
    softmax keeps a diverging loss finite, so NaN alone would miss most divergence).
    """
    x_train, t_train = _check_data(network, x_train, t_train, "train")
    has_test = x_test is not None and t_test is not None
    if has_test:
        x_test, t_test = _check_data(network, x_test, t_test, "test")
    n = len(x_train)
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= n:
        raise ValueError(f"train expects batch_size from 1 to len(x_train) = {n}, got {batch_size!r}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"train expects epochs to be a positive integer, got {epochs!r}")
    if max_steps is not None and (not isinstance(max_steps, (int, np.integer)) or max_steps < 1):
        raise ValueError(f"train expects max_steps to be None or a positive integer, got {max_steps!r}")
    if optimizer is None:
        optimizer = SGD(lr=0.1)

    n_classes = t_train.shape[1] if t_train.ndim == 2 else int(t_train.max()) + 1
    rng = np.random.default_rng(seed)
    history = History(steps_per_epoch=math.ceil(n / batch_size))
    step = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        start_time = time.perf_counter()
        # A diverging run overflows on its way to NaN: it is reported once, as TrainingDiverged, not as warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(history.steps_per_epoch):
                if max_steps is not None and step >= max_steps:
                    break
                batch = order[i * batch_size:(i + 1) * batch_size]
                grads = network.gradient(x_train[batch], t_train[batch])
                loss = network.last_loss
                step += 1
                if not math.isfinite(loss):
                    raise TrainingDiverged(f"training diverged at epoch {epoch}, step {step}: the loss is "
                                           f"{loss}; the {_suggest_smaller_lr(optimizer)}")
                optimizer.update(network.params, grads)
                history.loss.append(loss)
        history.epoch_times.append(time.perf_counter() - start_time)
        steps_done = step - (epoch - 1) * history.steps_per_epoch
        epoch_loss = float(np.mean(history.loss[-steps_done:]))
        # Noise can lift an epoch a little above its start; divergence lifts it far above.
        if epoch_loss > 1.25 * max(history.loss[0], math.log(n_classes)):
            raise TrainingDiverged(
                f"training diverged in epoch {epoch}: its mean loss {epoch_loss:.4g} is well above the loss "
                f"at the first step ({history.loss[0]:.4g}) and of uniform guessing "
                f"({math.log(n_classes):.4g}); the {_suggest_smaller_lr(optimizer)}")

        history.train_acc.append(_accuracy(network, x_train, t_train))
        if has_test:
            history.test_acc.append(_accuracy(network, x_test, t_test))
        if verbose:
            line = (f"epoch {epoch:{len(str(epochs))}d}/{epochs}  "
                    f"loss {epoch_loss:.4f}  train acc {history.train_acc[-1]:.4f}")
            if has_test:
                line += f"  test acc {history.test_acc[-1]:.4f}"
            print(line)
        if max_steps is not None and step >= max_steps:
            break
    return history
