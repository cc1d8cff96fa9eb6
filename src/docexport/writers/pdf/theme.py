"""The brief's look: colours, type sizes, margins and labels from ``templates/pdf-theme.json``.

The theme is data, not code, so that restyling (or translating the labels) touches one JSON
file. It is read once per process.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from docexport.resources import package_file

__all__ = ["RGB", "Theme", "load_theme"]

RGB = tuple[float, float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """Every length is in points, tracking in em; see the JSON file for the values."""

    margins: dict[str, float]
    colours: dict[str, RGB]
    banner_height: float
    banner_size: float
    banner_tracking: float
    markings: tuple[tuple[str, RGB, RGB], ...]
    """(keyword, fill, text), most restrictive first: "TOP SECRET" is not read as "SECRET"."""
    other_marking: tuple[RGB, RGB]
    headline_sizes: tuple[float, ...]
    headline_max_lines: int
    headline_last_resort_lines: int
    headline_leading: float
    sizes: dict[str, float]
    tracking: dict[str, float]
    leading: float
    min_scale: float
    reserve_body_lines: int
    layout: dict[str, float]
    labels: dict[str, str]

    def banner_colours(self, classification: str) -> tuple[RGB, RGB]:
        """(fill, text) for a handling marking; unknown markings get a neutral grey."""
        marking = classification.upper()
        for keyword, fill, text in self.markings:
            if keyword in marking:
                return fill, text
        return self.other_marking


@functools.cache
def load_theme() -> Theme:
    """The packaged theme, parsed once per process."""
    source = package_file("templates/pdf-theme.json")
    return _theme_from(json.loads(source.read_text("utf-8")))


def _theme_from(data: dict[str, Any]) -> Theme:
    banner, headline, fit = data["banner"], data["headline"], data["fit"]
    return Theme(
        margins={k: float(v) for k, v in data["margins"].items()},
        colours={k: _rgb(v) for k, v in data["colours"].items()},
        banner_height=float(banner["height"]),
        banner_size=float(banner["size"]),
        banner_tracking=float(banner["tracking"]),
        markings=tuple((k, _rgb(f), _rgb(t)) for k, f, t in banner["markings"]),
        other_marking=(_rgb(banner["other"][0]), _rgb(banner["other"][1])),
        headline_sizes=tuple(float(s) for s in headline["sizes"]),
        headline_max_lines=int(headline["max_lines"]),
        headline_last_resort_lines=int(headline["last_resort_lines"]),
        headline_leading=float(headline["leading"]),
        sizes={k: float(v) for k, v in data["sizes"].items()},
        tracking={k: float(v) for k, v in data["tracking"].items()},
        leading=float(data["leading"]),
        min_scale=float(fit["min_scale"]),
        reserve_body_lines=int(fit["reserve_body_lines"]),
        layout={k: float(v) for k, v in data["layout"].items()},
        labels=dict(data["labels"]),
    )


def _rgb(hex_colour: str) -> RGB:
    value = hex_colour.removeprefix("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue)
