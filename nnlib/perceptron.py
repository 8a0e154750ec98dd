"""Logic gates built from a perceptron, and the perceptron learning rule (chapter 1).

A perceptron with inputs x1, x2, weights w1, w2 and bias b = -θ outputs

    y = 1 if w1*x1 + w2*x2 + b > 0 else 0.

AND, OR and NAND are the same perceptron with different parameters; XOR needs two layers.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import guards

__all__ = [
    "INPUTS", "TARGETS", "GATES",
    "perceptron", "AND", "OR", "NAND", "XOR", "truth_table", "Perceptron",
]

# The four input points in the lecture's order: (x1, x2) = (0,0), (1,0), (0,1), (1,1).
INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])

# Truth tables, one output per row of INPUTS.
TARGETS = {
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "XOR": np.array([0, 1, 1, 0]),
}

# The lecture's hand-chosen parameters (w, b) with b = -θ.
GATES = {
    "AND": (np.array([0.5, 0.5]), -0.7),
    "OR": (np.array([0.5, 0.5]), -0.2),
    "NAND": (np.array([-0.5, -0.5]), 0.7),
}


def perceptron(x, w, b):
    """Output of a perceptron: 1 if x·w + b > 0 else 0.

    x: one input (n,) -> int 0/1, or a batch (N, n) -> int array (N,).
    w: weights (n,).  b: bias, a number.
    """
    x, w = guards.perceptron_args(x, w, b)
    y = (x @ w + b > 0).astype(int)
    return int(y) if y.ndim == 0 else y


def AND(x1, x2):
    """AND gate: 1 only if both inputs are 1."""
    guards.bits("AND", x1, x2)
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.7
    tmp = np.sum(w * x) + b
    return int(tmp > 0)


def OR(x1, x2):
    """OR gate: 1 if at least one input is 1."""
    guards.bits("OR", x1, x2)
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.2
    tmp = np.sum(w * x) + b
    return int(tmp > 0)


def NAND(x1, x2):
    """NAND gate (not AND): AND with the signs of its parameters flipped."""
    guards.bits("NAND", x1, x2)
    x = np.array([x1, x2])
    w = np.array([-0.5, -0.5])
    b = 0.7
    tmp = np.sum(w * x) + b
    return int(tmp > 0)


def XOR(x1, x2):
    """XOR gate as a two-layer perceptron: AND(NAND(x1, x2), OR(x1, x2))."""
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)


def truth_table(gate: Callable[[int, int], int]) -> list[tuple[int, int, int]]:
    """Rows (x1, x2, y) of gate over the four INPUTS, in the lecture's order."""
    rows = []
    for x1, x2 in INPUTS.tolist():
        rows.append((x1, x2, int(gate(x1, x2))))
    return rows


class Perceptron:
    """A perceptron that learns its weights from examples with the perceptron learning rule.

    For each sample in turn: y = step(w·x + b); w += lr·(t − y)·x; b += lr·(t − y).
    Weights start at zero (seed=None) or small random numbers (seed given); the bias starts at 0.
    ``fit`` continues from the current ``w`` and ``b``, so they can be set by hand before it.
    """

    def __init__(self, n_inputs: int = 2, lr: float = 0.1, seed: int | None = None):
        self.n_inputs = guards.positive_int("Perceptron", "n_inputs", n_inputs)
        self.lr = guards.positive_number("Perceptron", "lr", lr)
        if seed is None:
            self.w = np.zeros(self.n_inputs)
        else:
            self.w = np.random.default_rng(seed).normal(0.0, 0.01, size=self.n_inputs)
        self.b = 0.0
        self.converged = False
        self.epochs = 0
        self.errors: list[int] = []
        self.history: list[tuple[np.ndarray, float]] = []

    def fit(self, X, t, max_epochs: int = 100) -> "Perceptron":
        """Learn from inputs X (N, n_inputs) and 0/1 targets t (N,), at most max_epochs passes.

        Stops after the first epoch without mistakes (converged=True).
        """
        X, t = guards.fit_args(self.n_inputs, self.w, X, t, max_epochs)
        # w and b may have been set by hand; continue from them as float64 and a plain float.
        self.w = np.array(self.w, dtype=np.float64)
        self.b = float(self.b)
        t = t.astype(int).tolist()  # Python ints keep b a plain float (no np.float64 in printouts)
        self.errors = []
        self.history = [(self.w.copy(), self.b)]
        self.converged = False
        self.epochs = int(max_epochs)
        for epoch in range(1, max_epochs + 1):
            mistakes = 0
            for x_i, t_i in zip(X, t):
                y_i = int(x_i @ self.w + self.b > 0)
                if y_i != t_i:
                    self.w += self.lr * (t_i - y_i) * x_i
                    self.b += self.lr * (t_i - y_i)
                    mistakes += 1
            self.errors.append(mistakes)
            self.history.append((self.w.copy(), self.b))
            if mistakes == 0:
                self.converged = True
                self.epochs = epoch
                break
        return self

    def predict(self, X):
        """0/1 outputs for inputs X (N, n_inputs) -> int array (N,); one input (n_inputs,) -> int."""
        return perceptron(X, self.w, self.b)

    def __repr__(self) -> str:
        return (f"Perceptron(w={np.array2string(self.w, precision=3)}, b={self.b:.3f}, "
                f"converged={self.converged}, epochs={self.epochs})")
