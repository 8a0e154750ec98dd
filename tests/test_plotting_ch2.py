"""Chapter 2 diagrams: what is drawn matches what was asked for (nodes, bias nodes, arrows, labels)."""
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from nnlib.plotting.diagrams import plot_layer, plot_network, plot_neuron


def patches(ax, gid):
    return [p for p in ax.patches if p.get_gid() == gid]


def texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_network_nodes_edges_and_bias():
    sizes = (2, 3, 2, 2)
    ax = plot_network(sizes)
    assert len(patches(ax, "neuron")) == sum(sizes)
    # one bias node "1" per layer except the output layer, filled grey
    bias = patches(ax, "bias")
    assert len(bias) == len(sizes) - 1
    for node in bias:
        r, g, b, _ = node.get_facecolor()
        assert r == g == b and 0.5 < r < 1.0
    assert texts(ax).count("1") == len(sizes) - 1
    # fully connected: every neuron to every neuron of the next layer, plus the bias arrows
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert len(patches(ax, "edge")) == weights + sum(sizes[1:])


def test_network_without_bias_has_no_grey_nodes():
    ax = plot_network((2, 3), bias=False)
    assert patches(ax, "bias") == []
    assert len(patches(ax, "edge")) == 6


def test_network_labels_come_from_the_caller():
    labels = ["Входной слой", "Скрытый слой", "Выходной слой"]
    nodes = [["$x_1$", "$x_2$"], ["a", "b", "c"], ["$y_1$"]]
    ax = plot_network((2, 3, 1), layer_labels=labels, node_labels=nodes, title="Сеть")
    for text in labels + [s for layer in nodes for s in layer]:
        assert text in texts(ax)
    assert ax.get_title() == "Сеть"


def test_network_weights_set_colour_and_width():
    w1 = np.array([[1.0, -0.5]])
    ax = plot_network((1, 2), weights=[w1], bias=False)
    edges = patches(ax, "edge")
    assert len(edges) == 2
    # drawn in the order of the weight matrix: w = 1.0 (positive, widest), then w = -0.5
    assert edges[0].get_edgecolor() == to_rgba("tab:blue")
    assert edges[1].get_edgecolor() == to_rgba("tab:red")
    assert edges[0].get_linewidth() > edges[1].get_linewidth()


def test_network_weight_labels_show_values():
    w = np.array([[1, 3, 5], [2, 4, 6]])
    ax = plot_network((2, 3), weights=[w], weight_labels=True, bias=False)
    assert sorted(t for t in texts(ax) if t.isdigit()) == ["1", "2", "3", "4", "5", "6"]
    with pytest.raises(ValueError, match="expects weights when weight_labels=True"):
        plot_network((2, 3), weight_labels=True)


def test_network_weight_labels_sit_on_their_arrows_away_from_crossings():
    w = np.array([[1, 3, 5], [2, 4, 6]])
    ax = plot_network((2, 3), weights=[w], weight_labels=True, bias=False)
    centres = [np.array(c.center) for c in patches(ax, "neuron")]
    inputs, outputs = centres[:2], centres[2:]
    segments = {w[i, j]: (inputs[i], outputs[j]) for i in range(2) for j in range(3)}
    # where two arrows from different inputs cross (solved from the node centres)
    crossings = []
    for (p1, q1), (p2, q2) in itertools.combinations(segments.values(), 2):
        if np.array_equal(p1, p2):
            continue
        d1, d2 = q1 - p1, q2 - p2
        if abs(d1[0] * d2[1] - d1[1] * d2[0]) < 1e-12:      # parallel arrows never cross
            continue
        s, u = np.linalg.solve(np.column_stack([d1, -d2]), p2 - p1)
        if 0 < s < 1 and 0 < u < 1:
            crossings.append(p1 + s * d1)
    assert len(crossings) == 3
    for t in ax.texts:
        if not t.get_text().isdigit():
            continue
        p, q = segments[int(t.get_text())]
        at = np.array(t.get_position())
        d = q - p
        along = float((at - p) @ d / (d @ d))
        off = abs(d[0] * (at - p)[1] - d[1] * (at - p)[0]) / np.linalg.norm(d)
        assert off < 1e-9                                # on its own arrow
        # x1's labels near the start, x2's near the end: the two fans' labels never meet
        if np.array_equal(p, inputs[0]):
            assert 0.15 < along < 0.35
        else:
            assert 0.65 < along < 0.85
        assert min(np.linalg.norm(at - c) for c in crossings) > 0.15
    spots = [np.array(t.get_position()) for t in ax.texts if t.get_text().isdigit()]
    assert min(np.linalg.norm(a - b) for a, b in itertools.combinations(spots, 2)) > 0.18


def test_network_draws_into_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_network((2, 2), ax=right) is right
    assert len(left.patches) == 0 and len(patches(right, "neuron")) == 4


@pytest.mark.parametrize("sizes", [(3,), (2, 0, 1), (2, 1.5), (2, True)])
def test_network_rejects_bad_sizes(sizes):
    with pytest.raises(ValueError, match="layer sizes"):
        plot_network(sizes)


def test_network_rejects_mismatched_labels_and_weights():
    with pytest.raises(ValueError, match="3 layer labels"):
        plot_network((2, 3, 1), layer_labels=["in", "out"])
    with pytest.raises(ValueError, match="2 node labels in layer 0"):
        plot_network((2, 1), node_labels=[["x"], ["y"]])
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got \(3, 2\)"):
        plot_network((2, 3), weights=[np.zeros((3, 2))])


def test_neuron_has_grey_bias_input_and_labels():
    ax = plot_neuron(("$x_1$", "$x_2$"), ("$w_1$", "$w_2$"), bias_label="$b$")
    assert len(patches(ax, "bias")) == 1
    for text in ["$x_1$", "$x_2$", "$w_1$", "$w_2$", "$b$", "1", "$a$", "$y$"]:
        assert text in texts(ax)
    # inputs + bias into a, a into h, h into y
    assert len(patches(ax, "edge")) == 2 + 1 + 1 + 1


def test_neuron_unsplit_and_mismatch():
    ax = plot_neuron(("$x_1$",), ("$w_1$",), split=False)
    assert "$a$" not in texts(ax)
    assert len(patches(ax, "edge")) == 1 + 1 + 1
    with pytest.raises(ValueError, match="one weight label per input"):
        plot_neuron(("$x_1$", "$x_2$"), ("$w_1$",))


def test_layer_highlights_the_arrows_into_one_neuron_and_splits_every_neuron():
    ax = plot_layer(["$x_1$", "$x_2$"], ["$a_1$", "$a_2$", "$a_3$"], ["$z_1$", "$z_2$", "$z_3$"],
                    weight_labels=["$w_{11}$", "$w_{12}$"], bias_label="$b_1$", highlight=0,
                    layer_labels=["layer 0", "layer 1"])
    circles = {t.get_text(): np.array(t.get_position()) for t in ax.texts}
    highlighted = patches(ax, "highlighted-edge")
    # x1, x2 and the bias "1" feed a1: three dark arrows, all ending at a1's node
    assert len(highlighted) == 3
    a1 = circles["$a_1$"]
    for arrow in highlighted:
        end = np.array(arrow._posA_posB[1])     # the arrow head, in data coordinates
        assert np.linalg.norm(end - a1) < 0.45
    # the other neurons get the same three inputs in grey: 3 + 6 arrows into sums, 3 steps a -> z
    assert len(patches(ax, "edge")) == 6
    assert len(patches(ax, "activation")) == 3
    assert len(patches(ax, "outline")) == 3
    for j in (1, 2, 3):      # z_j sits to the right of its own a_j
        a, z = circles[f"$a_{j}$"], circles[f"$z_{j}$"]
        assert z[0] > a[0] and abs(z[1] - a[1]) < 1e-9
    assert {"$w_{11}$", "$w_{12}$", "$b_1$", "layer 0", "layer 1"} <= set(circles)
    assert len(patches(ax, "bias")) == 1


def test_layer_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="one weight label per input"):
        plot_layer(["x1", "x2"], ["a1"], ["z1"], weight_labels=["w"])
    with pytest.raises(ValueError, match="one output label per neuron"):
        plot_layer(["x1"], ["a1", "a2"], ["z1"])
    with pytest.raises(ValueError, match="highlight"):
        plot_layer(["x1"], ["a1"], ["z1"], highlight=1)
