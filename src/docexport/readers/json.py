"""Reader for docexport's own JSON (``--to json`` output): validated against the schema."""

from __future__ import annotations

from docexport.errors import InputError
from docexport.io import decode_text
from docexport.model import NewsItem
from docexport.readers.blocks import load_json

__all__ = ["read_bytes"]


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a news-item JSON document; raises ``InputError`` or ``SchemaError``."""
    text, _ = decode_text(data)
    parsed = load_json(text, "a news item", parse_constant=_refuse_constant)
    if not isinstance(parsed, dict):
        raise InputError("JSON is not an object, so not a docexport news item")
    return NewsItem.from_dict(parsed)


def _refuse_constant(name: str) -> float:
    # Python's json accepts NaN and Infinity, which JSON (RFC 8259) does not.
    raise ValueError(f"{name} is not a JSON number")
