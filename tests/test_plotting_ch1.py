"""Chapter 1 figures: decision regions and the XOR network of gates.

The truth is independent of the plotting code: truth tables written out by hand, the line
equation w1·x1 + w2·x2 + b = 0 checked point by point, mistakes counted by hand.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from nnlib.plotting import gates, regions  # noqa: E402

CORNERS = [(0, 0), (1, 0), (0, 1), (1, 1)]
AND_TABLE = [0, 0, 0, 1]       # written out by hand, in the order of CORNERS
XOR_TABLE = [0, 1, 1, 0]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _collection(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    return found[0] if found else None


def _region_value(ax, x1, x2):
    """The 0/1 value of the region image at the point (x1, x2)."""
    image = next(im for im in ax.images if im.get_gid() == "regions")
    data = np.asarray(image.get_array())
    lo, hi, _, _ = image.get_extent()
    n = data.shape[0]
    col = int(round((x1 - lo) / (hi - lo) * (n - 1)))
    row = int(round((x2 - lo) / (hi - lo) * (n - 1)))
    return int(data[row, col])


def test_linear_predict_gives_and_truth_table():
    predict = regions.linear_predict([0.5, 0.5], -0.7)
    assert predict(np.array(CORNERS)).tolist() == AND_TABLE


def test_linear_predict_boundary_counts_as_zero():
    # (1, 0) lies on the line x1 + x2 - 1 = 0: w·x + b = 0 is not > 0.
    assert regions.linear_predict([1.0, 1.0], -1.0)(np.array([[1, 0], [0.6, 0.6]])).tolist() == [0, 1]


@pytest.mark.parametrize("w, b", [([0.5, 0.5], -0.7), ([-0.5, -0.5], 0.7), ([1.0, -2.0], 0.3),
                                  ([0.0, 1.0], -0.5), ([1.0, 0.0], -0.5)])
def test_separating_line_satisfies_its_equation(w, b):
    ax = regions.plot_decision_regions(w, b)
    line = next(ln for ln in ax.lines if ln.get_gid() == "separating-line")
    x1, x2 = line.get_data()
    assert len(x1) == 2
    assert np.allclose(w[0] * np.asarray(x1) + w[1] * np.asarray(x2) + b, 0.0)


def test_no_line_when_weights_are_zero():
    ax = regions.plot_decision_regions([0.0, 0.0], 0.5)
    assert not [ln for ln in ax.lines if ln.get_gid() == "separating-line"]
    assert _region_value(ax, 0.0, 0.0) == 1 and _region_value(ax, 1.0, 1.0) == 1


def test_regions_are_coloured_by_output():
    ax = regions.plot_decision_regions([0.5, 0.5], -0.7)
    for (x1, x2), y in zip(CORNERS, AND_TABLE):
        assert _region_value(ax, x1, x2) == y
    image = next(im for im in ax.images if im.get_gid() == "regions")
    cmap = image.get_cmap()
    assert np.allclose(cmap(1.0)[:3], to_rgba("tab:blue")[:3])
    assert np.allclose(cmap(0.0)[:3], to_rgba("tab:red")[:3])


def test_points_blue_for_one_red_for_zero():
    ax = regions.plot_points(np.array(CORNERS), np.array(AND_TABLE))
    ones, zeros = _collection(ax, "points-1"), _collection(ax, "points-0")
    assert ones.get_offsets().tolist() == [[1.0, 1.0]]
    assert sorted(map(tuple, zeros.get_offsets().tolist())) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0)]
    assert np.allclose(ones.get_facecolor()[0][:3], to_rgba("tab:blue")[:3])
    assert np.allclose(zeros.get_facecolor()[0][:3], to_rgba("tab:red")[:3])


def test_mistakes_are_ringed():
    # The AND line against XOR's targets: wrong at (1, 0), (0, 1) and (1, 1).
    ax = regions.plot_decision_regions([0.5, 0.5], -0.7, labels=np.array(XOR_TABLE))
    rings = _collection(ax, "mistakes")
    assert sorted(map(tuple, rings.get_offsets().tolist())) == [(0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    # Points are coloured by their true labels when labels are given.
    assert sorted(map(tuple, _collection(ax, "points-1").get_offsets().tolist())) == [(0.0, 1.0), (1.0, 0.0)]


def test_no_rings_without_mistakes():
    ax = regions.plot_decision_regions([0.5, 0.5], -0.7, labels=np.array(AND_TABLE))
    assert len(_collection(ax, "mistakes").get_offsets()) == 0


def test_plot_regions_of_a_two_layer_model():
    def xor(X):
        s1 = (X @ np.array([-0.5, -0.5]) + 0.7 > 0).astype(int)
        s2 = (X @ np.array([0.5, 0.5]) - 0.2 > 0).astype(int)
        return (0.5 * s1 + 0.5 * s2 - 0.7 > 0).astype(int)

    ax = regions.plot_regions(xor, labels=np.array(XOR_TABLE))
    for (x1, x2), y in zip(CORNERS, XOR_TABLE):
        assert _region_value(ax, x1, x2) == y
    assert len(_collection(ax, "mistakes").get_offsets()) == 0


def test_draws_into_given_axes():
    fig, ax = plt.subplots()
    assert regions.plot_decision_regions([1, 1], -1.5, ax=ax, title="AND") is ax
    assert ax.get_title() == "AND"


def test_panels_one_axes_per_parameter_set_and_shared_legend():
    fig = regions.plot_region_panels([([0.5, 0.5], -0.7), ([0.5, 0.5], -0.2), ([-0.5, -0.5], 0.7)],
                                     ["AND", "OR", "NAND"], labels=np.array(XOR_TABLE),
                                     legend_labels=("one", "zero"), mistake_label="wrong")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["AND", "OR", "NAND"]
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["one", "zero", "wrong"]


@pytest.mark.parametrize("w, b, message", [([1.0, 2.0, 3.0], 0.0, r"shape \(2,\)"), ([1.0, np.nan], 0.0, "finite"),
                                           ([1.0, 1.0], [0.1, 0.2], "scalar")])
def test_bad_parameters_raise_clear_errors(w, b, message):
    with pytest.raises(ValueError, match=message):
        regions.plot_decision_regions(w, b)


def test_bad_labels_raise_clear_errors():
    with pytest.raises(ValueError, match="only 0 and 1"):
        regions.plot_points(np.array(CORNERS), np.array([0, 2, 1, 0]))
    with pytest.raises(ValueError, match=r"shape \(4,\)"):
        regions.plot_points(np.array(CORNERS), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        regions.plot_points(np.zeros((4, 3)), np.array(AND_TABLE))


def test_plot_regions_rejects_non_binary_predict():
    with pytest.raises(ValueError, match="0/1"):
        regions.plot_regions(lambda X: X[:, 0])


def test_learning_progress_draws_one_line_per_epoch():
    history = [(np.zeros(2), 0.0), (np.array([1.0, 1.0]), 1.0), (np.array([1.0, 2.0]), 0.0),
               (np.array([1.0, 2.0]), -2.0)]
    ax = regions.plot_learning_progress(history, labels=np.array(AND_TABLE), epoch_label="epoch {k}")
    lines = [ln for ln in ax.lines if ln.get_gid() == "separating-line"]
    assert [ln.get_label() for ln in lines] == ["epoch 1", "epoch 2", "epoch 3"]
    # The shaded regions are those of the final parameters: AND.
    for (x1, x2), y in zip(CORNERS, AND_TABLE):
        assert _region_value(ax, x1, x2) == y


def test_errors_per_epoch_draws_side_by_side_bars():
    ax = regions.plot_errors_per_epoch({"AND": [1, 3, 0], "NAND": [2, 3, 0], "XOR": [2, 4, 4, 4]},
                                       xlabel="epoch")
    bars = {c.patches[0].get_gid(): c for c in ax.containers}
    heights = {k: [round(p.get_height(), 2) for p in c.patches] for k, c in bars.items()}
    assert heights["errors-AND"] == [1, 3, 0.06]        # an epoch without mistakes: a stub at 0
    assert heights["errors-XOR"] == [2, 4, 4, 4]
    # Equal counts (AND and NAND in epoch 2) stay visible: the bars do not overlap.
    centres = {k: [p.get_x() + p.get_width() / 2 for p in c.patches] for k, c in bars.items()}
    assert centres["errors-AND"][1] < 2 < centres["errors-XOR"][1]
    a, n = bars["errors-AND"].patches[1], bars["errors-NAND"].patches[1]
    assert a.get_x() + a.get_width() <= n.get_x()


def test_xor_network_has_three_gates_and_seven_wires():
    ax = gates.plot_xor_network(layer_labels=("inputs", "layer 1", "layer 2"))
    kinds = sorted(p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("gate-"))
    assert kinds == ["gate-AND", "gate-NAND", "gate-OR"]
    # x1 and x2 each feed NAND and OR (4), NAND and OR feed AND (2), AND feeds y (1).
    assert sum(p.get_gid() == "wire" for p in ax.patches) == 7
    texts = {t.get_text() for t in ax.texts}
    assert {"$x_1$", "$x_2$", "$s_1$", "$s_2$", "$y$", "inputs", "layer 1", "layer 2"} <= texts


def test_xor_network_writes_traced_values():
    ax = gates.plot_xor_network(values=(1, 0, 1, 1, 1))
    assert sorted(t.get_text() for t in ax.texts if t.get_text() in {"0", "1"}) == ["0", "1", "1", "1", "1"]


def test_gate_pins_and_bad_kind():
    fig, ax = plt.subplots()
    pins = gates.draw_gate(ax, "AND", (0.0, 0.0), width=1.0, height=0.8)
    assert pins["in1"][1] > pins["in2"][1]
    assert pins["out"].tolist() == [0.5, 0.0]
    with pytest.raises(ValueError, match="kind must be one of"):
        gates.draw_gate(ax, "XNOR", (0.0, 0.0))


def test_gate_symbols_captions():
    ax = gates.plot_gate_symbols(("AND", "NAND", "OR"), captions=("И", "НЕ-И", "ИЛИ"))
    assert {"И", "НЕ-И", "ИЛИ"} <= {t.get_text() for t in ax.texts}
    with pytest.raises(ValueError, match="one entry per gate"):
        gates.plot_gate_symbols(("AND", "OR"), captions=("И",))
