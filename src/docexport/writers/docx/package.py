"""The .docx container made reproducible: fixed zip timestamps, sorted entries.

python-docx (through ``zipfile.writestr``) stamps every zip entry with the wall clock, so
two renders of the same item differ in their bytes. Re-writing the archive with a fixed
``date_time`` and sorted names makes the output a function of the input alone.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["ZIP_EPOCH", "deterministic_zip"]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry (DOS date): used for every entry."""


def deterministic_zip(data: bytes) -> bytes:
    """``data`` (a zip archive) re-written with sorted entries and fixed timestamps.

    Sorting puts ``[Content_Types].xml`` first (``[`` sorts before ``_`` and letters),
    where Office consumers expect it.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in sorted(source.namelist()):
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # rw-r--r--, not the host's umask
            target.writestr(entry, source.read(name))
    return out.getvalue()
