"""Logic-gate symbols and the XOR network of gates (chapter 1).

Gates are drawn with the usual distinctive shapes: AND a "D", OR a curved shield, NAND an AND
with a small circle (the negation) at its output. ``plot_xor_network`` draws the lecture's
two-layer perceptron XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)) with the intermediate
signals s1 and s2. All words come from the caller.
"""
from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch, Polygon

__all__ = ["GATE_KINDS", "draw_gate", "plot_gate_symbols", "plot_xor_network"]

GATE_KINDS = ("AND", "OR", "NAND", "NOR")
GATE_FACE = "#eef3fa"
GATE_EDGE = "black"
WIRE = "0.3"
BUBBLE = 0.07      # radius of the negation circle, in units of the gate's height


def _bezier(p0, p1, p2, n: int = 40) -> np.ndarray:
    """Points of the quadratic Bézier curve p0 → p2 with control point p1, shape (n, 2)."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    p0, p1, p2 = (np.asarray(p, dtype=np.float64) for p in (p0, p1, p2))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2


def _outline(kind: str, x0: float, y0: float, width: float, height: float) -> np.ndarray:
    """Outline polygon (M, 2) of an AND-like or OR-like body with its lower-left corner at (x0, y0)."""
    y1, yc = y0 + height, y0 + height / 2
    if kind in ("AND", "NAND"):
        flat = width - height / 2                       # straight part, then a half circle
        angle = np.linspace(np.pi / 2, -np.pi / 2, 60)
        arc = np.column_stack([x0 + flat + height / 2 * np.cos(angle), yc + height / 2 * np.sin(angle)])
        return np.vstack([[x0, y1], arc, [x0, y0]])
    back = 0.18 * width                                 # how far the concave back bulges in
    tip = (x0 + width, yc)
    top = _bezier((x0, y1), (x0 + 0.6 * width, y1), tip)
    bottom = _bezier(tip, (x0 + 0.6 * width, y0), (x0, y0))
    rear = _bezier((x0, y0), (x0 + 2 * back, yc), (x0, y1))
    return np.vstack([top, bottom[1:], rear[1:]])


def draw_gate(ax: Axes, kind: str, center, *, width: float = 1.0, height: float = 0.8,
              label: str | None = None, fontsize: float = 10) -> dict[str, np.ndarray]:
    """Draw one gate symbol centred at ``center`` and return its pins.

    kind: "AND", "OR", "NAND" or "NOR". label: text written inside (default: kind).
    Returns {"in1": (x, y) upper input, "in2": lower input, "out": output} for wiring.
    """
    if kind not in GATE_KINDS:
        raise ValueError(f"kind must be one of {GATE_KINDS}, got {kind!r}")
    cx, cy = center
    negated = kind in ("NAND", "NOR")
    r = BUBBLE * height * 1.4 if negated else 0.0
    body_w = width - 2 * r
    x0, y0 = cx - width / 2, cy - height / 2
    poly = Polygon(_outline(kind, x0, y0, body_w, height), closed=True, facecolor=GATE_FACE,
                   edgecolor=GATE_EDGE, linewidth=1.5, zorder=3)
    poly.set_gid(f"gate-{kind}")
    ax.add_patch(poly)
    if negated:
        ax.add_patch(Circle((x0 + body_w + r, cy), r, facecolor="white", edgecolor=GATE_EDGE,
                            linewidth=1.5, zorder=3))
    # Inputs meet the back edge; an OR's back is concave, so its pins sit a little further in.
    inset = 0.18 * body_w * 0.75 if kind in ("OR", "NOR") else 0.0
    pins = {"in1": np.array([x0 + inset, cy + height / 4]), "in2": np.array([x0 + inset, cy - height / 4]),
            "out": np.array([x0 + width, cy])}
    text_x = x0 + (0.42 if kind in ("OR", "NOR") else 0.4) * body_w
    ax.text(text_x, cy, kind if label is None else label, ha="center", va="center", fontsize=fontsize,
            fontweight="bold", zorder=4)
    return pins


def _wire(ax: Axes, start, end, *, label: str | None = None, label_pos: float = 0.5,
          label_offset=(0.0, 0.12), fontsize: float = 11) -> FancyArrowPatch:
    arrow = FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>", mutation_scale=11, color=WIRE,
                            linewidth=1.3, zorder=2, shrinkA=0, shrinkB=0)
    arrow.set_gid("wire")
    ax.add_patch(arrow)
    if label:
        p = np.asarray(start) + label_pos * (np.asarray(end) - np.asarray(start))
        ax.text(p[0] + label_offset[0], p[1] + label_offset[1], label, ha="center", va="bottom",
                fontsize=fontsize, color="black", zorder=4)
    return arrow


def _terminal(ax: Axes, xy, text: str, *, fontsize: float = 12) -> None:
    circle = Circle(xy, 0.26, facecolor="white", edgecolor="black", linewidth=1.3, zorder=3)
    circle.set_gid("terminal")
    ax.add_patch(circle)
    ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=fontsize, zorder=4)


def plot_gate_symbols(kinds: Sequence[str] = ("AND", "NAND", "OR"), captions: Sequence[str] | None = None,
                      ax: Axes | None = None) -> Axes:
    """A row of gate symbols, each with its two input wires, output wire and a caption below."""
    if captions is not None and len(captions) != len(kinds):
        raise ValueError(f"captions must have one entry per gate ({len(kinds)}), got {len(captions)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(2.4 * len(kinds), 1.9))
    for i, kind in enumerate(kinds):
        cx = 2.4 * i
        pins = draw_gate(ax, kind, (cx, 0.0))
        for pin in ("in1", "in2"):
            ax.plot([pins[pin][0] - 0.45, pins[pin][0]], [pins[pin][1]] * 2, color=WIRE, linewidth=1.3, zorder=2)
        ax.plot([pins["out"][0], pins["out"][0] + 0.45], [0.0, 0.0], color=WIRE, linewidth=1.3, zorder=2)
        if captions is not None:
            ax.text(cx, -0.72, captions[i], ha="center", va="top", fontsize=10)
    ax.set_xlim(-1.2, 2.4 * (len(kinds) - 1) + 1.2)
    ax.set_ylim(-1.15, 0.65)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_xor_network(ax: Axes | None = None, *, title: str | None = None,
                     input_labels: Sequence[str] = ("$x_1$", "$x_2$"),
                     hidden_labels: Sequence[str] = ("$s_1$", "$s_2$"), output_label: str = "$y$",
                     layer_labels: Sequence[str] | None = None, values: Sequence[int] | None = None) -> Axes:
    """The XOR network: x1, x2 → NAND (s1) and OR (s2) → AND → y.

    layer_labels: three captions written under the columns (inputs, first layer, second layer).
    values: optional (x1, x2, s1, s2, y) written next to the signals, to trace one input.
    """
    if values is not None and len(values) != 5:
        raise ValueError(f"values must be (x1, x2, s1, s2, y), 5 numbers, got {len(values)}")
    if layer_labels is not None and len(layer_labels) != 3:
        raise ValueError(f"layer_labels must have 3 entries (inputs, layer 1, layer 2), got {len(layer_labels)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.6, 3.6))
    x_in, x_hidden, x_out, x_y = 0.0, 2.6, 5.2, 7.1
    y_top, y_bottom, y_mid = 1.1, -1.1, 0.0
    inputs = [np.array([x_in, y_top]), np.array([x_in, y_bottom])]
    for xy, text in zip(inputs, input_labels):
        _terminal(ax, xy, text)
    nand = draw_gate(ax, "NAND", (x_hidden, y_top), width=1.2, height=0.9)
    orr = draw_gate(ax, "OR", (x_hidden, y_bottom), width=1.2, height=0.9)
    andd = draw_gate(ax, "AND", (x_out, y_mid), width=1.2, height=0.9)
    for gate in (nand, orr):                     # every input feeds both gates of the first layer
        for xy, pin in zip(inputs, ("in1", "in2")):
            _wire(ax, xy + np.array([0.26, 0.0]), gate[pin])
    _wire(ax, nand["out"], andd["in1"], label=hidden_labels[0], label_pos=0.45, label_offset=(0.0, 0.1))
    _wire(ax, orr["out"], andd["in2"], label=hidden_labels[1], label_pos=0.45, label_offset=(0.0, -0.42))
    _wire(ax, andd["out"], np.array([x_y - 0.26, y_mid]))
    _terminal(ax, (x_y, y_mid), output_label)
    if values is not None:
        x1, x2, s1, s2, y = (int(v) for v in values)
        style = {"fontsize": 11, "color": "tab:blue", "fontweight": "bold", "zorder": 5}
        ax.text(x_in, y_top + 0.38, f"{x1}", ha="center", **style)
        ax.text(x_in, y_bottom - 0.62, f"{x2}", ha="center", **style)
        ax.text(nand["out"][0] + 0.25, y_top + 0.25, f"{s1}", **style)
        ax.text(orr["out"][0] + 0.25, y_bottom - 0.5, f"{s2}", **style)
        ax.text(x_y, y_mid + 0.38, f"{y}", ha="center", **style)
    if layer_labels is not None:
        for x, text in zip((x_in, x_hidden, x_out), layer_labels):
            ax.text(x, y_bottom - 1.0, text, ha="center", va="top", fontsize=10, color="0.3")
    if title:
        ax.set_title(title)
    ax.set_xlim(-0.6, x_y + 0.6)
    ax.set_ylim(y_bottom - (1.5 if layer_labels is not None else 0.9), y_top + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
