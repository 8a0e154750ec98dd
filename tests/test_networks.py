"""Forward passes by hand, and whole-network backprop gradients against central differences."""
import math

import numpy as np
import pytest

from nnlib.functions import relu, sigmoid, softmax
from nnlib.layers import Affine, ReLU, Sigmoid, SoftmaxWithLoss
from nnlib.networks import MultiLayerNet, TwoLayerNet, forward


def rel_error(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def h(a):
    return 1 / (1 + math.exp(-a))


# --- forward(network, x) -----------------------------------------------------------------------

TWO_LAYER = {
    "W1": np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]), "b1": np.array([-5.0, -10.0, -18.0]),
    "W2": np.array([[1.0, -1.0], [2.0, 0.0], [0.0, 2.0]]), "b2": np.array([0.5, 0.0]),
}


def test_forward_two_layer_example_by_hand():
    # A1 = [1, 2]·W1 + b1 = [5, 11, 17] + b1 = [0, 1, −1]; Z1 = h(A1); A2 = Z1·W2 + b2; Y = A2 (identity).
    z1 = [h(0.0), h(1.0), h(-1.0)]
    a2 = [z1[0] + 2 * z1[1] + 0.5, -z1[0] + 2 * z1[2]]
    y = forward(TWO_LAYER, np.array([1.0, 2.0]))
    np.testing.assert_allclose(y, a2, rtol=1e-14)
    y_relu = forward(TWO_LAYER, np.array([1.0, 2.0]), activation=relu)
    np.testing.assert_allclose(y_relu, [0.0 + 2.0 + 0.5, 0.0], atol=1e-14)  # Z1 = [0, 1, 0]
    y_soft = forward(TWO_LAYER, np.array([1.0, 2.0]), output_activation=softmax)
    np.testing.assert_allclose(y_soft, np.exp(a2) / np.sum(np.exp(a2)), rtol=1e-14)


def test_forward_three_layer_textbook_example():
    # The 3-layer example of "Deep Learning from Scratch", ch. 3: y = [0.31682708, 0.69627909].
    network = {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]), "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]), "b3": np.array([0.1, 0.2]),
    }
    np.testing.assert_allclose(forward(network, np.array([1.0, 0.5])), [0.31682708, 0.69627909], atol=1e-8)


def test_forward_trace_shapes_and_values():
    rng = np.random.default_rng(0)
    network = {"W1": rng.standard_normal((784, 50)), "b1": np.zeros(50),
               "W2": rng.standard_normal((50, 100)), "b2": np.zeros(100),
               "W3": rng.standard_normal((100, 10)), "b3": np.zeros(10)}
    x = rng.random((4, 784))
    y, steps = forward(network, x, output_activation=softmax, trace=True)
    assert [s["layer"] for s in steps] == [1, 2, 3]
    assert [s["A"].shape for s in steps] == [(4, 50), (4, 100), (4, 10)]
    assert [s["Z"].shape for s in steps] == [(4, 50), (4, 100), (4, 10)]
    np.testing.assert_allclose(steps[0]["A"], x @ network["W1"])
    np.testing.assert_allclose(steps[0]["Z"], sigmoid(x @ network["W1"]))
    assert steps[-1]["Z"] is y
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    np.testing.assert_array_equal(forward(network, x, output_activation=softmax), y)


def test_forward_rejects_bad_networks_and_inputs():
    with pytest.raises(ValueError, match="W1, b1, ..., WL, bL"):
        forward({"W1": np.zeros((2, 3))}, np.zeros(2))
    with pytest.raises(ValueError, match="W2 has 4 rows"):
        forward({"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((4, 1)), "b2": np.zeros(1)},
                np.zeros(2))
    with pytest.raises(ValueError, match=r"x of shape \(2,\) or \(N, 2\), got shape \(3,\)"):
        forward(TWO_LAYER, np.zeros(3))


# --- TwoLayerNet, MultiLayerNet ----------------------------------------------------------------

def small_batch(seed=0, n=6, n_in=7, n_out=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_in)), rng.integers(0, n_out, size=n)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
@pytest.mark.parametrize("one_hot", [False, True])
def test_two_layer_net_backprop_matches_numerical_gradient(activation, one_hot):
    x, t = small_batch()
    if one_hot:
        t = np.eye(4)[t]
    net = TwoLayerNet(7, 5, 4, weight_init_std=0.5, seed=3, dtype=np.float64, activation=activation)
    grads = net.gradient(x, t)
    num = net.numerical_gradient(x, t)
    assert grads.keys() == num.keys() == {"W1", "b1", "W2", "b2"}
    for key in grads:
        assert grads[key].shape == net.params[key].shape
        assert rel_error(grads[key], num[key]) < 1e-6, key


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_multi_layer_net_backprop_matches_numerical_gradient(activation):
    x, t = small_batch(seed=1)
    net = MultiLayerNet(7, [6, 5, 4], 4, activation=activation, seed=5, dtype=np.float64)
    grads = net.gradient(x, t)
    num = net.numerical_gradient(x, t)
    assert list(grads) == ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]
    for key in grads:
        assert rel_error(grads[key], num[key]) < 1e-6, key


def test_two_layer_net_structure_and_init():
    net = TwoLayerNet(784, 50, 10, seed=0)
    assert {k: v.shape for k, v in net.params.items()} == {"W1": (784, 50), "b1": (50,), "W2": (50, 10),
                                                          "b2": (10,)}
    assert all(v.dtype == np.float32 for v in net.params.values())
    assert list(net.layers) == ["Affine1", "ReLU1", "Affine2"]
    assert isinstance(net.layers["ReLU1"], ReLU) and isinstance(net.last_layer, SoftmaxWithLoss)
    assert net.layers["Affine1"].W is net.params["W1"]
    assert np.std(net.params["W1"]) == pytest.approx(0.01, rel=0.02)
    np.testing.assert_array_equal(net.params["b1"], 0)
    # The same seed gives the same start, in either dtype.
    net64 = TwoLayerNet(784, 50, 10, seed=0, dtype=np.float64)
    np.testing.assert_array_equal(net64.params["W1"].astype(np.float32), net.params["W1"])
    assert not np.array_equal(TwoLayerNet(784, 50, 10, seed=1).params["W1"], net.params["W1"])
    assert isinstance(TwoLayerNet(4, 3, 2, activation="sigmoid").layers["Sigmoid1"], Sigmoid)


def test_multi_layer_net_structure_and_he_init():
    net = MultiLayerNet(784, [100, 100], 10, seed=0)
    assert list(net.layers) == ["Affine1", "ReLU1", "Affine2", "ReLU2", "Affine3"]
    assert [net.params[f"W{l}"].shape for l in (1, 2, 3)] == [(784, 100), (100, 100), (100, 10)]
    assert np.std(net.params["W1"]) == pytest.approx(math.sqrt(2 / 784), rel=0.03)
    assert np.std(net.params["W2"]) == pytest.approx(math.sqrt(2 / 100), rel=0.05)
    sig = MultiLayerNet(784, [100], 10, activation="sigmoid", seed=0)
    assert np.std(sig.params["W1"]) == pytest.approx(math.sqrt(1 / 784), rel=0.03)
    assert np.std(MultiLayerNet(784, [100], 10, weight_init_std=0.01, seed=0).params["W1"]) == \
        pytest.approx(0.01, rel=0.03)


def test_two_layer_net_predict_loss_accuracy_by_hand():
    net = TwoLayerNet(2, 2, 2, dtype=np.float64)
    # W1 = I and ReLU keep positive inputs as they are; W2 swaps the two columns, b2 adds 0.5 to class 0.
    net.params["W1"][:] = np.eye(2)
    net.params["W2"][:] = [[0.0, 1.0], [1.0, 0.0]]
    net.params["b2"][:] = [0.5, 0.0]
    x = np.array([[1.0, 3.0], [2.0, 0.5], [4.0, 4.0]])
    scores = x[:, ::-1] + [0.5, 0.0]
    np.testing.assert_allclose(net.predict(x), scores)
    labels = np.array([0, 1, 0])  # scores [3.5, 1], [1, 2], [4.5, 4]
    assert net.accuracy(x, labels) == 1.0
    assert net.accuracy(x, np.array([1, 1, 1])) == pytest.approx(1 / 3)
    assert net.accuracy(x, np.eye(2)[labels]) == 1.0
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert net.loss(x, labels) == pytest.approx(-np.mean(np.log(p[[0, 1, 2], labels])), rel=1e-12)
    assert isinstance(net.loss(x, labels), float) and isinstance(net.accuracy(x, labels), float)


def test_gradient_records_the_loss_of_its_forward_pass():
    x, t = small_batch()
    net = TwoLayerNet(7, 5, 4, seed=0, dtype=np.float64)
    assert net.last_loss is None
    net.gradient(x, t)
    assert net.last_loss == net.loss(x, t)


def test_float32_gradient_agrees_with_float64():
    x, t = small_batch()
    net32 = TwoLayerNet(7, 5, 4, weight_init_std=0.5, seed=3)
    net64 = TwoLayerNet(7, 5, 4, weight_init_std=0.5, seed=3, dtype=np.float64)
    g32, g64 = net32.gradient(x, t), net64.gradient(x, t)
    for key in g32:
        assert g32[key].dtype == np.float32
        assert rel_error(g32[key], g64[key]) < 1e-5


def test_replaced_parameters_are_used():
    # params[k] = params[k] - ... (a new array, not an in-place update) must still change the predictions.
    x, _ = small_batch()
    net = TwoLayerNet(7, 5, 4, seed=0, dtype=np.float64)
    net.params["b2"] = net.params["b2"] + np.array([0.0, 0.0, 0.0, 100.0])
    assert np.all(net.predict(x).argmax(axis=1) == 3)
    assert isinstance(net.layers["Affine2"], Affine) and net.layers["Affine2"].b is net.params["b2"]


def test_network_input_checks():
    net = TwoLayerNet(7, 5, 4, seed=0)
    with pytest.raises(ValueError, match=r"x of shape \(N, 7\), got shape \(3, 6\)"):
        net.predict(np.zeros((3, 6)))
    with pytest.raises(ValueError, match="reshape"):
        net.predict(np.zeros(7))
    with pytest.raises(ValueError, match=r"labels in 0\.\.3"):
        net.loss(np.zeros((2, 7)), np.array([0, 7]))
    with pytest.raises(TypeError, match="float64"):
        net.numerical_gradient(np.zeros((2, 7)), np.array([0, 1]))
    with pytest.raises(ValueError, match="'relu' or 'sigmoid'"):
        TwoLayerNet(7, 5, 4, activation="tanh")


def test_network_constructor_checks():
    with pytest.raises(TypeError, match="float dtype"):
        TwoLayerNet(7, 5, 4, dtype=np.int32)
    with pytest.raises(TypeError, match="float dtype"):
        MultiLayerNet(7, [5], 4, dtype=int)
    with pytest.raises(ValueError, match="positive integers"):
        TwoLayerNet(7, 0, 4)
    with pytest.raises(ValueError, match="positive integers"):
        MultiLayerNet(7, [5, 2.5], 4)


@pytest.mark.parametrize("make", [
    lambda lam: TwoLayerNet(4, 5, 3, weight_init_std=0.5, seed=2, dtype=np.float64, weight_decay_lambda=lam),
    lambda lam: MultiLayerNet(4, [5, 4], 3, seed=2, dtype=np.float64, weight_decay_lambda=lam),
])
def test_weight_decay_adds_half_lambda_w_squared_and_its_gradient(make):
    rng = np.random.default_rng(3)
    x, t = rng.standard_normal((6, 4)), rng.integers(0, 3, 6)
    plain, decayed = make(0.0), make(0.3)
    penalty = 0.5 * 0.3 * sum(np.sum(w ** 2) for k, w in plain.params.items() if k.startswith("W"))
    assert decayed.loss(x, t) == pytest.approx(plain.loss(x, t) + penalty, rel=1e-12)
    grads, numerical = decayed.gradient(x, t), decayed.numerical_gradient(x, t)
    for key in grads:
        assert np.max(np.abs(grads[key] - numerical[key])) < 1e-7, key
    # the biases are not decayed
    np.testing.assert_allclose(grads["b1"], plain.gradient(x, t)["b1"], rtol=1e-12)
