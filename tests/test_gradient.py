"""Numerical derivatives and gradient descent against analytic derivatives and known minima."""
import numpy as np
import pytest

from nnlib.gradient import gradient_descent, numerical_diff, numerical_gradient


def sum_of_squares(x):
    return np.sum(x ** 2)


def test_numerical_diff_of_square_at_3():
    assert numerical_diff(lambda x: x ** 2, 3.0) == pytest.approx(6.0, abs=1e-8)


def test_numerical_diff_matches_known_derivatives():
    assert numerical_diff(np.sin, 0.5) == pytest.approx(np.cos(0.5), rel=1e-7)
    assert numerical_diff(np.exp, 1.0) == pytest.approx(np.e, rel=1e-7)
    # DLFS's example: y = 0.01x² + 0.1x has slope 0.2 at x = 5 and 0.3 at x = 10.
    f = lambda x: 0.01 * x ** 2 + 0.1 * x  # noqa: E731
    assert numerical_diff(f, 5.0) == pytest.approx(0.2, abs=1e-9)
    assert numerical_diff(f, 10.0) == pytest.approx(0.3, abs=1e-9)


def test_central_difference_error_shrinks_like_h_squared():
    # Truncation error of the central difference for e^x is about h²/6·e^x.
    errors = [abs(numerical_diff(np.exp, 0.0, h=h) - 1.0) for h in (1e-1, 1e-2)]
    assert errors[0] == pytest.approx(1e-2 / 6, rel=0.01)
    assert errors[1] == pytest.approx(1e-4 / 6, rel=0.01)


@pytest.mark.parametrize("h", [0, -1e-4, float("nan"), float("inf")])
def test_numerical_diff_rejects_bad_step(h):
    with pytest.raises(ValueError, match="h to be a positive finite number"):
        numerical_diff(np.sin, 1.0, h=h)


def test_numerical_gradient_of_sum_of_squares_is_2x():
    x = np.array([[1.0, -2.0, 3.5], [0.0, 4.0, -0.25]])
    grad = numerical_gradient(sum_of_squares, x)
    assert grad.shape == (2, 3) and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-8, atol=1e-8)


def test_numerical_gradient_of_dlfs_function():
    # f(x0, x1) = x0² + x1²: gradient (6, 8) at (3, 4), (0, 4) at (0, 2), (6, 0) at (3, 0).
    f = lambda x: x[0] ** 2 + x[1] ** 2  # noqa: E731
    for point, expected in [((3.0, 4.0), (6, 8)), ((0.0, 2.0), (0, 4)), ((3.0, 0.0), (6, 0))]:
        np.testing.assert_allclose(numerical_gradient(f, np.array(point)), expected, atol=1e-7)


def test_numerical_gradient_of_a_linear_map():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(3, 4, 2))
    x = rng.normal(size=(3, 4, 2))
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(a * v), x), a, atol=1e-9)


def test_numerical_gradient_of_a_scalar_array():
    x = np.array(2.0)
    assert numerical_gradient(lambda v: float(v) ** 3, x) == pytest.approx(12.0, rel=1e-7)


def test_x_is_restored_bit_exactly():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 5)) * 1e-4  # small weights, where (x − h) + h often differs from x
    assert np.any((x - 1e-4) + 1e-4 != x)  # so restoring by arithmetic would be caught
    before = x.copy()
    numerical_gradient(sum_of_squares, x)
    assert x.tobytes() == before.tobytes()


def test_f_sees_the_perturbed_array_and_x_is_restored_after_an_error():
    x = np.array([1.0, 2.0])
    before = x.copy()
    seen = []

    def f(v):
        seen.append(v.copy())
        if len(seen) == 3:
            raise RuntimeError("boom")
        return np.sum(v)

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    assert seen[0].tolist() == [1.0 + 1e-4, 2.0] and seen[1].tolist() == [1.0 - 1e-4, 2.0]
    assert x.tobytes() == before.tobytes()


def test_works_on_non_contiguous_views_and_writes_through_the_base():
    base = np.arange(24, dtype=np.float64).reshape(4, 6)
    before = base.copy()
    view = base[::2, 1::2]  # non-contiguous, shape (2, 3)
    assert not view.flags.c_contiguous
    weights = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    grad = numerical_gradient(lambda v: np.sum(weights * v ** 2), view)
    np.testing.assert_allclose(grad, 2 * weights * view, rtol=1e-7)
    assert base.tobytes() == before.tobytes()

    transposed = np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)).T
    np.testing.assert_allclose(numerical_gradient(sum_of_squares, transposed), 2 * transposed, atol=1e-7)


@pytest.mark.parametrize("x", [np.array([1.0, 2.0], dtype=np.float32), np.array([1, 2]),
                               np.array([1.0, 2.0], dtype=np.float16)])
def test_non_float64_arrays_raise_type_error(x):
    with pytest.raises(TypeError, match=r"float64.*astype\(np\.float64\)"):
        numerical_gradient(sum_of_squares, x)


def test_non_arrays_raise_type_error():
    with pytest.raises(TypeError, match="float64 numpy array, got list"):
        numerical_gradient(sum_of_squares, [1.0, 2.0])


def test_read_only_array_raises():
    x = np.array([1.0, 2.0])
    x.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        numerical_gradient(sum_of_squares, x)


def test_non_scalar_f_raises():
    with pytest.raises(ValueError, match="scalar"):
        numerical_gradient(lambda v: v * 2, np.array([1.0, 2.0]))


def test_gradient_descent_reaches_the_minimum():
    init = np.array([-3.0, 4.0])
    x, path = gradient_descent(lambda v: v[0] ** 2 + v[1] ** 2, init, lr=0.1, step_num=100)
    assert path.shape == (101, 2)
    assert path[0].tolist() == [-3.0, 4.0]
    np.testing.assert_array_equal(path[-1], x)
    assert np.linalg.norm(x) < 1e-8
    # Each step multiplies x by (1 − 2·lr) = 0.8 exactly in exact arithmetic.
    np.testing.assert_allclose(path[10], init * 0.8 ** 10, rtol=1e-6)
    assert init.tolist() == [-3.0, 4.0]


def test_gradient_descent_accepts_integer_start_and_any_shape():
    x, path = gradient_descent(sum_of_squares, [[1, 2], [3, 4]], lr=0.25, step_num=3)
    assert path.shape == (4, 2, 2) and x.dtype == np.float64
    np.testing.assert_allclose(x, np.array([[1, 2], [3, 4]]) * 0.5 ** 3, rtol=1e-6)


def test_small_learning_rate_barely_moves():
    x, _ = gradient_descent(sum_of_squares, np.array([-3.0, 4.0]), lr=1e-10, step_num=100)
    np.testing.assert_allclose(x, [-3.0, 4.0], rtol=1e-7)


def test_large_learning_rate_grows():
    init = np.array([-3.0, 4.0])
    x, path = gradient_descent(sum_of_squares, init, lr=10.0, step_num=100)
    norms = np.linalg.norm(path, axis=1)
    assert np.all(np.diff(norms[:8]) > 0)  # each early step multiplies x by |1 − 2·10| = 19
    assert np.linalg.norm(x) > 1e6 * np.linalg.norm(init)


def test_non_finite_descent_raises_floating_point_error():
    # At x = 1e10 the gradient of x² is 2e10; a step of lr = 1e300 overflows x to -inf.
    with pytest.raises(FloatingPointError, match=r"diverged at step 1 \(lr=1e\+300\).*smaller learning rate"):
        gradient_descent(sum_of_squares, np.array([1e10]), lr=1e300, step_num=10)


def test_overflow_inside_f_raises_without_warnings(recwarn):
    # e^(-x) overflows at x = -710: f(x ± h) are both inf and the difference is NaN.
    with pytest.raises(FloatingPointError, match="diverged at step 1"):
        gradient_descent(lambda v: np.sum(np.exp(-v)), np.array([-710.0]), lr=0.1, step_num=10)
    assert len(recwarn) == 0


def test_gradient_descent_with_zero_steps():
    x, path = gradient_descent(sum_of_squares, np.array([1.0, 2.0]), step_num=0)
    assert path.shape == (1, 2) and x.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": 0}, "lr to be a positive finite number"),
    ({"lr": float("inf")}, "lr to be a positive finite number"),
    ({"step_num": -1}, "step_num to be a non-negative integer"),
    ({"step_num": 2.5}, "step_num to be a non-negative integer"),
])
def test_gradient_descent_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gradient_descent(sum_of_squares, np.array([1.0, 2.0]), **kwargs)


def test_gradient_descent_rejects_non_finite_start():
    with pytest.raises(ValueError, match="finite starting point"):
        gradient_descent(sum_of_squares, np.array([np.nan, 1.0]))
