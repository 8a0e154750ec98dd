"""Every layer's backward pass against central differences (float64), plus hand-computed graphs."""
import numpy as np
import pytest

from nnlib.functions import cross_entropy_error, softmax
from nnlib.gradient import numerical_gradient
from nnlib.layers import InputAffine, AddLayer, Affine, MulLayer, ReLU, Sigmoid, SoftmaxWithLoss


def rel_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖): 0 for equal arrays, about 1 for unrelated ones."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


# --- computational-graph nodes -----------------------------------------------------------------

def test_buy_apples_graph_forward_and_backward():
    # The classic example: 2 apples at 100 each, tax 1.1 -> price 220; gradients by hand.
    mul_apple, mul_tax = MulLayer(), MulLayer()
    apple_price = mul_apple.forward(100, 2)
    price = mul_tax.forward(apple_price, 1.1)
    assert price == pytest.approx(220.0)
    d_apple_price, d_tax = mul_tax.backward(1)
    d_apple, d_num = mul_apple.backward(d_apple_price)
    assert (d_apple, d_num, d_tax) == pytest.approx((2.2, 110.0, 200.0))


def test_buy_apples_and_oranges_graph():
    # 2 apples at 100, 3 oranges at 150, tax 1.1 -> 715; by hand: d apple 2.2, d apple count 110,
    # d orange 3.3, d orange count 165, d tax 650.
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    total = mul_tax.forward(add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3)), 1.1)
    assert total == pytest.approx(715.0)
    d_sum, d_tax = mul_tax.backward(1)
    d_apples, d_oranges = add.backward(d_sum)
    d_apple, d_apple_num = mul_apple.backward(d_apples)
    d_orange, d_orange_num = mul_orange.backward(d_oranges)
    assert (d_apple, d_apple_num, d_orange, d_orange_num, d_tax) == pytest.approx((2.2, 110, 3.3, 165, 650))


def test_mul_and_add_layers_against_numerical_gradient(rng):
    x, y, g = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for layer in (MulLayer(), AddLayer()):
        layer.forward(x, y)
        g_before = g.copy()
        dx, dy = layer.backward(g)
        np.testing.assert_array_equal(g, g_before)
        num_dx = numerical_gradient(lambda _: np.sum(layer.forward(x, y) * g), x)
        num_dy = numerical_gradient(lambda _: np.sum(layer.forward(x, y) * g), y)
        assert rel_error(dx, num_dx) < 1e-6
        assert rel_error(dy, num_dy) < 1e-6


# --- Affine ------------------------------------------------------------------------------------

def test_affine_forward_by_hand():
    W = np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])
    b = np.array([0.1, 0.2, 0.3])
    out = Affine(W, b).forward(np.array([[1.0, 2.0]]))
    np.testing.assert_allclose(out, [[5.1, 11.2, 17.3]])  # the lecture's X·W = [5, 11, 17], plus b


def test_affine_backward_against_numerical_gradient(rng):
    x = rng.standard_normal((4, 5))
    W = rng.standard_normal((5, 3))
    b = rng.standard_normal(3)
    g = rng.standard_normal((4, 3))
    layer = Affine(W, b)
    layer.forward(x)
    g_before = g.copy()
    dx = layer.backward(g)
    np.testing.assert_array_equal(g, g_before)
    assert dx.shape == x.shape and layer.dW.shape == W.shape and layer.db.shape == b.shape

    def f(_):
        return np.sum(layer.forward(x) * g)

    assert rel_error(dx, numerical_gradient(f, x)) < 1e-6
    assert rel_error(layer.dW, numerical_gradient(f, W)) < 1e-6
    assert rel_error(layer.db, numerical_gradient(f, b)) < 1e-6


def test_input_affine_gives_affines_parameter_gradients_without_dx(rng):
    x, W, b, g = rng.standard_normal((4, 5)), rng.standard_normal((5, 3)), rng.standard_normal(3), \
        rng.standard_normal((4, 3))
    layer, first = Affine(W, b), InputAffine(W, b)
    np.testing.assert_array_equal(layer.forward(x), first.forward(x))
    assert layer.backward(g).shape == x.shape
    assert first.backward(g) is None
    np.testing.assert_array_equal(first.dW, layer.dW)
    np.testing.assert_array_equal(first.db, layer.db)


def test_affine_keeps_float32(rng):
    W = rng.standard_normal((5, 3)).astype(np.float32)
    layer = Affine(W, np.zeros(3, dtype=np.float32))
    out = layer.forward(rng.standard_normal((2, 5)).astype(np.float32))
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.dW.dtype == layer.db.dtype == np.float32


def test_affine_sees_in_place_updates_of_its_parameters():
    W, b = np.ones((2, 2)), np.zeros(2)
    layer = Affine(W, b)
    W -= 1.0
    b += 3.0
    np.testing.assert_array_equal(layer.forward(np.ones((1, 2))), [[3.0, 3.0]])


def test_affine_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"b of shape \(out,\)"):
        Affine(np.zeros((3, 2)), np.zeros(3))
    layer = Affine(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"x of shape \(N, 3\), got shape \(4, 2\)"):
        layer.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="reshape"):
        layer.forward(np.zeros(3))


# --- activations -------------------------------------------------------------------------------

def test_relu_layer_forward_backward_by_hand():
    layer = ReLU()
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])
    np.testing.assert_array_equal(layer.forward(x), [[1.0, 0.0], [0.0, 3.0]])
    dout = np.array([[10.0, 20.0], [30.0, 40.0]])
    np.testing.assert_array_equal(layer.backward(dout), [[10.0, 0.0], [0.0, 40.0]])
    np.testing.assert_array_equal(dout, [[10.0, 20.0], [30.0, 40.0]])  # not modified
    np.testing.assert_array_equal(x, [[1.0, -0.5], [-2.0, 3.0]])


@pytest.mark.parametrize("layer_class", [ReLU, Sigmoid])
def test_activation_layers_against_numerical_gradient(layer_class, rng):
    x = rng.standard_normal((4, 6))
    x[np.abs(x) < 0.01] = 0.5  # keep away from ReLU's kink at 0, where the difference quotient is wrong
    g = rng.standard_normal((4, 6))
    layer = layer_class()
    layer.forward(x)
    g_before = g.copy()
    dx = layer.backward(g)
    np.testing.assert_array_equal(g, g_before)
    assert rel_error(dx, numerical_gradient(lambda _: np.sum(layer.forward(x) * g), x)) < 1e-6


def test_sigmoid_layer_backward_is_y_times_1_minus_y():
    layer = Sigmoid()
    y = layer.forward(np.array([[0.0, 2.0]]))
    np.testing.assert_allclose(layer.backward(np.ones((1, 2))), [[0.25, 0.8807970780 * 0.1192029220]])
    np.testing.assert_allclose(y, [[0.5, 0.8807970780]])


# --- SoftmaxWithLoss ---------------------------------------------------------------------------

@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss_against_numerical_gradient(one_hot, rng):
    x = rng.standard_normal((5, 4)) * 3
    t = np.array([0, 3, 1, 1, 2])
    if one_hot:
        t = np.eye(4)[t]
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    assert rel_error(dx, numerical_gradient(lambda _: layer.forward(x, t), x)) < 1e-6


def test_softmax_with_loss_values_and_gradient_formula(rng):
    x = rng.standard_normal((5, 4))
    labels = np.array([0, 3, 1, 1, 2])
    one_hot = np.eye(4)[labels]
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, labels)
    assert isinstance(loss, float)
    # −mean log softmax at the true class, and DLFS's cross_entropy_error (with its 1e-7) nearly agrees.
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(y[np.arange(5), labels])), rel=1e-12)
    assert loss == pytest.approx(cross_entropy_error(softmax(x), labels), abs=1e-5)
    np.testing.assert_allclose(layer.y, y, rtol=1e-12)
    np.testing.assert_allclose(layer.backward(), (y - one_hot) / 5, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(layer.backward(2.0), 2 * (y - one_hot) / 5, rtol=1e-12, atol=1e-15)
    y_before = layer.y.copy()
    layer.backward()
    np.testing.assert_array_equal(layer.y, y_before)  # backward does not consume the kept softmax
    assert layer.forward(x, one_hot) == pytest.approx(loss, rel=1e-12)


def test_softmax_with_loss_huge_scores_stay_finite():
    layer = SoftmaxWithLoss()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = layer.forward(np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([1, 1]))
    assert loss == pytest.approx(500.0)  # sample 1 is wrong by 1000 in log-probability, sample 2 right


def test_softmax_with_loss_keeps_float32():
    layer = SoftmaxWithLoss()
    layer.forward(np.zeros((3, 4), dtype=np.float32), np.array([0, 1, 2]))
    assert layer.y.dtype == np.float32 and layer.backward().dtype == np.float32
    layer.forward(np.zeros((3, 4), dtype=np.float32), np.eye(4, dtype=np.int64)[[0, 1, 2]])
    assert layer.backward().dtype == np.float32


def test_softmax_with_loss_rejects_bad_input():
    layer = SoftmaxWithLoss()
    with pytest.raises(ValueError, match=r"labels in 0\.\.3"):
        layer.forward(np.zeros((2, 4)), np.array([0, 4]))
    with pytest.raises(ValueError, match=r"labels in 0\.\.3"):
        layer.forward(np.zeros((2, 4)), np.array([-1, 0]))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        layer.forward(np.zeros((2, 4)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"\(N, k\)"):
        layer.forward(np.zeros(4), np.array(1))


def test_softmax_with_loss_any_memory_layout_and_input_untouched(rng):
    # The scores may come as a transposed or strided view; the result is the formula's, x stays as it was.
    scores = rng.standard_normal((4, 12)) * 3
    labels = np.array([0, 3, 1, 2, 2, 0])
    x = scores.T[::2]                   # (6, 4), neither C- nor F-contiguous
    x_before = x.copy()
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, labels)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_allclose(layer.y, y, rtol=1e-12)
    assert loss == pytest.approx(-np.mean(np.log(y[np.arange(6), labels])), rel=1e-12)
    assert SoftmaxWithLoss().forward(np.asfortranarray(x), labels) == pytest.approx(loss, rel=1e-12)
