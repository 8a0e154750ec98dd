"""Chapter 3 descent figures: the contours show the function asked for, the paths are drawn
exactly where they were given, and bad input is refused with a clear message."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.plotting.descent import PATH_COLORS, plot_contours, plot_descent, plot_descent_1d


def bowl(x):
    return x[0] ** 2 + x[1] ** 2


def lines(ax, gid):
    return [line for line in ax.lines if line.get_gid() == gid]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_contour_levels_are_circles_of_the_bowl():
    ax = plot_contours(bowl, (-2, 2), (-2, 2), levels=[1.0], filled=False)
    cs = ax.collections[0]
    vertices = np.concatenate([p.vertices for p in cs.get_paths() if len(p.vertices)])
    # every vertex of the level line f = 1 lies on the unit circle
    np.testing.assert_allclose(np.hypot(vertices[:, 0], vertices[:, 1]), 1.0, atol=2e-3)
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-2.0, 2.0)


def test_paths_are_drawn_where_given_with_start_and_end():
    p1 = np.array([[3.0, 4.0], [2.4, 3.2], [1.92, 2.56]])
    p2 = np.array([[-1.0, 0.5], [-0.5, 0.25]])
    ax = plot_descent(bowl, [p1, p2], (-4, 4), (-4, 5), labels=["a", "b"], minimum=(0, 0),
                      title="T", xlabel="$x_0$", ylabel="$x_1$")
    drawn = lines(ax, "path")
    assert len(drawn) == 2
    np.testing.assert_array_equal(np.column_stack(drawn[0].get_data()), p1)
    np.testing.assert_array_equal(np.column_stack(drawn[1].get_data()), p2)
    starts, ends = lines(ax, "start"), lines(ax, "end")
    assert [tuple(np.ravel(s.get_data())) for s in starts] == [(3.0, 4.0), (-1.0, 0.5)]
    assert [tuple(np.ravel(e.get_data())) for e in ends] == [(1.92, 2.56), (-0.5, 0.25)]
    assert [d.get_color() for d in drawn] == list(PATH_COLORS[:2])
    assert len(lines(ax, "minimum")) == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "$x_0$", "$x_1$")


def test_single_path_array_and_given_axes():
    fig, axes = plt.subplots(1, 2)
    path = np.zeros((5, 2))
    out = plot_descent(bowl, path, ax=axes[1], colors=["black"])
    assert out is axes[1]
    assert len(lines(axes[1], "path")) == 1 and lines(axes[0], "path") == []
    assert lines(axes[1], "path")[0].get_color() == "black"
    assert axes[1].get_legend() is None


def test_1d_points_lie_on_the_curve():
    def f(x):
        return x ** 4 - 3 * x ** 2 + x

    path = np.array([0.3, 0.5, 0.8, 1.0])
    ax = plot_descent_1d(f, [path, path[:, None] * -1], (-2, 2), labels=["right", "left"])
    first, second = lines(ax, "path")
    np.testing.assert_allclose(first.get_ydata(), f(path))
    np.testing.assert_allclose(second.get_xdata(), -path)
    curve = lines(ax, "curve")[0]
    np.testing.assert_allclose(curve.get_ydata(), f(curve.get_xdata()))


@pytest.mark.parametrize("bad, message", [
    (np.zeros((4, 3)), r"shape \(steps \+ 1, 2\)"),
    (np.zeros(4), r"shape \(steps \+ 1, 2\)"),
    (np.zeros((0, 2)), r"shape \(steps \+ 1, 2\)"),
])
def test_bad_paths_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        plot_descent(bowl, [bad])


def test_bad_function_limits_and_labels_are_refused():
    with pytest.raises(ValueError, match="vectorised"):
        plot_contours(lambda x: 1.0)
    with pytest.raises(ValueError, match="xlim"):
        plot_contours(bowl, (1, -1))
    with pytest.raises(ValueError, match="one entry per path"):
        plot_descent(bowl, [np.zeros((2, 2))], labels=["a", "b"])
    with pytest.raises(ValueError, match=r"shape \(steps \+ 1,\)"):
        plot_descent_1d(np.sin, [np.zeros((3, 2))])
    with pytest.raises(ValueError, match="vectorised"):
        plot_descent_1d(lambda x: 0.0, [np.zeros(3)])


def test_markers_are_named_in_the_legend():
    path = np.array([[3.0, 4.0], [1.0, 1.0]])
    ax = plot_descent(bowl, path, labels=["η = 0.1"], minimum=(0, 0), markers=("start", "end", "minimum"))
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["η = 0.1", "start", "end", "minimum"]
    assert [h.get_marker() for h in legend.legend_handles[1:]] == ["s", "X", "*"]
    # without a minimum only the start and the end are named
    ax = plot_descent(bowl, path, markers=("start", "end", "minimum"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["start", "end"]
    ax = plot_descent_1d(lambda x: x ** 2, np.array([1.0, 0.5]), markers=("start", "end"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["start", "end"]
    with pytest.raises(ValueError, match="markers must name"):
        plot_descent(bowl, path, markers=("start",))


def test_colour_bar_shows_the_function_values():
    fig, ax = plt.subplots()
    plot_descent(bowl, np.zeros((2, 2)), (-2, 2), (-2, 2), ax=ax, colorbar="$f(x)$")
    assert len(fig.axes) == 2
    bar = fig.axes[1]
    assert bar.get_ylabel() == "$f(x)$"
    lo, hi = bar.get_ylim()
    # the shades run from the bowl's minimum 0 up to its largest value 8 in the corners
    assert lo == pytest.approx(0.0, abs=1e-9) and 8.0 <= hi <= 8.0 * 1.2
    plt.close(fig)
    fig, ax = plt.subplots()
    plot_descent(bowl, np.zeros((2, 2)), ax=ax)
    assert len(fig.axes) == 1
