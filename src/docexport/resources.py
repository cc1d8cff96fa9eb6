"""Package data (``schemas/``, ``templates/``) found the same way in every kind of install.

A wheel (``pip install .``) carries both folders inside the package, where
``importlib.resources`` finds them. An editable install (``pip install -e .``) maps only
``src/docexport``: the folders stay at the top of the checkout, two levels up. Looking in
both places makes every install work without symlinks.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["package_file"]

_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]


def package_file(relative: str) -> Traversable:
    """``schemas/…`` or ``templates/…`` from the installed package, else from the checkout."""
    packaged = resources.files("docexport").joinpath(relative)
    if packaged.is_file():
        return packaged
    checkout = _CHECKOUT_ROOT / relative
    return checkout if checkout.is_file() else packaged
