"""SGD: the update rule, in-place semantics, and validation."""
import numpy as np
import pytest

from nnlib.optim import SGD


def test_update_math():
    params = {"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([0.5, -0.5])}
    grads = {"W1": np.array([[10.0, 0.0], [-10.0, 1.0]]), "b1": np.array([1.0, 2.0])}
    SGD(lr=0.1).update(params, grads)
    np.testing.assert_allclose(params["W1"], [[0.0, 2.0], [4.0, 3.9]])
    np.testing.assert_allclose(params["b1"], [0.4, -0.7])


def test_update_is_in_place_so_shared_arrays_see_it():
    W = np.ones((3, 2), dtype=np.float32)
    params = {"W": W}
    SGD(lr=0.5).update(params, {"W": np.full((3, 2), 2.0, dtype=np.float32)})
    assert params["W"] is W
    assert W.dtype == np.float32 and np.all(W == 0.0)


def test_float32_params_stay_float32_with_float64_grads():
    params = {"W": np.ones(4, dtype=np.float32)}
    SGD(lr=0.25).update(params, {"W": np.ones(4)})
    assert params["W"].dtype == np.float32
    np.testing.assert_allclose(params["W"], 0.75)


def test_grads_are_not_modified():
    grads = {"W": np.array([1.0, 2.0])}
    SGD(0.1).update({"W": np.zeros(2)}, grads)
    assert grads["W"].tolist() == [1.0, 2.0]


def test_repeated_updates_descend_a_quadratic():
    # L = ½·Σw² has gradient w: each step multiplies w by (1 − lr).
    params = {"w": np.array([4.0, -2.0])}
    opt = SGD(lr=0.2)
    for _ in range(10):
        opt.update(params, {"w": params["w"].copy()})
    np.testing.assert_allclose(params["w"], np.array([4.0, -2.0]) * 0.8 ** 10)


def test_default_learning_rate():
    assert SGD().lr == 0.01


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1", None, True])
def test_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr to be a positive finite number"):
        SGD(lr=lr)


def test_missing_and_extra_keys_are_named():
    params = {"W1": np.zeros(2), "b1": np.zeros(2)}
    with pytest.raises(ValueError, match=r"missing in grads: \['b1'\], not in params: \['b2'\]"):
        SGD().update(params, {"W1": np.zeros(2), "b2": np.zeros(2)})


def test_shape_mismatch_names_the_key():
    params = {"W1": np.zeros((2, 3)), "b1": np.zeros(3)}
    grads = {"W1": np.zeros((2, 3)), "b1": np.zeros((1, 3))}
    with pytest.raises(ValueError, match=r"grads\['b1'\] of shape \(3,\).*got shape \(1, 3\)"):
        SGD().update(params, grads)
    # Nothing was updated before the error.
    assert np.all(params["W1"] == 0)


def test_shape_mismatch_leaves_params_untouched():
    params = {"W1": np.ones(2), "b1": np.ones(3)}
    grads = {"W1": np.ones(2), "b1": np.ones(2)}
    with pytest.raises(ValueError, match="b1"):
        SGD(0.5).update(params, grads)
    assert params["W1"].tolist() == [1.0, 1.0]


def test_non_array_param_raises_type_error():
    with pytest.raises(TypeError, match=r"params\['w'\] to be a numpy array"):
        SGD().update({"w": 1.0}, {"w": 1.0})
