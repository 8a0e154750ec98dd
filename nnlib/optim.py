"""Stochastic gradient descent: W ← W − η·∂L/∂W for every parameter."""
from __future__ import annotations

from . import guards

__all__ = ["SGD"]


class SGD:
    """Plain (mini-batch) stochastic gradient descent with learning rate lr."""

    def __init__(self, lr: float = 0.01):
        self.lr = guards.positive_number("SGD", "lr", lr)

    def update(self, params: dict, grads: dict) -> None:
        """Update params in place: params[k] -= lr * grads[k] for every key k.

        params and grads: dicts with the same keys, each grads[k] of params[k]'s shape.
        The arrays in params are modified, not replaced, so layers holding them see the update.
        """
        guards.update_args(params, grads)
        for key in params:
            params[key] -= self.lr * grads[key]

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr})"
