"""Layers with a forward and a backward pass (chapter 3, backpropagation).

Each layer remembers in forward() what its backward() needs. backward(dout) takes ∂L/∂(output) and
returns ∂L/∂(input) by the chain rule; it never modifies dout. Layers with parameters also store
their gradients (Affine.dW, Affine.db).
"""
from __future__ import annotations

import numpy as np

from .functions import _check_targets, sigmoid

__all__ = ["MulLayer", "AddLayer", "Affine", "ReLU", "Relu", "Sigmoid", "SoftmaxWithLoss"]


class MulLayer:
    """Multiplication node of a computational graph: out = x·y ("the switch" backward)."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        """Returns (dx, dy) = (dout·y, dout·x): each input gets the other input times dout."""
        return dout * self.y, dout * self.x


class AddLayer:
    """Addition node of a computational graph: out = x + y ("the distributor" backward)."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        """Returns (dx, dy) = (dout, dout): the gradient passes to both inputs unchanged."""
        return dout, dout


class Affine:
    """Fully connected layer: out = x·W + b.

    W: (in, out), b: (out,). forward: x (N, in) -> (N, out).
    backward: dout (N, out) -> dx = dout·Wᵀ (N, in), and sets dW = xᵀ·dout (in, out), db = Σ_N dout (out,).
    W and b are kept by reference: an optimizer updating them in place updates the layer.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray):
        W, b = np.asarray(W), np.asarray(b)
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"Affine expects W of shape (in, out) and b of shape (out,), "
                             f"got W {W.shape} and b {b.shape}")
        self.W, self.b = W, b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.W.shape[0]:
            raise ValueError(f"Affine expects x of shape (N, {self.W.shape[0]}), got shape {x.shape}"
                             + ("; for one sample use x.reshape(1, -1)" if x.ndim == 1 else ""))
        self.x = x
        out = x @ self.W
        out += self.b
        return out

    def backward(self, dout: np.ndarray, need_dx: bool = True):
        """Set dW and db; return dx, or None with need_dx=False.

        need_dx=False is for the first layer of a network, whose input (the data) needs no gradient:
        it skips the largest of the three matrix products.
        """
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T if need_dx else None


class ReLU:
    """ReLU layer: out = max(0, x); the gradient passes where x > 0 and is 0 elsewhere."""

    def __init__(self):
        self.mask = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        # The mask as 0.0/1.0 in x's dtype: multiplying dout by it is cheaper than by a boolean array.
        self.mask = (x > 0).astype(x.dtype)
        return np.maximum(x, 0)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask


Relu = ReLU  # the name used in "Deep Learning from Scratch"


class Sigmoid:
    """Sigmoid layer: out = 1 / (1 + exp(−x)); backward uses ∂out/∂x = out·(1 − out)."""

    def __init__(self):
        self.out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.out * (1 - self.out)


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy loss, as one layer.

    forward(x, t): x scores (N, k); t integer labels (N,) or one-hot (N, k). Returns the mean loss
    (a float) and keeps y = softmax(x). The loss is computed from the scores as −log softmax(x)[t]
    = −(x_t − max x) + log Σ exp(x − max x), exactly, without the 1e-7 of cross_entropy_error (they agree
    to about 1e-7/y_t).
    backward(dout=1.0) -> dout·(y − t)/N, the famous simple gradient of the pair (N, k).
    """

    def __init__(self):
        self.y = None
        self.t = None
        self.loss = None

    def forward(self, x: np.ndarray, t) -> float:
        x = np.asarray(x)
        if x.ndim != 2:
            raise ValueError(f"SoftmaxWithLoss expects scores x of shape (N, k), got shape {x.shape}"
                             + ("; for one sample use x.reshape(1, -1)" if x.ndim == 1 else ""))
        self.t = t = _check_targets(x, t, "SoftmaxWithLoss")
        n = x.shape[0]
        # The maximum of each row. With few classes numpy finds it faster in a column-major copy of x,
        # where it compares whole columns of N scores at a time instead of N short rows one by one.
        x_max = np.asfortranarray(x).max(axis=1, keepdims=True)
        shifted = x - x_max
        e = np.exp(shifted)
        total = e.sum(axis=1, keepdims=True)
        e /= total
        self.y = e
        # log y = x − max − log Σ exp(x − max): exact, and never log 0
        if t.shape == x.shape:
            log_y = shifted - np.log(total)
            self.loss = -float(np.sum(t * log_y)) / n
        else:  # integer labels: only the true class's log y is needed
            log_y_true = shifted[np.arange(n), t] - np.log(total[:, 0])
            self.loss = -float(log_y_true.sum()) / n
        return self.loss

    def backward(self, dout=1.0) -> np.ndarray:
        n = self.y.shape[0]
        if self.t.shape == self.y.shape:
            dx = np.subtract(self.y, self.t, dtype=self.y.dtype)
        else:  # integer labels: subtract the one-hot 1 by indexing, no one-hot array needed
            dx = self.y.copy()
            dx[np.arange(n), self.t] -= 1
        dx *= dout / n
        return dx
