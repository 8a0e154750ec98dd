"""Diagrams of neurons and layered networks (chapter 2).

Nodes are circles, connections are arrows from left (inputs) to right (outputs). The bias is
drawn as the lecture draws it: an extra input node of value 1, filled grey, whose weight is b.
All words come from the caller, so the Russian and English notebooks draw the same picture.
"""
from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch

__all__ = ["plot_neuron", "plot_network", "plot_layer"]

BIAS_COLOR = "0.8"        # light grey fill of the bias node "1"
NODE_COLOR = "white"
EDGE_COLOR = "0.35"
POSITIVE_COLOR = "tab:blue"
NEGATIVE_COLOR = "tab:red"
RADIUS = 0.22


def _node(ax: Axes, xy, text: str = "", *, bias: bool = False, radius: float = RADIUS,
          fontsize: float = 11) -> Circle:
    circle = Circle(xy, radius, facecolor=BIAS_COLOR if bias else NODE_COLOR,
                    edgecolor="black", linewidth=1.2, zorder=3)
    circle.set_gid("bias" if bias else "neuron")
    ax.add_patch(circle)
    if text:
        ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=fontsize, zorder=4)
    return circle


def _arrow(ax: Axes, start, end, *, r_start: float = RADIUS, r_end: float = RADIUS,
           color=EDGE_COLOR, linewidth: float = 1.0) -> FancyArrowPatch:
    """An arrow from the rim of one circle to the rim of another."""
    p, q = np.asarray(start, float), np.asarray(end, float)
    u = (q - p) / np.linalg.norm(q - p)
    arrow = FancyArrowPatch(p + r_start * u, q - r_end * u, arrowstyle="-|>", mutation_scale=9,
                            color=color, linewidth=linewidth, zorder=2, shrinkA=0, shrinkB=0)
    arrow.set_gid("edge")
    ax.add_patch(arrow)
    return arrow


def _new_axes(ax: Axes | None, figsize) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_neuron(input_labels: Sequence[str] = ("$x_1$", "$x_2$"),
                weight_labels: Sequence[str] = ("$w_1$", "$w_2$"), *, bias_label: str = "$b$",
                sum_label: str = "$a$", activation_label: str = "$h(\\,)$",
                output_label: str = "$y$", split: bool = True, ax: Axes | None = None,
                title: str | None = None) -> Axes:
    """Draw one neuron: the inputs, the grey bias input "1" with weight b, and the output.

    With ``split=True`` the neuron is drawn as the lecture's second picture: the weighted sum
    ``a`` (formula 4) followed by the activation ``h`` (formula 5) inside one rounded outline.
    ``input_labels`` and ``weight_labels`` must have the same length (one weight per input).
    Returns the Axes.
    """
    if len(input_labels) != len(weight_labels):
        raise ValueError(f"plot_neuron expects one weight label per input, got "
                         f"{len(input_labels)} inputs and {len(weight_labels)} weight labels")
    if len(input_labels) == 0:
        raise ValueError("plot_neuron expects at least one input label, got none")
    ax = _new_axes(ax, (5.2, 3.0))
    n = len(input_labels)
    ys = np.linspace(0.9 * (n - 1) / 2 + 0.45, -0.9 * (n - 1) / 2 + 0.45, n) if n > 1 else [0.45]
    bias_xy = (0.0, min(ys) - 0.9)
    centre_y = (max(ys) + bias_xy[1]) / 2
    if split:
        a_xy, h_xy = (2.0, centre_y), (3.0, centre_y)
        outline = plt.Rectangle((1.65, centre_y - 0.5), 1.7, 1.0, facecolor="none",
                                edgecolor="0.5", linestyle="--", linewidth=1.0, zorder=1)
        ax.add_patch(outline)
        _node(ax, a_xy, sum_label, radius=0.3, fontsize=13)
        _node(ax, h_xy, activation_label, radius=0.3, fontsize=12)
        _arrow(ax, a_xy, h_xy, r_start=0.3, r_end=0.3)
        target, r_target, out_from = a_xy, 0.3, h_xy
    else:
        target = (2.0, centre_y)
        _node(ax, target, "", radius=0.3)
        r_target, out_from = 0.3, target
    out_xy = (out_from[0] + 1.3, centre_y)
    for y, text, w in zip(ys, input_labels, weight_labels):
        _node(ax, (0.0, y), text)
        _arrow(ax, (0.0, y), target, r_end=r_target)
        mid = (0.55 * 0.0 + 0.45 * target[0], 0.55 * y + 0.45 * target[1])
        ax.text(mid[0], mid[1] + 0.12, w, ha="center", va="bottom", fontsize=11)
    _node(ax, bias_xy, "1", bias=True)
    _arrow(ax, bias_xy, target, r_end=r_target)
    mid = (0.45 * target[0], 0.55 * bias_xy[1] + 0.45 * target[1])
    ax.text(mid[0], mid[1] - 0.12, bias_label, ha="center", va="top", fontsize=11)
    _node(ax, out_xy, output_label)
    _arrow(ax, out_from, out_xy, r_start=0.3)
    ax.set_xlim(-0.5, out_xy[0] + 0.5)
    ax.set_ylim(bias_xy[1] - 0.5, max(ys) + 0.5)
    if title:
        ax.set_title(title)
    return ax


def _check_layers(layer_sizes) -> list[int]:
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"plot_network expects at least two layer sizes (input and output), got {sizes}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1:
            raise ValueError(f"plot_network expects positive integer layer sizes, got {sizes}")
    return [int(s) for s in sizes]


def plot_network(layer_sizes: Sequence[int], *, layer_labels: Sequence[str] | None = None,
                 node_labels: Sequence[Sequence[str]] | None = None, bias: bool = True,
                 weights: Sequence[np.ndarray] | None = None, weight_labels: bool = False,
                 ax: Axes | None = None, title: str | None = None, figsize=None) -> Axes:
    """Draw a fully connected layered network, input layer on the left.

    layer_sizes:  neurons per layer, input layer first, e.g. (2, 3, 2, 2).
    layer_labels: one caption per layer, written under it (the caller's language).
    node_labels:  one sequence of strings per layer, written inside the nodes (e.g. "$x_1$").
    bias:         draw a grey node "1" under every layer but the last; its arrows are the biases.
    weights:      optional list of arrays, the l-th of shape (layer_sizes[l], layer_sizes[l+1])
                  as in A = Z·W + B; arrows are then as thick as |w|, blue if w > 0, red if w < 0.
    weight_labels: write each weight's value on its arrow: a quarter of the way along for the
                  arrows of the 1st, 3rd, ... node of a layer, near the end for the 2nd, 4th, ...
                  (readable for small networks only).
    Returns the Axes.
    """
    sizes = _check_layers(layer_sizes)
    if weight_labels and weights is None:
        raise ValueError("plot_network expects weights when weight_labels=True, got weights=None")
    if layer_labels is not None and len(layer_labels) != len(sizes):
        raise ValueError(f"plot_network expects {len(sizes)} layer labels (one per layer), "
                         f"got {len(layer_labels)}")
    if node_labels is not None:
        if len(node_labels) != len(sizes):
            raise ValueError(f"plot_network expects node labels for {len(sizes)} layers, "
                             f"got {len(node_labels)}")
        for l, (labels, s) in enumerate(zip(node_labels, sizes)):
            if len(labels) != s:
                raise ValueError(f"plot_network expects {s} node labels in layer {l}, got {len(labels)}")
    if weights is not None:
        if len(weights) != len(sizes) - 1:
            raise ValueError(f"plot_network expects {len(sizes) - 1} weight matrices, got {len(weights)}")
        weights = [np.asarray(w, dtype=float) for w in weights]
        for l, w in enumerate(weights):
            if w.shape != (sizes[l], sizes[l + 1]):
                raise ValueError(f"plot_network expects weight matrix {l + 1} of shape "
                                 f"{(sizes[l], sizes[l + 1])}, got {w.shape}")
        wmax = max(float(np.max(np.abs(w))) for w in weights) or 1.0

    if figsize is None:
        figsize = (1.9 * len(sizes) + 1.0, 0.75 * (max(sizes) + int(bias)) + 1.4)
        if weight_labels:       # a larger scale leaves room between the labels of one fan
            figsize = (1.4 * figsize[0], 1.4 * figsize[1])
    ax = _new_axes(ax, figsize)
    dx, dy = 1.6, 0.75
    top = (max(sizes) - 1) / 2 * dy
    positions = []
    for l, s in enumerate(sizes):
        ys = top - np.arange(s) * dy - (max(sizes) - s) / 2 * dy
        positions.append([(l * dx, y) for y in ys])
    bottom = min(y for layer in positions for _, y in layer)
    bias_y = bottom - dy

    for l in range(len(sizes) - 1):
        for i, p in enumerate(positions[l]):
            for j, q in enumerate(positions[l + 1]):
                if weights is None:
                    _arrow(ax, p, q)
                else:
                    w = weights[l][i, j]
                    _arrow(ax, p, q, color=POSITIVE_COLOR if w >= 0 else NEGATIVE_COLOR,
                           linewidth=0.4 + 2.6 * abs(w) / wmax)
                    if weight_labels:
                        # Near the source the arrows of one node have fanned out but not yet
                        # crossed its neighbours'; every other node's labels sit near the targets
                        # instead, so that the labels of neighbouring fans never meet.
                        f = 0.25 if i % 2 == 0 else 0.72
                        at = (1 - f) * np.asarray(p) + f * np.asarray(q)
                        ax.text(at[0], at[1], f"{w:g}", ha="center", va="center", fontsize=9,
                                zorder=5, bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                                    edgecolor="none", alpha=0.85))
        if bias:
            b_xy = (l * dx, bias_y)
            _node(ax, b_xy, "1", bias=True)
            for q in positions[l + 1]:
                _arrow(ax, b_xy, q, color="0.6")

    for l, layer in enumerate(positions):
        for k, p in enumerate(layer):
            _node(ax, p, node_labels[l][k] if node_labels is not None else "")
        if layer_labels is not None:
            ax.text(l * dx, (bias_y if bias else bottom) - 0.55, layer_labels[l],
                    ha="center", va="top", fontsize=10)

    ax.set_xlim(-0.6, (len(sizes) - 1) * dx + 0.6)
    ax.set_ylim((bias_y if bias else bottom) - (1.0 if layer_labels is not None else 0.4), top + 0.4)
    if title:
        ax.set_title(title)
    return ax


def plot_layer(input_labels: Sequence[str], sum_labels: Sequence[str], output_labels: Sequence[str], *,
               weight_labels: Sequence[str] = (), bias_label: str = "", highlight: int = 0,
               activation_label: str = "$h$", layer_labels: Sequence[str] | None = None,
               ax: Axes | None = None, title: str | None = None) -> Axes:
    """One layer in detail: the inputs and the bias "1" on the left, each neuron of the layer split
    into its weighted sum a and its output z = h(a) inside a dashed outline.

    The arrows into neuron ``highlight`` (0-based) are drawn dark and labelled with
    ``weight_labels`` (one per input, in input order) and ``bias_label``; the other arrows are
    light grey. ``layer_labels``: two captions, under the inputs and under the layer.
    Returns the Axes.
    """
    n_in, n_out = len(input_labels), len(sum_labels)
    if n_in == 0 or n_out == 0:
        raise ValueError(f"plot_layer expects at least one input and one neuron, got {n_in} and {n_out}")
    if len(output_labels) != n_out:
        raise ValueError(f"plot_layer expects one output label per neuron ({n_out}), got {len(output_labels)}")
    if weight_labels and len(weight_labels) != n_in:
        raise ValueError(f"plot_layer expects one weight label per input ({n_in}), got {len(weight_labels)}")
    if not 0 <= highlight < n_out:
        raise ValueError(f"plot_layer expects highlight to be a neuron index 0..{n_out - 1}, got {highlight}")
    if layer_labels is not None and len(layer_labels) != 2:
        raise ValueError(f"plot_layer expects two layer labels (inputs, layer), got {len(layer_labels)}")
    ax = _new_axes(ax, (7.2, 1.25 * max(n_in + 1, n_out) + 1.3))
    gap, r = 1.15, 0.3
    out_ys = (n_out - 1) / 2 * gap - np.arange(n_out) * gap
    in_ys = list(out_ys[0] - 0.5 * gap - np.arange(n_in) * gap)
    in_ys = np.array(in_ys + [in_ys[-1] - gap])          # the bias "1" under the inputs
    in_ys += (out_ys.mean() - in_ys.mean())
    x_in, x_a, x_z = 0.0, 2.9, 4.2
    sources = [(x_in, y) for y in in_ys]
    for k, ((x, y), text) in enumerate(zip(sources, list(input_labels) + ["1"])):
        _node(ax, (x, y), text, bias=k == n_in)
    for j, y in enumerate(out_ys):
        outline = plt.Rectangle((x_a - r - 0.2, y - r - 0.17), x_z - x_a + 2 * r + 0.4, 2 * r + 0.34,
                                facecolor="none", edgecolor="0.5", linestyle="--", linewidth=1.0,
                                zorder=1)
        outline.set_gid("outline")
        ax.add_patch(outline)
        _node(ax, (x_a, y), sum_labels[j], radius=r, fontsize=12)
        _node(ax, (x_z, y), output_labels[j], radius=r, fontsize=12)
        step = _arrow(ax, (x_a, y), (x_z, y), r_start=r, r_end=r, color="black", linewidth=1.2)
        step.set_gid("activation")
        ax.text((x_a + x_z) / 2, y + 0.1, activation_label, ha="center", va="bottom", fontsize=11)
    for j, y in enumerate(out_ys):
        if j == highlight:
            continue
        for src in sources:
            _arrow(ax, src, (x_a, y), r_end=r, color="0.78", linewidth=0.8)
    y_h = out_ys[highlight]
    labels = list(weight_labels) + [bias_label]
    for k, src in enumerate(sources):
        arrow = _arrow(ax, src, (x_a, y_h), r_end=r, color="black", linewidth=1.6)
        arrow.set_gid("highlighted-edge")
        if labels[k] if k < len(labels) else "":
            at = 0.55 * np.asarray(src) + 0.45 * np.array([x_a, y_h])
            ax.text(at[0], at[1], labels[k], ha="center", va="center", fontsize=11, zorder=5,
                    bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"))
    bottom = min(in_ys.min(), out_ys.min())
    if layer_labels is not None:
        ax.text(x_in, bottom - 0.6, layer_labels[0], ha="center", va="top", fontsize=10)
        ax.text((x_a + x_z) / 2, bottom - 0.6, layer_labels[1], ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.6, x_z + 0.6)
    ax.set_ylim(bottom - (1.1 if layer_labels is not None else 0.5), max(in_ys.max(), out_ys.max()) + 0.5)
    if title:
        ax.set_title(title)
    return ax
