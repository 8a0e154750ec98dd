"""Computational graphs, forward and backward (chapter 3).

A graph is a set of nodes joined by arrows. The forward pass is drawn as black arrows from
left to right with the values written above them; the backward pass as red arrows in the
opposite direction, just below, with the gradients written under them, as in the lecture's
backpropagation slides:

    nodes = {"x": (0, 0, "x", False), "mul": (2, 0, "×"), "L": (4, 0, "L", False)}
    edges = [("x", "mul", "3", "2"), ("mul", "L", "6", "1")]
    plot_computational_graph(nodes, edges)

A node is ``(x, y, label)`` or ``(x, y, label, op)``: with ``op=True`` (the default) the label is
an operation drawn inside a circle ("+", "×", "dot"); with ``op=False`` it is plain text, e.g.
an input ("apple price") or the output ("L"). An edge is ``(src, dst, forward, backward)``:
the names of two nodes, the text above the forward arrow and the text below the backward
arrow (``None`` for no text; ``backward=None`` also means no backward arrow).
"""
from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

__all__ = ["Node", "Edge", "plot_computational_graph", "FORWARD_COLOR", "BACKWARD_COLOR"]

FORWARD_COLOR = "black"
BACKWARD_COLOR = "tab:red"


class Node(NamedTuple):
    """A node drawn at (x, y): an operation in a circle (op=True) or a text label (op=False)."""
    x: float
    y: float
    label: str
    op: bool = True


class Edge(NamedTuple):
    """An arrow from node ``src`` to node ``dst``, with the forward value and the backward gradient."""
    src: str
    dst: str
    forward: str | None = None
    backward: str | None = None


def _as_node(name, spec) -> Node:
    if isinstance(spec, Node):
        return spec
    if not isinstance(spec, (tuple, list)) or len(spec) not in (3, 4):
        raise ValueError(f"node {name!r} must be (x, y, label) or (x, y, label, op), got {spec!r}")
    return Node(*spec)


def _as_edge(spec) -> Edge:
    if isinstance(spec, Edge):
        return spec
    if not isinstance(spec, (tuple, list)) or not 2 <= len(spec) <= 4:
        raise ValueError(f"an edge must be (src, dst, forward, backward), got {spec!r}")
    return Edge(*spec)


def _text_alignment(normal: np.ndarray, sign: int) -> dict:
    """Alignment that puts a label on the side ``sign * normal`` of an arrow."""
    nx, ny = sign * normal
    if abs(ny) >= abs(nx):
        # On a slanted arrow the text leans away from it, so that its corners do not cross the line.
        ha = "center" if abs(nx) < 0.15 else ("left" if nx > 0 else "right")
        return {"ha": ha, "va": "bottom" if ny > 0 else "top"}
    return {"ha": "left" if nx > 0 else "right", "va": "center"}


def plot_computational_graph(nodes, edges, ax=None, title=None, backward=True,
                             radius=0.35, gap=0.14, fontsize=11, figsize=None, label_pos=0.5):
    """Draw a computational graph with forward values and (optionally) backward gradients.

    nodes:    dict name -> (x, y, label) or (x, y, label, op); op nodes are circles of ``radius``.
    edges:    list of (src, dst, forward, backward) tuples; ``forward`` is written above the
              black arrow src -> dst, ``backward`` below a red arrow dst -> src.
    backward: False draws the forward pass only (the same layout, without the red arrows).
    radius:   radius of an operation circle, in the units of the node coordinates.
    gap:      distance between a forward arrow and its backward arrow.
    label_pos: where along an arrow its texts stand, from 0 (at the source) to 1 (at the destination);
              below 0.5 keeps the texts of arrows that meet at one node apart.
    Returns the Axes.
    """
    nodes = {name: _as_node(name, spec) for name, spec in dict(nodes).items()}
    edges = [_as_edge(e) for e in edges]
    if not nodes:
        raise ValueError("the graph needs at least one node, got an empty dict")
    if not 0 <= label_pos <= 1:
        raise ValueError(f"label_pos must be between 0 and 1, got {label_pos!r}")
    for e in edges:
        for end in (e.src, e.dst):
            if end not in nodes:
                raise ValueError(f"edge {e.src!r} -> {e.dst!r} names an unknown node {end!r}; "
                                 f"known nodes: {sorted(nodes)}")
        if e.src == e.dst:
            raise ValueError(f"edge {e.src!r} -> {e.dst!r} joins a node to itself")

    xs = np.array([n.x for n in nodes.values()], dtype=float)
    ys = np.array([n.y for n in nodes.values()], dtype=float)
    if ax is None:
        width = xs.max() - xs.min() + 3.0
        height = ys.max() - ys.min() + 1.6
        _, ax = plt.subplots(figsize=figsize or (1.15 * width, 1.15 * height))

    has_in = {e.dst for e in edges}
    has_out = {e.src for e in edges}
    text_kw = {"fontsize": fontsize, "zorder": 3}

    # Nodes: circles with the operation inside, or text aligned so that arrows start at its edge.
    for name, n in nodes.items():
        if n.op:
            ax.add_patch(Circle((n.x, n.y), radius, facecolor="white", edgecolor="black",
                                linewidth=1.4, zorder=2))
            ax.text(n.x, n.y, n.label, ha="center", va="center", **text_kw)
        else:
            ha = "right" if name in has_out and name not in has_in else (
                "left" if name in has_in and name not in has_out else "center")
            ax.text(n.x, n.y, n.label, ha=ha, va="center", **text_kw)

    def clip(name):
        """How far from the node point an arrow starts or ends."""
        n = nodes[name]
        if n.op:
            return radius + 0.04
        # Text ends (or starts) at the node point; a centred label needs more room.
        return 0.08 if (name in has_out) != (name in has_in) else 0.45

    for e in edges:
        a, b = nodes[e.src], nodes[e.dst]
        p, q = np.array([a.x, a.y], float), np.array([b.x, b.y], float)
        d = (q - p) / np.linalg.norm(q - p)
        normal = np.array([-d[1], d[0]])
        if normal[1] < 0 or (normal[1] == 0 and normal[0] < 0):
            normal = -normal  # "above" means up (or left for a vertical arrow)
        start, end = p + d * clip(e.src), q - d * clip(e.dst)
        mid = start + label_pos * (end - start)
        ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>", mutation_scale=14,
                                     color=FORWARD_COLOR, linewidth=1.3, shrinkA=0, shrinkB=0,
                                     zorder=1))
        if e.forward is not None:
            pos = mid + normal * 0.08
            ax.text(*pos, e.forward, color=FORWARD_COLOR, **_text_alignment(normal, +1), **text_kw)
        if backward and e.backward is not None:
            bs, be = end - normal * gap, start - normal * gap
            ax.add_patch(FancyArrowPatch(tuple(bs), tuple(be), arrowstyle="-|>", mutation_scale=14,
                                         color=BACKWARD_COLOR, linewidth=1.3, shrinkA=0, shrinkB=0,
                                         zorder=1))
            pos = mid - normal * (gap + 0.08)
            ax.text(*pos, e.backward, color=BACKWARD_COLOR, **_text_alignment(normal, -1), **text_kw)

    ax.set_xlim(xs.min() - 1.5, xs.max() + 1.5)
    ax.set_ylim(ys.min() - 0.8, ys.max() + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
