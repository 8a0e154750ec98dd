"""Checks for the book's exercises: the student writes code, a check says whether it is right.

Each ``check_*`` function calls the student's code on cases with known answers and returns a
``CheckResult``: true when everything agrees, otherwise false with a message that says what is
wrong (which row of a truth table, which shape, the largest difference). In a notebook the
result shows as its message.

- ``nnlib.exercises.perceptron``  chapter 1: logic gates, one epoch of the learning rule
- ``nnlib.exercises.networks``    chapter 2: a forward pass, a stable softmax
"""
from __future__ import annotations

from dataclasses import dataclass


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


def language() -> str:
    """The reader's language, "en" or "ru" (English until nnlib.i18n chooses another)."""
    try:
        from nnlib import i18n
        return i18n.get_language()
    except (ImportError, AttributeError):
        return "en"


def say(catalogue: dict, key: str, **values) -> str:
    """catalogue[key] in the reader's language, with the values filled in."""
    texts = catalogue[key]
    return texts.get(language(), texts["en"]).format(**values)


def verdict(catalogue: dict, key: str, ok: bool = False, **values) -> CheckResult:
    """A CheckResult whose message is catalogue[key]; ``problem`` is the key when not ok."""
    return CheckResult(ok, say(catalogue, key, **values), None if ok else key)
