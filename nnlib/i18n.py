"""The reader's language for what nnlib says: training logs, warnings and error messages.

    from nnlib import set_language
    set_language("ru")          # English ("en") is the default

Each module keeps its messages in one catalogue, a ``Messages`` of {key: {"en": ..., "ru": ...}},
and says ``_("key", field=value)`` where it needs the text. ``CATALOGUES`` lists every catalogue,
so a test can check that each message exists in both languages with the same fields.
"""
from __future__ import annotations

import string

__all__ = ["LANGUAGES", "set_language", "get_language", "Messages"]

LANGUAGES = ("en", "ru")
CATALOGUES: list["Messages"] = []
_language = "en"


def set_language(language: str) -> None:
    """Make nnlib's messages Russian ("ru") or English ("en")."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"set_language expects one of {', '.join(map(repr, LANGUAGES))}, got {language!r}")
    _language = language


def get_language() -> str:
    """The language of nnlib's messages, "en" or "ru"."""
    return _language


def fields(template: str) -> set[str]:
    """The names of the {fields} of a message template."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


class Messages:
    """One module's messages in every language; calling it gives a message in the reader's language."""

    def __init__(self, module: str, table: dict[str, dict[str, str]]):
        self.module = module
        self.table = table
        CATALOGUES.append(self)

    def __call__(self, message: str, /, **values) -> str:
        return self.table[message][_language].format(**values)
