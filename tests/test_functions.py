"""Activation and loss functions against the lecture's values, hand computations and known properties."""
import math
import warnings

import numpy as np
import pytest

from nnlib.functions import (cross_entropy_error, identity_function, mean_squared_error, relu, sigmoid,
                             softmax, step_function)

# The lecture's pig/dog/cat example: three samples, true classes as one-hot rows.
T = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]])
LABELS = np.array([2, 1, 0])
MODEL1 = np.array([[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]])
MODEL2 = np.array([[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]])


# --- activations -------------------------------------------------------------------------------

def test_step_function_values_and_types():
    np.testing.assert_array_equal(step_function(np.array([-1.0, 0.0, 0.5, 2.0])), [0, 0, 1, 1])
    assert step_function(np.array([-1.0, 3.0])).dtype.kind == "i"
    assert step_function(0.1) == 1 and step_function(-0.1) == 0 and step_function(0.0) == 0
    assert np.ndim(step_function(0.1)) == 0


def test_sigmoid_lecture_values():
    # The lecture: h(1.0) ≈ 0.731, h(2.0) ≈ 0.880; 1 / (1 + e^-x) by hand.
    assert sigmoid(1.0) == pytest.approx(0.7310585786, abs=1e-9)
    assert sigmoid(2.0) == pytest.approx(0.8807970780, abs=1e-9)
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(np.array([-1.0, 1.0, 2.0])), [0.26894142, 0.73105858, 0.88079708],
                               atol=1e-8)


def test_sigmoid_matches_formula_and_symmetry():
    x = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-14, atol=0)
    np.testing.assert_allclose(sigmoid(-x), 1 - sigmoid(x), atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_is_quiet_and_saturates_at_1000(dtype):
    x = np.array([-1000.0, -100.0, 0.0, 100.0, 1000.0], dtype=dtype)
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        y = sigmoid(x)
    assert y.dtype == dtype
    assert y[0] == 0.0 and y[-1] == 1.0 and y[2] == 0.5
    assert np.all(np.diff(y) >= 0)


def test_sigmoid_keeps_shape_and_converts_ints():
    y = sigmoid(np.zeros((2, 3, 4), dtype=np.float32))
    assert y.shape == (2, 3, 4) and y.dtype == np.float32
    assert sigmoid(np.array([0, 1])).dtype == np.float64


def test_relu_and_identity():
    np.testing.assert_array_equal(relu(np.array([-2.0, -0.0, 0.0, 1.5])), [0.0, 0.0, 0.0, 1.5])
    assert relu(np.array([-1.0], dtype=np.float32)).dtype == np.float32
    x = np.array([-1.0, 2.0])
    assert identity_function(x) is x


# --- softmax -----------------------------------------------------------------------------------

def test_softmax_equals_naive_formula_on_small_inputs():
    a = np.array([0.3, 2.9, 4.0])  # DLFS's example
    naive = np.exp(a) / np.sum(np.exp(a))
    np.testing.assert_allclose(softmax(a), naive, rtol=1e-14)
    np.testing.assert_allclose(softmax(a), [0.01821127, 0.24519181, 0.73659691], atol=1e-8)


def test_softmax_rows_sum_to_one_1d_and_2d():
    rng = np.random.default_rng(0)
    assert softmax(rng.standard_normal(7)).sum() == pytest.approx(1.0, abs=1e-12)
    x = rng.standard_normal((5, 4)) * 10
    y = softmax(x)
    np.testing.assert_allclose(y.sum(axis=1), np.ones(5), atol=1e-12)
    naive = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(y, naive, rtol=1e-12)


def test_softmax_does_not_overflow_at_1000():
    x = np.array([1010.0, 1000.0, 990.0])
    with np.errstate(all="raise"):
        y = softmax(x)
    # e^0, e^-10, e^-20 over their sum.
    expected = np.exp([0.0, -10.0, -20.0]) / np.exp([0.0, -10.0, -20.0]).sum()
    np.testing.assert_allclose(y, expected, rtol=1e-14)
    assert y.sum() == pytest.approx(1.0)


def test_softmax_keeps_float32_and_does_not_modify_input():
    x = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    before = x.copy()
    assert softmax(x).dtype == np.float32
    np.testing.assert_array_equal(x, before)


def test_softmax_rejects_3d():
    with pytest.raises(ValueError, match=r"\(n,\) or \(batch, n\).*\(2, 3, 4\)"):
        softmax(np.zeros((2, 3, 4)))


# --- mean squared error ------------------------------------------------------------------------

def test_mse_dlfs_example():
    # DLFS: t = digit 2; y with 0.6 on "2" gives 0.0975, y with 0.6 on "7" gives 0.5975.
    t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    y_good = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    y_bad = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    assert mean_squared_error(np.array(y_good), np.array(t)) == pytest.approx(0.0975, abs=1e-12)
    assert mean_squared_error(np.array(y_bad), np.array(t)) == pytest.approx(0.5975, abs=1e-12)


def test_mse_pig_dog_cat_is_the_batch_mean():
    # By hand: ½·(0.54 + 0.54 + 1.34)/3 = 0.40333 for model 1, ½·(0.14 + 0.14 + 0.74)/3 = 0.17 for model 2.
    assert mean_squared_error(MODEL1, T) == pytest.approx(2.42 / 6, abs=1e-12)
    assert mean_squared_error(MODEL2, T) == pytest.approx(1.02 / 6, abs=1e-12)
    assert isinstance(mean_squared_error(MODEL1, T), float)


def test_mse_rejects_shape_mismatch():
    with pytest.raises(ValueError, match="same shape"):
        mean_squared_error(np.zeros((2, 3)), np.zeros((3, 2)))


# --- cross-entropy -----------------------------------------------------------------------------

def test_cross_entropy_pig_dog_cat_lecture_values():
    ce1 = cross_entropy_error(MODEL1, T)
    ce2 = cross_entropy_error(MODEL2, T)
    # −(ln 0.4 + ln 0.4 + ln 0.1)/3 and −(ln 0.7 + ln 0.7 + ln 0.3)/3; the lecture: ≈ 1.38 and ≈ 0.64.
    assert ce1 == pytest.approx(-(2 * math.log(0.4) + math.log(0.1)) / 3, abs=1e-6)
    assert ce2 == pytest.approx(-(2 * math.log(0.7) + math.log(0.3)) / 3, abs=1e-6)
    assert round(ce1, 2) == 1.38 and round(ce2, 2) == 0.64


def test_cross_entropy_one_hot_and_labels_agree():
    assert cross_entropy_error(MODEL1, LABELS) == cross_entropy_error(MODEL1, T)
    assert cross_entropy_error(MODEL2, LABELS) == cross_entropy_error(MODEL2, T.astype(np.float32))
    # one sample: one-hot (n,) or a scalar label
    assert cross_entropy_error(MODEL1[0], T[0]) == pytest.approx(-math.log(0.4 + 1e-7), abs=1e-12)
    assert cross_entropy_error(MODEL1[0], 2) == cross_entropy_error(MODEL1[0], T[0])


def test_cross_entropy_dlfs_single_sample_values():
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    assert cross_entropy_error(y, t) == pytest.approx(0.510825457, abs=1e-6)


def test_cross_entropy_of_zero_probability_is_finite():
    with np.errstate(all="raise"):
        e = cross_entropy_error(np.array([[1.0, 0.0]]), np.array([1]))
    assert e == pytest.approx(-math.log(1e-7))


@pytest.mark.parametrize("labels", [[2, 1, 3], [2, -1, 0]])
def test_cross_entropy_rejects_labels_out_of_range(labels):
    with pytest.raises(ValueError, match=r"labels in 0\.\.2"):
        cross_entropy_error(MODEL1, np.array(labels))


def test_cross_entropy_rejects_shape_mismatch_nan_and_bad_types():
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        cross_entropy_error(MODEL1, np.array([0, 1]))
    with pytest.raises(ValueError, match="one-hot"):
        cross_entropy_error(MODEL1, np.zeros((3, 4)))
    with pytest.raises(ValueError, match="NaN"):
        cross_entropy_error(np.array([[np.nan, 0.5, 0.5]]), np.array([0]))
    with pytest.raises(ValueError, match=r"\(n,\) or \(batch, n\)"):
        cross_entropy_error(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="integer labels"):
        cross_entropy_error(MODEL1, np.array([2.0, 1.0, 0.0]))
    with pytest.raises(ValueError, match=r"probabilities y in \[0, 1\]"):  # scores instead of softmax(scores)
        cross_entropy_error(np.array([[2.0, -1.0, 0.5]]), np.array([0]))
    with pytest.raises(TypeError, match="numeric"):
        cross_entropy_error(np.array([["a", "b"]]), np.array([0]))
