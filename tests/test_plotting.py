"""Curve, bar and digit plots: what is drawn, with the caller's labels (Agg backend)."""
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib.plotting  # noqa: E402
from nnlib.plotting.curves import (moving_average, plot_functions, plot_history, plot_loss,  # noqa: E402
                                   plot_probabilities)
from nnlib.plotting.digits import plot_digits  # noqa: E402

LABELS = {"loss": "loss", "train": "train", "test": "test", "step": "step", "epoch": "epoch",
          "accuracy": "accuracy", "loss_axis": "L"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def same_color(a, b):
    return mcolors.to_rgba(a) == mcolors.to_rgba(b)


def test_re_exported_from_the_package():
    for name in ("plot_functions", "plot_loss", "plot_history", "plot_probabilities", "plot_digits"):
        assert hasattr(nnlib.plotting, name)


# --- plot_functions ----------------------------------------------------------------------------

def test_plot_functions_draws_one_line_per_curve_with_labels():
    x = np.linspace(-5, 5, 101)
    ax = plot_functions(x, {"ступенчатая": (x > 0).astype(int), "сигмоида": (1 / (1 + np.exp(-x)), "--")},
                        title="Функции активации", xlabel="x", ylabel="h(x)", ylim=(-0.1, 1.1))
    assert isinstance(ax, matplotlib.axes.Axes)
    lines = ax.get_lines()
    assert len(lines) == 2
    assert [line.get_label() for line in lines] == ["ступенчатая", "сигмоида"]
    assert lines[1].get_linestyle() == "--"
    np.testing.assert_array_equal(lines[1].get_xdata(), x)
    assert ax.get_title() == "Функции активации"
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "h(x)"
    assert ax.get_ylim() == pytest.approx((-0.1, 1.1))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ступенчатая", "сигмоида"]


def test_plot_functions_draws_into_a_given_axes():
    fig, (a, b) = plt.subplots(1, 2)
    x = np.arange(5.0)
    assert plot_functions(x, {"x": x}, ax=b) is b
    assert len(a.get_lines()) == 0 and len(b.get_lines()) == 1
    assert len(plt.get_fignums()) == 1


def test_plot_functions_takes_a_plain_tuple_as_values():
    ax = plot_functions(np.arange(3.0), {"y": (1.0, 4.0, 9.0)})
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [1.0, 4.0, 9.0])


def test_plot_functions_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match=r"y of shape \(5,\) like x for curve 'bad', got shape \(4,\)"):
        plot_functions(np.arange(5.0), {"bad": np.arange(4.0)})


# --- plot_loss ---------------------------------------------------------------------------------

def test_moving_average_by_hand():
    np.testing.assert_allclose(moving_average([1, 2, 3, 4, 5], 2), [1.5, 2.5, 3.5, 4.5])
    np.testing.assert_allclose(moving_average([1, 2, 3, 4, 5], 5), [3.0])
    np.testing.assert_allclose(moving_average([1, 2, 3], 1), [1, 2, 3])


@pytest.mark.parametrize("k", [0, 6, 2.5])
def test_moving_average_rejects_bad_window(k):
    with pytest.raises(ValueError, match="window k from 1 to 5"):
        moving_average(np.arange(5.0), k)


def test_plot_loss_raw_and_smoothed():
    losses = np.array([4.0, 2.0, 3.0, 1.0, 2.0, 0.0])
    ax = plot_loss(losses, label="mini-batch", xlabel="шаг", ylabel="потери")
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_ydata(), losses)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(6))
    assert line.get_label() == "mini-batch"
    assert ax.get_xlabel() == "шаг" and ax.get_ylabel() == "потери"

    ax = plot_loss(losses, smooth=3)
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), [3.0, 2.0, 2.0, 1.0])
    np.testing.assert_array_equal(line.get_xdata(), [2, 3, 4, 5])


def test_plot_loss_several_curves_on_one_axes_and_log_scale():
    fig, ax = plt.subplots()
    plot_loss([1.0, 0.5, 0.25], ax=ax, label="SGD", logy=True)
    plot_loss([1.0, 0.8, 0.6], ax=ax, label="full batch", logy=True, color="tab:red")
    assert len(ax.get_lines()) == 2
    assert ax.get_yscale() == "log"
    assert same_color(ax.get_lines()[1].get_color(), "tab:red")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "full batch"]


def test_plot_loss_rejects_bad_input():
    with pytest.raises(ValueError, match="non-empty 1-D"):
        plot_loss([])
    with pytest.raises(ValueError, match="window k"):
        plot_loss([1.0, 2.0], smooth=3)


# --- plot_history ------------------------------------------------------------------------------

def make_history(n_steps=30, n_epochs=3, with_test=True):
    rng = np.random.default_rng(0)
    return SimpleNamespace(loss=list(2.3 * np.exp(-np.arange(n_steps) / 10) + 0.1 * rng.random(n_steps)),
                           train_acc=[0.80, 0.90, 0.95][:n_epochs],
                           test_acc=[0.78, 0.88, 0.93][:n_epochs] if with_test else [])


def test_plot_history_two_panels():
    history = make_history()
    labels = {"loss": "потери", "train": "обучающая", "test": "тестовая", "step": "шаг",
              "epoch": "эпоха", "accuracy": "точность", "loss_axis": "L"}
    fig = plot_history(history, labels)
    assert isinstance(fig, matplotlib.figure.Figure)
    ax_loss, ax_acc = fig.axes
    assert len(ax_loss.get_lines()) == 1
    np.testing.assert_allclose(ax_loss.get_lines()[0].get_ydata(), history.loss)
    assert ax_loss.get_xlabel() == "шаг" and ax_loss.get_ylabel() == "L"

    train, test = ax_acc.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(train.get_ydata(), history.train_acc)
    np.testing.assert_allclose(test.get_ydata(), history.test_acc)
    assert same_color(train.get_color(), "tab:blue") and same_color(test.get_color(), "tab:orange")
    assert ax_acc.get_xlabel() == "эпоха" and ax_acc.get_ylabel() == "точность"
    assert [t.get_text() for t in ax_acc.get_legend().get_texts()] == ["обучающая", "тестовая"]


def test_plot_history_smoothing_and_no_test_data():
    history = make_history(with_test=False)
    labels = {k: v for k, v in LABELS.items() if k != "test"}
    fig = plot_history(history, labels, smooth=10)
    ax_loss, ax_acc = fig.axes
    assert len(ax_loss.get_lines()[0].get_ydata()) == 30 - 10 + 1
    assert len(ax_acc.get_lines()) == 1


def test_plot_history_names_missing_labels():
    labels = {k: v for k, v in LABELS.items() if k != "epoch"}
    with pytest.raises(ValueError, match=r"missing \['epoch'\]"):
        plot_history(make_history(), labels)


def test_plot_history_needs_a_history_like_object():
    with pytest.raises(TypeError, match="missing 'test_acc'"):
        plot_history(SimpleNamespace(loss=[1.0], train_acc=[0.5]), LABELS)


# --- plot_probabilities ------------------------------------------------------------------------

def test_plot_probabilities_highlights_the_argmax():
    p = np.array([0.1, 0.05, 0.6, 0.25])
    ax = plot_probabilities(p, xlabel="класс", ylabel="вероятность", title="softmax",
                            class_names=["a", "b", "c", "d"])
    bars = ax.patches
    assert len(bars) == 4
    np.testing.assert_allclose([bar.get_height() for bar in bars], p)
    highlighted = [i for i, bar in enumerate(bars) if same_color(bar.get_facecolor(), "tab:blue")]
    assert highlighted == [2]
    assert len({mcolors.to_hex(bar.get_facecolor()) for bar in bars}) == 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d"]
    assert [t.get_text() for t in ax.texts] == ["0.10", "0.05", "0.60", "0.25"]
    assert ax.get_title() == "softmax"
    assert ax.get_xlabel() == "класс" and ax.get_ylabel() == "вероятность"


def test_plot_probabilities_default_names_are_indices():
    p = np.full(10, 0.05)
    p[7] = 0.55
    ax = plot_probabilities(p)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in range(10)]
    assert same_color(ax.patches[7].get_facecolor(), "tab:blue")


@pytest.mark.parametrize("p, names, match", [
    (np.ones((2, 3)), None, r"shape \(n,\)"),
    (np.array([0.5, np.nan]), None, "finite"),
    (np.array([0.5, 0.5]), ["a"], "2 class names"),
])
def test_plot_probabilities_rejects_bad_input(p, names, match):
    with pytest.raises(ValueError, match=match):
        plot_probabilities(p, class_names=names)


# --- plot_digits -------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(12, 784), (12, 28, 28), (12, 1, 28, 28)])
def test_plot_digits_accepts_the_three_layouts(shape):
    images = np.random.default_rng(0).random(shape).astype(np.float32)
    fig = plot_digits(images, ncols=5)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(fig.axes) == 15  # 3 rows of 5
    drawn = [ax for ax in fig.axes if ax.get_images()]
    assert len(drawn) == 12
    np.testing.assert_array_equal(drawn[3].get_images()[0].get_array(), images.reshape(12, 28, 28)[3])


def test_plot_digits_titles_and_colors():
    images = np.zeros((3, 784), dtype=np.uint8)
    fig = plot_digits(images, titles=["7", "2→3", "1"], title_colors=["black", "tab:red", "black"])
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["7", "2→3", "1"]
    assert same_color(fig.axes[1].title.get_color(), "tab:red")
    # Raw bytes are drawn on the 0..255 scale.
    assert fig.axes[0].get_images()[0].get_clim() == (0, 255)


def test_plot_digits_figsize_and_single_row():
    fig = plot_digits(np.ones((4, 28, 28)), figsize=(8, 2))
    assert len(fig.axes) == 4
    assert tuple(fig.get_size_inches()) == pytest.approx((8, 2))


@pytest.mark.parametrize("kwargs, match", [
    ({"images": np.zeros((3, 100))}, r"\(n, 784\), \(n, 28, 28\) or \(n, 1, 28, 28\).*\(3, 100\)"),
    ({"images": np.zeros((0, 784))}, "at least one image"),
    ({"images": np.zeros((3, 784)), "titles": ["a"]}, "3 titles"),
    ({"images": np.zeros((3, 784)), "titles": ["a", "b", "c"], "title_colors": ["r"]}, "title_colors"),
    ({"images": np.zeros((3, 784)), "ncols": 0}, "ncols to be a positive integer"),
])
def test_plot_digits_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_digits(**kwargs)
