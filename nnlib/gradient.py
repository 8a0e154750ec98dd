"""Numerical derivatives and gradient descent (chapter 3).

The central difference (f(x + h) − f(x − h)) / 2h approximates a derivative with an error of order h²;
it is slow (two evaluations of f per parameter) but simple, which makes it the standard check of
gradients computed by backpropagation.
"""
from __future__ import annotations

from numbers import Real
from typing import Callable

import numpy as np

__all__ = ["numerical_diff", "numerical_gradient", "gradient_descent"]


def _check_step(h) -> None:
    if isinstance(h, bool) or not isinstance(h, Real) or not np.isfinite(h) or h <= 0:
        raise ValueError(f"expected a positive finite step h, got {h!r}")


def _scalar(value, where: str) -> float:
    """The value returned by f as a Python float; f must return a single number."""
    if isinstance(value, (float, np.floating)):  # the usual case, kept cheap
        return float(value)
    if np.size(value) != 1:
        raise ValueError(f"{where} expects f to return a scalar, got shape {np.shape(value)}")
    return float(np.asarray(value).reshape(()))


def numerical_diff(f: Callable, x, h: float = 1e-4):
    """Derivative of a one-variable function f at x by the central difference."""
    _check_step(h)
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Gradient of a scalar function f at x by central differences, one element at a time.

    x: float64 ndarray of any shape; it is perturbed in place (f sees the perturbed array) and every
    element is restored bit-exactly afterwards. Returns the gradient, an array of x's shape.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"numerical_gradient expects x to be a float64 numpy array, got {type(x).__name__}")
    if x.dtype != np.float64:
        raise TypeError(f"numerical_gradient expects x of dtype float64 (for accurate differences), "
                        f"got {x.dtype}; convert it with x.astype(np.float64)")
    if not x.flags.writeable:
        raise ValueError("numerical_gradient perturbs x in place and expects a writeable array, "
                         "got a read-only one; pass a copy, x.copy()")
    _check_step(h)

    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = _scalar(f(x), "numerical_gradient")
            x[idx] = original - h
            f_minus = _scalar(f(x), "numerical_gradient")
        finally:
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def gradient_descent(f: Callable[[np.ndarray], float], init_x, lr: float = 0.01,
                     step_num: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Minimise f by x ← x − lr·∇f(x), with the gradient computed numerically.

    init_x: the start, any shape (copied as float64; not modified).
    Returns (x, path): the final x and every point visited, shape (step_num + 1, *init_x.shape),
    the start included. Raises FloatingPointError if x or the gradient stops being finite.

    A too-large lr usually shows as huge values that stop changing rather than as infinity:
    once |x| passes about 1e12, x ± h rounds back to x, so the numerical gradient becomes 0 or noise.
    """
    if isinstance(lr, bool) or not isinstance(lr, Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"gradient_descent expects lr to be a positive finite number, got {lr!r}")
    if isinstance(step_num, bool) or not isinstance(step_num, (int, np.integer)) or step_num < 0:
        raise ValueError(f"gradient_descent expects step_num to be a non-negative integer, got {step_num!r}")
    x = np.array(init_x, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"gradient_descent expects a finite starting point, got {x.tolist()}")

    path = np.empty((step_num + 1, *x.shape))
    path[0] = x
    for step in range(1, step_num + 1):
        # A diverging descent overflows inside f; report it once, as an error, not as warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            grad = numerical_gradient(f, x)
            x -= lr * grad
        if not (np.all(np.isfinite(grad)) and np.all(np.isfinite(x))):
            raise FloatingPointError(f"gradient descent diverged at step {step} (lr={lr}): x is no "
                                     f"longer finite; try a smaller learning rate")
        path[step] = x
    return x, path
