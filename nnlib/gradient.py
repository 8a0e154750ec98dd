"""Numerical derivatives and gradient descent (chapter 3).

The central difference (f(x + h) − f(x − h)) / 2h approximates a derivative with an error of order h²;
it is slow (two evaluations of f per parameter) but simple, which makes it the standard check of
gradients computed by backpropagation.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import guards
from .i18n import Messages

_ = Messages("gradient", {
    "diverged": {
        "en": "gradient descent diverged at step {step} (lr={lr}): x is no longer finite; try a smaller "
              "learning rate",
        "ru": "градиентный спуск разошёлся на шаге {step} (lr={lr}): x перестал быть конечным; "
              "возьмите скорость обучения меньше"},
})

__all__ = ["numerical_diff", "numerical_gradient", "gradient_descent"]


def numerical_diff(f: Callable, x, h: float = 1e-4):
    """Derivative of a one-variable function f at x by the central difference."""
    guards.function("numerical_diff", f)
    guards.positive_number("numerical_diff", "h", h)
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Gradient of a scalar function f at x by central differences, one element at a time.

    x: float64 ndarray of any shape; it is perturbed in place (f sees the perturbed array) and every
    element is restored bit-exactly afterwards. Returns the gradient, an array of x's shape.
    """
    guards.gradient_point(f, x, h)
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = guards.scalar("numerical_gradient", f(x))
            x[idx] = original - h
            f_minus = guards.scalar("numerical_gradient", f(x))
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
    x = guards.descent_args(f, init_x, lr, step_num)
    path = np.empty((step_num + 1, *x.shape))
    path[0] = x
    for step in range(1, step_num + 1):
        # A diverging descent overflows inside f; report it once, as an error, not as warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            grad = numerical_gradient(f, x)
            x -= lr * grad
        if not (np.all(np.isfinite(grad)) and np.all(np.isfinite(x))):
            raise FloatingPointError(_("diverged", step=step, lr=lr))
        path[step] = x
    return x, path
