"""Forward passes and networks for classification (chapters 2, 3).

- ``forward(network, x)``: the forward pass of chapter 2 over a dict of weights W1, b1, ..., WL, bL.
- ``TwoLayerNet``: input -> Affine -> ReLU -> Affine -> softmax, trained with backpropagation.
- ``MultiLayerNet``: the same with any number of hidden layers.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .functions import identity_function, sigmoid
from .gradient import numerical_gradient
from .layers import Affine, ReLU, Sigmoid, SoftmaxWithLoss

__all__ = ["forward", "TwoLayerNet", "MultiLayerNet"]


def _n_layers(network: dict) -> int:
    """The number L of layers of a dict {"W1", "b1", ..., "WL", "bL"}, checking that the shapes chain."""
    n = 0
    while f"W{n + 1}" in network:
        n += 1
    expected = {f"{p}{l}" for l in range(1, n + 1) for p in "Wb"}
    if n == 0 or set(network) != expected:
        raise ValueError(f"forward expects a dict with keys W1, b1, ..., WL, bL, got keys {sorted(network)}")
    for l in range(1, n + 1):
        W, b = np.shape(network[f"W{l}"]), np.shape(network[f"b{l}"])
        if len(W) != 2 or b != (W[1],):
            raise ValueError(f"forward expects W{l} of shape (in, out) and b{l} of shape (out,), got {W} and {b}")
        if l > 1 and W[0] != np.shape(network[f"W{l - 1}"])[1]:
            raise ValueError(f"W{l} has {W[0]} rows but layer {l - 1} has "
                             f"{np.shape(network[f'W{l - 1}'])[1]} outputs")
    return n


def forward(network: dict, x, activation: Callable = sigmoid,
            output_activation: Callable = identity_function, trace: bool = False):
    """Forward pass: A(l) = Z(l−1)·W(l) + B(l), Z(l) = h(A(l)) with Z(0) = X, Y = output_activation(A(L)).

    network: {"W1": (n0, n1), "b1": (n1,), ..., "WL": (n_{L-1}, nL), "bL": (nL,)}.
    x: one sample (n0,) or a batch (N, n0). Returns Y, (nL,) or (N, nL).
    trace=True returns (Y, steps): steps[l−1] = {"layer": l, "A": A(l), "Z": Z(l)}; for the last layer Z is Y.
    """
    n = _n_layers(network)
    z = np.asarray(x)
    n_in = np.shape(network["W1"])[0]
    if z.ndim not in (1, 2) or z.shape[-1] != n_in:
        raise ValueError(f"forward expects x of shape ({n_in},) or (N, {n_in}), got shape {z.shape}")
    steps = []
    for l in range(1, n + 1):
        a = z @ network[f"W{l}"] + network[f"b{l}"]
        z = activation(a) if l < n else output_activation(a)
        steps.append({"layer": l, "A": a, "Z": z})
    return (z, steps) if trace else z


def _init_std(weight_init_std, activation: str, n_in: int) -> float:
    """A number as given; "he" (√(2/n_in), for ReLU) or "xavier" (√(1/n_in), for sigmoid)."""
    if weight_init_std is None:
        weight_init_std = "he" if activation == "relu" else "xavier"
    if isinstance(weight_init_std, str):
        scales = {"he": 2.0, "relu": 2.0, "xavier": 1.0, "sigmoid": 1.0}
        if weight_init_std.lower() not in scales:
            raise ValueError(f"weight_init_std expects a number, 'he' or 'xavier', got {weight_init_std!r}")
        return float(np.sqrt(scales[weight_init_std.lower()] / n_in))
    return float(weight_init_std)


def _float_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"expected a float dtype for the parameters (np.float32 or np.float64), got {dtype}")
    return dtype


def _check_sizes(sizes) -> None:
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"expected layer sizes that are positive integers, got {list(sizes)}")


def _activation_layer(activation: str):
    layers = {"relu": ReLU, "sigmoid": Sigmoid}
    if activation not in layers:
        raise ValueError(f"activation expects 'relu' or 'sigmoid', got {activation!r}")
    return layers[activation]()


class LayerNet:
    """What TwoLayerNet and MultiLayerNet share: a dict of layers ending in SoftmaxWithLoss.

    Subclasses set params {"W1", "b1", ...}, layers (name -> layer, in order) and last_layer.
    """

    params: dict
    layers: dict
    last_layer: SoftmaxWithLoss
    dtype: np.dtype

    def _input(self, x) -> np.ndarray:
        """x as an array of the parameters' dtype (no copy if it already is one), shape (N, input_size)."""
        x = np.asarray(x, dtype=self.dtype)
        n_in = self.params["W1"].shape[0]
        if x.ndim != 2 or x.shape[1] != n_in:
            raise ValueError(f"{type(self).__name__} expects x of shape (N, {n_in}), got shape {x.shape}"
                             + ("; for one sample use x.reshape(1, -1)" if x.ndim == 1 else ""))
        return x

    def _affine_layers(self) -> list:
        return [layer for layer in self.layers.values() if isinstance(layer, Affine)]

    def predict(self, x) -> np.ndarray:
        """Scores before softmax: x (N, input_size) -> (N, output_size)."""
        # Keep the layers on the current arrays, even if params[k] was replaced instead of updated in place.
        for l, layer in enumerate(self._affine_layers(), start=1):
            layer.W, layer.b = self.params[f"W{l}"], self.params[f"b{l}"]
        x = self._input(x)
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t) -> float:
        """Mean cross-entropy of softmax(predict(x)); t integer labels (N,) or one-hot (N, output_size)."""
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t) -> float:
        """Fraction of samples whose largest score is the true class; t labels (N,) or one-hot."""
        y = self.predict(x).argmax(axis=1)
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        if t.shape != y.shape:
            raise ValueError(f"accuracy expects t of shape ({len(y)},) or ({len(y)}, k), got shape {t.shape}")
        return float(np.mean(y == t))

    def gradient(self, x, t) -> dict:
        """Gradients of the loss by backpropagation: {"W1": ∂L/∂W1, "b1": ..., ...}, shapes as params.

        Also sets last_loss, the loss of this forward pass, so a training loop needs no second pass.
        """
        self.last_loss = self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        layers = list(self.layers.values())
        for layer in reversed(layers[1:]):
            dout = layer.backward(dout)
        layers[0].backward(dout, need_dx=False)  # the input data needs no gradient
        grads = {}
        for l, layer in enumerate(self._affine_layers(), start=1):
            grads[f"W{l}"], grads[f"b{l}"] = layer.dW, layer.db
        return grads

    def numerical_gradient(self, x, t) -> dict:
        """Gradients of the loss by central differences (slow: two losses per parameter).

        For a gradient check: needs a float64 network (dtype=np.float64).
        """
        if self.dtype != np.float64:
            raise TypeError(f"numerical_gradient needs a float64 network for accurate differences, "
                            f"got {self.dtype}; create it with dtype=np.float64")
        x = self._input(x)
        return {key: numerical_gradient(lambda _: self.loss(x, t), param) for key, param in self.params.items()}


class TwoLayerNet(LayerNet):
    """input -> Affine1 -> ReLU (or Sigmoid) -> Affine2 -> SoftmaxWithLoss.

    params: W1 (input_size, hidden_size), b1 (hidden_size,), W2 (hidden_size, output_size), b2 (output_size,).
    Weights start as weight_init_std · N(0, 1) from np.random.default_rng(seed), biases at 0.
    dtype float32 is fast for training; use float64 for gradient checks.
    """

    def __init__(self, input_size: int, hidden_size: int, output_size: int, weight_init_std: float = 0.01,
                 seed=None, dtype=np.float32, activation: str = "relu"):
        _check_sizes([input_size, hidden_size, output_size])
        self.dtype = _float_dtype(dtype)
        rng = np.random.default_rng(seed)
        # Drawn in float64, then cast: the same seed gives the same start in every dtype.
        self.params = {
            "W1": (weight_init_std * rng.standard_normal((input_size, hidden_size))).astype(self.dtype),
            "b1": np.zeros(hidden_size, dtype=self.dtype),
            "W2": (weight_init_std * rng.standard_normal((hidden_size, output_size))).astype(self.dtype),
            "b2": np.zeros(output_size, dtype=self.dtype),
        }
        act = _activation_layer(activation)
        self.layers = {
            "Affine1": Affine(self.params["W1"], self.params["b1"]),
            f"{type(act).__name__}1": act,
            "Affine2": Affine(self.params["W2"], self.params["b2"]),
        }
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = None


class MultiLayerNet(LayerNet):
    """input -> (Affine -> ReLU/Sigmoid) × len(hidden_size_list) -> Affine -> SoftmaxWithLoss.

    params: W1, b1, ..., WL, bL with L = len(hidden_size_list) + 1; W_l (n_{l−1}, n_l), b_l (n_l,).
    weight_init_std: a number, or "he" / "xavier" (default: He for ReLU, Xavier for sigmoid).
    """

    def __init__(self, input_size: int, hidden_size_list: list, output_size: int, activation: str = "relu",
                 weight_init_std=None, seed=None, dtype=np.float32):
        sizes = [input_size, *hidden_size_list, output_size]
        _check_sizes(sizes)
        self.dtype = _float_dtype(dtype)
        rng = np.random.default_rng(seed)
        self.params, self.layers = {}, {}
        for l in range(1, len(sizes)):
            std = _init_std(weight_init_std, activation, sizes[l - 1])
            self.params[f"W{l}"] = (std * rng.standard_normal((sizes[l - 1], sizes[l]))).astype(self.dtype)
            self.params[f"b{l}"] = np.zeros(sizes[l], dtype=self.dtype)
            self.layers[f"Affine{l}"] = Affine(self.params[f"W{l}"], self.params[f"b{l}"])
            if l < len(sizes) - 1:
                act = _activation_layer(activation)
                self.layers[f"{type(act).__name__}{l}"] = act
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = None
