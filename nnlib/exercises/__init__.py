"""Checks for the book's exercises: the student writes code, a check says whether it is right.

Each ``check_*`` function calls the student's code on cases with known answers and returns a
``CheckResult``: true when everything agrees, otherwise false with a message that says what is
wrong (which row of a truth table, which shape, the largest difference). In a notebook the
result shows as its message.

- ``nnlib.exercises.perceptron``  chapter 1: logic gates, one epoch of the learning rule
- ``nnlib.exercises.networks``    chapter 2: a forward pass, a stable softmax
- ``nnlib.exercises.training``    chapter 3: a layer's backward pass, an Affine layer, a gradient

The messages follow nnlib's language: ``nnlib.set_language("ru")`` makes them Russian.
"""
from __future__ import annotations

from dataclasses import dataclass

from nnlib.i18n import Messages


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a check: ``ok``, a ``problem`` key (None when ok) and the ``message``."""

    ok: bool
    message: str
    problem: str | None = None

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.message


def verdict(messages: Messages, key: str, ok: bool = False, **values) -> CheckResult:
    """A CheckResult whose message is messages' `key` in the reader's language (nnlib.set_language);
    ``problem`` is the key when not ok."""
    return CheckResult(ok, messages(key, **values), None if ok else key)
