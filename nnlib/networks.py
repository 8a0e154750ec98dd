"""Forward passes and networks for classification (chapters 2, 3).

- ``forward(network, x)``: the forward pass of chapter 2 over a dict of weights W1, b1, ..., WL, bL.
- ``TwoLayerNet``: input -> Affine -> ReLU -> Affine -> softmax, trained with backpropagation.
- ``MultiLayerNet``: the same with any number of hidden layers.

Both networks can add weight decay (L2 regularisation): with weight_decay_lambda λ > 0 the loss is
L + ½λ·Σ_l ‖W_l‖², so each gradient ∂L/∂W_l gains λ·W_l and large weights are pulled towards 0.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import guards
from .functions import identity_function, sigmoid
from .gradient import numerical_gradient
from .layers import Affine, InputAffine, ReLU, Sigmoid, SoftmaxWithLoss

__all__ = ["forward", "TwoLayerNet", "MultiLayerNet"]


def forward(network: dict, x, activation: Callable = sigmoid,
            output_activation: Callable = identity_function, trace: bool = False):
    """Forward pass: A(l) = Z(l−1)·W(l) + B(l), Z(l) = h(A(l)) with Z(0) = X, Y = output_activation(A(L)).

    network: {"W1": (n0, n1), "b1": (n1,), ..., "WL": (n_{L-1}, nL), "bL": (nL,)}.
    x: one sample (n0,) or a batch (N, n0). Returns Y, (nL,) or (N, nL).
    trace=True returns (Y, steps): steps[l−1] = {"layer": l, "A": A(l), "Z": Z(l)}; for the last layer Z is Y.
    """
    n_layers, z = guards.forward_args(network, x)
    steps = []
    for l in range(1, n_layers + 1):
        a = z @ network[f"W{l}"] + network[f"b{l}"]
        z = activation(a) if l < n_layers else output_activation(a)
        steps.append({"layer": l, "A": a, "Z": z})
    return (z, steps) if trace else z


def _activation_layer(activation: str):
    return {"relu": ReLU, "sigmoid": Sigmoid}[guards.activation(activation)]()


class LayerNet:
    """What TwoLayerNet and MultiLayerNet share: a dict of layers ending in SoftmaxWithLoss.

    Subclasses set params {"W1", "b1", ...}, layers (name -> layer, in order), last_layer, dtype and
    weight_decay_lambda.
    """

    params: dict
    layers: dict
    last_layer: SoftmaxWithLoss
    dtype: np.dtype
    weight_decay_lambda: float = 0.0

    def _affine_layers(self) -> list:
        return [layer for layer in self.layers.values() if isinstance(layer, Affine)]

    def predict(self, x) -> np.ndarray:
        """Scores before softmax (the logits): x (N, input_size) -> (N, output_size)."""
        return self._scores(guards.batch(type(self).__name__, x, self.params["W1"].shape[0], self.dtype))

    def _scores(self, x: np.ndarray) -> np.ndarray:
        # Keep the layers on the current arrays, even if params[k] was replaced instead of updated in place.
        for layer, W, b in self._bindings():
            layer.W, layer.b = self.params[W], self.params[b]
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def _bindings(self) -> list:
        """[(Affine layer l, "Wl", "bl"), ...], worked out once per set of layers (it runs every step)."""
        layers = tuple(self.layers.values())
        if getattr(self, "_bound", (None,))[0] != layers:
            self._bound = layers, [(layer, f"W{l}", f"b{l}") for l, layer in enumerate(self._affine_layers(), start=1)]
        return self._bound[1]

    # NaN or infinity in x would warn on its way through the layers: it is reported once, below.
    # (As a decorator np.errstate costs half of what a with-block does, and loss runs at every step.)
    @np.errstate(over="ignore", invalid="ignore")
    def loss(self, x, t) -> float:
        """Mean cross-entropy of softmax(predict(x)), plus ½λ·Σ‖W‖² with weight decay λ.

        t: integer labels (N,) or one-hot (N, output_size).
        """
        x = guards.batch(type(self).__name__, x, self.params["W1"].shape[0], self.dtype)
        loss = self.last_layer.forward(self._scores(x), t)
        if self.weight_decay_lambda:
            loss += 0.5 * self.weight_decay_lambda * sum(
                float(np.sum(layer.W ** 2)) for layer in self._affine_layers())
        return guards.finite_loss(type(self).__name__, loss, x)

    def accuracy(self, x, t) -> float:
        """Fraction of samples whose largest score is the true class; t labels (N,) or one-hot."""
        y = self.predict(x)
        t = guards.labels("accuracy", t, *y.shape)
        return float(np.mean(y.argmax(axis=1) == t))

    def gradient(self, x, t) -> dict:
        """Gradients of the loss by backpropagation: {"W1": ∂L/∂W1, "b1": ..., ...}, shapes as params.

        Also sets last_loss, the loss of this forward pass, so a training loop needs no second pass.
        """
        self.last_loss = self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for l, layer in enumerate(self._affine_layers(), start=1):
            grads[f"W{l}"], grads[f"b{l}"] = layer.dW, layer.db
            if self.weight_decay_lambda > 0:    # the gradient of ½λ‖W‖² is λW
                grads[f"W{l}"] = layer.dW + self.weight_decay_lambda * layer.W
        return grads

    def numerical_gradient(self, x, t) -> dict:
        """Gradients of the loss by central differences (slow: two losses per parameter).

        For a gradient check: needs a float64 network (dtype=np.float64).
        """
        guards.float64_network(self.dtype)
        x = guards.batch(type(self).__name__, x, self.params["W1"].shape[0], self.dtype)
        return {key: numerical_gradient(lambda _: self.loss(x, t), param) for key, param in self.params.items()}


class TwoLayerNet(LayerNet):
    """input -> Affine1 -> ReLU (or Sigmoid) -> Affine2 -> SoftmaxWithLoss.

    params: W1 (input_size, hidden_size), b1 (hidden_size,), W2 (hidden_size, output_size), b2 (output_size,).
    Weights start as weight_init_std · N(0, 1) from np.random.default_rng(seed), biases at 0.
    dtype float32 is fast for training; use float64 for gradient checks.
    weight_decay_lambda λ ≥ 0 adds ½λ·(‖W1‖² + ‖W2‖²) to the loss.
    """

    def __init__(self, input_size: int, hidden_size: int, output_size: int, weight_init_std: float = 0.01,
                 seed=None, dtype=np.float32, activation: str = "relu", weight_decay_lambda: float = 0.0):
        guards.sizes([input_size, hidden_size, output_size])
        std = guards.init_std(weight_init_std, activation, input_size)
        self.dtype = guards.float_dtype(dtype)
        self.weight_decay_lambda = guards.weight_decay(weight_decay_lambda)
        rng = np.random.default_rng(seed)
        # Drawn in float64, then cast: the same seed gives the same start in every dtype.
        self.params = {
            "W1": (std * rng.standard_normal((input_size, hidden_size))).astype(self.dtype),
            "b1": np.zeros(hidden_size, dtype=self.dtype),
            "W2": (std * rng.standard_normal((hidden_size, output_size))).astype(self.dtype),
            "b2": np.zeros(output_size, dtype=self.dtype),
        }
        act = _activation_layer(activation)
        self.layers = {
            # InputAffine: an Affine whose backward skips the gradient of the data, which nothing uses.
            "Affine1": InputAffine(self.params["W1"], self.params["b1"]),
            f"{type(act).__name__}1": act,
            "Affine2": Affine(self.params["W2"], self.params["b2"]),
        }
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = None

    def gradient(self, x, t) -> dict:
        """Gradients of the loss by backpropagation, {"W1": ∂L/∂W1, ...}; sets last_loss."""
        # forward pass
        self.last_loss = self.loss(x, t)
        # backward pass, from the loss back to the input
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        grads["W1"], grads["b1"] = self.layers["Affine1"].dW, self.layers["Affine1"].db
        grads["W2"], grads["b2"] = self.layers["Affine2"].dW, self.layers["Affine2"].db
        lam = self.weight_decay_lambda
        if lam > 0:     # weight decay: the gradient of ½λ‖W‖² is λW
            grads["W1"] = grads["W1"] + lam * self.params["W1"]
            grads["W2"] = grads["W2"] + lam * self.params["W2"]
        return grads


class MultiLayerNet(LayerNet):
    """input -> (Affine -> ReLU/Sigmoid) × len(hidden_size_list) -> Affine -> SoftmaxWithLoss.

    params: W1, b1, ..., WL, bL with L = len(hidden_size_list) + 1; W_l (n_{l−1}, n_l), b_l (n_l,).
    weight_init_std: a number, or "he" / "xavier" (default: He for ReLU, Xavier for sigmoid).
    weight_decay_lambda λ ≥ 0 adds ½λ·Σ_l ‖W_l‖² to the loss.
    """

    def __init__(self, input_size: int, hidden_size_list: list, output_size: int, activation: str = "relu",
                 weight_init_std=None, seed=None, dtype=np.float32, weight_decay_lambda: float = 0.0):
        sizes = [input_size, *hidden_size_list, output_size]
        guards.sizes(sizes)
        guards.activation(activation)
        self.dtype = guards.float_dtype(dtype)
        self.weight_decay_lambda = guards.weight_decay(weight_decay_lambda)
        rng = np.random.default_rng(seed)
        self.params, self.layers = {}, {}
        for l in range(1, len(sizes)):
            std = guards.init_std(weight_init_std, activation, sizes[l - 1])
            self.params[f"W{l}"] = (std * rng.standard_normal((sizes[l - 1], sizes[l]))).astype(self.dtype)
            self.params[f"b{l}"] = np.zeros(sizes[l], dtype=self.dtype)
            affine = InputAffine if l == 1 else Affine  # the data needs no gradient
            self.layers[f"Affine{l}"] = affine(self.params[f"W{l}"], self.params[f"b{l}"])
            if l < len(sizes) - 1:
                act = _activation_layer(activation)
                self.layers[f"{type(act).__name__}{l}"] = act
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = None
