"""Activation and loss functions (chapters 2, 3).

Activations work element-wise on arrays of any shape and keep a float dtype (float32 stays float32);
integer input is computed in float64. softmax works along the last axis. The losses return Python
floats, averaged over the batch when given a batch.
"""
from __future__ import annotations

import numpy as np

__all__ = ["step_function", "sigmoid", "relu", "identity_function", "softmax",
           "mean_squared_error", "cross_entropy_error"]


def _float_array(x, name: str) -> np.ndarray:
    """x as a float ndarray: float input keeps its dtype, int/bool input becomes float64."""
    x = np.asarray(x)
    if x.dtype.kind == "f":
        return x
    if x.dtype.kind in "biu":
        return x.astype(np.float64)
    raise TypeError(f"{name} expects a numeric array, got dtype {x.dtype}")


def step_function(x):
    """Step function: 1 where x > 0, else 0. Returns int (a 0-d array for a scalar x)."""
    return np.asarray(np.asarray(x) > 0, dtype=np.int64)


def sigmoid(x):
    """Sigmoid h(x) = 1 / (1 + exp(−x)), element-wise, for x of any shape.

    Computed as 1 / (1 + z) for x ≥ 0 and z / (1 + z) for x < 0, with z = exp(−|x|) ≤ 1, so exp never
    overflows; where z would underflow (|x| beyond ~708 in float64, ~87 in float32) it is set to 0,
    the correctly rounded answer, so even np.errstate(all="raise") stays quiet.
    """
    x = _float_array(x, "sigmoid")
    a = np.abs(x)
    z = np.zeros_like(x)
    np.exp(-a, out=z, where=a < -np.log(np.finfo(x.dtype).tiny))
    out = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    return out[()] if out.ndim == 0 else out


def relu(x):
    """ReLU h(x) = max(0, x), element-wise."""
    return np.maximum(x, 0)


def identity_function(x):
    """Identity h(x) = x: the output activation for regression."""
    return x


def softmax(x) -> np.ndarray:
    """Softmax along the last axis: exp(x_k) / Σ_j exp(x_j).

    x: (n,) or (batch, n) scores. Returns probabilities of the same shape, each row summing to 1.
    The row maximum is subtracted first: the result is the same, but exp can no longer overflow.
    """
    x = _float_array(x, "softmax")
    if x.ndim not in (1, 2):
        raise ValueError(f"softmax expects a 1-D (n,) or 2-D (batch, n) array, got shape {x.shape}")
    e = x - x.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def mean_squared_error(y, t) -> float:
    """E = ½·Σ_k (y_k − t_k)².

    y, t: the same shape, (n,) -> that sum; (batch, n) -> the mean over the batch of each sample's E.
    """
    y = _float_array(y, "mean_squared_error")
    t = _float_array(t, "mean_squared_error")
    if y.shape != t.shape:
        raise ValueError(f"mean_squared_error expects y and t of the same shape, got y {y.shape} and t {t.shape}")
    if y.ndim not in (1, 2):
        raise ValueError(f"mean_squared_error expects (n,) or (batch, n) arrays, got shape {y.shape}")
    batch_size = 1 if y.ndim == 1 else y.shape[0]
    return float(0.5 * np.sum((y - t) ** 2) / batch_size)


def _check_labels(t: np.ndarray, n_samples: int, n_classes: int, name: str) -> None:
    """Integer labels t must be (n_samples,) with values in 0..n_classes−1."""
    if t.shape != (n_samples,):
        raise ValueError(f"{name} expects integer labels of shape ({n_samples},), got shape {t.shape}")
    if n_samples and (t.min() < 0 or t.max() >= n_classes):
        raise ValueError(f"{name} expects labels in 0..{n_classes - 1}, "
                         f"got values from {t.min()} to {t.max()}")


def _check_targets(y: np.ndarray, t: np.ndarray, name: str) -> np.ndarray:
    """Validate t against 2-D y: one-hot of y's shape (batch, n), or integer labels (batch,)."""
    t = np.asarray(t)
    if t.shape == y.shape and t.dtype.kind in "biuf":
        return t
    if t.dtype.kind in "iu":
        _check_labels(t, y.shape[0], y.shape[1], name)
        return t
    if t.shape == (y.shape[0],):
        raise TypeError(f"{name} expects integer labels, got dtype {t.dtype}; convert them with t.astype(int)")
    raise ValueError(f"{name} expects t as one-hot of shape {y.shape} or integer labels of shape "
                     f"({y.shape[0]},), got shape {t.shape} and dtype {t.dtype}")


def cross_entropy_error(y, t) -> float:
    """E = −Σ_k t_k·log(y_k + 1e-7), averaged over the batch (1e-7 avoids log 0).

    y: probabilities, (n,) for one sample or (batch, n).
    t: one-hot of y's shape, or integer labels: a scalar for one sample, (batch,) for a batch.
    """
    y = _float_array(y, "cross_entropy_error")
    if y.ndim not in (1, 2):
        raise ValueError(f"cross_entropy_error expects y of shape (n,) or (batch, n), got shape {y.shape}")
    t = np.asarray(t)
    if y.ndim == 1:  # one sample: treat it as a batch of one
        if t.ndim > 1:
            raise ValueError(f"cross_entropy_error expects for y of shape {y.shape} a one-hot t of the "
                             f"same shape or one integer label, got t of shape {t.shape}")
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if np.isnan(y).any():
        raise ValueError("cross_entropy_error got NaN in y")
    if y.min() < 0 or y.max() > 1 + 1e-6:
        raise ValueError(f"cross_entropy_error expects probabilities y in [0, 1] (e.g. softmax output), "
                         f"got values from {y.min():g} to {y.max():g}")
    t = _check_targets(y, t, "cross_entropy_error")
    batch_size = y.shape[0]
    if t.shape != y.shape:  # integer labels pick the probability of the true class
        return float(-np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size)
    return float(-np.sum(t * np.log(y + 1e-7)) / batch_size)
