"""``--to json``: the news item as docexport's own JSON (``schemas/news-item.schema.json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, BinaryIO, ClassVar

if TYPE_CHECKING:
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["JsonWriter"]


class JsonWriter:
    name: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = ".json"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        text = json.dumps(item.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
        out.write(text.encode("utf-8") + b"\n")
