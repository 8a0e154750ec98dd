"""Gradient descent drawn: contour lines of a function of two variables with the paths that
descent takes over them, and a 1-D curve with the points a descent visits (chapter 3).

The function to draw is written as in the lecture, ``f(x)`` with ``x[0]`` and ``x[1]`` the two
coordinates, using only numpy operations, so that it can be evaluated on a whole grid at once:
``f(np.array([X0, X1]))`` with ``X0``, ``X1`` of shape (rows, cols) returns shape (rows, cols).
Labels and titles come from the caller, so the Russian and English notebooks share the code.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .curves import label_axes

__all__ = ["PATH_COLORS", "plot_contours", "plot_descent", "plot_descent_1d"]

# One colour per path, in order; the same order in every descent figure of the book.
PATH_COLORS = ("tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange", "tab:brown")


def _check_limits(name: str, lim) -> tuple[float, float]:
    lo, hi = (float(v) for v in lim)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be (low, high) with finite low < high, got {lim!r}")
    return lo, hi


def _check_path(path, dim: int, i: int) -> np.ndarray:
    p = np.asarray(path, dtype=np.float64)
    if dim == 2 and (p.ndim != 2 or p.shape[1] != 2 or len(p) == 0):
        raise ValueError(f"path {i} must have shape (steps + 1, 2), got shape {p.shape}")
    if dim == 1:
        if p.ndim == 2 and p.shape[1] == 1:
            p = p[:, 0]
        if p.ndim != 1 or len(p) == 0:
            raise ValueError(f"path {i} must have shape (steps + 1,) or (steps + 1, 1), got shape {p.shape}")
    return p


def plot_contours(f: Callable[[np.ndarray], np.ndarray], xlim=(-4.0, 4.0), ylim=(-4.0, 4.0), *,
                  ax: Axes | None = None, levels: int | Sequence[float] = 15, n: int = 201,
                  filled: bool = True, title: str | None = None, xlabel: str | None = None,
                  ylabel: str | None = None, cmap: str = "Greys", colorbar: str | None = None) -> Axes:
    """Contour lines of f over the rectangle xlim × ylim, on an n × n grid.

    f takes an array x of shape (2, rows, cols) and returns (rows, cols): x[0] is the horizontal
    coordinate, x[1] the vertical one. ``levels`` is a number of levels or their values.
    ``colorbar``: a label, e.g. "f(x)", to add a colour bar saying what the shades mean (filled only).
    Returns the Axes.
    """
    x_lo, x_hi = _check_limits("xlim", xlim)
    y_lo, y_hi = _check_limits("ylim", ylim)
    if int(n) < 2:
        raise ValueError(f"n must be at least 2 grid points per axis, got {n}")
    x0, x1 = np.meshgrid(np.linspace(x_lo, x_hi, n), np.linspace(y_lo, y_hi, n))
    z = np.asarray(f(np.array([x0, x1])), dtype=np.float64)
    if z.shape != x0.shape:
        raise ValueError("f must be vectorised: given x of shape (2, rows, cols) it must return "
                         f"shape (rows, cols) = {x0.shape}, got shape {z.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5))
    if filled:
        shades = ax.contourf(x0, x1, z, levels=levels, cmap=cmap, alpha=0.35)
        if colorbar is not None:
            ax.figure.colorbar(shades, ax=ax, label=colorbar)
    ax.contour(x0, x1, z, levels=levels, colors="0.45", linewidths=0.7)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    label_axes(ax, title, xlabel, ylabel)
    return ax


def plot_descent(f: Callable[[np.ndarray], np.ndarray], paths, xlim=(-4.0, 4.0), ylim=(-4.0, 4.0), *,
                 ax: Axes | None = None, labels: Sequence[str] | None = None,
                 colors: Sequence[str] | None = None, levels: int | Sequence[float] = 15,
                 title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
                 minimum=None, legend_loc: str = "best", markers: Sequence[str] | None = None,
                 colorbar: str | None = None) -> Axes:
    """Contours of f with one or several descent paths drawn over them.

    paths: one array of shape (steps + 1, 2) (the start first, as returned by
    nnlib.gradient.gradient_descent) or a list of them. Each path is a line with a dot per step,
    its start marked by a square and its end by a cross. ``labels`` (one per path) make a legend;
    ``minimum`` (x0, x1) marks a point with a star. ``markers``: names of the start, the end and the
    minimum, e.g. ("start", "end", "minimum"), added to the legend. ``colorbar``: a label for a colour
    bar of the function's values. Returns the Axes.
    """
    if isinstance(paths, np.ndarray) and paths.ndim == 2:
        paths = [paths]
    paths = [_check_path(p, 2, i) for i, p in enumerate(paths)]
    if labels is not None and len(labels) != len(paths):
        raise ValueError(f"labels must have one entry per path ({len(paths)}), got {len(labels)}")
    colors = tuple(colors) if colors is not None else PATH_COLORS
    ax = plot_contours(f, xlim, ylim, ax=ax, levels=levels, title=title, xlabel=xlabel, ylabel=ylabel,
                       colorbar=colorbar)
    if minimum is not None:
        ax.plot(*minimum, marker="*", markersize=14, color="gold", markeredgecolor="black",
                linestyle="none", zorder=5, gid="minimum")
    for i, p in enumerate(paths):
        color = colors[i % len(colors)]
        label = labels[i] if labels is not None else None
        # Points that left the window (a diverging path) are clipped by the axes, not dropped.
        ax.plot(p[:, 0], p[:, 1], "-o", color=color, markersize=3, linewidth=1.3, label=label,
                gid="path")
        ax.plot(p[0, 0], p[0, 1], "s", color=color, markersize=7, markeredgecolor="black",
                gid="start")
        ax.plot(p[-1, 0], p[-1, 1], "X", color=color, markersize=9, markeredgecolor="black",
                gid="end")
    _legend(ax, labels is not None, markers, minimum is not None, legend_loc)
    return ax


def _legend(ax: Axes, has_labels: bool, markers, has_minimum: bool, loc: str) -> None:
    """The legend: the paths' labels, then one entry per marker named in markers."""
    handles, texts = ax.get_legend_handles_labels() if has_labels else ([], [])
    if markers is not None:
        shapes = [("s", "white", 7), ("X", "white", 9), ("*", "gold", 14)]
        if len(markers) not in (2, 3):
            raise ValueError(f"markers must name the start, the end and optionally the minimum, got {markers!r}")
        for name, (shape, face, size) in zip(markers, shapes[:3 if has_minimum else 2]):
            handles.append(Line2D([], [], marker=shape, linestyle="none", markersize=size,
                                  markerfacecolor=face, markeredgecolor="black"))
            texts.append(name)
    if handles:
        ax.legend(handles, texts, loc=loc, fontsize="small")


def plot_descent_1d(f: Callable[[np.ndarray], np.ndarray], paths, xlim=(-2.0, 2.0), *,
                    ax: Axes | None = None, labels: Sequence[str] | None = None,
                    colors: Sequence[str] | None = None, n: int = 400, title: str | None = None,
                    xlabel: str | None = None, ylabel: str | None = None,
                    legend_loc: str = "best", markers: Sequence[str] | None = None) -> Axes:
    """The curve y = f(x) over xlim with the points visited by 1-D descents.

    f is vectorised (array in, array of the same shape out). paths: one array of shape
    (steps + 1,) or (steps + 1, 1), or a list of them; each is drawn as dots on the curve joined
    in order, its start as a square and its end as a cross. ``markers``: names of the start and
    the end, e.g. ("start", "end"), added to the legend. Returns the Axes.
    """
    x_lo, x_hi = _check_limits("xlim", xlim)
    if isinstance(paths, np.ndarray) and (paths.ndim == 1 or (paths.ndim == 2 and paths.shape[1] == 1)):
        paths = [paths]
    paths = [_check_path(p, 1, i) for i, p in enumerate(paths)]
    if labels is not None and len(labels) != len(paths):
        raise ValueError(f"labels must have one entry per path ({len(paths)}), got {len(labels)}")
    colors = tuple(colors) if colors is not None else PATH_COLORS
    xs = np.linspace(x_lo, x_hi, n)
    ys = np.asarray(f(xs), dtype=np.float64)
    if ys.shape != xs.shape:
        raise ValueError(f"f must be vectorised: given shape {xs.shape} it must return the same, "
                         f"got shape {ys.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    ax.plot(xs, ys, color="0.3", linewidth=1.5, gid="curve")
    for i, p in enumerate(paths):
        color = colors[i % len(colors)]
        label = labels[i] if labels is not None else None
        fp = np.asarray(f(p), dtype=np.float64)
        ax.plot(p, fp, "-o", color=color, markersize=4, linewidth=1.0, alpha=0.85, label=label,
                gid="path")
        ax.plot(p[0], fp[0], "s", color=color, markersize=8, markeredgecolor="black", gid="start")
        ax.plot(p[-1], fp[-1], "X", color=color, markersize=10, markeredgecolor="black", gid="end")
    ax.set_xlim(x_lo, x_hi)
    label_axes(ax, title, xlabel, ylabel)
    _legend(ax, labels is not None, markers, False, legend_loc)
    return ax
