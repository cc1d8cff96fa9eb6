"""Dates in words, the way the briefings and the HTML page print them ("22 October 2024").

English month names, fixed rather than from the locale, so the same input gives the same
bytes on every machine; the Word reader parses back what the Word briefing prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

__all__ = ["MONTH_NAMES", "date_in_words"]

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_in_words(value: date) -> str:
    """``22 October 2024`` (a ``datetime`` gives its own calendar date)."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
