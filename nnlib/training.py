"""The mini-batch training loop (chapter 3).

``train_epoch`` is one pass over the data: for each mini-batch, the gradient by backpropagation
(which also gives the batch's loss), then the update of the parameters. ``train`` repeats it for
several epochs, measures the accuracy on the training and the test data after each, and stops
early, with the best parameters, when the test accuracy has not improved for ``patience`` epochs.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from . import guards
from .i18n import Messages
from .optim import SGD

__all__ = ["train", "train_epoch", "History", "TrainingDiverged"]

_ = Messages("training", {
    "epoch": {
        "en": "epoch {epoch}/{epochs}  loss {loss:.4f}  train acc {train:.4f}",
        "ru": "эпоха {epoch}/{epochs}  потери {loss:.4f}  точность на обучении {train:.4f}"},
    "epoch_test": {
        "en": "  test acc {test:.4f}",
        "ru": "  на тесте {test:.4f}"},
    "stopped": {
        "en": "stopped early: no better test accuracy for {patience} epochs; parameters of epoch {best} "
              "restored (test acc {acc:.4f})",
        "ru": "ранняя остановка: точность на тесте не росла {patience} эпох; восстановлены параметры "
              "эпохи {best} (точность на тесте {acc:.4f})"},
    "not_finite": {
        "en": "training diverged in epoch {epoch}, step {step}: the loss is {loss}; {advice}",
        "ru": "обучение разошлось на эпохе {epoch}, шаге {step}: функция потерь равна {loss}; {advice}"},
    "growing": {
        "en": "training diverged in epoch {epoch}: its mean loss {loss:.4g} is well above the loss at the "
              "first step ({first:.4g}) and of uniform guessing ({uniform:.4g}); {advice}",
        "ru": "обучение разошлось на эпохе {epoch}: средние потери {loss:.4g} намного больше, чем на первом "
              "шаге ({first:.4g}) и при равновероятном угадывании ({uniform:.4g}); {advice}"},
    "smaller_lr": {
        "en": "the learning rate {lr:g} is probably too large; try a smaller one, e.g. lr={smaller:g}",
        "ru": "скорость обучения {lr:g}, вероятно, слишком велика; возьмите меньше, например lr={smaller:g}"},
    "smaller_lr_unknown": {
        "en": "the learning rate is probably too large; try a smaller one",
        "ru": "скорость обучения, вероятно, слишком велика; возьмите меньше"},
    "unnormalised": {
        "en": "the inputs range from {low:g} to {high:g}, far outside [0, 1]: they look unnormalised. "
              "Scale them first (for MNIST, x / 255 or load_mnist(normalize=True)); a smaller learning "
              "rate does not fix this",
        "ru": "входы лежат в диапазоне от {low:g} до {high:g}, далеко за пределами [0, 1]: похоже, данные "
              "не нормированы. Сначала отмасштабируйте их (для MNIST x / 255 или "
              "load_mnist(normalize=True)); уменьшение скорости обучения здесь не поможет"},
})

# Inputs beyond this magnitude are "far outside [0, 1]" (MNIST pixels 0..255, not 0..1).
UNNORMALISED = 10.0


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
    steps_per_epoch: ceil(N / batch_size); best_epoch: the epoch with the highest test accuracy
    (None without test data); stopped_early: whether patience ended the training.
    """

    loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    test_acc: list = field(default_factory=list)
    epoch_times: list = field(default_factory=list)
    steps_per_epoch: int = 0
    stopped_early: bool = False

    @property
    def best_epoch(self) -> int | None:
        return int(np.argmax(self.test_acc)) + 1 if self.test_acc else None


def train_epoch(network, x, t, order, batch_size, optimizer) -> list:
    """One epoch of mini-batch gradient descent over the samples in order; returns each step's loss."""
    losses = []
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        grads = network.gradient(x[batch], t[batch])    # forward and backward pass
        optimizer.update(network.params, grads)         # W ← W − η·∂L/∂W
        losses.append(network.last_loss)
    return losses


def _accuracy(network, x, t, batch_size: int = 10_000) -> float:
    """network.accuracy over x in batches, so memory stays bounded on large data sets."""
    correct = 0.0
    for start in range(0, len(x), batch_size):
        part = slice(start, start + batch_size)
        correct += network.accuracy(x[part], t[part]) * len(x[part])
    return correct / len(x)


def _advice(optimizer, x) -> str:
    """Why training probably diverged: inputs far outside [0, 1], else a too large learning rate."""
    low, high = float(x.min()), float(x.max())
    if max(abs(low), abs(high)) > UNNORMALISED:
        return _("unnormalised", low=low, high=high)
    lr = getattr(optimizer, "lr", None)
    return _("smaller_lr_unknown") if lr is None else _("smaller_lr", lr=lr, smaller=lr / 10)


def train(network, x_train, t_train, x_test=None, t_test=None, *, epochs: int = 10, batch_size: int = 100,
          optimizer=None, seed: int = 0, verbose: bool = False, max_steps: int | None = None,
          patience: int | None = None) -> History:
    """Train network with mini-batch gradient descent; returns a History.

    network: has params, gradient(x, t) (setting last_loss) and accuracy(x, t), like TwoLayerNet.
    x_train (N, features), t_train integer labels (N,) or one-hot (N, classes); likewise the optional test data.
    batch_size: 1 is SGD, len(x_train) is full-batch gradient descent. Each epoch shuffles the data
    (np.random.default_rng(seed), so the same seed gives the same History) and makes ceil(N / batch_size)
    steps. optimizer: default SGD(lr=0.1). max_steps: stop after this many steps in total.
    patience: early stopping; stop when the test accuracy has not improved for this many epochs and
    restore the parameters of the best epoch (needs test data, which then serves as held-out data).
    Raises TrainingDiverged if the loss becomes NaN or infinite, or if an epoch ends with a mean loss a
    quarter above both the first step's loss and log(classes) (clearly worse than guessing: a stable
    softmax keeps a diverging loss finite, so NaN alone would miss most divergence). Its message says
    whether the inputs look unnormalised or the learning rate too large.
    """
    x_train, t_train = guards.train_data(network, x_train, t_train, "train")
    has_test = x_test is not None and t_test is not None
    if has_test:
        x_test, t_test = guards.train_data(network, x_test, t_test, "test")
    n = len(x_train)
    guards.train_options(n, epochs, batch_size, max_steps, patience, has_test)
    optimizer = SGD(lr=0.1) if optimizer is None else optimizer

    n_classes = t_train.shape[1] if t_train.ndim == 2 else int(t_train.max()) + 1
    rng = np.random.default_rng(seed)
    history = History(steps_per_epoch=math.ceil(n / batch_size))
    best_params, steps_left = None, max_steps
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        if steps_left is not None:
            order = order[:steps_left * batch_size]
        start_time = time.perf_counter()
        # A diverging run overflows on its way to NaN: it is reported once, as TrainingDiverged, not as warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            losses = train_epoch(network, x_train, t_train, order, batch_size, optimizer)
        history.epoch_times.append(time.perf_counter() - start_time)
        _check_divergence(history, losses, epoch, n_classes, optimizer, x_train)
        history.loss += losses

        history.train_acc.append(_accuracy(network, x_train, t_train))
        if has_test:
            history.test_acc.append(_accuracy(network, x_test, t_test))
        if verbose:
            line = _("epoch", epoch=f"{epoch:{len(str(epochs))}d}", epochs=epochs, loss=float(np.mean(losses)),
                     train=history.train_acc[-1])
            print(line + (_("epoch_test", test=history.test_acc[-1]) if has_test else ""))
        if patience is not None:
            if history.best_epoch == epoch:
                best_params = {key: value.copy() for key, value in network.params.items()}
            elif epoch - history.best_epoch >= patience:
                for key, value in best_params.items():
                    network.params[key][...] = value
                history.stopped_early = True
                if verbose:
                    print(_("stopped", patience=patience, best=history.best_epoch,
                            acc=history.test_acc[history.best_epoch - 1]))
                break
        if steps_left is not None:
            steps_left -= len(losses)
            if steps_left <= 0:
                break
    return history


def _check_divergence(history: History, losses: list, epoch: int, n_classes: int, optimizer, x) -> None:
    """Raise TrainingDiverged if a loss is NaN or infinite, or the epoch's mean loss is far above the start."""
    for i, loss in enumerate(losses):
        if not math.isfinite(loss):
            step = len(history.loss) + i + 1
            raise TrainingDiverged(_("not_finite", epoch=epoch, step=step, loss=loss, advice=_advice(optimizer, x)))
    first = history.loss[0] if history.loss else losses[0]
    epoch_loss = float(np.mean(losses))
    # Noise can lift an epoch a little above its start; divergence lifts it far above.
    if epoch_loss > 1.25 * max(first, math.log(n_classes)):
        raise TrainingDiverged(_("growing", epoch=epoch, loss=epoch_loss, first=first,
                                 uniform=math.log(n_classes), advice=_advice(optimizer, x)))
