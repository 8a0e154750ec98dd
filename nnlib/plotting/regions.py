"""Decision regions of a two-input perceptron (chapter 1).

The plane (x1, x2) is coloured by what a model outputs at each point: 1 blue, 0 red, the
book's colours. A perceptron with weights w and bias b splits the plane along the line
w1·x1 + w2·x2 + b = 0; any other model (a network of gates, say) can be drawn from a
``predict`` function computed on a grid. All words come from the caller, so the Russian and
English notebooks draw the same figure with their own labels.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .curves import label_axes

__all__ = [
    "COLOR_ONE", "COLOR_ZERO", "CORNERS", "linear_predict", "plot_points", "plot_separating_line",
    "plot_regions", "plot_decision_regions", "plot_region_panels", "plot_learning_progress",
    "plot_errors_per_epoch",
]

COLOR_ONE = "tab:blue"    # output 1
COLOR_ZERO = "tab:red"    # output 0
REGION_ALPHA = 0.22
# The four inputs of a two-input gate, in the lecture's order (0,0), (1,0), (0,1), (1,1).
CORNERS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
DEFAULT_LIM = (-0.5, 1.5)


def _check_params(w, b) -> tuple[np.ndarray, float]:
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,) (weights w1, w2 of a 2-input perceptron), got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"w must be finite, got {w.tolist()}")
    if np.ndim(b) != 0:
        raise ValueError(f"b must be a scalar, got an array of shape {np.shape(b)}")
    b = float(b)
    if not np.isfinite(b):
        raise ValueError(f"b must be finite, got {b}")
    return w, b


def _check_points(points, labels=None, name: str = "labels") -> tuple[np.ndarray, np.ndarray | None]:
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2), got shape {points.shape}")
    if labels is None:
        return points, None
    labels = np.asarray(labels)
    if labels.shape != (len(points),):
        raise ValueError(f"{name} must have shape ({len(points)},), one 0/1 value per point, "
                         f"got shape {labels.shape}")
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError(f"{name} must contain only 0 and 1, got {sorted(set(labels.tolist()))}")
    return points, labels.astype(int)


def _handles(legend_labels=None, line=None, line_label=None, mistakes: bool = False,
             mistake_label=None) -> list:
    """Legend entries: the two regions, the separating line, the ring marking a mistake."""
    handles = []
    if legend_labels is not None:
        handles += [Patch(facecolor=COLOR_ONE, alpha=0.5, label=legend_labels[0]),
                    Patch(facecolor=COLOR_ZERO, alpha=0.5, label=legend_labels[1])]
    if line is not None and line_label is not None:
        handles.append(Line2D([], [], color=line.get_color(), linewidth=line.get_linewidth(), label=line_label))
    if mistakes and mistake_label is not None:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=13, markerfacecolor="none",
                              markeredgecolor="black", markeredgewidth=2.0, label=mistake_label))
    return handles


def _legend_outside(ax: Axes, handles: list) -> None:
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, borderaxespad=0)


def linear_predict(w, b) -> Callable[[np.ndarray], np.ndarray]:
    """The perceptron y = 1 if x·w + b > 0 else 0 as a function of points X of shape (N, 2)."""
    w, b = _check_params(w, b)

    def predict(X: np.ndarray) -> np.ndarray:
        return (np.asarray(X, dtype=np.float64) @ w + b > 0).astype(int)

    return predict


def _new_axes(ax: Axes | None, lim, xlabel, ylabel, title) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4.2))
    ax.set_xlim(lim)
    ax.set_ylim(lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$" if xlabel is None else xlabel)
    ax.set_ylabel("$x_2$" if ylabel is None else ylabel)
    if title:
        ax.set_title(title)
    return ax


def plot_points(points, labels, ax: Axes | None = None, *, lim=DEFAULT_LIM, title: str | None = None,
                xlabel: str | None = None, ylabel: str | None = None,
                legend_labels: Sequence[str] | None = None, annotate: bool = True) -> Axes:
    """Mark points (N, 2) by their 0/1 labels (N,): 1 a blue disc, 0 a red disc.

    legend_labels: (text for 1, text for 0), or None for no legend.
    annotate: write the coordinates "(x1, x2)" next to each point.
    """
    points, labels = _check_points(points, labels)
    ax = _new_axes(ax, lim, xlabel, ylabel, title)
    for value, color in ((1, COLOR_ONE), (0, COLOR_ZERO)):
        sel = labels == value
        if not sel.any():
            continue
        label = None if legend_labels is None else legend_labels[1 - value]
        pts = ax.scatter(points[sel, 0], points[sel, 1], s=110, color=color, edgecolors="black",
                         linewidths=1.0, zorder=4, label=label)
        pts.set_gid(f"points-{value}")
    if annotate:
        for x1, x2 in points:
            ax.annotate(f"({x1:g}, {x2:g})", (x1, x2), textcoords="offset points", xytext=(7, 7),
                        fontsize=8, color="0.25", zorder=5)
    if legend_labels is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, borderaxespad=0)
    return ax


def plot_separating_line(ax: Axes, w, b, *, lim=DEFAULT_LIM, label: str | None = None, **style):
    """Draw the line w1·x1 + w2·x2 + b = 0 across the square lim × lim.

    Returns the Line2D, or None when w = (0, 0): then there is no line (the output is constant).
    """
    w, b = _check_params(w, b)
    style = {"color": "black", "linewidth": 1.8, **style}
    lo, hi = lim
    if w[0] == 0 and w[1] == 0:
        return None
    if abs(w[1]) >= abs(w[0]):          # solve for x2: steep lines are drawn the other way round
        x1 = np.array([lo, hi], dtype=np.float64)
        x2 = -(w[0] * x1 + b) / w[1]
    else:
        x2 = np.array([lo, hi], dtype=np.float64)
        x1 = -(w[1] * x2 + b) / w[0]
    (line,) = ax.plot(x1, x2, label=label, zorder=3, **style)
    line.set_gid("separating-line")
    ax.set_xlim(lim)
    ax.set_ylim(lim)
    return line


def plot_regions(predict: Callable[[np.ndarray], np.ndarray], ax: Axes | None = None, *,
                 points=CORNERS, labels=None, lim=DEFAULT_LIM, resolution: int = 301,
                 title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
                 legend_labels: Sequence[str] | None = None, mistake_label: str | None = None,
                 annotate: bool = True) -> Axes:
    """Colour the plane by predict's output (blue 1, red 0) and mark the points.

    predict: a function of X (M, 2) returning M values 0/1 (evaluated on a resolution² grid).
    points: (N, 2) points to mark, the four corners by default; None marks none.
    labels: (N,) the points' true 0/1 values; the points are coloured by them, and a point the
        model gets wrong is ringed in black. None colours the points by predict itself.
    legend_labels: (text for 1, text for 0) for the legend; mistake_label names the rings.
    """
    ax = _new_axes(ax, lim, xlabel, ylabel, title)
    lo, hi = lim
    grid = np.linspace(lo, hi, resolution)
    xx, yy = np.meshgrid(grid, grid)
    Z = np.asarray(predict(np.column_stack([xx.ravel(), yy.ravel()])))
    if Z.shape != (xx.size,) or not np.all((Z == 0) | (Z == 1)):
        raise ValueError(f"predict must return {xx.size} values 0/1 for {xx.size} points, "
                         f"got shape {Z.shape} with values {np.unique(Z)[:5].tolist()}")
    image = ax.imshow(Z.reshape(xx.shape), origin="lower", extent=(lo, hi, lo, hi), vmin=0, vmax=1,
                      cmap=ListedColormap([COLOR_ZERO, COLOR_ONE]), alpha=REGION_ALPHA,
                      interpolation="nearest", zorder=0)
    image.set_gid("regions")
    wrong_any = False
    if points is not None:
        points, labels = _check_points(points, labels)
        predicted = np.asarray(predict(points)).astype(int)
        shown = predicted if labels is None else labels
        plot_points(points, shown, ax=ax, lim=lim, annotate=annotate)
        if labels is not None:
            wrong = predicted != labels
            wrong_any = bool(wrong.any())
            rings = ax.scatter(points[wrong, 0], points[wrong, 1], s=380, facecolors="none",
                               edgecolors="black", linewidths=2.0, zorder=5)
            rings.set_gid("mistakes")
    _legend_outside(ax, _handles(legend_labels, mistakes=wrong_any, mistake_label=mistake_label))
    return ax


def _has_mistakes(ax: Axes) -> bool:
    return any(c.get_gid() == "mistakes" and len(c.get_offsets()) for c in ax.collections)


def plot_decision_regions(w, b, ax: Axes | None = None, *, points=CORNERS, labels=None,
                          lim=DEFAULT_LIM, title: str | None = None, xlabel: str | None = None,
                          ylabel: str | None = None, legend_labels: Sequence[str] | None = None,
                          line_label: str | None = None, mistake_label: str | None = None,
                          annotate: bool = True) -> Axes:
    """Regions of the perceptron y = [w·x + b > 0] with its line w1·x1 + w2·x2 + b = 0.

    w: (2,) weights, b: scalar bias. The other arguments are those of ``plot_regions``;
    line_label, if given, puts the line into the legend.
    """
    predict = linear_predict(w, b)
    ax = plot_regions(predict, ax, points=points, labels=labels, lim=lim, title=title, xlabel=xlabel,
                      ylabel=ylabel, annotate=annotate)
    line = plot_separating_line(ax, w, b, lim=lim)
    _legend_outside(ax, _handles(legend_labels, line, line_label, _has_mistakes(ax), mistake_label))
    return ax


def plot_region_panels(params: Sequence[tuple], titles: Sequence[str] | None = None, *, labels=None,
                       ncols: int | None = None, lim=DEFAULT_LIM, xlabel: str | None = None,
                       ylabel: str | None = None, legend_labels: Sequence[str] | None = None,
                       mistake_label: str | None = None, suptitle: str | None = None,
                       panel_size: float = 3.2) -> Figure:
    """Side-by-side decision regions, one panel per (w, b) in params.

    labels: None (points coloured by each perceptron's own output), one (4,) array of true
    values for every panel, or a list with one such array (or None) per panel.
    legend_labels and mistake_label make one legend under the panels.
    """
    n = len(params)
    if n == 0:
        raise ValueError("params must hold at least one (w, b) pair, got none")
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must have one entry per panel ({n}), got {len(titles)}")
    if isinstance(labels, (list, tuple)) and all(lab is None or np.ndim(lab) == 1 for lab in labels):
        per_panel = list(labels)      # one array (or None) per panel
        if len(per_panel) != n:
            raise ValueError(f"labels must be one array or a list of {n} arrays, got {len(per_panel)}")
    else:
        per_panel = [labels] * n
    ncols = n if ncols is None else ncols
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size * ncols, panel_size * nrows + 0.3),
                             squeeze=False, constrained_layout=True)
    mistakes = False
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            ax.axis("off")
            continue
        w, b = params[i]
        plot_decision_regions(w, b, ax, labels=per_panel[i], lim=lim,
                              title=None if titles is None else titles[i], xlabel=xlabel, ylabel=ylabel,
                              annotate=False)
        mistakes = mistakes or _has_mistakes(ax)
    handles = _handles(legend_labels, mistakes=mistakes, mistake_label=mistake_label)
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def plot_learning_progress(history: Sequence[tuple], points=CORNERS, labels=None, ax: Axes | None = None, *,
                           lim=DEFAULT_LIM, title: str | None = None, xlabel: str | None = None,
                           ylabel: str | None = None, epoch_label: str = "{k}",
                           legend_labels: Sequence[str] | None = None, cmap: str = "Greys") -> Axes:
    """The line w·x + b = 0 after each epoch of the perceptron learning rule.

    history: [(w, b), ...] with the initial values first, then the values after each epoch
        (as ``Perceptron.history``). Epoch k's line is drawn darker the later it comes; an epoch
        that leaves w = (0, 0) has no line. The final regions are shaded.
    labels: (N,) true 0/1 values of the points (the training targets).
    epoch_label: format string for a line's legend entry, with {k} the epoch number.
    """
    if len(history) < 1:
        raise ValueError("history must hold at least the initial (w, b), got an empty sequence")
    w_last, b_last = history[-1]
    ax = plot_regions(linear_predict(w_last, b_last), ax, points=points, labels=labels, lim=lim,
                      title=title, xlabel=xlabel, ylabel=ylabel, annotate=False)
    colors = plt.get_cmap(cmap)(np.linspace(0.35, 1.0, max(len(history) - 1, 1)))
    handles = _handles(legend_labels)
    for k, (w, b) in enumerate(history[1:], start=1):
        last = k == len(history) - 1
        line = plot_separating_line(ax, w, b, lim=lim, label=epoch_label.format(k=k),
                                    color=colors[k - 1], linewidth=2.4 if last else 1.3,
                                    linestyle="-" if last else "--")
        if line is not None:
            handles.append(line)
    _legend_outside(ax, handles)
    return ax


def plot_errors_per_epoch(errors: dict[str, Sequence[int]], ax: Axes | None = None, *,
                          title: str | None = None, xlabel: str | None = None,
                          ylabel: str | None = None) -> Axes:
    """Mistakes per epoch of the learning rule as grouped bars, one colour per named run.

    errors: {name: [e1, e2, ...]}, the mistakes in epochs 1, 2, .... Bars side by side keep runs
    with equal counts visible (lines drawn over each other would hide them); a run that made no
    mistake in an epoch gets a thin mark at 0, and a run that had stopped gets nothing.
    """
    if not errors:
        raise ValueError("errors must name at least one run, got an empty dict")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.2))
    runs = {}
    for name, errs in errors.items():
        errs = np.asarray(errs)
        if errs.ndim != 1 or len(errs) == 0:
            raise ValueError(f"errors[{name!r}] must be a non-empty list of counts, got shape {errs.shape}")
        runs[name] = errs
    width = 0.8 / len(runs)
    hatches = ("", "//", "..", "xx", "\\\\", "++")
    for i, (name, errs) in enumerate(runs.items()):
        epochs = np.arange(1, len(errs) + 1)
        offset = (i - (len(runs) - 1) / 2) * width
        # A zero-height bar would be invisible: a short stub shows the epoch without mistakes.
        bars = ax.bar(epochs + offset, np.where(errs == 0, 0.06, errs), width=width * 0.95,
                      label=name, hatch=hatches[i % len(hatches)], edgecolor="white", linewidth=0.5)
        for bar in bars:
            bar.set_gid(f"errors-{name}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xticks(np.arange(1, max(len(e) for e in runs.values()) + 1))
    ax.set_ylim(0, max(int(e.max()) for e in runs.values()) + 1.4)     # room for the legend
    label_axes(ax, title or None, xlabel or None, ylabel or None)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, ncols=len(runs), loc="upper right")
    return ax
