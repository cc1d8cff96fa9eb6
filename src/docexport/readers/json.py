"""Reader for docexport's own JSON (``--to json`` output): validated against the schema."""

from __future__ import annotations

import json

from docexport.errors import InputError
from docexport.io import decode_text
from docexport.model import NewsItem

__all__ = ["read_bytes"]


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a news-item JSON document; raises ``InputError`` or ``SchemaError``."""
    text, _ = decode_text(data)
    try:
        parsed = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError:
        raise InputError("JSON is nested too deeply to be a news item") from None
    except ValueError as exc:  # an integer of over 4,300 digits, NaN or Infinity
        raise InputError(f"not valid JSON for a news item: {exc}") from None
    if not isinstance(parsed, dict):
        raise InputError("JSON is not an object, so not a docexport news item")
    return NewsItem.from_dict(parsed)


def _refuse_constant(name: str) -> float:
    # Python's json accepts NaN and Infinity, which JSON (RFC 8259) does not.
    raise ValueError(f"{name} is not a JSON number")
