"""Realistic mistakes get a clear ValueError or TypeError naming what was expected, never a silent
wrong answer or a numpy internals message."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.functions import cross_entropy_error, mean_squared_error, softmax
from nnlib.gradient import gradient_descent, numerical_gradient
from nnlib.layers import Affine, SoftmaxWithLoss
from nnlib.networks import MultiLayerNet, TwoLayerNet, forward
from nnlib.optim import SGD
from nnlib.perceptron import AND, Perceptron, perceptron
from nnlib.training import TrainingDiverged, train


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    return rng.random((50, 6)), rng.integers(0, 4, 50)


@pytest.fixture(params=[TwoLayerNet, MultiLayerNet])
def net(request):
    if request.param is TwoLayerNet:
        return TwoLayerNet(6, 5, 4, seed=0, dtype=np.float64)
    return MultiLayerNet(6, [5, 5], 4, seed=0, dtype=np.float64)


def test_accuracy_with_a_column_of_labels_says_to_flatten_them(net, data):
    x, t = data
    with pytest.raises(ValueError, match=r"labels of shape \(50,\), got shape \(50, 1\).*t\.ravel\(\)"):
        net.accuracy(x, t.reshape(-1, 1))
    assert net.accuracy(x, t) == np.mean(net.predict(x).argmax(axis=1) == t)


@pytest.mark.parametrize("call", ["loss", "gradient", "accuracy"])
def test_an_empty_batch_is_a_value_error(net, call):
    with pytest.raises(ValueError, match=r"at least one sample.*\(0, 6\)"):
        getattr(net, call)(np.zeros((0, 6)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("fn, args", [
    (cross_entropy_error, (np.zeros((0, 3)), np.zeros(0, dtype=int))),
    (softmax, (np.zeros((0, 3)),)),
    (mean_squared_error, (np.zeros((0, 3)), np.zeros((0, 3)))),
])
def test_functions_reject_an_empty_batch(fn, args):
    with pytest.raises(ValueError, match="at least one sample"):
        fn(*args)


def test_softmax_with_loss_rejects_an_empty_batch():
    with pytest.raises(ValueError, match="SoftmaxWithLoss expects at least one sample"):
        SoftmaxWithLoss().forward(np.zeros((0, 3)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("call", ["loss", "gradient"])
def test_nan_or_inf_in_the_input_names_the_row(net, data, call, bad):
    x, t = data
    x = x.copy()
    x[7, 2] = bad
    with pytest.raises(ValueError, match=r"NaN or infinite values in x \(first in row 7\)"):
        getattr(net, call)(x, t)


def test_unnormalised_images_are_named_as_the_cause_of_divergence():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (300, 20)).astype(np.float32)    # pixels 0..255, not scaled to [0, 1]
    t = (x[:, :10].sum(axis=1) > x[:, 10:].sum(axis=1)).astype(int)
    with pytest.raises(TrainingDiverged, match=r"from 0 to 255.*look unnormalised.*x / 255"):
        train(TwoLayerNet(20, 10, 2, weight_init_std=1.0, seed=0), x, t, epochs=5, batch_size=30,
              optimizer=SGD(lr=0.5))
    # Scaled, the same data trains.
    history = train(TwoLayerNet(20, 10, 2, weight_init_std=1.0, seed=0), x / 255, t, epochs=20, batch_size=30,
                    optimizer=SGD(lr=0.5))
    assert history.train_acc[-1] > 0.9


@pytest.mark.parametrize("t, error, message", [
    (np.array([0.0, 1.0, 2.0, 3.0, 0.0]), TypeError, r"integer labels, got dtype float64.*astype\(int\)"),
    (np.array([0, 1, 2, 4, 0]), ValueError, r"labels in 0\.\.3, got values from 0 to 4"),
    (np.array([0, 1, -1, 3, 0]), ValueError, r"labels in 0\.\.3, got values from -1 to 3"),
    (np.full((5, 4), 0.25), ValueError, r"one-hot rows"),
    (np.array([0, 1, 2]), ValueError, r"integer labels of shape \(5,\), got shape \(3,\)"),
])
def test_wrong_labels_are_named(t, error, message):
    net = TwoLayerNet(6, 5, 4, seed=0)
    x = np.random.default_rng(0).random((5, 6))
    for call in (net.loss, net.accuracy):
        with pytest.raises(error, match=message):
            call(x, t)


def test_one_sample_gets_the_reshape_hint():
    net = TwoLayerNet(6, 5, 4, seed=0)
    with pytest.raises(ValueError, match=r"x of shape \(N, 6\), got shape \(6,\); for one sample use "
                                         r"x\.reshape\(1, -1\)"):
        net.predict(np.zeros(6))
    with pytest.raises(ValueError, match=r"x of shape \(N, 6\), got shape \(3, 5\)"):
        net.predict(np.zeros((3, 5)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"dtype": np.int64}, TypeError, "float dtype"),
    ({"weight_decay_lambda": -0.1}, ValueError, "weight_decay_lambda expects a non-negative"),
    ({"activation": "tanh"}, ValueError, "'relu' or 'sigmoid', got 'tanh'"),
    ({"weight_init_std": "glorot"}, ValueError, "'he' or 'xavier', got 'glorot'"),
])
def test_network_construction_mistakes(kwargs, error, message):
    with pytest.raises(error, match=message):
        TwoLayerNet(6, 5, 4, **kwargs)


def test_layer_sizes_must_be_positive_integers():
    with pytest.raises(ValueError, match="positive integers, got \\[6, 0, 4\\]"):
        TwoLayerNet(6, 0, 4)
    with pytest.raises(ValueError, match="positive integers"):
        MultiLayerNet(6, [5, 2.5], 4)


def test_training_mistakes(data):
    x, t = data
    net = TwoLayerNet(6, 5, 4, seed=0)
    with pytest.raises(ValueError, match="x_train with 6 features, as the network's first layer, got 5"):
        train(net, x[:, :5], t)
    with pytest.raises(ValueError, match=r"one label per sample \(50\), got 49"):
        train(net, x, t[:49])
    with pytest.raises(ValueError, match="batch_size from 1 to len\\(x_train\\) = 50, got 0"):
        train(net, x, t, batch_size=0)
    with pytest.raises(ValueError, match="patience stops|pass x_test and t_test"):
        train(net, x, t, batch_size=10, patience=2)
    with pytest.raises(ValueError, match="patience to be None or a positive integer"):
        train(net, x, t, x, t, batch_size=10, patience=0)
    x_nan = x.copy()
    x_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="train expects finite x_train, got NaN or infinity"):
        train(net, x_nan, t, batch_size=10)


def test_optimizer_and_gradient_mistakes():
    params = {"W": np.zeros((2, 2))}
    with pytest.raises(ValueError, match=r"missing in grads: \['W'\], not in params: \['w'\]"):
        SGD(0.1).update(params, {"w": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="lr to be a positive finite number, got -1"):
        SGD(-1)
    with pytest.raises(TypeError, match="float64.*x.astype\\(np.float64\\)"):
        numerical_gradient(lambda v: float(np.sum(v)), np.zeros(3, dtype=np.float32))
    with pytest.raises(TypeError, match="expects a function f, got int"):
        numerical_gradient(3, np.zeros(3))
    with pytest.raises(ValueError, match="expects f to return a scalar, got shape \\(3,\\)"):
        numerical_gradient(lambda v: v * 2, np.zeros(3))
    with pytest.raises(ValueError, match="step_num to be a non-negative integer"):
        gradient_descent(lambda v: float(v @ v), np.ones(2), step_num=-1)


def test_layer_and_forward_mistakes():
    with pytest.raises(ValueError, match=r"W of shape \(in, out\) and b of shape \(out,\), got W \(3, 2\) and b \(3,\)"):
        Affine(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"scores x of shape \(N, k\), got shape \(3,\); for one sample"):
        SoftmaxWithLoss().forward(np.zeros(3), 1)
    network = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((4, 1)), "b2": np.zeros(1)}
    with pytest.raises(ValueError, match="W2 has 4 rows but layer 1 has 3 outputs"):
        forward(network, np.zeros(2))


def test_perceptron_mistakes():
    with pytest.raises(ValueError, match="AND expects x2 to be 0 or 1"):
        AND(1, 2)
    with pytest.raises(ValueError, match=r"x of shape \(2,\) or \(N, 2\)"):
        perceptron(np.zeros(3), np.array([0.5, 0.5]), -0.7)
    with pytest.raises(ValueError, match="targets t of 0s and 1s"):
        Perceptron().fit(np.zeros((4, 2)), np.array([0, 1, 2, 1]))
    with pytest.raises(ValueError, match="n_inputs to be a positive integer"):
        Perceptron(n_inputs=0)


def test_load_mnist_flags_must_be_booleans(tmp_path):
    from nnlib.datasets import load_mnist
    with pytest.raises(TypeError, match="normalize to be True or False, got 'yes'"):
        load_mnist(normalize="yes", source=tmp_path)
    with pytest.raises(FileNotFoundError, match="not found in"):
        load_mnist(source=tmp_path)


# The checks that run at every training step take a short path for the usual input (int64 labels in
# range, float arrays of the right shape); everything else must still reach the full checks.
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.uint64])
@pytest.mark.parametrize("bad", [-1, 4, 2**40])
def test_labels_out_of_range_are_caught_in_every_integer_dtype(net, data, dtype, bad):
    x, t = data
    t = t.astype(dtype)
    if not np.can_cast(np.min_scalar_type(bad), dtype, "safe"):
        pytest.skip(f"{bad} is not a {np.dtype(dtype)}")
    t[3] = bad
    for call in ("loss", "gradient"):
        with pytest.raises(ValueError, match=r"labels in 0\.\.3"):
            getattr(net, call)(x, t)


def test_the_largest_label_is_accepted(net, data):
    x, t = data
    t[:] = 3
    assert np.isclose(net.loss(x, t), -np.mean(np.log(softmax(net.predict(x))[:, 3])))


def test_a_layer_replaced_in_the_network_is_used(data):
    x, t = data
    net = TwoLayerNet(6, 5, 4, seed=0, dtype=np.float64)
    net.loss(x, t)
    net.layers["Affine2"] = Affine(np.zeros((5, 4)), np.array([0.0, 0.0, 0.0, 100.0]))
    net.params["W2"], net.params["b2"] = net.layers["Affine2"].W, net.layers["Affine2"].b
    assert np.all(net.predict(x).argmax(axis=1) == 3)


def test_sgd_rejects_a_gradient_of_another_shape_or_a_list():
    params = {"W": np.zeros((2, 3))}
    with pytest.raises(ValueError, match=r"grads\['W'\] of shape \(2, 3\).*got shape \(3, 2\)"):
        SGD(0.1).update(params, {"W": np.zeros((3, 2))})
    with pytest.raises(TypeError, match=r"grads\['W'\] to be a numpy array, got list"):
        SGD(0.1).update(params, {"W": [[1, 1, 1], [1, 1, 1]]})
    SGD(0.5).update(params, {"W": np.ones((2, 3))})
    assert np.all(params["W"] == -0.5)
