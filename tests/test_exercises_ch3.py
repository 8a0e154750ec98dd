"""The chapter-3 exercise checks: right code passes, each typical mistake fails with its own diagnosis.

The truth behind the checks is the numerical gradient; here right code is nnlib's own layers (tested
against finite differences in test_layers.py) and closed-form derivatives, and wrong code is each
mistake written out.
"""
import numpy as np
import pytest

from nnlib.exercises import CheckResult
from nnlib.i18n import fields, set_language
from nnlib.exercises.training import (check_affine_backward, check_layer, check_network_gradient,
                                      check_train_epoch,
                                      two_layer_loss)
from nnlib.layers import Affine, ReLU, Sigmoid, SoftmaxWithLoss
from nnlib.networks import TwoLayerNet


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


class TanhFromInput(Tanh):          # 1 − x² instead of 1 − y²
    def forward(self, x):
        self.x = x
        return np.tanh(x)

    def backward(self, dout):
        return dout * (1 - self.x ** 2)


class TanhWithoutDout(Tanh):
    def backward(self, dout):
        return 1 - self.out ** 2


class TanhNoReturn(Tanh):
    def backward(self, dout):
        self.dx = dout * (1 - self.out ** 2)


class AffineDbNotSummed(Affine):
    def backward(self, dout, need_dx=True):
        dx = super().backward(dout)
        self.db = dout
        return dx


class AffineDbMean(Affine):
    def backward(self, dout, need_dx=True):
        dx = super().backward(dout)
        self.db = dout.mean(axis=0)
        return dx


class AffineDwTransposed(Affine):
    def backward(self, dout, need_dx=True):
        dx = super().backward(dout)
        self.dW = dout.T @ self.x
        return dx


class AffineNoDx(Affine):
    def backward(self, dout, need_dx=True):
        super().backward(dout)


def reference_gradient(params, x, t, *, scale=1.0, h_prime_from_input=False, b_mean=False):
    """The recursion of section 9 in closed form, with optional planted mistakes."""
    a1 = x @ params["W1"] + params["b1"]
    z1 = 1 / (1 + np.exp(-a1))
    a2 = z1 @ params["W2"] + params["b2"]
    y = np.exp(a2 - a2.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    d_a2 = scale * (y - np.eye(y.shape[1])[t]) / len(x)
    d_z1 = d_a2 @ params["W2"].T
    d_a1 = d_z1 * (a1 * (1 - a1) if h_prime_from_input else z1 * (1 - z1))
    reduce = (lambda d: d.mean(axis=0)) if b_mean else (lambda d: d.sum(axis=0))
    return {"W1": x.T @ d_a1, "b1": reduce(d_a1), "W2": z1.T @ d_a2, "b2": reduce(d_a2)}


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# --- check_layer ---------------------------------------------------------------------------------

@pytest.mark.parametrize("layer", [ReLU(), Sigmoid(), Tanh()])
def test_right_layers_pass(layer):
    result = check_layer(layer)
    assert isinstance(result, CheckResult) and result.ok and result.problem is None
    assert "✓" in result.message


def test_tanh_against_its_reference():
    assert check_layer(Tanh(), reference=np.tanh)
    result = check_layer(Sigmoid(), reference=np.tanh)
    assert not result and result.problem == "forward_values"


def test_derivative_of_the_input_is_caught():
    result = check_layer(TanhFromInput())
    assert not result and result.problem == "values" and "dx is wrong" in result.message


def test_forgotten_dout_is_named():
    result = check_layer(TanhWithoutDout())
    assert not result and result.problem == "no_dout" and "dout" in result.message


def test_backward_returning_nothing_is_named():
    result = check_layer(TanhNoReturn())
    assert not result and result.problem == "none" and "return dx" in result.message


def test_not_a_layer():
    result = check_layer(np.tanh)
    assert not result and result.problem == "no_method"


def test_crash_is_reported_not_raised():
    class Broken(Tanh):
        def backward(self, dout):
            raise ZeroDivisionError("oops")
    result = check_layer(Broken())
    assert not result and result.problem == "crashed" and "ZeroDivisionError: oops" in result.message


def test_layer_state_is_that_of_the_checked_forward():
    layer = Tanh()
    x = np.linspace(-1, 1, 6).reshape(2, 3)
    check_layer(layer, x=x)
    assert np.array_equal(layer.out, np.tanh(x))


# --- check_affine_backward -----------------------------------------------------------------------

def test_nnlib_affine_passes():
    result = check_affine_backward(Affine)
    assert result.ok and "dx, dW and db" in result.message


def test_db_without_sum_is_diagnosed():
    result = check_affine_backward(AffineDbNotSummed)
    assert not result and result.problem == "db_not_summed"
    assert "(4, 2)" in result.message and "(2,)" in result.message and "sum(axis=0)" in result.message


def test_db_mean_is_diagnosed():
    result = check_affine_backward(AffineDbMean)
    assert not result and result.problem == "db_mean"


def test_transposed_dw_is_diagnosed():
    result = check_affine_backward(AffineDwTransposed)
    assert not result and result.problem == "shape_transposed" and "dW" in result.message


def test_missing_dx():
    result = check_affine_backward(AffineNoDx)
    assert not result and result.problem == "none" and "dx" in result.message


# --- check_network_gradient ----------------------------------------------------------------------

def test_two_layer_loss_is_the_sigmoid_two_layer_net():
    # Independent truth: nnlib's TwoLayerNet with a sigmoid hidden layer gives the same loss and gradient
    rng = np.random.default_rng(3)
    net = TwoLayerNet(4, 3, 3, seed=3, dtype=np.float64, activation="sigmoid", weight_init_std=1.0)
    for key in ("b1", "b2"):
        net.params[key][:] = rng.normal(size=3)
    x, t = rng.normal(size=(6, 4)), np.array([0, 1, 2, 2, 1, 0])
    assert two_layer_loss(net.params, x, t) == pytest.approx(net.loss(x, t), rel=1e-12)
    grads = net.gradient(x, t)
    ref = reference_gradient(net.params, x, t)
    for key in grads:
        np.testing.assert_allclose(ref[key], grads[key], rtol=1e-10, atol=1e-14)


def test_the_recursion_passes():
    result = check_network_gradient(reference_gradient)
    assert result.ok and "W1, b1, W2, b2" in result.message


def test_nnlib_network_passes():
    def nnlib_gradient(params, x, t):
        net = TwoLayerNet(4, 3, 3, dtype=np.float64, activation="sigmoid")
        for key in params:
            net.params[key][...] = params[key]
        return net.gradient(x, t)
    assert check_network_gradient(nnlib_gradient)


@pytest.mark.parametrize("scale, problem", [(5.0, "why_n"), (0.2, "why_inv_n"), (-1.0, "why_sign")])
def test_scale_mistakes(scale, problem):
    result = check_network_gradient(lambda p, x, t: reference_gradient(p, x, t, scale=scale))
    assert not result and result.problem == problem and "W1" in result.message


def test_h_prime_of_the_input():
    result = check_network_gradient(lambda p, x, t: reference_gradient(p, x, t, h_prime_from_input=True))
    assert not result and result.problem == "derivative_of_input" and "Z(1 − Z)" in result.message


def test_bias_mean():
    result = check_network_gradient(lambda p, x, t: reference_gradient(p, x, t, b_mean=True))
    assert not result and result.problem == "db_mean" and "b1" in result.message


def test_missing_key_and_wrong_type():
    result = check_network_gradient(lambda p, x, t: {k: v for k, v in reference_gradient(p, x, t).items()
                                                    if k != "b2"})
    assert not result and result.problem == "none" and "'b2'" in result.message
    assert check_network_gradient(lambda p, x, t: [1, 2]).problem == "not_dict"


def test_russian_messages():
    set_language("ru")
    assert "совпадает" in check_layer(Tanh()).message
    assert "сумма dout" in check_affine_backward(AffineDbNotSummed).message


def test_every_message_has_both_languages_with_the_same_fields():
    from nnlib.exercises.training import _TEXTS
    assert _TEXTS["en"].keys() == _TEXTS["ru"].keys()
    for key in _TEXTS["en"]:
        assert fields(_TEXTS["en"][key]) == fields(_TEXTS["ru"][key]), key


# --- check_train_epoch ---------------------------------------------------------------------------

def epoch(network, x, t, order, batch_size, lr, *, sign=1.0, skip_last=False, ignore_order=False,
          one_step=False, in_place=True):
    """One epoch of mini-batch SGD written out by hand, with optional planted mistakes."""
    idx = np.arange(len(order)) if ignore_order else order
    starts = range(0, len(idx), batch_size)
    if skip_last:
        starts = range(0, len(idx) - batch_size + 1, batch_size)
    batches = [idx] if one_step else [idx[s:s + batch_size] for s in starts]
    for batch in batches:
        grads = network.gradient(x[batch], t[batch])
        for key in network.params:
            if in_place:
                network.params[key] -= sign * lr * grads[key]
            else:
                new = network.params[key] - sign * lr * grads[key]   # a new array, thrown away
                del new


def test_a_right_epoch_passes_and_nnlib_train_epoch_agrees():
    assert check_train_epoch(epoch)
    from nnlib.optim import SGD
    from nnlib.training import train_epoch
    result = check_train_epoch(lambda net, x, t, order, b, lr: train_epoch(net, x, t, order, b, SGD(lr=lr)))
    assert result.ok and "3 steps" in result.message


@pytest.mark.parametrize("mistake, problem", [
    ({"sign": -1.0}, "epoch_ascent"), ({"skip_last": True}, "epoch_last_batch"),
    ({"ignore_order": True}, "epoch_order"), ({"one_step": True}, "epoch_one_step"),
    ({"in_place": False}, "epoch_unchanged")])
def test_each_loop_mistake_is_named(mistake, problem):
    result = check_train_epoch(lambda *args: epoch(*args, **mistake))
    assert not result and result.problem == problem


def test_wrong_learning_rate_and_other_errors():
    result = check_train_epoch(lambda net, x, t, order, b, lr: epoch(net, x, t, order, b, lr * lr))
    assert result.problem == "epoch_lr"
    result = check_train_epoch(lambda net, x, t, order, b, lr: epoch(net, x, t, order, b, 2 * lr))
    assert result.problem == "epoch_values" and "differs" in result.message
