"""Stochastic gradient descent: W ← W − η·∂L/∂W for every parameter."""
from __future__ import annotations

from numbers import Real

import numpy as np

__all__ = ["SGD"]


class SGD:
    """Plain (mini-batch) stochastic gradient descent with learning rate lr."""

    def __init__(self, lr: float = 0.01):
        if isinstance(lr, bool) or not isinstance(lr, Real) or not np.isfinite(lr) or lr <= 0:
            raise ValueError(f"SGD expects lr to be a positive finite number, got {lr!r}")
        self.lr = float(lr)

    def update(self, params: dict, grads: dict) -> None:
        """Update params in place: params[k] -= lr * grads[k] for every key k.

        params and grads: dicts with the same keys, each grads[k] of params[k]'s shape.
        The arrays in params are modified, not replaced, so layers holding them see the update.
        """
        if params.keys() != grads.keys():
            missing = sorted(set(params) - set(grads))
            extra = sorted(set(grads) - set(params))
            raise ValueError(f"SGD.update expects grads with the same keys as params; "
                             f"missing in grads: {missing}, not in params: {extra}")
        for key, param in params.items():
            grad = grads[key]
            if not isinstance(param, np.ndarray):
                raise TypeError(f"SGD.update expects params[{key!r}] to be a numpy array (updated in "
                                f"place), got {type(param).__name__}")
            if np.shape(grad) != param.shape:
                raise ValueError(f"SGD.update expects grads[{key!r}] of shape {param.shape} like "
                                 f"params[{key!r}], got shape {np.shape(grad)}")
        for key, param in params.items():
            param -= self.lr * grads[key]

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr})"
