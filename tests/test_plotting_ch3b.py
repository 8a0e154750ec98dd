"""Computational graphs (nnlib.plotting.graphs): what is drawn, where, and in which colour."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, FancyArrowPatch

from nnlib.plotting.graphs import BACKWARD_COLOR, FORWARD_COLOR, Edge, Node, plot_computational_graph

# The lecture's chain Y = X·W + B: two inputs into "dot", its result and B into "+", then L.
NODES = {
    "X": (0, 1, "X", False),
    "W": (0, -1, "W", False),
    "dot": (3, 0, "dot"),
    "B": (3, -2, "B", False),
    "plus": (6, 0, "+"),
    "L": (9, 0, "L", False),
}
EDGES = [
    ("X", "dot", "x", "dx"),
    ("W", "dot", "w", "dw"),
    ("dot", "plus", "xw", "dxw"),
    ("B", "plus", "b", "db"),
    ("plus", "L", "y", "dy"),
]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def arrows(ax, color):
    return [p for p in ax.patches
            if isinstance(p, FancyArrowPatch) and np.allclose(p.get_edgecolor(), to_rgba(color))]


def texts(ax):
    return {t.get_text(): t for t in ax.texts}


def endpoints(arrow):
    """Tail and tip of an arrow, in data coordinates (the tip is the point farthest from the tail)."""
    verts = arrow.get_path().vertices[:-1]  # the last vertex only closes the path
    tail = verts[0]
    return tail, verts[np.argmax(np.linalg.norm(verts - tail, axis=1))]


def test_draws_one_circle_per_operation_and_every_label():
    ax = plot_computational_graph(NODES, EDGES)
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert sorted(c.center for c in circles) == [(3, 0), (6, 0)]
    labels = texts(ax)
    for name in ("X", "W", "dot", "B", "+", "L", "x", "w", "xw", "b", "y", "dx", "dw", "dxw", "db", "dy"):
        assert name in labels


def test_forward_arrows_point_from_source_to_destination():
    ax = plot_computational_graph(NODES, EDGES, backward=False)
    fwd = arrows(ax, FORWARD_COLOR)
    assert len(fwd) == len(EDGES)
    assert arrows(ax, BACKWARD_COLOR) == []
    for arrow, (src, dst, *_) in zip(fwd, EDGES):
        start, end = endpoints(arrow)
        a, b = np.array(NODES[src][:2], float), np.array(NODES[dst][:2], float)
        # The arrow lies on the segment a -> b, outside the circles, and points towards b.
        assert np.linalg.norm(end - b) < np.linalg.norm(start - b)
        assert np.linalg.norm(start - a) < np.linalg.norm(b - a)
        cross = (b - a)[0] * (end - a)[1] - (b - a)[1] * (end - a)[0]
        assert abs(cross) < 1e-6


def test_backward_arrows_are_red_reversed_and_below():
    ax = plot_computational_graph(NODES, EDGES)
    fwd, bwd = arrows(ax, FORWARD_COLOR), arrows(ax, BACKWARD_COLOR)
    assert len(fwd) == len(bwd) == len(EDGES)
    # The horizontal edge dot -> plus: its backward arrow runs right to left, under it.
    (fs, fe), (bs, be) = endpoints(fwd[2]), endpoints(bwd[2])
    assert fs[0] < fe[0] and bs[0] > be[0]
    assert bs[1] < fs[1] and be[1] < fe[1]
    labels = texts(ax)
    assert labels["dxw"].get_position()[1] < labels["xw"].get_position()[1]
    assert np.allclose(to_rgba(labels["dxw"].get_color()), to_rgba(BACKWARD_COLOR))


def test_edges_without_gradient_have_no_backward_arrow():
    edges = [("X", "dot", "x", None), ("dot", "plus", "xw", "g"), ("plus", "L", "y")]
    ax = plot_computational_graph(NODES, edges)
    assert len(arrows(ax, BACKWARD_COLOR)) == 1
    assert len(arrows(ax, FORWARD_COLOR)) == 3


def test_accepts_named_tuples_and_draws_into_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    nodes = {"a": Node(0, 0, "a", op=False), "f": Node(2, 0, "f")}
    ax = plot_computational_graph(nodes, [Edge("a", "f", "1", "2")], ax=right, title="T")
    assert ax is right
    assert right.get_title() == "T"
    assert len(left.patches) == 0


def test_unknown_node_is_named_in_the_error():
    with pytest.raises(ValueError, match="unknown node 'Z'"):
        plot_computational_graph(NODES, [("X", "Z", "1", "2")])


def test_bad_node_and_edge_specs_raise():
    with pytest.raises(ValueError, match="node 'X'"):
        plot_computational_graph({"X": (0, 1)}, [])
    with pytest.raises(ValueError, match="edge"):
        plot_computational_graph(NODES, [("X",)])
    with pytest.raises(ValueError, match="itself"):
        plot_computational_graph(NODES, [("X", "X")])
    with pytest.raises(ValueError, match="at least one node"):
        plot_computational_graph({}, [])
    with pytest.raises(ValueError, match="label_pos"):
        plot_computational_graph(NODES, EDGES, label_pos=1.5)


def test_label_pos_moves_texts_along_the_arrow():
    near_source = texts(plot_computational_graph(NODES, EDGES, label_pos=0.2))["xw"].get_position()[0]
    middle = texts(plot_computational_graph(NODES, EDGES))["xw"].get_position()[0]
    assert 3 < near_source < middle < 6
