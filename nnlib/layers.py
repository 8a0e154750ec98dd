"""Layers with a forward and a backward pass (chapter 3, backpropagation).

Each layer remembers in forward() what its backward() needs. backward(dout) takes ∂L/∂(output) and
returns ∂L/∂(input) by the chain rule; it never modifies dout. Layers with parameters also store
their gradients (Affine.dW, Affine.db).
"""
from __future__ import annotations

import numpy as np

from . import guards
from .functions import log_softmax, sigmoid

__all__ = ["MulLayer", "AddLayer", "Affine", "InputAffine", "ReLU", "Relu", "Sigmoid", "SoftmaxWithLoss"]


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

    def __init__(self, W, b):
        self.W, self.b = guards.affine_params(W, b)
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = guards.batch("Affine", x, self.W.shape[0])
        return self.x @ self.W + self.b

    def backward(self, dout):
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dx


class InputAffine(Affine):
    """The first Affine layer of a network: its input is the data, which needs no gradient.

    backward sets dW and db like Affine's but returns None: it skips dx = dout·Wᵀ, the largest of the
    layer's three matrix products at MNIST's sizes (N × out × 784), about a fifth of a training step.
    """

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return None


class ReLU:
    """ReLU layer: out = max(0, x); the gradient passes where x > 0 and is 0 elsewhere."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x > 0
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout * self.mask


Relu = ReLU  # the name used in "Deep Learning from Scratch"


class Sigmoid:
    """Sigmoid layer: out = 1 / (1 + exp(−x)); backward uses ∂out/∂x = out·(1 − out)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy loss, as one layer.

    forward(x, t): scores x (N, k); t integer labels (N,) or one-hot (N, k). Returns the mean loss
    L = −(1/N)·Σ_n log y_n,t with y = softmax(x), and keeps y and the labels. log y comes from
    log_softmax(x) = z − log Σ exp(z), z = x − max x: exact where cross_entropy_error adds 1e-7.
    backward(dout=1) -> dout·(y − t)/N (N, k), t one-hot: the simple gradient of the pair.
    """

    def __init__(self):
        self.y = None
        self.t = None
        self.loss = None

    def forward(self, x, t):
        x, self.t = guards.scores_and_labels("SoftmaxWithLoss", x, t)
        n = x.shape[0]
        log_y = log_softmax(x)      # log y exactly, never log 0
        self.y = np.exp(log_y)
        self.loss = -float(log_y[np.arange(n), self.t].sum()) / n
        return self.loss

    def backward(self, dout=1):
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1   # y − t, with t one-hot
        return dx * (dout / n)
