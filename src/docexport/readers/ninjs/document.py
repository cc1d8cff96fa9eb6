"""The parsed ninjs object: its keys in either spelling, and which ones the model took."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docexport.limits import MAX_LINE_CHARS
from docexport.normalise import normalise_line, normalise_text

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Document", "fits", "one_line", "take_if"]


class Document:
    """The parsed ninjs object and which of its keys the model took in full."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.taken: set[str] = set()
        self.camel_first = _is_3x(fields)

    def first(self, *names: str) -> tuple[str, Any]:
        """The first present key of ``names`` (each also in the other case style)."""
        for name in names:
            spellings = (name, name.lower()) if self.camel_first else (name.lower(), name)
            for key in spellings:
                if key in self.fields:
                    return key, self.fields[key]
        return "", None

    def take(self, key: str, whole: bool = True) -> None:
        if key and whole:
            self.taken.add(key)

    def left(self) -> dict[str, Any]:
        return {k: v for k, v in self.fields.items() if k not in self.taken}


def _is_3x(fields: dict[str, Any]) -> bool:
    standard = fields.get("standard")
    declared = fields.get("$schema") or (
        standard.get("schema") if isinstance(standard, dict) else ""
    )
    if isinstance(declared, str) and (found := re.search(r"ninjs-schema_(\d)", declared)):
        return found.group(1) >= "3"
    return any(k != k.lower() for k in fields)


def one_line(value: Any) -> str | None:
    """``value`` as a one-line field of the model, or ``None`` if it cannot be one."""
    if not isinstance(value, str) or len(value) > MAX_LINE_CHARS:
        return None
    return normalise_line(normalise_text(value)) or None


def take_if(doc: Document, name: str, fits: Callable[[Any], object]) -> Any:
    """The value of key ``name`` if the model can hold it as it is (then taken), else None."""
    key, value = doc.first(name)
    if value is None or not fits(value):
        return None
    doc.take(key)
    return value


def fits(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None
