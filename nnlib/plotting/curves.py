"""Function plots, loss and accuracy curves, and probability bar charts (chapters 2, 3).

Labels and titles come from the caller, so the Russian and English notebooks share the code.
Each function draws into ``ax`` if given, else into a new figure, and returns the Axes
(``plot_history`` returns the Figure).
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_functions", "plot_loss", "plot_history", "plot_probabilities", "moving_average",
           "label_axes"]


def label_axes(ax, title=None, xlabel=None, ylabel=None):
    """Set whichever of the title and axis labels are given (the caller's words, in its language)."""
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


TRAIN_COLOR = "tab:blue"
TEST_COLOR = "tab:orange"
HIGHLIGHT_COLOR = "tab:blue"
OTHER_COLOR = "lightgray"


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def moving_average(values, k: int) -> np.ndarray:
    """Mean of each window of k consecutive values: shape (n,) -> (n − k + 1,)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError(f"moving_average expects a 1-D sequence, got shape {values.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= len(values):
        raise ValueError(f"moving_average expects a window k from 1 to {len(values)} "
                         f"(the number of values), got {k!r}")
    cumsum = np.cumsum(np.concatenate(([0.0], values)))
    return (cumsum[k:] - cumsum[:-k]) / k


def plot_functions(x, curves: Mapping, ax=None, title=None, xlabel=None, ylabel=None, ylim=None):
    """Plot several functions of the same x.

    curves: {label: y} or {label: (y, fmt)}, each y of x's length; fmt is a matplotlib format
    string such as "--" or "r:".
    """
    x = np.asarray(x)
    if x.ndim != 1:
        raise ValueError(f"plot_functions expects x of shape (n,), got shape {x.shape}")
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError("plot_functions expects curves as a non-empty dict {label: y} or {label: (y, fmt)}")
    ax = _axes(ax)
    for label, curve in curves.items():
        has_fmt = isinstance(curve, tuple) and len(curve) == 2 and isinstance(curve[1], str)
        y, fmt = curve if has_fmt else (curve, "-")
        y = np.asarray(y)
        if y.shape != x.shape:
            raise ValueError(f"plot_functions expects y of shape {x.shape} like x for curve "
                             f"{label!r}, got shape {y.shape}")
        ax.plot(x, y, fmt, label=label)
    if any(label for label in curves):
        ax.legend()
    label_axes(ax, title, xlabel, ylabel)
    if ylim is not None:
        ax.set_ylim(ylim)
    ax.grid(True, alpha=0.3)
    return ax


def plot_loss(losses, ax=None, label=None, xlabel=None, ylabel=None, smooth: int = 1,
              logy: bool = False, **plot_kwargs):
    """Plot a loss per training step; smooth=k draws the moving average over k steps.

    The smoothed value of a window is drawn at the window's last step. Extra keyword arguments
    (color, alpha, ...) go to ``ax.plot``.
    """
    losses = np.asarray(losses, dtype=np.float64)
    if losses.ndim != 1 or losses.size == 0:
        raise ValueError(f"plot_loss expects a non-empty 1-D sequence of losses, got shape {losses.shape}")
    ax = _axes(ax)
    y = moving_average(losses, smooth)
    steps = np.arange(smooth - 1, len(losses))
    ax.plot(steps, y, label=label, **plot_kwargs)
    if logy:
        ax.set_yscale("log")
    if label is not None:
        ax.legend()
    label_axes(ax, None, xlabel, ylabel)
    ax.grid(True, alpha=0.3)
    return ax


def plot_history(history, labels: Mapping, smooth: int = 1, figsize=(11, 4)):
    """Two panels: the loss per step (left) and train/test accuracy per epoch (right).

    history: any object with lists ``loss`` (per step), ``train_acc`` and ``test_acc`` (per epoch;
    test_acc may be empty). labels: dict with keys "loss", "train", "test", "step", "epoch",
    "accuracy", "loss_axis". Returns the Figure.
    """
    for attr in ("loss", "train_acc", "test_acc"):
        if not hasattr(history, attr):
            raise TypeError(f"plot_history expects a history with attributes loss, train_acc and "
                            f"test_acc, missing {attr!r}")
    needed = ["loss", "train", "step", "epoch", "accuracy", "loss_axis"]
    if len(history.test_acc):
        needed.append("test")
    missing = [key for key in needed if key not in labels]
    if missing:
        raise ValueError(f"plot_history expects labels with keys {needed}, missing {missing}")

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=figsize)
    plot_loss(history.loss, ax=ax_loss, label=labels["loss"], xlabel=labels["step"],
              ylabel=labels["loss_axis"], smooth=smooth, color=TRAIN_COLOR)

    epochs = np.arange(1, len(history.train_acc) + 1)
    ax_acc.plot(epochs, history.train_acc, "o-", color=TRAIN_COLOR, label=labels["train"])
    if len(history.test_acc):
        test_epochs = np.arange(1, len(history.test_acc) + 1)
        ax_acc.plot(test_epochs, history.test_acc, "s--", color=TEST_COLOR, label=labels["test"])
    ax_acc.set_xlabel(labels["epoch"])
    ax_acc.set_ylabel(labels["accuracy"])
    ax_acc.xaxis.get_major_locator().set_params(integer=True)
    ax_acc.legend()
    ax_acc.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def plot_probabilities(p, ax=None, xlabel=None, ylabel=None, title=None, class_names=None):
    """Bar chart of class probabilities p (n,), each value written on its bar, the most probable
    class (argmax) highlighted."""
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"plot_probabilities expects probabilities of shape (n,), got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError("plot_probabilities expects finite probabilities, got NaN or infinity")
    names = [str(i) for i in range(p.size)] if class_names is None else [str(c) for c in class_names]
    if len(names) != p.size:
        raise ValueError(f"plot_probabilities expects {p.size} class names (one per probability), "
                         f"got {len(names)}")
    ax = _axes(ax)
    best = int(np.argmax(p))
    colors = [HIGHLIGHT_COLOR if i == best else OTHER_COLOR for i in range(p.size)]
    bars = ax.bar(np.arange(p.size), p, color=colors)
    ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks(np.arange(p.size), names)
    if p.min() >= 0 and p.max() <= 1:
        ax.set_ylim(0, 1.05)
    label_axes(ax, title, xlabel, ylabel)
    ax.grid(True, axis="y", alpha=0.3)
    return ax
