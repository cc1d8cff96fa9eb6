"""Provenance and rights a newsroom states once: options and ``docexport.toml``.

An input's own metadata always wins (a NewsML-G2 item keeps its provider and rights);
these settings only fill what the input leaves unknown. With nothing stated anywhere the
item carries no rights and an unknown provider: docexport never claims rights it does
not hold, and never names itself as an owner.

``docexport.toml`` (in the working directory, or given with ``--config``)::

    provider = "Acme News"
    rights_holder = "Acme News Ltd"
    rights_notice = "© Acme News Ltd. All rights reserved."
    usage_terms = "For subscribers only"
    credit_line = "Acme News"
    classification = "OFFICIAL"     # briefing banner (docx, pdf)
    page_size = "letter"            # A4 or letter
    enricher = "spacy"              # rules (default) or spacy: docexport[spacy]
    spacy_model = "en_core_web_md"  # the spaCy pipeline: a package name or a folder
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docexport.errors import DocExportError
from docexport.model import Rights

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docexport.model import NewsItem

__all__ = [
    "CONFIG_KEYS",
    "CONFIG_NAME",
    "ItemMetadata",
    "apply_metadata",
    "load_config",
    "setting_problem",
]

CONFIG_NAME = "docexport.toml"
METADATA_KEYS = ("provider", "rights_holder", "rights_notice", "usage_terms", "credit_line")
CONFIG_KEYS = (*METADATA_KEYS, "classification", "page_size", "enricher", "spacy_model")
_MAX_CONFIG_BYTES = 64 * 1024
_MAX_VALUE_CHARS = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemMetadata:
    """What the user states about every item of a run; ``None`` leaves a slot as it is."""

    provider: str | None = None
    rights_holder: str | None = None
    rights_notice: str | None = None
    usage_terms: str | None = None
    credit_line: str | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ItemMetadata:
        return cls(**{key: settings.get(key) for key in METADATA_KEYS})


def apply_metadata(item: NewsItem, meta: ItemMetadata) -> NewsItem:
    """``item`` with every slot it leaves empty filled from ``meta`` (the input wins)."""
    rights = item.rights or Rights()
    rights = Rights(
        holder=rights.holder or meta.rights_holder,
        notice=rights.notice or meta.rights_notice,
        usage_terms=rights.usage_terms or meta.usage_terms,
    )
    return dataclasses.replace(
        item,
        provider=item.provider or meta.provider,
        rights=rights if rights != Rights() else None,
        credit_line=item.credit_line or meta.credit_line,
    )


def load_config(path: Path | None, *, cwd: Path | None = None) -> dict[str, str]:
    """Settings from ``path``, else from ``docexport.toml`` in ``cwd`` if there is one.

    Raises ``DocExportError`` (a usage problem for the CLI) naming the file and the
    reason: unreadable, not TOML, an unknown key, or a value that is not one short line.
    """
    if path is None:
        path = (cwd or Path.cwd()) / CONFIG_NAME
        if not path.is_file():
            return {}
    try:
        with path.open("rb") as fh:
            raw = fh.read(_MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise DocExportError(f"cannot read config: {exc.strerror or exc}", path=str(path)) from exc
    if len(raw) > _MAX_CONFIG_BYTES:
        raise DocExportError("config file is over 64 KiB", path=str(path))
    import tomllib  # noqa: PLC0415 - ~5 ms to import, paid only when a config file exists

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DocExportError(f"not a valid TOML file: {exc}", path=str(path)) from exc
    return _checked(data, str(path))


def _checked(data: dict[str, Any], where: str) -> dict[str, str]:
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        known = ", ".join(CONFIG_KEYS)
        raise DocExportError(f"unknown setting {unknown[0]!r} (known: {known})", path=where)
    for key, value in data.items():
        problem = setting_problem(value)
        if problem:
            raise DocExportError(f"{key}: {problem}", path=where)
    return {key: " ".join(value.split()) for key, value in data.items()}


def setting_problem(value: object) -> str | None:
    """Why ``value`` cannot be a metadata setting (one line of text), or ``None``."""
    if not isinstance(value, str):
        return "must be a string"
    if not value.strip():
        return "must not be empty"
    if len(value) > _MAX_VALUE_CHARS:
        return f"longer than {_MAX_VALUE_CHARS} characters"
    if _CONTROL.search(value):
        return "must be one line of text, without control characters"
    return None
